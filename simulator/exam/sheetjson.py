"""The grade sheet as JSON text, exactly as ``json.dumps(sheet, ensure_ascii=False,
allow_nan=False)`` writes it, in a fraction of the time: a school's sheet has 200,000
``detail`` rows, and the standard encoder spends seconds writing their keys again and again.
Each detail row is one format string; the values students share (ids, names, scenarios,
scores, flags) are encoded once. The text comes in parts of :data:`CHUNK` rows, so that its
70 MB are never joined into one string (and copied again to be written).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring  # the C one when available, as json.dumps uses

from .gradesheet import DETAIL_KEYS, Detail

_DUMPS = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_ROW = "{" + ", ".join(f'"{k}": %s' for k in DETAIL_KEYS) + "}"
CHUNK = 2000  # detail rows per part: about 0.7 MB of text

__all__ = ["CHUNK", "DETAIL_KEYS", "sheet_json", "sheet_parts"]


def sheet_json(sheet: dict) -> str:
    """``sheet`` (:func:`~.gradesheet.grade_sheet`, maybe with more keys) as JSON text."""
    return "".join(sheet_parts(sheet))


def sheet_parts(sheet: dict) -> list[str]:
    """:func:`sheet_json`'s text in parts. All of them are made before any is returned, so a
    value JSON cannot hold (NaN) fails before the first byte is written."""
    parts = []
    for i, (key, value) in enumerate(sheet.items()):
        parts.append(("{" if i == 0 else ", ") + encode_basestring(key) + ": ")
        if key == "detail" and (isinstance(value, Detail) or type(value) is list):
            parts.extend(_detail_parts(value))
        else:
            parts.append(_DUMPS(value))
    parts.append("}" if parts else "{}")
    return parts


def _detail_parts(rows: Detail | list[dict]) -> Iterator[str]:
    """A :class:`~.gradesheet.Detail` from its values; a list of dicts by the same encoder
    where a row has exactly the keys of a detail row, else by the standard one."""
    if isinstance(rows, Detail):
        values: Iterable = rows.values()
    else:
        values = (tuple(row.values()) if type(row) is dict and tuple(row) == DETAIL_KEYS
                  else _DUMPS(row) for row in rows)
    yield "["
    for i, part in enumerate(_encoded(values)):
        yield part if i == 0 else ", " + part
    yield "]"


def _encoded(values: Iterable) -> Iterator[str]:
    """Rows (their values in ``DETAIL_KEYS`` order, or already JSON text), :data:`CHUNK` at a
    time, as JSON text separated by ", ". Exact for any values: what is not a plain string,
    integer, finite float, boolean or None goes to the standard encoder; a dict or list once
    per object (rows share them: the gradebook parses each distinct text once)."""
    strings: dict[str, str] = {}
    shared: dict[int, str] = {}  # id() of a dict or list rows share -> its JSON text
    alive = []  # those objects, so that no id() is reused by another while this runs

    def string(value) -> str:
        if type(value) is not str:
            return _DUMPS(value)
        found = strings[value] = encode_basestring(value)
        return found

    def same(value) -> str:
        alive.append(value)
        found = shared[id(value)] = _DUMPS(value)
        return found

    get, known = strings.get, shared.get
    out: list[str] = []
    for row in values:
        if type(row) is str:
            out.append(row)
        else:
            student, name, scenario, sitting, total, outcome, good, dims, time, finished, \
                flags, pasted = row
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
        if len(out) == CHUNK:
            yield ", ".join(out)
            out = []
    if out:
        yield ", ".join(out)
