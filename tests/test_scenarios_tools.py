"""Authoring tools for teachers: ``kefu scenarios test``, ``graph``, ``new`` and a teacher's own
scenario folder beside the built-in bank."""

from __future__ import annotations

import json

import pytest

from scenarios.graph import tree
from scenarios.lint import lint
from scenarios.loader import BUILTIN_DIR, load_all, load_scenario
from scenarios.model import PERSONA_TYPES
from scenarios.skeleton import skeleton
from simulator.scenario_tests import bank_rules, run_scenario_tests

REFERENCE = BUILTIN_DIR / "bargain_others_discount.yaml"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ---- the library: scripts and bank rules ---------------------------------------------------
def test_a_script_that_misses_its_ending_and_score_fails(tmp_path):
    text = skeleton("complainer").replace("expect: best", "expect: escalated")
    # the model script is perfect: one plain 你 puts 100 out of reach
    text = text.replace("min_score: 85", "min_score: 100").replace("随时联系我。", "你随时联系我。")
    report = run_scenario_tests(load_scenario(write(tmp_path / "s.yaml", text)))
    model = report.scripts[0]
    assert model.outcome == "best" and not model.passed
    assert model.failures == ["outcome", "min_score"]
    assert not report.passed


def test_a_score_above_max_score_fails(tmp_path):
    text = skeleton("complainer").replace("max_score: 40", "max_score: 2")
    report = run_scenario_tests(load_scenario(write(tmp_path / "s.yaml", text)))
    poor = report.scripts[1]
    assert poor.outcome == "escalated" and poor.score > 2 and poor.failures == ["max_score"]


def test_bank_rules_ask_for_a_model_and_a_poor_script_and_two_endings_each(tmp_path):
    text = skeleton("presale")
    text = text.replace("min_score: 85", "min_score: 60").replace("max_score: 40",
                                                                    "max_score: 70")
    # drop the edge to `escalated`: only one designed bad ending is left
    text = text.replace("      - {when: forbidden, goto: escalated}\n", "")
    codes = {r.code for r in bank_rules(load_scenario(write(tmp_path / "s.yaml", text)))}
    assert codes == {"no_model_script", "no_poor_script", "few_bad_endings"}


