"""``kefu grades --json`` writes its 200,000-row ``detail`` with its own encoder
(:mod:`simulator.exam.sheetjson`): the text must be exactly what ``json.dumps`` writes, and
refuse what it refuses."""

from __future__ import annotations

import json

import pytest

from simulator.exam.sheetjson import DETAIL_KEYS, sheet_json


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def row(**changes) -> dict:
    base = dict(zip(DETAIL_KEYS, ("s01", "王小明", "refund_1", 1, 85, "deal", True,
                                  {"politeness": 90, "forbidden": 70.5}, 123.25,
                                  "2026-06-01T10:30:00.000Z", [], []), strict=True))
    return base | changes


SHARED = {"politeness": 80}
TRICKY = [
    row(),
    row(name='引号"与\\反斜杠\n换行\t', student="s\u2028x", outcome=None, good=None,
        response_time=None, pasted=[2, 5], flags=["no_time", "粘贴"]),
    row(good=False, response_time=7, total=0, sitting=2, dimensions=SHARED),
    row(dimensions=SHARED, flags=["\x00控制"], outcome="", name=""),
    row(sitting=True, total=90.0, response_time=1e-7, finished_at=None),  # not the usual types
    {"student": "s09", "other": 1},  # other keys
    {**row(), "extra": [1]},
]


def test_the_text_is_what_json_dumps_writes():
    sheet = {"exam": {"id": "mid1", "title": "期中"}, "class": None, "students": [],
             "detail": TRICKY, "reviews": [], "exported": ["a.csv"]}
    assert sheet_json(sheet) == dumps(sheet)
    assert json.loads(sheet_json(sheet))["detail"][1]["name"] == TRICKY[1]["name"]
    assert sheet_json({"detail": []}) == dumps({"detail": []})


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_no_nan_or_infinity_is_written(bad):
    for sheet in ({"detail": [row(response_time=bad)]},
                  {"detail": [row(dimensions={"politeness": bad})]},
                  {"detail": [], "average": {"final": bad}}):
        with pytest.raises(ValueError):
            dumps(sheet)
        with pytest.raises(ValueError):
            sheet_json(sheet)


def test_a_detail_is_written_as_its_rows_would_be_in_parts_of_chunk_rows():
    from simulator.exam.gradesheet import Detail
    from simulator.exam.sheetjson import CHUNK, sheet_parts
    from simulator.storage.records import SheetAttempt

    def attempt(values: dict) -> SheetAttempt:
        return SheetAttempt(1, values["student"], values["sitting"], values["scenario"],
                            values["total"], values["dimensions"], [], values["flags"],
                            values["outcome"], values["good"], values["response_time"],
                            values["finished_at"], None)

    detail = Detail()
    tricky = [r for r in TRICKY if tuple(r) == DETAIL_KEYS]
    for n in range(2 * CHUNK + 1):  # three parts, the last of one row
        r = tricky[n % len(tricky)]
        detail.add(r["student"], r["name"], [(attempt(r), r["pasted"])])
    sheet = {"exam": {"id": "mid1"}, "detail": detail, "reviews": []}
    assert len(detail) == 2 * CHUNK + 1
    assert sheet_json(sheet) == dumps(sheet | {"detail": list(detail)})
    # three keys, two other values, "[", three parts of rows, "]" and the closing brace
    assert len(sheet_parts(sheet)) == 3 + 2 + 1 + 3 + 1 + 1
    assert sheet_json({}) == "{}"
