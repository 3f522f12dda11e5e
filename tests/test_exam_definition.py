"""Exam definitions: the template, validation errors with file:line:field, draws, overlays."""

from __future__ import annotations

from pathlib import Path

import pytest
from exam_helpers import SCENARIO, run, write_exam

from scoring.datafile import DataError
from simulator.exam import load_exam

FIX = Path(__file__).parent / "fixtures" / "exams"


def problems(path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_exam(path)
    return [str(p) for p in info.value.problems]


def test_exam_new_writes_a_commented_exam_that_validates(tmp_path):
    target = tmp_path / "e.yaml"
    result = run("exam", "new", "--out", target, "--id", "final-2026")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.count("#") > 5 and "id: final-2026" in text
    exam = load_exam(target)
    assert exam.id == "final-2026" and exam.scenario_ids == (SCENARIO,)
    assert exam.per_reply == 90 and exam.total == 1800 and exam.attempts == 1
    again = run("exam", "new", "-o", target)
    assert again.exit_code == 4 and target.read_text(encoding="utf-8") == text
    assert run("exam", "validate", target).exit_code == 0


def test_exam_new_refuses_an_id_that_would_escape_the_folder(tmp_path):
    result = run("exam", "new", "-o", tmp_path / "e.yaml", "--id", "../x")
    assert result.exit_code == 2 and not (tmp_path / "e.yaml").exists()


def test_every_bad_field_is_named_with_its_line():
    found = problems(FIX / "bad_fields.yaml")
    expect = [(":2: id:", "names files"), (":3: title:", "empty"),
              (":6: scenarios[1]:", "no_such_scenario"), (":7: seed:", "between"),
              (":9: time_limit.per_reply:", "between"), (":11: time_limit.lunch:", "unknown"),
              (":12: attempts:", "between"), (":13: coaching:", "never coach"),
              (":16: weights.charm:", "unknown"), (":17: grading:", "unknown")]
    for where, what in expect:
        assert any(where in p and what in p for p in found), (where, found)
    assert all(p.startswith(str(FIX / "bad_fields.yaml")) for p in found)
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_draw_problems_and_missing_overlay():
    draw = problems(FIX / "bad_draw.yaml")
    assert any(":7: scenarios.draw.bargainer:" in p and "only" in p for p in draw)
    assert any(":8: scenarios.draw.wizard:" in p and "persona" in p for p in draw)
    overlay = problems(FIX / "missing_overlay.yaml")
    assert any(":5: lexicon_overlay:" in p and "relative to the exam file" in p
               for p in overlay)


def test_syntax_errors_and_wrong_shapes(tmp_path):
    assert any("broken_syntax.yaml:" in p and "yaml" in p
               for p in problems(FIX / "broken_syntax.yaml"))
    assert any("must be a mapping" in p for p in problems(FIX / "not_mapping.yaml"))
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    assert problems(binary)


def test_validate_cli_reports_and_exits_2(tmp_path):
    result = run("exam", "validate", FIX / "bad_fields.yaml")
    assert result.exit_code == 2
    assert "bad_fields.yaml:6: scenarios[1]" in result.output
    assert "Traceback" not in result.output
    ok = write_exam(tmp_path)
    result = run("exam", "validate", ok, FIX / "bad_draw.yaml", "--json")
    assert result.exit_code == 2
    import json

    [good, bad] = json.loads(result.stdout)
    assert good["valid"] and good["scenarios"] == [SCENARIO]
    assert not bad["valid"] and bad["problems"]


def test_draw_is_the_same_for_everybody_and_follows_the_seed(tmp_path):
    from scenarios.loader import load_all

    bank = load_all()[0]
    bargainers = [s.id for s in bank if s.persona.type == "bargainer"]
    if len(bargainers) < 3:
        pytest.skip("the bank needs three bargainers for a meaningful draw")

    def drawn(seed):
        path = tmp_path / f"d{seed}.yaml"
        path.write_text("schema_version: 1\nid: d\ntitle: 抽题\nscenarios:\n"
                        f"  seed: {seed}\n  draw:\n    bargainer: 2\n", encoding="utf-8")
        return load_exam(path, bank=bank).scenario_ids

    first = drawn(1)
    assert first == drawn(1) and len(set(first)) == 2 and set(first) <= set(bargainers)
    assert len({drawn(s) for s in range(1, 12)}) > 1


def test_overlay_and_weights_reach_the_judge():
    exam = load_exam(FIX / "overlay" / "exam.yaml")
    judge = exam.judge()
    assert judge.rubric.weights["politeness"] == 10
    assert [h.rule.id for h in judge.check("送您枕套").forbidden] == ["exam.no_pillowcase"]
    plain = load_exam(FIX.parent.parent.parent / "tests" / "fixtures" / "exams" / "overlay"
                      / "exam.yaml")
    assert plain.hash == exam.hash  # the hash covers the YAML and the overlay's bytes
