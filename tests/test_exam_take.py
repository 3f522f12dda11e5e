"""Taking an exam: result files, --replies blocks, resume after a crash, limits, hostile ids."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from exam_helpers import SCENARIO, read, run, scenario_script, take, write, write_exam

from simulator.errors import KefuError
from simulator.exam import ExamRun, StudentInfo, load_exam, split_replies


def test_take_with_replies_writes_one_result_file(tmp_path):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    result = take(exam, "s01", scenario_script("good"), out, name="王小明", team="红队")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["finished"] and summary["scenarios"][0]["outcome"]["good"]
    assert summary["scenarios"][0]["total"] >= 85
    [path] = out.iterdir()
    assert path.name == "mid1-s01.kefu.json"
    data = read(path)
    assert data["exam"]["id"] == "mid1" and data["exam"]["hash"] == load_exam(exam).hash
    assert data["student"] == {"id": "s01", "name": "王小明", "class": "1班", "team": "红队"}
    [sitting] = data["sittings"]
    [transcript] = sitting["transcripts"]
    assert transcript["mode"] == "exam" and transcript["exam"] == "mid1"
    assert transcript["scenario"]["id"] == SCENARIO and transcript["scenario"]["hash"]
    replies = [t["reply"] for t in transcript["turns"] if "reply" in t]
    assert replies == scenario_script("good")[:len(replies)]
    assert sitting["finished_at"] is not None


def test_replies_are_split_per_scenario_in_exam_order(tmp_path):
    from scenarios.loader import load_all

    others = [s.id for s in load_all()[0] if s.id != SCENARIO]
    if not others:
        pytest.skip("needs a second scenario in the bank")
    exam = write_exam(tmp_path, scenarios=f"\n  - {SCENARIO}\n  - {others[0]}")
    out = tmp_path / "out"
    result = take(exam, "s01", [scenario_script("bad"), ["您好,请稍等"]], out)
    assert result.exit_code == 0, result.output
    data = read(out / "mid1-s01.kefu.json")
    first, second = data["sittings"][0]["transcripts"]
    assert [t["reply"] for t in first["turns"] if "reply" in t][0] == "不讲价"
    assert second["scenario"]["id"] == others[0]
    assert [t["reply"] for t in second["turns"] if "reply" in t][0] == "您好,请稍等"


def test_split_replies():
    assert split_replies(["a", "b", "---", "c", " --- ", ""]) == [["a", "b"], ["c"], [""]]


def test_a_crash_resumes_where_it_stopped(tmp_path):
    exam = load_exam(write_exam(tmp_path))
    from scenarios.loader import find

    scenario = find(SCENARIO)
    student = StudentInfo("s01", "王小明", "1班")
    run1 = ExamRun.open(exam, student, tmp_path)
    session = run1.session(0, scenario)
    good = scenario_script("good")
    session.reply(good[0], 4.2)
    del run1, session  # the terminal is closed here; the file holds the first reply
    on_disk = read(tmp_path / "mid1-s01.kefu.json")
    assert on_disk["sittings"][0]["transcripts"][0]["turns"][0]["reply"] == good[0]

    run2 = ExamRun.open(exam, student, tmp_path)
    assert run2.pending() == [0] and len(run2.data["sittings"]) == 1
    resumed = run2.session(0, scenario)
    assert resumed.state.turn == 1
    for line in good[1:]:
        if not resumed.finished:
            resumed.reply(line, 3.0)
    run2.close_sitting()
    data = read(tmp_path / "mid1-s01.kefu.json")
    turns = data["sittings"][0]["transcripts"][0]["turns"]
    assert [t["latency"] for t in turns if "reply" in t][:2] == [4.2, 3.0]
    assert data["sittings"][0]["transcripts"][0]["outcome"]["good"]


def test_rerunning_the_take_command_continues_then_refuses_when_done(tmp_path):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 0
    again = take(exam, "s01", scenario_script("bad"), out)
    assert again.exit_code == 4
    assert "1" in again.output
    data = read(out / "mid1-s01.kefu.json")
    assert len(data["sittings"]) == 1  # nothing overwritten


def test_second_attempt_when_allowed(tmp_path):
    exam = write_exam(tmp_path, extra="attempts: 2\n")
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("bad"), out).exit_code == 0
    second = take(exam, "s01", scenario_script("good"), out)
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["sitting"] == 2
    data = read(out / "mid1-s01.kefu.json")
    assert [s["n"] for s in data["sittings"]] == [1, 2]
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 4


def test_time_up_closes_the_sitting(tmp_path):
    exam = load_exam(write_exam(tmp_path))
    from scenarios.loader import find

    student = StudentInfo("s01", "王", "1班")
    run1 = ExamRun.open(exam, student, tmp_path)
    run1.session(0, find(SCENARIO)).reply("您好", 2.0)
    path = tmp_path / "mid1-s01.kefu.json"
    data = read(path)
    long_ago = datetime.now(timezone.utc) - timedelta(hours=2)
    data["sittings"][0]["started_at"] = long_ago.isoformat()
    write(path, data)
    with pytest.raises(KefuError) as info:  # one attempt, and time is up: nothing left to do
        ExamRun.open(exam, student, tmp_path)
    assert info.value.code == 4 and "时间" in info.value.message
    closed = read(path)["sittings"][0]
    assert closed["finished_at"] and closed["transcripts"][0]["outcome"]["id"] == "buyer_left"


def test_clock_status_shows_reply_and_exam_time():
    from simulator.exam import Clock

    clock = Clock(per_reply=60, deadline=1000.0, now=lambda: 900.0)

    class FakeSession:
        data = {"turns": [{"shown_at": datetime.fromtimestamp(880, timezone.utc).isoformat()}]}

    status = clock.status(FakeSession())
    assert "20" in status and "60" in status and "01:40" in status
    assert not clock.expired() and Clock(None, 800.0, now=lambda: 900.0).expired()


@pytest.mark.parametrize("bad_id", ["../evil", "a/b", "a\\b", "x\x1b[31m", "", ".hidden",
                                    "a" * 65, "tab\tid"])
def test_hostile_student_ids_are_refused_before_any_file_is_written(tmp_path, bad_id):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    result = take(exam, bad_id, ["您好"], out)
    assert result.exit_code == 2, result.output
    assert not out.exists() or not any(out.iterdir())
    assert "Traceback" not in result.output


def test_names_with_markup_and_escapes_are_stored_as_plain_text(tmp_path):
    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    result = take(exam, "s01", ["您好"], out, name="[red]王[/red]\x1b]0;pwned\x07",
                  cls="=1+1\r\n班")
    assert result.exit_code == 0, result.output
    student = read(out / "mid1-s01.kefu.json")["student"]
    assert student["name"] == "[red]王[/red]]0;pwned"  # control characters removed
    assert student["class"] == "=1+1 班"


def test_take_needs_a_terminal_without_replies(tmp_path):
    result = run("exam", "take", write_exam(tmp_path), "--student", "s1", "--name", "a",
                 "--class", "c", "--out", tmp_path)
    assert result.exit_code == 2 and not list(tmp_path.glob("*.kefu.json"))


def test_another_name_cannot_continue_a_result_file(tmp_path):
    exam = write_exam(tmp_path, extra="attempts: 2\n")
    out = tmp_path / "out"
    assert take(exam, "s01", ["您好"], out, name="王小明").exit_code == 0
    before = (out / "mid1-s01.kefu.json").read_bytes()
    other = take(exam, "s01", ["您好"], out, name="李华")
    assert other.exit_code == 4 and "王小明" in other.output
    assert (out / "mid1-s01.kefu.json").read_bytes() == before


def test_the_sitting_is_stamped_by_the_commands_wall_clock(tmp_path):
    """The moments in a result file, and the deadline they set, are the Env's wall clock."""
    from dataclasses import replace

    from typer.testing import CliRunner

    from simulator.cli import get_app
    from simulator.env import Env

    exam = write_exam(tmp_path)
    replies = tmp_path / "r.txt"
    replies.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    began = datetime(2031, 5, 6, 9, 30, tzinfo=timezone.utc).timestamp()
    args = ["exam", "take", str(exam), "--student", "s01", "--name", "王", "--class", "1班",
            "--out", str(tmp_path), "--replies", str(replies), "--json"]
    env = replace(Env.from_process(), wall=lambda: began)
    result = CliRunner().invoke(get_app(), args, obj=env)
    assert result.exit_code == 0, result.output
    sitting = read(tmp_path / "mid1-s01.kefu.json")["sittings"][0]
    transcript = sitting["transcripts"][0]
    stamps = [sitting["started_at"], sitting["finished_at"], transcript["started_at"],
              *(turn["reply_at"] for turn in transcript["turns"] if "reply" in turn)]
    assert stamps and all(s.startswith("2031-05-06T09:30:00") for s in stamps)