# ---- kefu scenarios test -------------------------------------------------------------------
def test_cli_test_reports_per_scenario_and_script(kefu, tmp_path):
    first = write(tmp_path / "a.yaml", skeleton("bargainer"))
    second = write(tmp_path / "b.yaml", skeleton("complainer"))
    result = kefu("scenarios", "test", first, second, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["passed"] and [r["id"] for r in out["scenarios"]] == [
        "my_bargainer", "my_complainer"]
    script = out["scenarios"][0]["scripts"][0]
    assert {"name", "expect", "outcome", "score", "min_score", "passed"} <= set(script)


def test_cli_test_fails_with_exit_1_and_says_why(kefu, tmp_path):
    text = skeleton("bargainer").replace("expect: best", "expect: left_angry")
    path = write(tmp_path / "wrong.yaml", text)
    result = kefu("scenarios", "test", path)
    assert result.returncode == 1
    assert "my_bargainer" in result.stdout and "left_angry" in result.stdout
    assert "结局不是预期的结局" in result.stdout
    english = kefu("--lang", "en", "scenarios", "test", path)
    assert "the ending is not the expected one" in english.stdout


def test_cli_test_of_a_broken_file_exits_2_naming_file_and_line(kefu, tmp_path):
    path = write(tmp_path / "broken.yaml", skeleton("hostile").replace("difficulty: 1",
                                                                        "difficulty: 9"))
    result = kefu("scenarios", "test", path)
    assert result.returncode == 2
    assert f"{path}:" in result.stderr and "difficulty" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_test_unknown_id(kefu):
    result = kefu("scenarios", "test", "no_such_scenario")
    assert result.returncode == 3 and "no_such_scenario" in result.stderr


# ---- kefu scenarios graph ------------------------------------------------------------------
def _walk(node, expanded, refs, outcomes):
    expanded.append(node["node"])
    for edge in node["edges"]:
        target = edge["target"]
        if "ref" in target:
            refs.append(target["ref"])
        elif "outcome" in target:
            outcomes.add(target["outcome"])
        else:
            _walk(target, expanded, refs, outcomes)


def test_graph_expands_every_node_once_and_marks_back_references():
    scenario = load_scenario(REFERENCE)
    expanded, refs, outcomes = [], [], set()
    _walk(tree(scenario), expanded, refs, outcomes)
    assert sorted(expanded) == sorted(scenario.nodes)  # each node exactly once
    assert "still_asking" in refs  # still_asking loops back to itself: a cycle, not recursion
    assert {"deal", "deal_cold", "too_cheap", "left_angry"} <= outcomes


def test_graph_edges_read_like_the_yaml():
    root = tree(load_scenario(REFERENCE))
    whens = [edge["when"] for edge in root["edges"]]
    assert whens[0] == "forbidden" and whens[-1] == "default"
    assert "any(slot: explain_value, apologized, empathized)" in whens


def test_cli_graph_terminal_and_json(kefu):
    result = kefu("scenarios", "graph", "complain_late_delivery")
    assert result.returncode == 0, result.stderr
    assert "where_is_it" in result.stdout and "↺" in result.stdout
    assert "resolved" in result.stdout and "complaint" in result.stdout
    data = json.loads(kefu("scenarios", "graph", "complain_late_delivery", "--json").stdout)
    assert data["start"] == "where_is_it" and data["tree"]["node"] == "where_is_it"


def test_graph_does_not_interpret_markup_in_scenario_text(kefu, tmp_path):
    text = skeleton("presale").replace("犹豫的顾客", '"[bold red]x[/]"').replace(
        "我165穿多大码", "[link=http://e.vil]码数[/link]")
    result = kefu("scenarios", "graph", write(tmp_path / "m.yaml", text))
    assert result.returncode == 0, result.stderr
    assert "[link=http://e.vil]码数[/link]" in result.stdout


# ---- kefu scenarios new --------------------------------------------------------------------
@pytest.mark.parametrize("persona_type", PERSONA_TYPES)
def test_skeleton_validates_lints_clean_and_passes_its_tests(persona_type, tmp_path):
    scenario = load_scenario(write(tmp_path / f"{persona_type}.yaml", skeleton(persona_type)))
    assert scenario.persona.type == persona_type
    assert lint(scenario) == []
    assert run_scenario_tests(scenario).passed


def test_cli_new_writes_once_and_never_overwrites(kefu, tmp_path):
    out = tmp_path / "mine.yaml"
    first = kefu("scenarios", "new", "--type", "complainer", "--out", out)
    assert first.returncode == 0 and out.exists()
    assert kefu("scenarios", "validate", out).returncode == 0
    out.write_text("# edited by the teacher\n", encoding="utf-8")
    again = kefu("scenarios", "new", "--type", "complainer", "--out", out)
    assert again.returncode == 4 and out.read_text(encoding="utf-8") == "# edited by the teacher\n"


def test_cli_new_prints_without_out_and_rejects_unknown_types(kefu):
    printed = kefu("scenarios", "new", "--type", "hostile")
    assert printed.returncode == 0 and "type: hostile" in printed.stdout
    bad = kefu("scenarios", "new", "--type", "wizard")
    assert bad.returncode == 2 and "wizard" in bad.stderr


# ---- a teacher's own folder ----------------------------------------------------------------
def test_teacher_folder_is_used_beside_the_bank(kefu, tmp_path, monkeypatch):
    folder = tmp_path / "class"
    folder.mkdir()
    write(folder / "mine.yaml", skeleton("presale"))
    scenarios, problems = load_all([str(folder)])
    assert problems == [] and "my_presale" in {s.id for s in scenarios}
    assert "bargain_others_discount" in {s.id for s in scenarios}
    listed = json.loads(kefu("scenarios", "list", "--json", "--scenarios", folder).stdout)
    assert {"my_presale", "bargain_others_discount"} <= {r["id"] for r in listed}
    via_env = kefu("scenarios", "test", "my_presale", "--json",
                   env={"KEFU_SCENARIOS": str(folder)})
    assert via_env.returncode == 0 and json.loads(via_env.stdout)["passed"]
    drill = kefu("drill", "-s", "my_presale", "--replies", "-", "--json", "--scenarios", folder,
                 input="您好,建议您拍M码\n")
    assert drill.returncode == 0 and json.loads(drill.stdout)["scenario"] == "my_presale"


def test_teacher_folder_id_clash_and_broken_file_are_reported(kefu, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    clash = write(folder / "clash.yaml", skeleton("bargainer").replace(
        "id: my_bargainer", "id: bargain_others_discount"))
    broken = write(folder / "broken.yaml", skeleton("hostile").replace("goto: best",
                                                                         "goto: nowhere"))
    write(folder / "fine.yaml", skeleton("aftersale"))
    scenarios, problems = load_all([str(folder)])
    ids = [s.id for s in scenarios]
    assert ids.count("bargain_others_discount") == 1 and "my_aftersale" in ids
    texts = [str(p) for p in problems]
    assert any(t.startswith(f"{clash}:1: id:") and "already used" in t for t in texts)
    assert any(t.startswith(f"{broken}:") and "nowhere" in t for t in texts)
    result = kefu("scenarios", "list", "--scenarios", folder)
    assert result.returncode == 2
    assert str(clash) in result.stderr and str(broken) in result.stderr
    assert "Traceback" not in result.stderr
    tested = kefu("scenarios", "test", "--json", "--scenarios", folder)
    assert tested.returncode == 2
    assert len(json.loads(tested.stdout)["errors"]) == 2


def test_the_readme_example_validates_and_passes_its_tests(tmp_path):
    import re

    readme = (BUILTIN_DIR.parent / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S)
                   if "schema_version" in block)
    scenario = load_scenario(write(tmp_path / "gift_wrap_friday.yaml", example))
    assert lint(scenario) == []
    report = run_scenario_tests(scenario)
    assert report.passed, report.to_json()


def test_lint_flags_an_edge_that_can_never_be_taken(tmp_path):
    text = skeleton("complainer").replace(
        "      - {when: forbidden, patience: -30, goto: offended}\n",
        "      - {when: forbidden, patience: -30, goto: offended}\n"
        "      - {when: forbidden, goto: escalated}\n", 1)
    scenario = load_scenario(write(tmp_path / "dup.yaml", text))
    messages = [str(p) for p in lint(scenario)]
    assert len(messages) == 1
    assert "nodes.next.edges[1]" in messages[0] and "never taken" in messages[0]


def test_the_model_script_must_name_the_best_ending(tmp_path):
    for expect in ("good", "good_enough"):  # any good ending, or a lesser one, is not enough
        text = skeleton("aftersale").replace("expect: best", f"expect: {expect}")
        rules = bank_rules(load_scenario(write(tmp_path / f"{expect}.yaml", text)))
        assert [r.code for r in rules] == ["no_model_script"]
        assert rules[0].params["best"] == "best"


def test_cli_test_without_arguments_runs_the_whole_bank_and_a_folder_path_works(kefu, tmp_path):
    whole = kefu("scenarios", "test", "--json")
    out = json.loads(whole.stdout)
    failing = {r["id"]: {x["code"] for x in r["rules"]} | {"script" for x in r["scripts"]
                                                           if not x["passed"]}
               for r in out["scenarios"] if not r["passed"]}
    assert failing == {}, failing
    assert whole.returncode == 0, whole.stdout[-2000:]
    assert len(out["scenarios"]) == len(load_all()[0]) >= 30
    folder = tmp_path / "mine"
    folder.mkdir()
    for persona_type in ("bargainer", "hostile"):
        write(folder / f"{persona_type}.yaml", skeleton(persona_type))
    result = kefu("scenarios", "test", folder)
    assert result.returncode == 0
    assert "my_bargainer" in result.stdout and "my_hostile" in result.stdout
