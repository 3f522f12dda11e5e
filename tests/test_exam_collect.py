"""Collecting result files: re-scored from their text, idempotent, hostile files refused."""

from __future__ import annotations

import json
import shutil
import threading

import pytest
from exam_helpers import (
    SCENARIO,
    as_typed,
    read,
    run,
    scenario_script,
    take,
    write,
    write_exam,
)

from simulator.storage import Gradebook


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """An exam and two students' result files (one good, one poor), taken once per module."""
    home = tmp_path_factory.mktemp("pristine")
    exam = write_exam(home)
    out = home / "out"
    assert take(exam, "s01", scenario_script("good"), out, name="王小明").exit_code == 0
    assert take(exam, "s02", scenario_script("bad"), out, name="李华", team="红队").exit_code == 0
    return home


@pytest.fixture
def exam_dir(pristine, tmp_path):
    """A private copy of the pristine exam folder: (folder, exam file, result folder)."""
    shutil.copytree(pristine, tmp_path / "exam")
    root = tmp_path / "exam"
    return root, root / "mid1.yaml", root / "out"


def clone(src, folder, student: str):
    """A copy of a result file for another student (new transcript ids, as a real take)."""
    import uuid

    data = read(src)
    data["student"]["id"] = student
    for sitting in data["sittings"]:
        for transcript in sitting["transcripts"]:
            transcript["id"] = uuid.uuid4().hex
    write(folder / f"mid1-{student}.kefu.json", data)


def collect(exam, *paths):
    result = run("exam", "collect", exam, *paths, "--json")
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def by_file(report) -> dict:
    return {r["file"].rsplit("/", 1)[-1]: r for r in report["files"]}


def test_collect_imports_and_rescores(exam_dir, db_url):
    _, exam, out = exam_dir
    result, report = collect(exam, out)
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in report["files"]] == ["imported", "imported"]
    with Gradebook.open(db_url) as book:
        rows = {a.student_id: a for a in book.attempts(exam_id="mid1")}
        assert set(rows) == {"s01", "s02"}
        assert rows["s01"].outcome_good and rows["s01"].total >= 85
        assert not rows["s02"].outcome_good and rows["s02"].total <= 40
        assert {m["phrase"] for m in rows["s02"].mistakes} >= {"不讲价"}
        assert book.student("s02").team == "红队"
        assert book.exam("mid1").scenarios == [SCENARIO]


def test_collect_twice_adds_nothing(exam_dir, db_url):
    _, exam, out = exam_dir
    collect(exam, out)
    result, report = collect(exam, out, out / "mid1-s01.kefu.json")
    assert result.exit_code == 0
    assert [r["status"] for r in report["files"]] == ["unchanged", "unchanged"]
    with Gradebook.open(db_url) as book:
        assert len(book.attempts(exam_id="mid1")) == 2


def test_a_score_edited_in_the_file_changes_nothing(exam_dir, db_url):
    _, exam, out = exam_dir
    path = out / "mid1-s02.kefu.json"
    data = read(path)
    transcript = data["sittings"][0]["transcripts"][0]
    true_total = transcript["score"]["total"]
    transcript["score"]["total"] = 100
    transcript["score"]["dimensions"] = {d: 100 for d in transcript["score"]["dimensions"]}
    transcript["outcome"] = {"id": "deal", "label": "成交", "good": True, "closing": ""}
    write(path, data)
    _, report = collect(exam, path)
    [entry] = report["files"]
    assert entry["status"] == "imported"
    assert any("100" in f for f in entry["flags"])
    with Gradebook.open(db_url) as book:
        [row] = book.attempts(exam_id="mid1")
        assert row.total == true_total and row.outcome_good is False


def test_an_edited_reply_is_scored_from_its_text(exam_dir, db_url):
    _, exam, out = exam_dir
    path = out / "mid1-s02.kefu.json"
    data = read(path)
    first = data["sittings"][0]["transcripts"][0]["turns"][0]
    first["reply"] = "亲,您好!非常理解您,可以送您同款枕套一对,还包邮哦!"
    write(path, data)
    _, report = collect(exam, path)
    [entry] = report["files"]
    assert entry["status"] == "imported"
    with Gradebook.open(db_url) as book:
        [row] = book.attempts(exam_id="mid1")
        assert "不讲价" not in {m["phrase"] for m in row.mistakes}


