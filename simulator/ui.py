"""Everything drawn in the terminal. The only module that imports rich and prompt-toolkit.

Untrusted text (students', scenarios', files') is always wrapped in ``rich.text.Text`` after
:func:`simulator.text.clean`, so it can never act as markup or as terminal escape codes.
"""

from __future__ import annotations

import sys

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .i18n import t
from .text import clean

_out = Console(highlight=False)
_err = Console(stderr=True, highlight=False)

SEVERITY_STYLE = {"major": "bold white on red", "soft": "black on yellow"}
POLITE_STYLE = "black on green"


def out() -> Console:
    return _out


def safe(text) -> Text:
    return Text(clean(str(text)))


def error(message: str) -> None:
    _err.print(Text("✗ ", style="bold red") + safe(message), soft_wrap=True)


def warning(message: str) -> None:
    _err.print(Text("⚠ ", style="bold yellow") + safe(message), soft_wrap=True)


def problems(header: str, items) -> None:
    _err.print(Text(header, style="bold red"))
    for item in items:  # one line each, never wrapped: editors and grep read file:line
        _err.print(Text("  ") + safe(str(item)), soft_wrap=True)


def info(message: str, style: str = "") -> None:
    _out.print(Text(clean(message), style=style))


# ---- scenarios ---------------------------------------------------------------------------
def scenario_table(summaries: list[dict]) -> None:
    table = Table(show_lines=False)
    for key in ("col.id", "col.title", "col.type", "col.stage", "col.difficulty"):
        table.add_column(t(key))
    for s in summaries:
        table.add_row(safe(s["id"]), safe(s["title"]), t(f"persona.{s['persona_type']}"),
                      t(f"stage.{s['stage']}"), "★" * s["difficulty"])
    _out.print(table)
    _out.print(t("scenarios.count", n=len(summaries)))


def show_scenario(scenario) -> None:
    p = scenario.persona
    lines = [
        Text.assemble((scenario.title, "bold"), "  ", (scenario.id, "dim")),
        Text(f"{t('persona.' + p.type)} · {t('stage.' + scenario.stage)} · "
             f"{'★' * scenario.difficulty}"),
        Text.assemble((t("show.brief") + ": ", "bold"), safe(scenario.render(scenario.brief))),
        Text.assemble((t("show.persona") + ": ", "bold"), safe(p.name), " — ", safe(p.style),
                      " (", t("show.patience", p=p.temperament.patience, d=p.temperament.decay),
                      ")"),
    ]
    if scenario.slots:
        lines.append(Text(t("show.slots") + ":", style="bold"))
        for req in scenario.resolve:
            lines.append(Text("  • ") + safe(" / ".join(scenario.task().slot(n).label for n in req)))
    lines.append(Text(t("show.outcomes") + ":", style="bold"))
    for o in scenario.outcomes.values():
        style = "green" if o.good else "red"
        lines.append(Text.assemble("  ", (t("show.good") if o.good else t("show.bad"), style),
                                   "  ", safe(o.label), ("  " + o.id, "dim")))
    _out.print(Panel(Group(*lines), expand=False))


# ---- check -------------------------------------------------------------------------------
def highlighted(text: str, politeness, forbidden) -> Text:
    """The reply with politeness spans in green and forbidden spans in red/yellow.

    ``politeness``/``forbidden`` are dicts as in ``CheckResult.to_json()`` or score marks.
    """
    rendered = Text(clean_keep_length(text))
    for item in politeness:
        rendered.stylize(POLITE_STYLE, item["start"], item["end"])
    for item in forbidden:
        rendered.stylize(SEVERITY_STYLE.get(item.get("severity", "major"), "red"),
                         item["start"], item["end"])
    return rendered


def clean_keep_length(text: str) -> str:
    """Like :func:`clean` but keeps offsets valid: control characters become spaces."""
    return "".join(" " if clean(ch) == "" and ch not in "\n\t" else ch for ch in text)


def check_result(result: dict) -> None:
    _out.print(highlighted(result["text"], result["politeness"], result["forbidden"]))
    if result["politeness"]:
        items = "、".join(sorted({f"{p['phrase']}({p['category']})" for p in result["politeness"]}))
        _out.print(Text("  ✓ ", style="green") + safe(t("check.polite", items=items)))
    else:
        _out.print(Text("  · " + t("check.none_polite"), style="dim"))
    if not result["forbidden"]:
        _out.print(Text("  ✓ " + t("check.clean"), style="green"))
    for f in result["forbidden"]:
        style = "red" if f["severity"] == "major" else "yellow"
        _out.print(Text.assemble(("  ✗ ", style), (f"「{clean(f['phrase'])}」", style), " ",
                                 safe(f["message"]), (f"  [{f['rule']}]", "dim")))
        _out.print(Text("    → ") + safe(t("coach.better", text=f["suggestion"])))


