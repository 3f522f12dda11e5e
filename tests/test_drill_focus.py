"""``kefu drill --focus weak``: the scenario for the student's weakest point, from the
gradebook, with a one-line why; a starter scenario when there is no history."""

from __future__ import annotations

import json

from exam_helpers import SCENARIO, run


def replies_file(tmp_path, lines, name="r.txt"):
    f = tmp_path / name
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def focus_drill(tmp_path, *extra):
    result = run("drill", "--focus", "weak", "--seed", "3", "--replies",
                 replies_file(tmp_path, ["您好"], "focus.txt"), *extra)
    assert result.exit_code == 0, result.output
    return result


def bank():
    from scenarios.loader import load_all

    return {s.id: s for s in load_all([])[0]}


def test_no_history_says_so_and_starts_easy(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_STUDENT", "s01")
    data = json.loads(focus_drill(tmp_path, "--json").stdout)
    focus = data["focus"]
    easiest = min(s.difficulty for s in bank().values())
    assert focus["weakness"] is None and focus["reason"] == "focus.starter"
    assert data["scenario"] == focus["scenario"]
    assert bank()[focus["scenario"]].difficulty == easiest
    assert "还没有" in focus["why"]
    after = json.loads(focus_drill(tmp_path, "--json").stdout)["focus"]
    assert after["weakness"] is not None  # the drill just done is history now
    monkeypatch.setenv("KEFU_STUDENT", "s09")
    shown = focus_drill(tmp_path)
    assert "还没有你的练习记录" in shown.output
    monkeypatch.setenv("KEFU_STUDENT", "s10")
    english = run("--lang", "en", "drill", "--focus", "weak", "--replies",
                  replies_file(tmp_path, ["hi"], "en.txt"))
    assert "No history of yours yet" in english.output


def test_weakest_intent_from_a_recorded_drill(tmp_path, monkeypatch):
    monkeypatch.setenv("KEFU_STUDENT", "s01")
    curt = run("drill", "-s", SCENARIO, "--seed", "1", "--json",
               "--replies", replies_file(tmp_path, ["不打折", "嗯"]))
    assert curt.exit_code == 0, curt.output
    marks = json.loads(curt.stdout)["score"]["marks"]
    missed = {m["rule"].removeprefix("slot.") for m in marks
              if m["rule"].startswith("slot.") and m["points"] == 0}
    assert missed  # the curt drill left requirements undone
    scenario = bank()[SCENARIO]
    missed_intents = {i for req in missed for name in req.split("|")
                      for i in scenario.task().slot(name).intents}
    focus = json.loads(focus_drill(tmp_path, "--json").stdout)["focus"]
    weakness = focus["weakness"]
    assert weakness["kind"] == "intent" and weakness["id"] in missed_intents
    assert weakness["done"] == 0 and weakness["chances"] >= 1 and weakness["value"] == 0
    picked = bank()[focus["scenario"]]
    assert any(weakness["id"] in slot.intents for slot in picked.slots)
    if len(focus["candidates"]) > 1:  # another scenario trains it: not the one just played
        assert picked.id != SCENARIO
    assert weakness["label"] in focus["why"] and picked.title in focus["why"]


def test_weakest_dimension_picks_the_scenario_where_it_went_worst(tmp_path, monkeypatch):
    from simulator.storage import Gradebook, NewAttempt, Student

    ids = sorted(bank())[:3]
    rows = [  # (scenario, politeness, forbidden): forbidden is the weakest (average 60)
        (ids[0], 90, 80), (ids[1], 85, 30), (ids[2], 95, 70)]
    with Gradebook.open() as book:
        for n, (sid, polite, forbidden) in enumerate(rows):
            book.add_attempt(NewAttempt(
                f"u{n}", "s02", sid, "old-hash", 1, {}, 70,
                {"politeness": polite, "forbidden": forbidden},
                f"2026-12-0{n + 1}T10:00:00Z"), Student("s02"))
    monkeypatch.setenv("KEFU_STUDENT", "s02")
    focus = json.loads(focus_drill(tmp_path, "--json").stdout)["focus"]
    assert focus["weakness"]["kind"] == "dimension"
    assert focus["weakness"]["id"] == "forbidden" and focus["weakness"]["value"] == 60
    assert focus["scenario"] == ids[1]
    assert "禁用语" in focus["why"] and "30" in focus["why"]


def test_focus_options_are_checked():
    assert run("drill", "--focus", "strong", "--replies", "-").exit_code != 0
    both = run("drill", "--focus", "weak", "-s", SCENARIO, "--replies", "-")
    assert both.exit_code != 0 and "--scenario" in both.output
    assert "--focus" in run("drill", "--help").output