def test_another_exam_and_changed_scenarios_are_refused(exam_dir):
    tmp, exam, out = exam_dir
    other = write_exam(tmp, exam_id="final")
    result, report = collect(other, out)
    assert result.exit_code == 1  # everything refused
    assert all(r["status"] == "refused" and "mid1" in r["refused"][0]
               for r in report["files"])
    path = out / "mid1-s01.kefu.json"
    pristine = read(path)
    for change in ({"hash": "0" * 64}, {"seed": 2}):
        data = json.loads(json.dumps(pristine))
        transcript = data["sittings"][0]["transcripts"][0]
        if "hash" in change:
            transcript["scenario"]["hash"] = change["hash"]
        else:
            transcript["seed"] = change["seed"]
        write(path, data)
        _, report = collect(exam, path)
        [entry] = report["files"]
        assert entry["status"] == "refused" and SCENARIO in " ".join(entry["refused"]), change


def test_duplicates_of_one_student_are_refused(exam_dir, db_url):
    tmp, exam, out = exam_dir
    copy_dir = tmp / "usb"
    copy_dir.mkdir()
    shutil.copy(out / "mid1-s01.kefu.json", copy_dir / "mid1-s01.kefu.json")
    result, report = collect(exam, out, copy_dir)
    assert result.exit_code == 1
    statuses = [r["status"] for r in report["files"]]
    assert statuses.count("refused") == 1 and statuses.count("imported") == 2
    # a different sitting file for a student who is already in the gradebook
    again = tmp / "again"
    assert take(exam, "s01", scenario_script("bad"), again).exit_code == 0
    _, report = collect(exam, again)
    [entry] = report["files"]
    assert entry["status"] == "refused" and "s01" in entry["refused"][0]
    with Gradebook.open(db_url) as book:
        assert len(book.attempts(exam_id="mid1", student_id="s01")) == 1


def test_slow_replies_and_unfinished_scenarios_are_flagged(exam_dir, db_url):
    _, exam, out = exam_dir
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    transcript = data["sittings"][0]["transcripts"][0]
    for turn in transcript["turns"]:
        if "reply" in turn:
            turn["latency"] = 5.0
    transcript["turns"][1]["latency"] = 500.0
    write(path, data)
    _, report = collect(exam, path)
    [entry] = report["files"]
    assert entry["status"] == "imported"
    assert any("60" in f and "2" in f for f in entry["flags"]), entry["flags"]
    with Gradebook.open(db_url) as book:
        [row] = book.attempts(exam_id="mid1")
        assert row.response_time == pytest.approx(500 + 5 * (len(
            [t for t in transcript["turns"] if "reply" in t]) - 1))
        assert "responsiveness" in row.dimensions
        assert row.flags


HOSTILE = {
    "empty.kefu.json": b"",
    "binary.kefu.json": b"\xff\xfe\x00\x01garbage",
    "list.kefu.json": b"[1, 2, 3]",
    "deep.kefu.json": b"[" * 100000 + b"]" * 100000,
    "wrongtypes.kefu.json": json.dumps({
        "format": "kefu-exam-result", "schema_version": 1,
        "exam": {"id": "mid1", "hash": "x"}, "student": {"id": "s9", "name": ["x"]},
        "sittings": []}).encode(),
    "badturns.kefu.json": json.dumps({
        "format": "kefu-exam-result", "schema_version": 1,
        "exam": {"id": "mid1", "hash": "x"}, "student": {"id": "s9", "name": "x"},
        "sittings": [{"started_at": "2026-01-01T00:00:00Z", "transcripts": [
            {"format": "kefu-transcript", "schema_version": 1, "id": "u",
             "scenario": {"id": SCENARIO, "hash": "h"}, "seed": 1,
             "turns": "not a list"}]}]}).encode(),
    "pathid.kefu.json": json.dumps({
        "format": "kefu-exam-result", "schema_version": 1,
        "exam": {"id": "mid1", "hash": "x"}, "student": {"id": "../../etc", "name": "x"},
        "sittings": [{"started_at": "x", "transcripts": []}]}).encode(),
}


