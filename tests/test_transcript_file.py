"""The typed transcript and result file (simulator.transcript): what kefu writes reads back
as the same object and the same JSON, every problem of a bad file is reported with its field,
and an old schema_version is upgraded through the chain."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.loader import find
from scoring.judge import Judge
from simulator import transcript as tx
from simulator.fileshape import FileProblems
from simulator.messages import MESSAGES
from simulator.resultfile import ExamRef, ResultFile, Sitting, StudentRef
from simulator.session import Session
from simulator.stamps import stamp
from simulator.transcript import Outcome, Reply, ScenarioRef, Transcript, Turn

SCENARIO = "bargain_others_discount"
STAMP = "2026-12-01T23:05:01.884Z"


def played(tmp_path: Path) -> dict:
    """A drill as kefu writes it: a 催, a pasted reply, a cut one, a retry, then the end."""
    session = Session.new(find(SCENARIO), 42, Judge(), tmp_path / "d.json")
    session.mark_shown()
    session.nudge()
    session.reply("您好,在的,请问有什么可以帮您?", latency=3.2,
                  typing={"keys": 3, "seconds": 0.1, "pasted_chars": 14, "pasted": True})
    session.reply("亲" * 600, latency=None)
    if session.can_retry():
        session.retry()
    session.reply("不讲价,你自己看", latency=2)
    session.give_up()
    return json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))


def test_a_transcript_kefu_wrote_reads_back_to_the_same_json(tmp_path):
    data = played(tmp_path)
    written = json.dumps(data, ensure_ascii=False)
    assert all(f'"{key}"' in written for key in ("retried", "cut_from", "nudges", "pasted"))
    again = Transcript.from_json(data).to_json()
    # the same keys, values and order: the file kefu writes is unchanged by a read and write
    assert json.dumps(again, ensure_ascii=False) == json.dumps(data, ensure_ascii=False)


# ---- the round trip, for generated transcripts ------------------------------------------
text = st.text(max_size=12)
json_leaf = st.none() | st.booleans() | st.integers(-10**6, 10**6) | text | st.floats(
    allow_nan=False, allow_infinity=False)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    text, inner, max_size=3), max_leaves=6)
stamps = st.datetimes(min_value=datetime(1000, 1, 1)).map(stamp)  # as kefu writes them


def extra(known: tuple[str, ...]):
    return st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in known),
                           json_value, max_size=2)


latency = st.none() | st.floats(0, tx.MAX_LATENCY) | st.integers(0, 1000)
replies = st.builds(Reply, text, st.none() | stamps, latency,
                    st.dictionaries(st.sampled_from(["observed", "edge", "typing", "pasted"]),
                                    json_value, max_size=2))
turns = st.builds(
    Turn, text, st.none() | st.integers(1, 99), st.none() | text,
    st.none() | st.integers(0, 100) | st.floats(0, 100), st.none() | stamps, st.none() | stamps,
    st.booleans(), st.none() | st.lists(stamps, max_size=tx.MAX_NUDGES).map(tuple),
    st.none() | replies, st.lists(replies, max_size=1).map(tuple),
    extra((*tx._TURN_ORDER, "retried")))
transcripts = st.builds(
    Transcript,
    st.builds(ScenarioRef, text, st.none() | text, st.none() | text, st.none() | text,
              extra(tx._SCENARIO_KEYS)),
    st.integers(0, tx.MAX_SEED), st.lists(turns, min_size=1, max_size=4).map(tuple),
    st.none() | text, st.none() | st.sampled_from(["drill", "exam"]), st.none() | stamps,
    st.none() | stamps,
    st.none() | st.builds(Outcome, text, st.none() | text, st.none() | st.booleans(),
                          st.none() | text, extra(tx._OUTCOME_KEYS)),
    st.none() | st.dictionaries(text, json_value, max_size=3), extra(tx._TRANSCRIPT_KEYS))


@settings(max_examples=150, deadline=None)
@given(transcripts)
def test_from_json_of_to_json_is_the_same_transcript(t):
    assert Transcript.from_json(t.to_json()) == t
    # and through the JSON text a file holds
    assert Transcript.from_json(json.loads(json.dumps(t.to_json()))) == t


@settings(max_examples=50, deadline=None)
@given(st.lists(transcripts, min_size=1, max_size=2), stamps)
def test_a_result_file_round_trips(found, started):
    found = [Transcript(**{**t.__dict__, "id": t.id or "u",
                           "scenario": ScenarioRef(t.scenario.id, hash="h")}) for t in found]
    result = ResultFile(ExamRef("mid1", "h"), StudentRef("s01", "张三", "一班", ""),
                        (Sitting(started, tuple(found), 1, None, ("a",)),))
    assert ResultFile.from_json(result.to_json()) == result


# ---- bad transcripts: every problem, with its field --------------------------------------
def problems(data) -> set[tuple[str, str]]:
    with pytest.raises(FileProblems) as caught:
        Transcript.from_json(data)
    return {(p.path, p.code) for p in caught.value.problems}


def base(tmp_path) -> dict:
    return played(tmp_path)


@pytest.mark.parametrize(("change", "found"), [
    (lambda d: d.pop("seed"), ("seed", "file.missing")),
    (lambda d: d.update(seed="3"), ("seed", "file.not_int")),
    (lambda d: d.update(turns=[]), ("turns", "file.empty")),
    (lambda d: d.update(scenario=["x"]), ("scenario", "file.not_object")),
    (lambda d: d["turns"][1].update(latency=-1), ("turns[1].latency", "file.range")),
    (lambda d: d["turns"][1].update(latency=math.nan), ("turns[1].latency", "file.not_finite")),
    (lambda d: d["turns"][0].update(latency=True), ("turns[0].latency", "file.not_number")),
    (lambda d: d["turns"][0].update(buyer_at="yesterday"), ("turns[0].buyer_at", "file.not_stamp")),
    (lambda d: d.update(finished_at="2026-13-01T00:00:00Z"), ("finished_at", "file.not_stamp")),
    (lambda d: d["turns"][0].pop("buyer"), ("turns[0].buyer", "file.missing")),
    (lambda d: d["outcome"].update(good="yes"), ("outcome.good", "file.not_bool")),
    (lambda d: d.update(schema_version=99), ("schema_version", "file.schema_new")),
    (lambda d: d.update(schema_version=0), ("schema_version", "file.schema_unknown")),
    (lambda d: d.update(schema_version="1"), ("schema_version", "file.schema_unknown")),
])
def test_each_bad_field_is_named(tmp_path, change, found):
    data = base(tmp_path)
    change(data)
    assert found in problems(data)


def test_three_problems_are_all_reported(tmp_path):
    data = base(tmp_path)
    data["seed"] = -1
    data["turns"][0]["latency"] = "fast"
    data["turns"][1]["reply_at"] = 12
    assert problems(data) == {("seed", "file.range"), ("turns[0].latency", "file.not_number"),
                              ("turns[1].reply_at", "file.not_stamp")}


def test_kefu_score_names_the_file_and_every_field(kefu, tmp_path):
    data = base(tmp_path)
    data["seed"] = -1
    data["turns"][0]["latency"] = "fast"
    data["turns"][1]["reply_at"] = 12
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = kefu("score", bad)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{bad} 有 3 处问题" in result.stderr
    for field in ("字段 seed:", "字段 turns[0].latency:", "字段 turns[1].reply_at:"):
        assert field in result.stderr
    english = kefu("--lang", "en", "score", bad)
    assert "has 3 problems" in english.stderr and "field turns[0].latency: " in english.stderr


def test_nan_in_the_file_text_is_refused_by_name(kefu, tmp_path):
    data = base(tmp_path)
    bad = tmp_path / "nan.json"
    bad.write_text(json.dumps(data).replace('"latency": 2', '"latency": NaN', 1),
                   encoding="utf-8")
    result = kefu("score", bad)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr and "NaN" in result.stderr


def test_a_result_file_reports_every_problem(tmp_path):
    data = {"format": "kefu-exam-result", "schema_version": 1,
            "exam": {"id": "mid1"}, "student": {"id": "../x", "name": 3},
            "sittings": [{"started_at": "now", "transcripts": [
                {**base(tmp_path), "id": ""}]}]}
    with pytest.raises(FileProblems) as caught:
        ResultFile.from_json(data)
    assert {(p.path, p.code) for p in caught.value.problems} == {
        ("exam.hash", "file.missing"), ("student.id", "file.bad_id"),
        ("student.name", "file.not_text"), ("sittings[0].started_at", "file.not_stamp"),
        ("sittings[0].transcripts[0].id", "file.missing")}


# ---- the upgrade chain -------------------------------------------------------------------
def test_an_old_version_is_upgraded_through_the_chain(tmp_path, monkeypatch):
    """A version 0 (a test shape: the reply was called "answer") is read through UPGRADES[0]."""
    current = base(tmp_path)

    def from_0(doc: dict) -> dict:
        for turn in doc["turns"]:
            if "answer" in turn:
                turn["reply"] = turn.pop("answer")
        return doc

    old = json.loads(json.dumps(current))
    old["schema_version"] = 0
    for turn in old["turns"]:
        if "reply" in turn:
            turn["answer"] = turn.pop("reply")
    assert ("schema_version", "file.schema_unknown") in problems(old)
    monkeypatch.setitem(tx.UPGRADES, 0, from_0)
    upgraded = Transcript.from_json(old)
    assert upgraded == Transcript.from_json(current)
    assert upgraded.to_json()["schema_version"] == tx.SCHEMA_VERSION
    assert old["schema_version"] == 0 and "answer" in old["turns"][0]  # the input is untouched


def test_every_problem_code_has_its_message():
    sources = [Path(tx.__file__), Path(tx.__file__).with_name("fileshape.py")]
    codes = {m for path in sources
             for m in re.findall(r'"(file\.[a-z_]+)"', path.read_text(encoding="utf-8"))}
    assert len(codes) >= 12
    assert codes <= set(MESSAGES)


def test_collect_and_take_name_every_field_of_a_bad_result_file(tmp_path, db_url):
    from exam_helpers import read, run, scenario_script, take, write, write_exam

    exam = write_exam(tmp_path)
    out = tmp_path / "out"
    assert take(exam, "s01", scenario_script("good"), out).exit_code == 0
    path = out / "mid1-s01.kefu.json"
    data = read(path)
    data["student"]["class"] = 7
    data["sittings"][0]["finished_at"] = "soon"
    data["sittings"][0]["transcripts"][0]["turns"][0]["latency"] = -2
    write(path, data)
    result = run("exam", "collect", exam, path, "--json")
    assert result.exit_code != 0 and "Traceback" not in result.output
    [entry] = json.loads(result.stdout)["files"]
    assert entry["status"] == "refused"
    assert [line.split(":")[0] for line in entry["refused"]] == [
        "字段 student.class", "字段 sittings[0].finished_at",
        "字段 sittings[0].transcripts[0].turns[0].latency"]
    again = take(exam, "s01", scenario_script("good"), out)  # the student's own file
    assert again.exit_code != 0 and str(path) in again.output
    assert "sittings[0].transcripts[0].turns[0].latency" in again.output


def test_resume_names_the_file_and_every_field(kefu, tmp_path):
    from simulator.paths import drills_dir

    session = Session.new(find(SCENARIO), 3, Judge(), drills_dir() / "d1.json")
    session.reply("您好", latency=4.0)
    data = json.loads(session.path.read_text(encoding="utf-8"))
    data["seed"] = "three"
    data["turns"][0]["reply_at"] = "noon"
    data["turns"][1]["buyer"] = None
    session.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = kefu("resume")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{session.path} 有 3 处问题" in result.stderr
    for field in ("字段 seed:", "字段 turns[0].reply_at:", "字段 turns[1].buyer:缺少"):
        assert field in result.stderr
