"""Exports and the terminal grade sheet a teacher can use as they are: local times, titles
and labels, column widths, no "'+20" artefacts, Chinese rule labels, names never broken."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import datetime, timedelta

import pytest
from exam_helpers import run
from test_grades_cli import collected, results  # noqa: F401  (the fixtures)

from simulator.export import neutralise, text_width

TITLE = "别家都打折,你们怎么不打?"


@pytest.fixture
def shanghai(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_plain_signed_numbers_stay_numbers_formulas_do_not():
    assert neutralise("+20") == "+20" and neutralise("-1.5") == "-1.5"
    for evil in ("=1+1", "+20+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "+红队", "\t=1"):
        assert neutralise(evil).startswith("'"), evil


def test_csv_adjustment_log_reads_plainly_in_local_time(collected, shanghai, tmp_path):  # noqa: F811
    assert run("grades", "adjust", "mid1", "s02", "--points", "20", "--reason", "附加题",
               "--by", "张老师").exit_code == 0
    at = json.loads(run("grades", "mid1", "--json").stdout)["adjustments"][0]["at"]
    local = (datetime.fromisoformat(at.replace("Z", "+00:00")) + timedelta(hours=8))
    target = tmp_path / "g.csv"
    assert run("grades", "mid1", "--export", target).exit_code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    log = {r[0]: r for r in rows[1:]}["s02"][rows[0].index("调分记录")]
    assert log == f"附加题 +20(张老师 {local:%Y-%m-%d %H:%M})"
    assert "'+" not in target.read_text(encoding="utf-8-sig").replace("'+红队", "")


def test_xlsx_titles_labels_local_times_and_widths(collected, shanghai, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    data = json.loads(run("grades", "mid1", "--json").stdout)
    target = tmp_path / "g.xlsx"
    assert run("grades", "mid1", "--export", target).exit_code == 0
    book = load_workbook(target)
    grades, detail = book.worksheets[:2]
    head = [c.value for c in detail[1]]
    assert head[2:4] == ["场景", "场景编号"] and head[6:8] == ["结局名称", "结局编号"]
    first = {h: c.value for h, c in zip(head, detail[2], strict=True)}
    assert first["场景"] == TITLE and first["场景编号"] == "bargain_others_discount"
    assert first["结局编号"] == "deal" and first["结局名称"] == "成交,顾客满意"
    stored = next(d for d in data["detail"] if d["student"] == first["学号"])["finished_at"]
    local = datetime.fromisoformat(stored.replace("Z", "+00:00")) + timedelta(hours=8)
    assert first["完成时间"] == f"{local:%Y-%m-%d %H:%M:%S}"
    name_col = [c.value for c in grades[1]].index("姓名") + 1
    from openpyxl.utils import get_column_letter

    widths = {ws.title: ws.column_dimensions for ws in (grades, detail)}
    assert widths[detail.title]["C"].width >= text_width(TITLE)
    assert widths[grades.title][get_column_letter(name_col)].width >= 6


def test_terminal_sheet_at_80_columns(collected, kefu):  # noqa: F811
    result = kefu("grades", "mid1", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("服务指标")[0]
    assert all(text_width(line) <= 80 for line in table.splitlines()), table
    lines = table.splitlines()
    for name in ("[red]王[/red]", "@李华", "-张三"):
        assert any(name in line for line in lines), name  # never broken across lines
    assert "生硬拒绝" in result.stdout and "refusal." not in result.stdout


def sheet_with(students: int, flagged: list[str]) -> dict:
    row = {"rank": 1, "student": "s", "name": "", "class": "1班", "team": "",
           "dimensions": {}, "score": 80, "adjustment": 0, "final": 80, "flags": [],
           "metrics": {}}
    rows = [row | {"rank": i + 1, "student": f"s{i:03d}", "name": f"学生{i}",
                   "flags": ["slow"] if f"s{i:03d}" in flagged else []}
            for i in range(students)]
    from simulator.metrics import KEYS

    empty = dict.fromkeys(KEYS)
    for r in rows:
        r["metrics"] = empty
    from scoring.rubric import DIMENSIONS

    for r in rows:
        r["dimensions"] = dict.fromkeys(DIMENSIONS, 80)
    return {"exam": {"id": "e", "title": "期中"}, "class": None, "students": rows,
            "average": {"final": 80, "dimensions": dict.fromkeys(DIMENSIONS, 80)},
            "metrics": empty, "metrics_limit": 60, "class_metrics": {},
            "histogram": [], "mistakes": [], "adjustments": [], "reviews": []}


def test_flagged_students_are_named_and_big_classes_are_paged(capsys):
    from simulator import ui_classroom

    ui_classroom.grade_sheet(sheet_with(150, ["s003", "s120"]))
    text = capsys.readouterr().out
    assert "有 2 名学生的成绩被标记" in text and "学生3(s003)" in text and "学生120(s120)" in text
    assert "只显示前 100 名(共 150 名学生)" in text
    assert "s099" in text and "s100 " not in text
    ui_classroom.grade_sheet(sheet_with(150, []), show_all=True)
    text = capsys.readouterr().out
    assert "s149" in text and "只显示前" not in text and "被标记" not in text
