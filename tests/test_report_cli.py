"""``kefu report EXAM STUDENT --html FILE`` over a real exam: take, collect, adjust, report."""

from __future__ import annotations

import json

import pytest
from exam_helpers import read, run, scenario_script, take, write, write_exam

HOSTILE_NAME = "张三<script>alert(1)</script>\x1b[31m"


@pytest.fixture
def collected(db_url, tmp_path):
    exam = write_exam(tmp_path)
    out = tmp_path / "results"
    assert take(exam, "s01", scenario_script("bad"), out, name=HOSTILE_NAME).exit_code == 0
    assert take(exam, "s02", scenario_script("good"), out, name="李四").exit_code == 0
    result = run("exam", "collect", exam, out, "--json")
    assert result.exit_code == 0, result.output
    return exam, out


def test_report_page_for_a_student(collected, tmp_path):
    assert run("grades", "adjust", "mid1", "s01", "--points", "5", "--reason",
               "认真 <i>订正</i>", "--by", "王老师").exit_code == 0
    page_file = tmp_path / "pages" / "s01.html"
    result = run("report", "mid1", "s01", "--html", page_file, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    board = json.loads(run("leaderboard", "--exam", "mid1", "--json").stdout)
    final = {r["student_id"]: r["score"] for r in board["rows"]}
    assert summary["total"] == final["s01"]  # the gradebook's grade, adjustment included
    assert (summary["rank"], summary["of"]) == (2, 2)
    assert summary["scenarios"][0]["id"] == "bargain_others_discount"
    page = page_file.read_text(encoding="utf-8")
    assert "<script" not in page and "\x1b" not in page
    assert "张三&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "认真 &lt;i&gt;订正&lt;/i&gt;" in page and "+5" in page and "王老师" in page
    assert '<mark class="major">' in page  # the curt script uses forbidden wording
    assert "<svg" in page and 'class="badge bad"' in page
    assert f"{final['s01']:.1f}" in page and "第 2 名 / 共 2 人" in page
    assert not list(page_file.parent.glob(".*.tmp"))  # written atomically, nothing left over


def test_a_score_edited_in_the_result_file_does_not_reach_the_page(collected, tmp_path):
    exam, out = collected
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    edited = 0
    for sitting in data["sittings"]:
        for transcript in sitting["transcripts"]:
            transcript["score"] = {"total": 100, "dimensions": {}, "marks": []}
            edited += 1
    assert edited == 1
    write(path, data)
    run("exam", "collect", exam, out)
    page_file = tmp_path / "s01.html"
    result = run("report", "mid1", "s01", "--html", page_file, "--json")
    assert json.loads(result.stdout)["scenarios"][0]["total"] < 50
    assert '<mark class="major">' in page_file.read_text(encoding="utf-8")


def test_report_errors(collected, tmp_path):
    missing = run("report", "mid1", "nobody", "--html", tmp_path / "x.html")
    assert missing.exit_code == 3 and "nobody" in missing.output
    assert run("report", "nope", "s01", "--html", tmp_path / "x.html").exit_code == 3
    folder = tmp_path / "a-folder"
    folder.mkdir()
    not_a_file = run("report", "mid1", "s01", "--html", folder)
    assert not_a_file.exit_code == 2 and "Traceback" not in not_a_file.output
    assert not (tmp_path / "x.html").exists()


def test_the_report_is_a_library_call_the_command_only_draws(collected, db_url):
    """``student_report`` (simulator/exam/report.py) gives the page's data without the CLI: the
    best sitting re-scored by the exam's judge, with spans; an unknown student is NotFound."""
    from scenarios.loader import load_all
    from simulator.exam import load_exam
    from simulator.exam.report import student_report
    from simulator.storage import Gradebook, NotFound

    exam_file, _ = collected
    bank = {s.id: s for s in load_all([])[0]}
    exam = load_exam(exam_file, bank=list(bank.values()))
    with Gradebook.open(db_url, create=False) as book:
        data = student_report(book, exam, "s01", bank)
        final = {b.student_id: b.score for b in book.best_scores(exam_id="mid1", limit=None)}
        with pytest.raises(NotFound):
            student_report(book, exam, "nobody", bank)
    assert data.student["id"] == "s01" and data.total == final["s01"] and data.rank == (2, 2)
    assert [i.transcript["scenario"]["id"] for i in data.items] == list(exam.scenario_ids)
    forbidden = [m for i in data.items for m in i.score["marks"]
                 if m["dimension"] == "forbidden"]
    assert forbidden and all(m["end"] > m["start"] for m in forbidden)  # the judge's own spans
