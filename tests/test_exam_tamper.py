"""Exam sittings that crash, run twice at once or come back edited: no lost or doubled replies,
no grade raised by editing the result file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid

import pytest
from exam_helpers import SCENARIO, as_typed, read, run, scenario_script, take, write, write_exam

from simulator.storage import Gradebook


def replies(path) -> list[str]:
    return [t["reply"] for s in read(path)["sittings"] for tr in s["transcripts"]
            for t in tr["turns"] if "reply" in t]


def crashed_after(exam_file, out, lines: list[str]) -> None:
    """A sitting killed after ``lines`` were sent: what the result file then holds."""
    from scenarios.loader import find
    from simulator.exam import ExamRun, StudentInfo, load_exam

    scenario = find(SCENARIO)
    exam = load_exam(exam_file, bank=[scenario])
    run_ = ExamRun.open(exam, StudentInfo("s01", "学生", "1班"), out, {SCENARIO: scenario})
    session = run_.session(0, scenario)
    for line in lines:
        session.reply(line)


def test_rerunning_take_after_a_crash_continues_from_the_first_unsent_reply(tmp_path):
    exam = write_exam(tmp_path)
    good = scenario_script("good")
    assert len(good) == 3
    clean = tmp_path / "clean"
    assert take(exam, "s01", good, clean).exit_code == 0
    expected = json.loads(take(exam, "s01", good, tmp_path / "never").stdout)["scenarios"]

    out = tmp_path / "out"
    crashed_after(exam, out, good[:2])
    result = take(exam, "s01", good, out)  # the same command, the same replies file
    assert result.exit_code == 0, result.output
    path = out / "mid1-s01.kefu.json"
    assert replies(path) == good  # reply 1 not twice, reply 3 sent
    assert json.loads(result.stdout)["scenarios"] == expected
    assert read(path)["sittings"][0]["transcripts"][0]["score"]["total"] == \
        read(clean / "mid1-s01.kefu.json")["sittings"][0]["transcripts"][0]["score"]["total"]


HOLDER = textwrap.dedent("""
    import sys
    from simulator.lock import locked
    with locked(sys.argv[1]):
        print("held", flush=True)
        sys.stdin.read()
