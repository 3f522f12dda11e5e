"""A collect writes many files per transaction: each file is still refused or imported alone,
whatever file shares its batch, and the gradebook ends as one file at a time would leave it."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest
from exam_helpers import read, run, scenario_script, take, write, write_exam

from simulator.storage import Gradebook


@pytest.fixture(scope="module")
def taken(tmp_path_factory):
    home = tmp_path_factory.mktemp("batches")
    exam = write_exam(home)
    assert take(exam, "s01", scenario_script("good"), home / "out", name="王小明").exit_code == 0
    assert take(exam, "s02", scenario_script("bad"), home / "out", name="李华").exit_code == 0
    return home


@pytest.fixture
def folder(taken, tmp_path):
    shutil.copytree(taken, tmp_path / "x")
    return tmp_path / "x" / "mid1.yaml", tmp_path / "x" / "out"


def copy_for(out, source: str, student: str, new_ids: bool = True, **fields) -> None:
    data = read(out / f"mid1-{source}.kefu.json")
    data["student"] = {**data["student"], "id": student, **fields}
    for sitting in data["sittings"]:
        for transcript in sitting["transcripts"]:
            if new_ids:
                transcript["id"] = uuid.uuid4().hex
    write(out / f"mid1-{student}.kefu.json", data)


def small_batches(monkeypatch, files: int) -> None:
    """Collect writes ``files`` files per transaction."""
    import sys

    from simulator.exam import collect as run_collect

    monkeypatch.setattr(sys.modules[run_collect.__module__], "BATCH", files)


def collect(exam, out) -> tuple[int, dict]:
    result = run("exam", "collect", exam, out, "--json")
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    return result.exit_code, {r["file"].rsplit("/", 1)[-1]: r for r in report["files"]}


def state(url) -> tuple:
    """What a teacher sees: every attempt's student, scenario and total, and the exam's
    ranking with class and team."""
    with Gradebook.open(url) as book:
        attempts = sorted((a.uid, a.student_id, a.total, tuple(a.flags))
                          for a in book.attempts(exam_id="mid1"))
        ranking = [(b.student_id, b.score, b.class_name, b.team, b.attempts)
                   for b in book.best_scores(exam_id="mid1", limit=None)]
    return attempts, ranking


@pytest.mark.parametrize("batch", [2, 200])
def test_a_transcript_id_shared_within_one_run_refuses_only_the_later_file(
        folder, db_url, monkeypatch, batch):
    small_batches(monkeypatch, batch)
    exam, out = folder
    copy_for(out, "s01", "s03")
    copy_for(out, "s01", "s04", new_ids=False)  # s01's very conversations, as s04's
    copy_for(out, "s02", "s05")
    (out / "mid1-s06.kefu.json").write_text("{broken", encoding="utf-8")
    code, files = collect(exam, out)
    assert code == 1
    assert files["mid1-s04.kefu.json"]["status"] == "refused"
    assert "s01" in " ".join(files["mid1-s04.kefu.json"]["refused"])
    assert files["mid1-s06.kefu.json"]["status"] == "refused"
    assert {f: r["status"] for f, r in files.items() if r["status"] != "refused"} == {
        "mid1-s01.kefu.json": "imported", "mid1-s02.kefu.json": "imported",
        "mid1-s03.kefu.json": "imported", "mid1-s05.kefu.json": "imported"}
    attempts, ranking = state(db_url)
    assert {a[1] for a in attempts} == {"s01", "s02", "s03", "s05"}
    assert {r[0] for r in ranking[:2]} == {"s01", "s03"}


def test_batches_leave_the_gradebook_as_one_file_at_a_time(folder, db_url, monkeypatch,
                                                            tmp_path):
    exam, out = folder
    for n in range(3, 9):
        copy_for(out, "s01" if n % 2 else "s02", f"s{n:02d}", team=f"队{n % 2}")
    small_batches(monkeypatch, 3)
    assert collect(exam, out)[0] == 0
    batched = state(db_url)
    # the same files one collect each: one file per transaction
    single = f"sqlite:///{tmp_path / 'single.db'}"
    for path in sorted(out.iterdir()):
        assert run("exam", "collect", exam, path, "--json",
                   env={"KEFU_DB": single}).exit_code == 0
    assert batched == state(single)
    # a student who moved team between two collects: their ranking row follows
    copy_for(out, "s03", "s03", new_ids=False, team="队9")
    code, files = collect(exam, out)
    assert code == 0 and files["mid1-s03.kefu.json"]["status"] in ("updated", "unchanged")
    _, ranking = state(db_url)
    assert ("s03", "队9") in {(r[0], r[3]) for r in ranking}
