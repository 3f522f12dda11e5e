"""The detector registry is the one definition of the `when` language: the README table lists
exactly its words, the loader checks arguments by it, memory detectors work without a reply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenarios import detectors
from scenarios.loader import load_scenario
from scoring.datafile import DataError
from simulator import engine

README = Path(__file__).parent.parent / "scenarios" / "README.md"
SCENARIO = Path(__file__).parent / "fixtures" / "golden" / "bargain.yaml"


def readme_words() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| Detector |"):text.index("\n\n", text.index("| Detector |"))]
    words = set()
    for row in table.splitlines()[2:]:
        first = row.split("|")[1]
        words |= set(re.findall(r"`\{?([a-z_]+)", first))
    return words


def test_the_readme_table_lists_exactly_the_registry():
    assert readme_words() == set(detectors.names())


def test_memory_detectors_answer_without_a_reply():
    scenario = load_scenario(SCENARIO)
    state = engine.State(scenario.start, 40, covered=frozenset({"offer_value"}))
    assert engine.matches(("covered", "offer_value"), None, state, scenario)
    assert engine.matches(("patience_below", 50), None, state, scenario)
    assert not engine.matches(("silence", None), None, state, scenario)  # needs a reply
    assert {d.name for d in detectors.REGISTRY.values() if d.memory} == {
        "covered", "said", "fact", "patience_below"}


@pytest.mark.parametrize(("when", "words"), [
    ("{polite: cheerful}", "unknown category 'cheerful'"),
    ("{forbidden: rude}", "unknown kind 'rude'"),
    ("{fact: mood}", "unknown fact 'mood'"),
    ("{said: hug}", "unknown intent 'hug'"),
    ("slot", "'slot' needs a value"),
    ("{silence: 3}", "takes no value"),
    ("{apologized: 1}", "takes no value"),
    ("sunshine", "unknown detector 'sunshine'"),
])
def test_the_loader_checks_arguments_by_the_registry(tmp_path, when, words):
    text = SCENARIO.read_text(encoding="utf-8")
    first_when = re.search(r"when: ([^\n]+)", text)
    bad = text[:first_when.start(1)] + when + text[first_when.end(1):]
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenario(path)
    assert any(words in p.message and p.field.startswith("nodes.") for p in info.value.problems), \
        info.value.problems