""")


def test_a_second_take_for_the_same_student_is_refused_while_one_runs(tmp_path, kefu):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    path = out / "mid1-s01.kefu.json"
    rfile = tmp_path / "r.txt"
    rfile.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    args = ("exam", "take", exam, "--student", "s01", "--name", "学生", "--class", "1班",
            "--out", out, "--replies", rfile, "--json")
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        second = kefu(*args)
        assert second.returncode == 4, second.stderr
        assert "正在被另一个 kefu exam take 使用" in second.stderr and str(path) in second.stderr
        assert f"pid {holder.pid}" in second.stderr
        assert "Traceback" not in second.stderr and not path.exists()
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()
    first = kefu(*args)  # the other sitting has ended: this one may start
    assert first.returncode == 0, first.stderr
    assert not (out / "mid1-s01.kefu.json.lock").exists()


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path, kefu):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    path = out / "mid1-s01.kefu.json"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()  # kill -9: the lock file stays behind
    holder.wait(10)
    holder.stdin.close()
    holder.stdout.close()
    assert (out / "mid1-s01.kefu.json.lock").exists()
    rfile = tmp_path / "r.txt"
    rfile.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    result = kefu("exam", "take", exam, "--student", "s01", "--name", "学生", "--class", "1班",
                  "--out", out, "--replies", rfile, "--json")
    assert result.returncode == 0, result.stderr
    assert replies(path) == scenario_script("good")


def test_concurrent_takes_never_both_succeed(tmp_path):
    """Two real processes started together: one sitting is recorded, the other refused."""
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    rfile = tmp_path / "r.txt"
    rfile.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    for student in ("s01", "s02", "s03"):
        cmd = [sys.executable, "-m", "simulator", "exam", "take", str(exam), "--student",
               student, "--name", "学生", "--class", "1班", "--out", str(out), "--replies",
               str(rfile)]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=os.environ) for _ in range(2)]
        codes = sorted(p.wait(60) for p in procs)
        errors = [p.communicate()[1] for p in procs]
        # attempts: 1 — whichever comes second is refused (busy, or no attempt left)
        assert codes == [0, 4], (codes, errors)
        path = out / f"mid1-{student}.kefu.json"
        assert len(read(path)["sittings"]) == 1
        assert replies(path) == scenario_script("good")


# ---- collect: only what the conversation consumed, with timings that add up ----------------
@pytest.fixture
def typed(tmp_path):
    """A sitting with the timings a terminal records (8 s a reply), and its exam file."""
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 0
    path = out / "mid1-s01.kefu.json"
    as_typed(path)
    return exam, path


def collected(exam, path, db_url) -> tuple[dict, object]:
    result = run("exam", "collect", exam, path, "--json")
    assert "Traceback" not in result.output
    [entry] = json.loads(result.stdout)["files"]
    with Gradebook.open(db_url) as book:
        rows = book.attempts(exam_id="mid1")
    return entry, rows[0] if rows else None


def test_a_typed_sitting_has_no_flags(typed, db_url):
    entry, row = collected(*typed, db_url)
    assert entry["status"] == "imported" and entry["flags"] == [], entry
    assert row.response_time == pytest.approx(24.0)


def test_replies_appended_after_the_end_are_not_scored(typed, db_url, tmp_path):
    exam, path = typed
    honest, _ = collected(exam, path, db_url)
    with Gradebook.open(db_url) as book:
        [before] = book.attempts(exam_id="mid1")
    data = read(path)
    transcript = data["sittings"][0]["transcripts"][0]
    transcript["id"] = uuid.uuid4().hex
    for _ in range(3):
        transcript["turns"].append({"n": 9, "buyer": "……", "reply": "亲,您好!感谢您,请稍等,谢谢您!",
                                    "latency": 8.0})
    data["student"]["id"] = "s02"
    forged = tmp_path / "mid1-s02.kefu.json"
    write(forged, data)
    entry, _ = collected(exam, forged, db_url)
    with Gradebook.open(db_url) as book:
        [after] = book.attempts(exam_id="mid1", student_id="s02")
    assert after.total == before.total and after.response_time == before.response_time
    assert any("3 条回复没有计分" in f for f in entry["flags"]), entry["flags"]


@pytest.mark.parametrize("forge, flag", [
    (lambda turn: turn.update(latency=0.5), "短得不可能"),
    (lambda turn: turn.update(latency=None), "没有用时"),
    (lambda turn: turn.update(latency=3.0), "时间点对不上"),
])
def test_forged_latencies_are_flagged(typed, db_url, forge, flag):
    exam, path = typed
    data = read(path)
    for turn in data["sittings"][0]["transcripts"][0]["turns"]:
        if "reply" in turn:
            forge(turn)
    write(path, data)
    entry, _ = collected(exam, path, db_url)
    assert entry["status"] == "imported"
    assert any(flag in f and "1, 2, 3" in f for f in entry["flags"]), entry["flags"]


def test_a_reply_over_the_cap_is_scored_on_its_first_500_characters(typed, db_url):
    exam, path = typed
    data = read(path)
    turn = data["sittings"][0]["transcripts"][0]["turns"][0]
    turn["reply"] += "的" * 500 + "滚" * 400_000  # 1.2 MB; the forbidden word past the cap
    write(path, data)
    entry, row = collected(exam, path, db_url)
    assert entry["status"] == "imported"
    assert any("500 字" in f for f in entry["flags"]), entry["flags"]
    assert "滚" not in {m["phrase"] for m in row.mistakes}


def test_two_scenarios_sharing_a_transcript_id_are_not_silently_merged(tmp_path, db_url):
    exam = write_exam(tmp_path, scenarios=f"\n  - {SCENARIO}\n  - bargain_ask_gift")
    out = tmp_path / "out"
    assert take(exam, "s01", [scenario_script("good"), ["您好"]], out).exit_code == 0
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    first, second = data["sittings"][0]["transcripts"]
    second["id"] = first["id"]
    write(path, data)
    result = run("exam", "collect", exam, path, "--json")
    [entry] = json.loads(result.stdout)["files"]
    assert result.exit_code == 1  # not silent: the file is reported as partly refused
    assert any("对话编号" in p and "bargain_ask_gift" in p for p in entry["refused"]), entry
