"""``kefu scenarios ...``: list, show and validate scenarios."""

from __future__ import annotations

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import emit_json, find_scenario, handles_errors, load_judge, write_new_file
from .root import app

scenarios_app = typer.Typer(help=t("scenarios.help"), no_args_is_help=True)
app.add_typer(scenarios_app, name="scenarios")

STAGE_ALIASES = {"售前": "presale", "售中": "insale", "售后": "aftersale"}

ScenarioDirs = typer.Option(None, "--scenarios", metavar="DIR", help=t("opt.scenarios_dir"))


@scenarios_app.command("list", help=t("scenarios.list.help"))
@handles_errors
def list_cmd(
    persona_type: str = typer.Option(None, "--type", help=t("opt.type")),
    stage: str = typer.Option(None, "--stage", help=t("opt.stage")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from scenarios.loader import load_all

    scenarios, problems = load_all(dirs)
    stage = STAGE_ALIASES.get(stage, stage)
    rows = [s.summary() for s in scenarios
            if (not persona_type or s.persona.type == persona_type)
            and (not stage or s.stage == stage)]
    if json_out:
        emit_json(rows)
    else:
        from .. import ui

        ui.scenario_table(rows)
    if problems:
        from .. import ui

        ui.problems(t("err.data"), problems)
        raise typer.Exit(int(Exit.BAD_INPUT))


@scenarios_app.command("show", help=t("scenarios.show.help"))
@handles_errors
def show_cmd(
    ref: str = typer.Argument(..., metavar="ID"),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    scenario = find_scenario(ref, dirs)
    if json_out:
        emit_json(scenario.summary() | {
            "brief": scenario.render(scenario.brief),
            "persona": {"name": scenario.persona.name, "style": scenario.persona.style,
                        "patience": scenario.persona.temperament.patience,
                        "decay": scenario.persona.temperament.decay,
                        "wait": scenario.persona.temperament.wait,
                        "nudge": list(scenario.persona.nudge)},
            "outcomes": [{"id": o.id, "label": o.label, "good": o.good}
                         for o in scenario.outcomes.values()],
            "hash": scenario.content_hash,
        })
        return
    from .. import ui

    ui.show_scenario(scenario)


@scenarios_app.command("validate", help=t("scenarios.validate.help"))
@handles_errors
def validate_cmd(
    paths: list[str] = typer.Argument(..., metavar="PATH..."),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from scenarios.lint import lint
    from scenarios.loader import load_scenario
    from scoring.datafile import DataError, Problem

    report = []
    for path in expand_paths(paths):
        try:
            scenario = load_scenario(path)
            errors: list[Problem] = []
            warnings = lint(scenario)
        except DataError as exc:
            scenario, errors, warnings = None, exc.problems, []
        report.append((path, scenario, errors, warnings))
    bad = any(errors or warnings for _, _, errors, warnings in report)
    if json_out:
        emit_json([{"path": str(path), "id": s.id if s else None, "valid": not (e or w),
                    "errors": [str(x) for x in e], "warnings": [str(x) for x in w]}
                   for path, s, e, w in report])
    else:
        from .. import ui

        for path, scenario, errors, warnings in report:
            if errors:
                ui.problems(t("scenarios.invalid", n=len(errors)), errors)
            elif warnings:
                ui.problems(t("scenarios.invalid", n=len(warnings)), warnings)
            else:
                ui.info(t("scenarios.valid", path=str(path), id=scenario.id), "green")
    if bad:  # invalid files: bad input (2); valid but with graph problems: a failed check (1)
        raise typer.Exit(int(Exit.BAD_INPUT if any(e for _, _, e, _ in report) else Exit.FAILED))


def expand_paths(paths: list[str]):
    """Files as given; folders become the YAML files inside them."""
    from pathlib import Path

    files: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            files.append(p)
            continue
        found = sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml"))  # OSError: unreadable
        if not found:
            raise KefuError(t("err.no_yaml_in_folder", path=str(p)), Exit.NOT_FOUND)
        files += found
    return files


def gather(refs: list[str], dirs: list[str] | None):
    """Scenarios named by id or path (files or folders); all of them when ``refs`` is empty.
    Returns the scenarios and the problems of files that failed to load."""
    from scenarios.loader import load_all, load_scenario
    from scoring.datafile import DataError

    if not refs:
        return load_all(dirs)
    scenarios, problems = [], []
    bank = None
    for ref in refs:
        if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
            for path in expand_paths([ref]):
                try:
                    scenarios.append(load_scenario(path))
                except DataError as exc:
                    problems += exc.problems
            continue
        if bank is None:
            bank = load_all(dirs)[0]
        found = next((s for s in bank if s.id == ref), None)
        if found is None:
            find_scenario(ref, dirs)  # raises the usual "no such scenario" error
        scenarios.append(found)
    return scenarios, problems


@scenarios_app.command("test", help=t("scenarios.test.help"))
@handles_errors
def test_cmd(
    refs: list[str] = typer.Argument(None, metavar="[ID|PATH]...", help=t("arg.scenario_refs")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from ..scenario_tests import run_scenario_tests

    scenarios, problems = gather(refs or [], dirs)
    judge = load_judge()
    if json_out:
        reports = [run_scenario_tests(s, judge).to_json() for s in scenarios]
        emit_json({"passed": not problems and all(r["passed"] for r in reports),
                   "scenarios": reports, "errors": [str(p) for p in problems]})
    else:
        from .. import ui, ui_scenarios

        reports = []
        with ui_scenarios.progress(len(scenarios)) as advance:
            for scenario in scenarios:
                reports.append(run_scenario_tests(scenario, judge).to_json())
                advance()
        ui_scenarios.test_report(reports)
        if problems:
            ui.problems(t("err.data"), problems)
    if problems:
        raise typer.Exit(int(Exit.BAD_INPUT))
    if not all(r["passed"] for r in reports):
        raise typer.Exit(int(Exit.FAILED))


@scenarios_app.command("graph", help=t("scenarios.graph.help"))
@handles_errors
def graph_cmd(
    ref: str = typer.Argument(..., metavar="ID|PATH"),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    dirs: list[str] = ScenarioDirs,
) -> None:
    from scenarios.graph import to_json

    data = to_json(find_scenario(ref, dirs))
    if json_out:
        emit_json(data)
        return
    from .. import ui_scenarios

    ui_scenarios.graph(data)


@scenarios_app.command("new", help=t("scenarios.new.help"))
@handles_errors
def new_cmd(
    persona_type: str = typer.Option(..., "--type", help=t("opt.new_type")),
    out: str = typer.Option(None, "--out", "-o", help=t("opt.new_out")),
) -> None:
    from scenarios.model import PERSONA_TYPES
    from scenarios.skeleton import skeleton

    if persona_type not in PERSONA_TYPES:
        raise KefuError(t("err.bad_persona_type", value=persona_type,
                          known=", ".join(PERSONA_TYPES)))
    write_new_file(skeleton(persona_type), out, "scenarios.new.written")
