"""``kefu drill --replies FILE|- --json``: the non-interactive drill that tests and scripts use."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scenarios.loader import load_all
from simulator.session import read_transcript

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
BUILTIN, _ = load_all()


def ends_well(scenario, test) -> bool:
    return scenario.outcomes[test.expect].good if test.expect in scenario.outcomes \
        else test.expect == "good"


# For every scenario present, its first good-ending and first bad-ending script, through the CLI
# in-process (all scripts of the bank also run through the library in test_scenarios_bank.py).
SCRIPTS = [pytest.param(s.id, test, id=f"{s.id}:{'good' if good else 'bad'}")
           for s in BUILTIN for good in (True, False)
           for test in [next((t for t in s.tests if ends_well(s, t) is good), None)] if test]


@pytest.fixture(scope="module")
def runner():
    from typer.testing import CliRunner

    return CliRunner()


def drill(how, scenario, replies: list[str], seed=1):
    """Run ``kefu drill --replies - --json``: ``how`` is the ``kefu`` fixture (a real process)
    or a CliRunner (in-process, much faster for the many scenario scripts)."""
    args = ["drill", "--scenario", str(scenario), "--replies", "-", "--seed", str(seed), "--json"]
    stdin = "".join(r + "\n" for r in replies)
    if callable(how):
        result = how(*args, input=stdin)
        code, stdout, stderr = result.returncode, result.stdout, result.stderr
    else:
        from simulator.commands import app

        result = how.invoke(app, args, input=stdin)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.exception
    assert code == 0, stderr
    assert "Traceback" not in stderr
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout  # exactly one JSON object
    return json.loads(lines[0])


def test_result_shape(kefu):
    out = drill(kefu, "bargain_others_discount", ["亲,您好!送您同款枕套一对,还包邮哦!"], 3)
    assert out["scenario"] == "bargain_others_discount" and out["seed"] == 3
    assert set(out["outcome"]) >= {"id", "label", "good"}
    assert 0 <= out["score"]["total"] <= 100
    assert set(out["score"]["dimensions"]) >= {"politeness", "forbidden", "resolution"}
    assert out["turns"][0]["reply"] == "亲,您好!送您同款枕套一对,还包邮哦!"
    assert all(isinstance(turn["buyer"], str) and turn["buyer"] for turn in out["turns"])
    # no timings in a --replies run: responsiveness is left out and the JSON says so
    assert "responsiveness" in out["score"]["omitted"]
    assert "responsiveness" not in out["score"]["dimensions"]


def test_replies_running_out_means_the_buyer_gives_up(runner):
    out = drill(runner, "bargain_others_discount", ["您好"], 1)
    assert out["outcome"]["id"] == "buyer_left" and out["outcome"]["good"] is False
    assert out["turns"][-1]["reply"] is None  # the buyer's last line went unanswered
    assert out["closing"]  # and the buyer said goodbye


def test_no_replies_at_all(runner):
    out = drill(runner, "bargain_others_discount", [], 1)
    assert out["outcome"]["id"] == "buyer_left"
    assert len(out["turns"]) == 1


def test_empty_line_is_silence(runner):
    out = drill(runner, "bargain_others_discount", ["", "您好"], 1)
    assert out["turns"][0]["reply"] == ""
    assert out["turns"][0]["observed"]["silence"] is True
    assert out["turns"][1]["observed"]["silence"] is False


def test_replies_from_a_file_and_the_transcript_is_saved(kefu, tmp_path, kefu_home):
    path = tmp_path / "replies.txt"
    path.write_bytes("您好\r\n\r\n请问您要什么颜色\r\n".encode())  # Windows line ends
    result = kefu("drill", "-s", "bargain_others_discount", "--replies", path, "--json")
    out = json.loads(result.stdout)
    assert [t["reply"] for t in out["turns"][:3]] == ["您好", "", "请问您要什么颜色"]
    saved = read_transcript(out["transcript"])
    assert Path(out["transcript"]).parent == kefu_home / "drills"
    assert saved["outcome"]["id"] == out["outcome"]["id"]
    assert [t.get("reply") for t in saved["turns"]] == [t["reply"] for t in out["turns"]]


def test_same_seed_same_result(runner):
    replies = ["您好", "这款是纯棉的", "送您赠品"]
    a = drill(runner, "bargain_others_discount", replies, 9)
    b = drill(runner, "bargain_others_discount", replies, 9)
    a.pop("transcript"), b.pop("transcript")
    assert a == b


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--scenario", "no_such_scenario", "--replies", "-"], 3, "no_such_scenario"),
    (["--replies", "-"], 2, "--scenario"),
    (["--scenario", "bargain_others_discount"], 2, "--replies"),  # no terminal, no replies
    (["--scenario", "bargain_others_discount", "--replies", "/nonexistent/r.txt"], 3,
     "/nonexistent/r.txt"),
])
def test_bad_invocations(kefu, args, code, words):
    result = kefu("drill", *args, "--json", input="")
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_replies_not_utf8(kefu):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "simulator", "drill", "-s",
                             "bargain_others_discount", "--replies", "-", "--json"],
                            input=b"\xff\xfe\n", capture_output=True)
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_every_builtin_scenario_has_a_good_and_a_bad_script():
    assert BUILTIN
    for scenario in BUILTIN:
        expects = [ends_well(scenario, t) for t in scenario.tests]
        assert True in expects and False in expects, scenario.id


@pytest.mark.parametrize(("scenario_id", "script"), SCRIPTS)
def test_scenario_scripts_reach_their_ending(runner, scenario_id, script):
    """Each scenario's own model script ends well, its curt/rude one ends badly (JSON mode)."""
    out = drill(runner, scenario_id, list(script.replies), script.seed)
    if script.expect in ("good", "bad"):
        assert out["outcome"]["good"] is (script.expect == "good"), out["outcome"]
    else:
        assert out["outcome"]["id"] == script.expect


