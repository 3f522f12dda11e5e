"""Malformed scenario files: each gives one clear ``file:line: field: message``, exit 2, no traceback.

The fixtures in tests/fixtures/scenarios_bad/ are one small valid scenario with one thing broken
(their first line says what).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios.lint import lint
from scenarios.loader import BUILTIN_DIR, load_scenario
from scoring.datafile import DataError

BAD = Path(__file__).parent / "fixtures" / "scenarios_bad"

# file -> (line, field, words the message must contain)
ERRORS = {
    "syntax_error.yaml": (12, "yaml", "expected ',' or '}'"),
    "schema_too_new.yaml": (2, "schema_version", "too new"),
    "unknown_intent.yaml": (20, "slots.offer_value.intents[1]", "unknown intent 'offer_discount'"),
    "slot_phrase_wildcard.yaml": (20, "slots.offer_value.phrases[1]", "write the number out"),
    "intents_in_v1.yaml": (20, "slots.offer_value.intents", "from schema_version 2 on"),
    "missing_field.yaml": (9, "persona.name", "is required"),
    "wrong_type.yaml": (6, "difficulty", "whole number"),
    "unknown_detector.yaml": (28, "nodes.ask.edges[0].when", "unknown detector 'smiled'"),
    "edge_unknown_node.yaml": (32, "nodes.ask.edges[2].goto", "'nowhere'"),
    "start_not_node.yaml": (22, "start", "no node called 'greet'"),
    "bad_placeholder.yaml": (27, "nodes.ask.say[1]", "{flavour} is not in context"),
    "duplicate_key.yaml": (16, "yaml", "duplicate key 'price'"),
    "non_default_last_edge.yaml": (32, "nodes.ask.edges", "last edge must be the default"),
    "floor_above_price.yaml": (16, "context.floor_price", "must not be above context.price"),
    "not_text.yaml": (4, "file", "not UTF-8 or GBK text (byte 0xff)"),
    "empty.yaml": (1, "file", "empty"),
    "top_level_list.yaml": (1, "(top)", "must be a mapping"),
    "control_character.yaml": (4, "yaml", "control character '\\x0b'"),
    "no_edges.yaml": (27, "nodes.ask.edges", "at least one edge"),
    "wait_out_of_range.yaml": (11, "persona.temperament.wait", "between 1 and 600, not 0"),
    "wait_not_number.yaml": (11, "persona.temperament.wait", "must be a number"),
    "nudge_empty_line.yaml": (15, "persona.nudge[1]", "non-empty text"),
    "nudge_placeholder.yaml": (13, "persona.nudge[1]", "{colour} is not in context"),
    "nudge_not_list.yaml": (13, "persona.nudge", "must be a list of text"),
}

LINT = {
    "lint_unreachable.yaml": (34, "nodes.lonely", "unreachable"),
    "lint_no_way_out.yaml": (34, "nodes.loop", "no way out"),
    "lint_outcome_never_reached.yaml": (36, "outcomes.refund", "never reached"),
}


def test_every_fixture_is_covered():
    assert {p.name for p in BAD.glob("*.yaml")} == set(ERRORS) | set(LINT)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_loader_reports_line_and_field(name):
    line, field, words = ERRORS[name]
    with pytest.raises(DataError) as info:
        load_scenario(BAD / name)
    problems = info.value.problems
    assert [(p.line, p.field) for p in problems] == [(line, field)], problems
    assert words in problems[0].message
    assert problems[0].file.endswith(name)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_validate_command_prints_the_error(kefu, name):
    line, field, words = ERRORS[name]
    result = kefu("scenarios", "validate", BAD / name)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # one unwrapped line per problem: file:line: field: message
    match = re.search(rf"^\s*(\S*{re.escape(name)}):(\d+): (\S+): (.*)$", result.stderr, re.M)
    assert match, result.stderr
    assert (int(match[2]), match[3]) == (line, field)
    assert words in match[4]


@pytest.mark.parametrize("name", sorted(LINT))
def test_lint_finds_graph_problems(name):
    line, field, words = LINT[name]
    scenario = load_scenario(BAD / name)  # valid YAML and schema
    problems = lint(scenario)
    assert [(p.line, p.field) for p in problems] == [(line, field)], problems
    assert words in problems[0].message


@pytest.mark.parametrize("name", sorted(LINT))
def test_validate_command_reports_lint_as_failed_check(kefu, name):
    line, field, words = LINT[name]
    result = kefu("scenarios", "validate", BAD / name)
    assert result.returncode == 1, result.stderr
    assert f"{name}:{line}: {field}: " in result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_several_files_reports_each(kefu):
    result = kefu("scenarios", "validate", BAD / "wrong_type.yaml", BAD / "start_not_node.yaml",
                  BUILTIN_DIR)
    assert result.returncode == 2
    assert "wrong_type.yaml:6: difficulty" in result.stderr
    assert "start_not_node.yaml:22: start" in result.stderr
    assert "bargain_others_discount" in result.stdout  # the good ones are still reported valid


def test_validate_missing_file(kefu, tmp_path):
    result = kefu("scenarios", "validate", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert "nope.yaml:0: file:" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json(kefu):
    result = kefu("scenarios", "validate", BAD / "floor_above_price.yaml", "--json")
    assert result.returncode == 2
    import json

    (entry,) = json.loads(result.stdout)
    assert entry["valid"] is False
    assert entry["errors"][0].endswith(
        "floor_above_price.yaml:16: context.floor_price: must not be above context.price")


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    text = (BAD / "wrong_type.yaml").read_text(encoding="utf-8")
    text = text.replace("start: ask", "start: greet").replace("floor_price: 179",
                                                              "floor_price: 999")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenario(path)
    assert {p.field for p in info.value.problems} == {"difficulty", "start",
                                                       "context.floor_price"}