def test_hostile_files_are_refused_one_by_one(exam_dir, db_url):
    tmp, exam, out = exam_dir
    bad = tmp / "bad"
    bad.mkdir()
    for name, content in HOSTILE.items():
        (bad / name).write_bytes(content)
    huge = bad / "huge.kefu.json"
    with huge.open("wb") as f:
        f.write(b'{"format": "kefu-exam-result", "pad": "' + b"x" * 6_000_000 + b'"}')
    result, report = collect(exam, bad, out, tmp / "missing-folder")
    assert result.exit_code == 1  # some were refused (the good files still went in)
    files = by_file(report)
    for name in [*HOSTILE, "huge.kefu.json"]:
        assert files[name]["status"] == "refused", name
        assert files[name]["refused"], name
    assert files["mid1-s01.kefu.json"]["status"] == "imported"
    assert files["missing-folder"]["status"] == "refused"
    with Gradebook.open(db_url) as book:
        assert {a.student_id for a in book.attempts()} == {"s01", "s02"}


def test_terminal_report_is_plain_text_for_hostile_names(exam_dir):
    tmp, exam, out = exam_dir
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    data["exam"]["id"] = "[bold red]evil[/bold red]\x1b[2J"
    write(path, data)
    result = run("exam", "collect", exam, path)
    assert result.exit_code == 1
    assert "[bold red]evil[/bold red]" in result.output
    assert "\x1b[2J" not in result.output


def test_two_collects_at_once_do_not_corrupt_anything(exam_dir, db_url):
    tmp, exam_path, out = exam_dir
    from scenarios.loader import load_all
    from simulator.exam import collect as collect_lib
    from simulator.exam import load_exam

    for i in range(3, 9):
        clone(out / ("mid1-s01.kefu.json" if i % 2 else "mid1-s02.kefu.json"), out, f"s{i:02d}")
    bank = {s.id: s for s in load_all()[0]}
    exam = load_exam(exam_path, bank=list(bank.values()))
    errors, reports = [], []

    def worker():
        try:
            with Gradebook.open(db_url) as book:
                reports.append(collect_lib(exam, [str(out)], book, bank))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    statuses = [r.status for rep in reports for r in rep]
    assert statuses.count("imported") == 8 and statuses.count("unchanged") == 16
    with Gradebook.open(db_url) as book:
        rows = book.attempts(exam_id="mid1")
        assert len(rows) == 8 and len({a.uid for a in rows}) == 8
        assert len(book.best_scores(exam_id="mid1", limit=None)) == 8


def test_two_collect_processes_at_once(exam_dir, db_url, kefu):
    import subprocess
    import sys

    _, exam, out = exam_dir
    cmd = [sys.executable, "-m", "simulator", "exam", "collect", str(exam), str(out), "--json"]
    import os

    env = {**os.environ, "KEFU_DB": db_url}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    statuses = sorted(r["status"] for o, _ in outputs for r in json.loads(o)["files"])
    assert statuses == ["imported", "imported", "unchanged", "unchanged"]
    with Gradebook.open(db_url) as book:
        assert len(book.attempts(exam_id="mid1")) == 2