# ---- drill ---------------------------------------------------------------------------------
def patience_bar(value: int) -> Text:
    width = 20
    filled = round(value / 100 * width)
    style = "green" if value >= 60 else "yellow" if value >= 30 else "red"
    return Text.assemble((t("drill.patience") + " ", "bold"), ("█" * filled, style),
                         ("░" * (width - filled), "dim"), f" {value}")


def header(scenario) -> None:
    _out.rule(Text(clean(f"{scenario.title} · {scenario.persona.name}"), style="bold"))
    _out.print(Panel(safe(t("drill.brief", brief=scenario.render(scenario.brief))),
                     border_style="cyan"))
    _out.print(Text(t("drill.input_help"), style="dim"))


def buyer_says(name: str, text: str, patience: int | None = None) -> None:
    if patience is not None:
        _out.print(patience_bar(patience))
    bubble = Panel(safe(text), title=safe(name), title_align="left", border_style="blue",
                   expand=False)
    _out.print(bubble)


def student_says(text: str) -> None:
    from rich.align import Align

    bubble = Panel(safe(text or "…"), title=t("drill.you"), title_align="right",
                   border_style="green", expand=False)
    _out.print(Align.right(bubble))


def coach(marks: list[dict], text: str) -> None:
    """Feedback on one reply: what was good, what was wrong and the better phrasing."""
    good = [m for m in marks if m["points"] > 0]
    bad = [m for m in marks if m["points"] < 0 or (m["points"] == 0 and m.get("suggestion"))]
    lines = []
    if good:
        lines.append(Text(t("coach.good") + ": ", style="green") + safe(
            "、".join(dict.fromkeys(m.get("phrase", "") for m in good if m.get("phrase")))))
    for m in bad:
        lines.append(Text.assemble(("✗ ", "red"), (clean(f"「{m.get('phrase', '')}」 "), "red"),
                                   safe(m["message"])))
        if m.get("suggestion"):
            lines.append(Text("   → ") + safe(t("coach.better", text=m["suggestion"])))
    if lines:
        _out.print(Panel(Group(*lines), border_style="magenta", expand=False))


def report_card(result: dict, scenario) -> None:
    outcome = result["outcome"]
    score = result["score"]
    good = t("show.good") if outcome and outcome["good"] else t("show.bad")
    _out.rule(t("report.title"))
    if outcome:
        _out.print(Text(t("report.outcome", label=clean(outcome["label"]), good=good),
                        style="bold green" if outcome["good"] else "bold red"))
    table = Table(show_header=False)
    for dim, value in score["dimensions"].items():
        table.add_row(t(f"dim.{dim}"), f"{value:.0f}", Text("█" * round(value / 10), "cyan"))
    _out.print(table)
    _out.print(Text(t("report.total", total=score["total"]), style="bold"))
    if score["omitted"]:
        _out.print(Text(t("report.omitted", what="、".join(t(f"dim.{d}") for d in score["omitted"])),
                        style="dim"))
    _out.print(Text(t("report.transcript"), style="bold"))
    marks_by_turn: dict[int, list] = {}
    for m in score["marks"]:
        if m.get("turn") is not None:
            marks_by_turn.setdefault(m["turn"], []).append(m)
    replies = [turn for turn in result["turns"] if turn.get("reply") is not None]
    for i, turn in enumerate(replies):
        _out.print(Text.assemble((t("role.buyer") + ": ", "blue"), safe(turn["buyer"])))
        marks = marks_by_turn.get(i, [])
        polite = [m for m in marks if m["dimension"] == "politeness" and m["points"] > 0
                  and "start" in m]
        forbidden = [m | {"severity": "major" if m["points"] <= -20 else "soft"}
                     for m in marks if m["dimension"] == "forbidden"]
        _out.print(Text.assemble((t("role.agent") + ": ", "green"),
                                 highlighted(turn["reply"], polite, forbidden)))
        for m in forbidden:
            if m.get("suggestion"):
                _out.print(Text("   → ") + safe(t("coach.better", text=m["suggestion"])))
    if result.get("closing"):
        _out.print(Text.assemble((t("role.buyer") + ": ", "blue"), safe(result["closing"])))


def ask_reply(history: list[str], status=None) -> str:
    """One reply from the student: prompt-toolkit, CJK-aware, history, paste, multi-line."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _newline(event):
        event.current_buffer.insert_text("\n")

    hist = InMemoryHistory()
    for item in history:
        hist.append_string(item)
    session = PromptSession(history=hist, key_bindings=bindings, multiline=False,
                            enable_history_search=False)
    # status (exams): a timer line under the prompt, refreshed every second
    return session.prompt(t("drill.prompt"), bottom_toolbar=status,
                          refresh_interval=1 if status else 0)


def ask_choice(prompt: str, count: int) -> int:
    """A number from 1 to ``count``, asked again until valid; returns the 0-based index."""
    from prompt_toolkit import prompt as pt_prompt

    while True:
        answer = pt_prompt(prompt + " ").strip()
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer) - 1
        error(t("drill.pick_invalid", n=count))


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
