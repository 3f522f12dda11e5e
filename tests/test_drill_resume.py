"""``kefu resume`` refusals and the transcript file (no terminal needed for these)."""

from __future__ import annotations

import json
from pathlib import Path

from scenarios.loader import BUILTIN_DIR, load_scenario
from scoring.judge import Judge
from simulator.paths import drills_dir
from simulator.session import Session, read_transcript


def teacher_scenario(folder: Path) -> Path:
    """A copy of the built-in bargainer under another id, in a teacher's folder."""
    folder.mkdir(exist_ok=True)
    text = (BUILTIN_DIR / "bargain_others_discount.yaml").read_text(encoding="utf-8")
    path = folder / "mine.yaml"
    path.write_text(text.replace("id: bargain_others_discount", "id: my_bargainer"),
                    encoding="utf-8")
    return path


def start_drill(path: Path, replies: list[str]) -> Session:
    session = Session.new(load_scenario(path), 3, Judge(), drills_dir() / "d1.json")
    for text in replies:
        session.reply(text, latency=4.0)
    return session


def test_changed_scenario_is_refused(kefu, tmp_path):
    folder = tmp_path / "teacher"
    path = teacher_scenario(folder)
    start_drill(path, ["您好"])
    path.write_text(path.read_text(encoding="utf-8").replace("patience: 60", "patience: 70"),
                    encoding="utf-8")
    result = kefu("resume", "--scenarios", folder)
    assert result.returncode == 4
    assert "my_bargainer" in result.stderr and "修改" in result.stderr
    assert "Traceback" not in result.stderr
    # the transcript is left as it was
    assert [t.get("reply") for t in read_transcript(drills_dir() / "d1.json")["turns"]][0] == "您好"


def test_unchanged_scenario_needs_a_terminal(kefu, tmp_path):
    folder = tmp_path / "teacher"
    start_drill(teacher_scenario(folder), ["您好"])
    result = kefu("resume", "--scenarios", folder)
    assert result.returncode == 2
    assert "终端" in result.stderr and "Traceback" not in result.stderr


def test_nothing_to_resume(kefu):
    result = kefu("resume")
    assert result.returncode == 3 and "没有未完成的对练" in result.stderr


def test_finished_drills_are_not_resumed(kefu, tmp_path):
    session = start_drill(teacher_scenario(tmp_path / "t"), [])
    session.give_up()
    assert kefu("resume").returncode == 3


def test_broken_transcript_gives_a_clear_error(kefu):
    path = drills_dir() / "broken.json"
    path.write_text(json.dumps({"mode": "drill", "outcome": None, "turns": "nope"}))
    result = kefu("resume")
    assert result.returncode == 2
    assert "broken.json" in result.stderr and "Traceback" not in result.stderr


def test_transcript_is_written_after_every_turn(tmp_path):
    path = teacher_scenario(tmp_path / "t")
    session = start_drill(path, [])
    file = drills_dir() / "d1.json"
    assert len(read_transcript(file)["turns"]) == 1
    for n, text in enumerate(["您好", "这款是纯棉的"], start=1):
        session.reply(text, latency=2.5)
        data = read_transcript(file)  # what a kill -9 right now would leave
        assert [t.get("reply") for t in data["turns"]][:n] == ["您好", "这款是纯棉的"][:n]
        assert data["turns"][n - 1]["latency"] == 2.5
        assert data["turns"][n - 1]["observed"]["silence"] is False
        assert "patience_after" in data["turns"][n - 1]
    assert data["scenario"]["hash"] == session.scenario.content_hash
    assert not list(file.parent.glob(".*.tmp"))  # no temporary files left behind


def test_scenario_given_by_path_is_found_again(kefu, tmp_path):
    path = teacher_scenario(tmp_path / "t")
    start_drill(path, ["您好"])
    # not in the bank nor in a --scenarios folder: found through the path kept in the transcript
    result = kefu("resume")
    assert result.returncode == 2 and "终端" in result.stderr  # got as far as needing a terminal
    path.unlink()
    result = kefu("resume")
    assert result.returncode == 3 and "my_bargainer" in result.stderr
