"""The grade sheet, adjustments (audit log) and exports (CSV with BOM, XLSX), via the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from exam_helpers import run, scenario_script, take, write_exam

from simulator.storage import Gradebook

EVIL_NAME = "[red]王[/red]"
EVIL_CLASS = "=HYPERLINK(\"http://x\",\"1班\")"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    home = tmp_path_factory.mktemp("grades")
    exam = write_exam(home)
    out = home / "out"
    assert take(exam, "s01", scenario_script("good"), out, name=EVIL_NAME, cls=EVIL_CLASS,
                team="+红队").exit_code == 0
    assert take(exam, "s02", scenario_script("bad"), out, name="@李华", cls="1班").exit_code == 0
    assert take(exam, "s03", scenario_script("bad"), out, name="-张三", cls="1班").exit_code == 0
    return home


@pytest.fixture
def collected(results, tmp_path, db_url):
    shutil.copytree(results, tmp_path / "r")
    root = tmp_path / "r"
    result = run("exam", "collect", root / "mid1.yaml", root / "out", "--json")
    assert result.exit_code == 0, result.output
    return root


def sheet(*extra):
    result = run("grades", "mid1", "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_grade_sheet_json(collected):
    data = sheet()
    rows = {r["student"]: r for r in data["students"]}
    assert list(rows) == ["s01", "s02", "s03"]  # ranked
    assert rows["s01"]["name"] == EVIL_NAME and rows["s01"]["class"] == EVIL_CLASS
    assert rows["s01"]["final"] >= 85 and rows["s02"]["final"] <= 40
    assert set(rows["s01"]["dimensions"]) >= {"politeness", "forbidden", "outcome"}
    finals = [r["final"] for r in data["students"]]
    assert data["average"]["final"] == pytest.approx(sum(finals) / 3, abs=0.05)
    assert sum(b["count"] for b in data["histogram"]) == 3
    top = data["mistakes"][0]
    assert top["students"] == 2 and top["count"] >= 2
    assert [d["student"] for d in data["detail"]] == ["s01", "s02", "s03"]


def test_class_filter(collected):
    data = sheet("--class", "1班")
    assert [r["student"] for r in data["students"]] == ["s02", "s03"]
    assert data["class"] == "1班"


def test_terminal_sheet_shows_markup_as_text(collected):
    result = run("grades", "mid1", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert EVIL_NAME in result.output
    assert "不讲价" in result.output  # the most common mistake


def test_adjust_is_audited_and_clamped(collected):
    result = run("grades", "adjust", "mid1", "s02", "--points", "15", "--reason", "附加题",
                 "--by", "张老师", "--json")
    assert result.exit_code == 0, result.output
    adj = json.loads(result.stdout)
    before = {r["student"]: r for r in sheet()["students"]}["s02"]
    assert adj["final"] == pytest.approx(before["score"] + 15)
    assert before["adjustment"] == 15 and before["final"] == adj["final"]
    assert run("grades", "adjust", "mid1", "s01", "--points", "50", "--reason", "x",
               "--json").exit_code == 0
    data = sheet()
    assert {r["student"]: r for r in data["students"]}["s01"]["final"] == 100
    assert [(a["student"], a["points"], a["reason"]) for a in data["adjustments"]] == [
        ("s02", 15, "附加题"), ("s01", 50, "x")]
    text = run("grades", "mid1", env={"COLUMNS": "250"}).output
    assert "附加题" in text and "张老师" in text


def test_adjust_errors(collected):
    empty = run("grades", "adjust", "mid1", "s02", "--points", "5", "--reason", "  ")
    assert empty.exit_code == 2 and "Traceback" not in empty.output
    assert run("grades", "adjust", "mid1", "nobody", "--points", "5",
               "--reason", "x").exit_code == 3
    assert run("grades", "adjust", "nope", "s01", "--points", "5",
               "--reason", "x").exit_code == 3
    assert run("grades", "adjust", "mid1", "s01", "--points", "500",
               "--reason", "x").exit_code == 2
    assert sheet()["adjustments"] == []


def test_unknown_exam(db_url):
    Gradebook.open(db_url).close()  # a gradebook, without that exam
    result = run("grades", "nope")
    assert result.exit_code == 3 and "nope" in result.output


def test_csv_export_has_bom_and_neutralised_cells(collected, tmp_path):
    run("grades", "adjust", "mid1", "s03", "--points", "-5", "--reason", "=cmd|' /C calc'!A0")
    target = tmp_path / "grades.csv"
    result = run("grades", "mid1", "--export", target)
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "学号"
    def number(cell):
        try:
            float(cell)
            return True
        except ValueError:
            return False

    # our own numbers (a -5 adjustment) stay numbers; every text cell is neutralised
    texts = [c for row in rows[1:] for c in row if not number(c)]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in texts), texts
    assert "-5.0" in [c for row in rows for c in row]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["s01"][1] == EVIL_NAME and by_id["s01"][2] == "'" + EVIL_CLASS
    assert by_id["s01"][3] == "'+红队" and by_id["s02"][1] == "'@李华"
    assert any("'=cmd" in c or "calc" in c for c in by_id["s03"])
    assert by_id["s03"][1] == "'-张三"
    assert "班级平均" in rows[-1][0]


def test_xlsx_export_is_readable_and_never_has_formulas(collected, tmp_path):
    from openpyxl import load_workbook

    run("grades", "adjust", "mid1", "s02", "--points", "3", "--reason", "=1+1")
    target = tmp_path / "grades.xlsx"
    result = run("grades", "mid1", "--export", target, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["exported"] == [str(target)]
    book = load_workbook(target)
    grades, detail, audit, metrics, reviews = book.worksheets
    assert reviews.title == "教师复核"
    assert metrics.title == "服务指标" and metrics["A1"].value == "班级"
    assert [c.value for c in metrics[metrics.max_row]][0] == "全体"
    header = [c.value for c in grades[1]]
    assert header[:3] == ["学号", "姓名", "班级"]
    rows = {r[0].value: r for r in grades.iter_rows(min_row=2)}
    assert rows["s01"][1].value == EVIL_NAME
    assert rows["s01"][2].value == EVIL_CLASS and rows["s01"][2].data_type == "s"
    final_col = header.index("总评")
    assert isinstance(rows["s01"][final_col].value, (int, float))
    assert [c.value for c in audit[2]][:3] == ["s02", 3, "=1+1"]
    assert audit["C2"].data_type == "s"
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    assert detail.max_row == 4  # header + one scenario for each of three students


def test_export_errors(collected, tmp_path):
    bad = run("grades", "mid1", "--export", tmp_path / "grades.pdf")
    assert bad.exit_code == 2 and not (tmp_path / "grades.pdf").exists()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = run("grades", "mid1", "--export", blocked / "sub" / "g.csv")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_english_messages(collected):
    result = run("--lang", "en", "grades", "mid1", env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "Final" in result.output and "Distribution" in result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_forbidden_kind_has_a_label_for_the_mistakes_list(lang):
    from scoring.lexicon import FORBIDDEN_KINDS
    from simulator.exam.gradesheet import rule_label
    from simulator.i18n import set_language

    set_language(lang)  # conftest puts the language back after each test
    labels = {kind: rule_label(f"{kind}.some_rule") for kind in FORBIDDEN_KINDS}
    assert all(label != f"{kind}.some_rule" for kind, label in labels.items()), labels
    assert len(set(labels.values())) == len(labels)


def test_a_sheet_whose_common_mistake_is_an_absolute_claim(tmp_path, db_url):
    exam = write_exam(tmp_path)
    replies = ["亲,这是全网最低价了,没有之一", "好的亲,现在拍下今天就发货,感谢您的支持"]
    assert take(exam, "s01", replies, tmp_path / "out", name="王小明").exit_code == 0
    assert run("exam", "collect", exam, tmp_path / "out", "--json").exit_code == 0
    result = run("grades", "mid1", "--json")
    assert result.exit_code == 0, result.output
    kinds = {m["label"] for m in json.loads(result.stdout)["mistakes"]}
    assert "绝对化用语" in kinds


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_the_grade_sheet_is_read_without_pydantic(collected, extra):
    """typer's coercion, which imports pydantic, is skipped for options left unset (here the
    many-valued --export and --scenarios)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from simulator.cli import main\n"
            f"sys.argv = ['kefu', 'grades', 'mid1', *{extra!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            "print(code, 'pydantic' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120"}, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "0 False", done.stderr