# ---- golden transcript ---------------------------------------------------------------------
VOLATILE = {"transcript", "started_at", "finished_at", "buyer_at", "reply_at", "shown_at"}


def meaning(obj):
    """The result without what changes from run to run (timestamps, ids, paths)."""
    if isinstance(obj, dict):
        return {k: meaning(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [meaning(v) for v in obj]
    return obj


def test_golden_transcript(kefu):
    """A fixed scenario, seed and replies give the checked-in result.

    After an intended change (wording, scoring), regenerate with
    ``KEFU_UPDATE_GOLDEN=1 pytest tests/test_drill_json.py -k golden`` and review the diff.
    """
    replies = (GOLDEN / "bargain.replies.txt").read_text(encoding="utf-8").split("\n")[:-1]
    out = meaning(drill(kefu, GOLDEN / "bargain.yaml", replies, 42))
    golden = GOLDEN / "bargain.seed42.json"
    if os.environ.get("KEFU_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert out["outcome"] == expected["outcome"]
    assert [(t["buyer"], t["reply"], t["patience"]) for t in out["turns"]] == \
        [(t["buyer"], t["reply"], t["patience"]) for t in expected["turns"]]
    assert out == expected, "regenerate with KEFU_UPDATE_GOLDEN=1 if the change is intended"


def test_data_folder_that_cannot_be_created(kefu):
    result = kefu("drill", "-s", "bargain_others_discount", "--replies", "-", "--json",
                  input="您好\n", env={"KEFU_HOME": "/proc/no/such/kefu"})
    assert result.returncode == 2
    assert "/proc/no" in result.stderr and "KEFU_HOME" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_reply_over_the_cap_is_cut_to_500_characters_and_the_student_told(kefu):
    from simulator.transcript import MAX_REPLY

    assert MAX_REPLY == 500  # the README states this cap
    long = "您好,亲!" + "的" * 600 + "滚"
    result = kefu("drill", "--scenario", "bargain_others_discount", "--replies", "-",
                  "--seed", "1", "--json", input=long + "\n")
    assert result.returncode == 0, result.stderr
    assert "500" in result.stderr and str(len(long)) in result.stderr
    first = json.loads(result.stdout)["turns"][0]
    assert first["reply"] == long[:500] and first["cut_from"] == len(long)
    assert "滚" not in json.dumps(first["observed"], ensure_ascii=False)
