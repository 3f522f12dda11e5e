"""Terminal drawing for the scenario authoring commands (test reports, the turn graph).

Scenario text is untrusted: it is always wrapped in ``rich.text.Text`` after ``clean``.
"""

from __future__ import annotations

from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text
from rich.tree import Tree

from .i18n import t
from .text import clean
from .ui import _err, _out, safe


@contextmanager
def progress(total: int):
    """A transient progress bar on stderr; yields ``advance()``."""
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   console=_err, transient=True, disable=not _err.is_terminal)
    with bar:
        task = bar.add_task(t("scenarios.test.running"), total=total)
        yield lambda: bar.advance(task)


def _score_range(s: dict) -> str:
    if s["min_score"] is not None and s["max_score"] is not None:
        return f"{s['min_score']:g}–{s['max_score']:g}"
    if s["min_score"] is not None:
        return f"≥{s['min_score']:g}"
    if s["max_score"] is not None:
        return f"≤{s['max_score']:g}"
    return "-"


def score_text(s: dict) -> str:
    wanted = _score_range(s)
    if wanted == "-":
        return t("scenarios.test.score_only", score=s["score"])
    return t("scenarios.test.score", score=s["score"], range=wanted)


def test_report(reports: list[dict]) -> None:
    """``reports`` as in ``ScenarioReport.to_json()``."""
    for r in reports:
        mark = ("✓", "green") if r["passed"] else ("✗", "bold red")
        _out.print(Text.assemble(mark, " ", (clean(r["id"]), "bold"), "  ",
                                 (clean(r["path"]), "dim")))
        for s in r["scripts"]:
            ok = ("✓", "green") if s["passed"] else ("✗", "red")
            outcome_style = "green" if s["good"] else "red"
            line = Text.assemble("   ", ok, " ", safe(s["name"]), "  ",
                                 (t("scenarios.test.got", outcome=clean(str(s["outcome"]))),
                                  outcome_style),
                                 " ", t("scenarios.test.want", expect=clean(s["expect"])),
                                 "  ", score_text(s))
            _out.print(line)
            for failure in s["failures"]:
                _out.print(Text("       → " + t(f"scenarios.test.fail.{failure}"), style="red"))
        for rule in r["rules"]:
            params = {k: v for k, v in rule.items() if k != "code"}
            _out.print(Text("   ✗ " + t(f"scenarios.rule.{rule['code']}", **params), style="red"))
    failed = sum(not r["passed"] for r in reports)
    scripts = sum(len(r["scripts"]) for r in reports)
    style = "bold red" if failed else "bold green"
    _out.print(Text(t("scenarios.test.summary", n=len(reports), scripts=scripts, failed=failed),
                    style=style))


def _label(node: dict) -> Text:
    say = node["say"][0] if node["say"] else ""
    more = f" (+{len(node['say']) - 1})" if len(node["say"]) > 1 else ""
    label = Text.assemble(("● ", "cyan"), (clean(node["node"]), "bold cyan"), "  ",
                          (clean(say), "italic"), (more, "dim"))
    if node.get("needs"):
        label.append("  " + t("scenarios.graph.needs", needs=clean("、".join(node["needs"]))),
                     "green")
    if node.get("met"):
        ack = node["met"]["say"][0] if node["met"]["say"] else ""
        label.append("  " + t("scenarios.graph.met", goto=clean(node["met"]["goto"]),
                              say=clean(ack)), "dim green")
    return label


def _edge(edge: dict) -> Text:
    p = edge["patience"]
    patience = f"  {t('scenarios.graph.patience')} {p:+d}" if p else ""
    style = "dim" if edge["when"] == "default" else "yellow"
    return Text.assemble((clean(edge["when"]), style), (patience, "magenta"), " → ")


def _add(branch: Tree, node: dict) -> None:
    for edge in node["edges"]:
        target = edge["target"]
        if "outcome" in target:
            style = "bold green" if target["good"] else "bold red"
            word = t("show.good") if target["good"] else t("show.bad")
            branch.add(_edge(edge) + Text.assemble(
                (f"■ {clean(target['outcome'])}", style), "  ", safe(target["label"]),
                (f"  [{word}]", style)))
        elif "ref" in target:
            branch.add(_edge(edge) + Text.assemble(
                (f"↺ {clean(target['ref'])}", "cyan"),
                ("  " + t("scenarios.graph.elsewhere"), "dim")))
        else:
            _add(branch.add(_edge(edge) + _label(target)), target)


def graph(data: dict) -> None:
    """``data`` as in ``scenarios.graph.to_json()``."""
    title = Text.assemble((clean(data["title"]), "bold"), "  ", (clean(data["id"]), "dim"), "  ",
                          (t("scenarios.graph.temper", p=data["patience"], d=data["decay"],
                             turns=data["max_turns"]), "dim"))
    root = Tree(title)
    start = root.add(_label(data["tree"]))
    _add(start, data["tree"])
    _out.print(root)
    _out.print(Text(t("scenarios.graph.legend"), style="dim"))