def test_collect_regrade_after_an_overlay_shows_who_moved(tmp_path, db_url):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "exams" / "overlay"
    exam = tmp_path / "exam.yaml"
    # the same exam first without the overlay (weights only)
    exam.write_text((fixture / "exam.yaml").read_text(encoding="utf-8")
                    .replace("lexicon_overlay: ban_pillowcase.yaml\n", ""), encoding="utf-8")
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 0
    assert take(exam, "s02", scenario_script("bad"), out).exit_code == 0
    collect(exam, out)
    before = run("exam", "regrade", "ov-exam", "--json")
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["moved"] == []
    shutil.copy(fixture / "ban_pillowcase.yaml", tmp_path / "ban_pillowcase.yaml")
    exam.write_text((fixture / "exam.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("exam", "regrade", exam, "--json")
    assert result.exit_code == 0, result.output
    moved = json.loads(result.stdout)["moved"]
    assert [m["student"] for m in moved] == ["s01"]
    assert moved[0]["new"] < moved[0]["old"]
    text = run("exam", "regrade", exam)
    assert text.exit_code == 0 and "s01" not in text.output  # nothing moved the second time


def test_regrade_keeps_results_whose_scenario_changed(exam_dir, db_url):
    from sqlalchemy import update

    from simulator.storage import schema

    _, exam, out = exam_dir
    collect(exam, out)
    with Gradebook.open(db_url) as book, book.engine.begin() as conn:
        conn.execute(update(schema.attempts).where(schema.attempts.c.student_id == "s01")
                     .values(scenario_hash="old", total=12))
    result = run("exam", "regrade", exam, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["scored"] == 1 and report["skipped"] == [SCENARIO]
    with Gradebook.open(db_url) as book:
        assert {a.student_id: a.total for a in book.attempts()}["s01"] == 12
    text = run("exam", "regrade", exam)
    assert SCENARIO in text.output


def test_regrade_unknown_exam(db_url):
    Gradebook.open(db_url).close()  # a gradebook, without that exam
    result = run("exam", "regrade", "nope", "--json")
    assert result.exit_code == 3 and "nope" in result.output


@pytest.mark.parametrize("url", ["mysql://root@localhost/kefu",
                                 "postgresql://nobody@127.0.0.1:1/none"])
def test_bad_database_urls_give_a_clear_error(exam_dir, url):
    _, exam, out = exam_dir
    for args in (["exam", "collect", exam, out], ["grades", "mid1"]):
        result = run(*args, "--db", url)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "数据库" in result.output


def test_names_in_collected_files_lose_control_characters_but_stay_literal(exam_dir, db_url):
    _, exam, out = exam_dir
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    data["student"].update({"name": "[red]王[/red]\x1b[2J\x07", "class": "@班\r\n1",
                            "team": "x" * 1000})
    write(path, data)
    result, report = collect(exam, path)
    assert result.exit_code == 0, result.output
    with Gradebook.open(db_url) as book:
        student = book.student("s01")
    assert student.name == "[red]王[/red][2J"
    assert student.class_name == "@班 1" and len(student.team) == 100


def test_progress_bar_draws(capsys):
    from simulator import ui_classroom

    with ui_classroom.progress("导入", enabled=True) as update:
        update(1, 2)
        update(2, 2)
    with ui_classroom.progress("导入", enabled=False) as update:
        update(1, 2)


def test_terminal_report_lists_only_files_that_need_a_look(exam_dir):
    _, exam, out = exam_dir
    path = out / "mid1-s02.kefu.json"
    data = read(path)
    data["sittings"][0]["transcripts"][0]["score"]["total"] = 99
    write(path, data)
    as_typed(out / "mid1-s01.kefu.json")  # answered at a terminal: nothing to look at
    result = run("exam", "collect", exam, out)
    assert result.exit_code == 0, result.output
    assert "mid1-s02.kefu.json" in result.output and "99" in result.output
    assert "mid1-s01.kefu.json" not in result.output
    assert "2" in result.output.splitlines()[-1]  # the counts line


def test_extra_conversations_and_sittings_in_a_file_are_refused(exam_dir, db_url):
    import copy
    import uuid

    _, exam, out = exam_dir
    path = out / "mid1-s02.kefu.json"
    good = read(out / "mid1-s01.kefu.json")["sittings"][0]["transcripts"][0]
    data = read(path)
    extra = copy.deepcopy(good)
    extra["id"] = uuid.uuid4().hex
    data["sittings"][0]["transcripts"].append(extra)  # a second, better try at the scenario
    second = copy.deepcopy(data["sittings"][0])
    second["transcripts"] = [dict(copy.deepcopy(good), id=uuid.uuid4().hex)]
    data["sittings"].append(second)  # the exam allows one sitting
    write(path, data)
    result, report = collect(exam, path)
    assert result.exit_code == 1  # part of the file was refused
    [entry] = report["files"]
    assert entry["status"] == "imported" and len(entry["refused"]) == 2
    with Gradebook.open(db_url) as book:
        [row] = book.attempts(exam_id="mid1")
        assert row.total <= 40  # only the poor first conversation counts
        [best] = book.best_scores(exam_id="mid1")
        assert best.score == row.total


def test_report_names_a_file_in_a_long_windows_folder_in_full(capsys):
    from simulator import ui_classroom

    folder = "D:\\电商1班\\期中考试\\" + "很长的文件夹名" * 12
    ui_classroom.collect_report([{"file": folder + "\\mid1-s07.kefu.json", "student": "s07",
                                  "status": "imported", "refused": [], "flags": ["看一下"]}])
    shown = capsys.readouterr().out
    assert "mid1-s07.kefu.json" in shown and "…" not in shown
