"""The grade sheet as JSON text, exactly as ``json.dumps(sheet, ensure_ascii=False,
allow_nan=False)`` writes it, in a fraction of the time: a school's sheet has 200,000
``detail`` rows, and the standard encoder spends seconds writing their keys again and again.
Each detail row is one format string; the values students share (ids, names, scenarios,
scores, flags) are encoded once.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C one when available, as json.dumps uses

_DUMPS = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
DETAIL_KEYS = ("student", "name", "scenario", "sitting", "total", "outcome", "good",
               "dimensions", "response_time", "finished_at", "flags", "pasted")
_ROW = "{" + ", ".join(f'"{k}": %s' for k in DETAIL_KEYS) + "}"


def sheet_json(sheet: dict) -> str:
    """``sheet`` (:func:`~.gradesheet.grade_sheet`, maybe with more keys) as JSON text."""
    return "{" + ", ".join(f"{encode_basestring(k)}: " + (
        detail_json(v) if k == "detail" else _DUMPS(v)) for k, v in sheet.items()) + "}"


def detail_json(rows: list[dict]) -> str:
    """The ``detail`` list. Exact for any values: what is not a plain string, integer, finite
    float, boolean or None goes to the standard encoder; a dict or list once per object (rows
    share them: the gradebook parses each distinct text once); a row with other keys whole."""
    strings: dict[str, str] = {}
    shared: dict[int, str] = {}  # id() of a dict or list rows share -> its JSON text

    def string(value) -> str:
        if type(value) is not str:
            return _DUMPS(value)
        found = strings[value] = encode_basestring(value)
        return found

    def same(value) -> str:
        found = shared[id(value)] = _DUMPS(value)
        return found

    get, known = strings.get, shared.get
    out = []
    for row in rows:
        if tuple(row) != DETAIL_KEYS:
            out.append(_DUMPS(row))
            continue
        student, name, scenario, sitting, total, outcome, good, dims, time, finished, flags, \
            pasted = row.values()
        out.append(_ROW % (
            get(student) or string(student), get(name) or string(name),
            get(scenario) or string(scenario),
            repr(sitting) if type(sitting) is int else _DUMPS(sitting),
            repr(total) if type(total) is int else _DUMPS(total),
            "null" if outcome is None else get(outcome) or string(outcome),
            "true" if good is True else "false" if good is False else _DUMPS(good),
            known(id(dims)) or same(dims),
            repr(time) if type(time) is float and time - time == 0 else _DUMPS(time),
            encode_basestring(finished) if type(finished) is str else _DUMPS(finished),
            known(id(flags)) or same(flags),
            "[]" if type(pasted) is list and not pasted else _DUMPS(pasted)))
    return "[" + ", ".join(out) + "]"
