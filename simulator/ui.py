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

from .i18n import language, t
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


def paused(message: str) -> None:
    _err.print(Text("⏸ ", style="bold yellow") + safe(message), soft_wrap=True)


def warning(message: str) -> None:
    _chat().warning(message)


def problems(header: str, items) -> None:
    _err.print(Text(header, style="bold red"))
    for item in items:  # one line each, never wrapped: editors and grep read file:line
        _err.print(Text("  ") + safe(str(item)), soft_wrap=True)


def info(message: str, style: str = "") -> None:
    _chat().info(message, style)


# ---- scenarios ---------------------------------------------------------------------------
def scenario_table(summaries: list[dict], numbered: bool = False) -> None:
    table = Table(show_lines=False)
    if numbered:
        table.add_column("#", justify="right", style="bold")
    for key in ("col.id", "col.title", "col.type", "col.stage", "col.difficulty"):
        table.add_column(t(key))
    for n, s in enumerate(summaries, 1):
        table.add_row(*([str(n)] if numbered else []), safe(s["id"]), safe(s["title"]),
                      t(f"persona.{s['persona_type']}"), t(f"stage.{s['stage']}"),
                      "★" * s["difficulty"])
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
    done = {i["intent"] for i in result.get("intents", ()) if i["polarity"] == "done"}
    for polarity, key, style in (("done", "check.intents", "green"),
                                 ("refused", "check.intents_refused", "yellow"),
                                 ("mention", "check.intents_mentioned", "dim")):
        names = sorted({i["label"] if language() == "zh" else i["intent"]
                        for i in result.get("intents", ()) if i["polarity"] == polarity
                        and (polarity == "done" or i["intent"] not in done)})
        if names:
            _out.print(Text(f"  {'✓' if polarity == 'done' else '·'} ", style=style)
                       + safe(t(key, items="、".join(names))))
    if result.get("plain_address"):
        _out.print(Text("  · ", style="yellow")
                   + safe(t("check.plain_address", count=len(result["plain_address"]))))
    for clause in result.get("clauses", ()):
        what = [t(f"check.mood.{clause['mood']}")] if clause["mood"] != "statement" else []
        what += [t("check.negation", cue=n["cue"], scope=n["scope"] or "—")
                 for n in clause["negations"]]
        if what:
            _out.print(Text("  · ", style="dim")
                       + safe(t("check.clause", text=clause["text"], what=";".join(what))))
    if not result["forbidden"]:
        _out.print(Text("  ✓ " + t("check.clean"), style="green"))
    for f in result["forbidden"]:
        style = "red" if f["severity"] == "major" else "yellow"
        _out.print(Text.assemble(("  ✗ ", style), (f"「{clean(f['phrase'])}」", style), " ",
                                 safe(f["message"]), (f"  [{f['rule']}]", "dim")))
        _out.print(Text("    → ") + safe(t("coach.better", text=f["suggestion"])))


# ---- drill ---------------------------------------------------------------------------------
def clock(iso: str | None = None) -> str:
    """``HH:MM:SS`` in local time, of an ISO timestamp or of now."""
    from datetime import datetime

    from .stamps import parse

    moment = parse(iso) if iso else datetime.now().astimezone()
    return moment.astimezone().strftime("%H:%M:%S") if moment else ""


def patience_bar(value: int, delta: int | None = None) -> Text:
    width = 20
    filled = round(value / 100 * width)
    style = "green" if value >= 60 else "yellow" if value >= 30 else "red"
    bar = Text.assemble((t("drill.patience") + " ", "bold"), ("█" * filled, style),
                        ("░" * (width - filled), "dim"), f" {value}")
    if delta:
        bar.append(f"  {'▲' if delta > 0 else '▼'}{abs(delta)}",
                   style="green" if delta > 0 else "red")
    return bar


class ChatScreen:
    """The chat window, drawn on two consoles: ``out`` for the conversation, ``err`` for
    warnings. The drill loop (:mod:`simulator.chat`) gets one made from its
    :class:`~simulator.env.Env`; the module functions below draw on the process's consoles."""

    def __init__(self, out: Console, err: Console):
        self.out, self.err = out, err

    def info(self, message: str, style: str = "") -> None:
        self.out.print(Text(clean(message), style=style), soft_wrap=True)  # paths stay copyable

    def warning(self, message: str) -> None:
        self.err.print(Text("⚠ ", style="bold yellow") + safe(message), soft_wrap=True)

    def header(self, scenario, resumed_turns: int = 0, exam: bool = False) -> None:
        """The top of the chat window: shop and buyer, the brief, the keys (``exam``: the
        wording of an exam, not of a drill)."""
        from .server.views import scenario_view

        self.header_view(scenario_view(scenario), resumed_turns, exam)

    def header_view(self, view: dict, resumed_turns: int = 0, exam: bool = False) -> None:
        """:func:`header` from a scenario's view (``kefu join``: the server sends it)."""
        from .messages import MESSAGES

        shop = view.get("shop")
        kind = f"persona.{view.get('persona_type')}"
        buyer = safe(view.get("buyer", ""))
        title = Text.assemble(("千牛 ", "bold cyan"), safe(shop) if shop else "",
                              "  ·  ", (t("role.buyer") + ": ", "dim"), buyer,
                              (f"  ({t(kind) if kind in MESSAGES else clean(kind[8:])})", "dim"))
        self.out.print(Panel(
            Group(Text.assemble((t("show.brief") + ": ", "bold"), safe(view.get("brief", ""))),
                  Text(t("drill.input_help"), style="dim")),
            title=title, title_align="left", subtitle=safe(view.get("title", "")),
            subtitle_align="right", border_style="cyan"))
        if resumed_turns:
            self.out.print(Text(t("exam.resumed" if exam else "drill.resumed", n=resumed_turns),
                                 style="bold yellow"))

    def bubble_width(self, body: Text, title: Text) -> int:
        """Like a chat window: as wide as the text, at most about 70% of the terminal."""
        from rich.cells import cell_len

        widest = max([cell_len(line) for line in body.plain.split("\n")]
                     + [cell_len(title.plain) + 2])
        return max(20, min(widest + 4, int(self.out.width * 0.7)))

    def buyer_says(self, name: str, text: str, when: str | None = None) -> None:
        body = safe(text)
        title = Text.assemble(safe(name), ("  " + clock(when), "dim"))
        self.out.print(Panel(body, title=title, title_align="left", border_style="blue",
                              width=self.bubble_width(body, title)))

    def student_says(self, text: str, when: str | None = None,
                     latency: float | None = None) -> None:
        from rich.align import Align

        extra = f"  {latency:.0f}s" if latency is not None else ""
        title = Text.assemble((clock(when) + extra + "  ", "dim"), t("drill.you"))
        body = safe(text) if text.strip() else Text(t("drill.silence"), style="dim italic")
        self.out.print(Align.right(Panel(body, title=title, title_align="right",
                                         border_style="green",
                                         width=self.bubble_width(body, title))))

    def patience(self, value: int, delta: int | None = None) -> None:
        self.out.print(patience_bar(value, delta))

    def feeling(self, reaction, delta: int) -> None:
        """How the reply made the buyer feel (coach): 热情 +4 · 冷淡 -4 … and the rest of the turn's
        patience change (the scene's reaction to what was done, the buyer's waning patience, 催), so
        the parts add up to the change shown on the patience bar."""
        parts = [f"{t(f'feel.{why}')} {points:+d}" for why, points in reaction]
        rest = delta - sum(points for _, points in reaction)
        if rest:
            parts.append(f"{t('feel.rest')} {rest:+d}")
        if parts:
            self.out.print(Text(t("feel.line", parts=" · ".join(parts), delta=f"{delta:+d}"),
                                 style="dim"))

    def coach(self, marks: list[dict]) -> None:
        """Feedback on one reply: what was good, what was wrong and the better phrasing."""
        polite = [m["phrase"] for m in marks
                  if m["dimension"] == "politeness" and m["points"] > 0 and m.get("phrase")]
        done = [m["message"] for m in marks if m["dimension"] == "resolution" and m["points"] > 0]
        bad = [m for m in marks if m["points"] < 0 or (m["points"] == 0 and m.get("suggestion"))]
        grid = Table.grid(padding=(0, 1))  # wrapped lines stay indented under their text
        grid.add_column(no_wrap=True)
        grid.add_column()
        if polite:
            grid.add_row(Text("✓", "green"), Text(t("coach.polite") + ": ", "green")
                         + safe("、".join(dict.fromkeys(polite))))
        for message in dict.fromkeys(done):
            grid.add_row(Text("✓", "green"), safe(message))
        for m in bad:
            phrase = m.get("phrase", "")
            grid.add_row(Text("✗", "red"), Text.assemble(
                (f"「{clean(phrase)}」 " if phrase else "", "red"), safe(m["message"])))
            if m.get("suggestion"):
                grid.add_row(Text("→", "cyan"), safe(t("coach.better", text=m["suggestion"])))
        if grid.row_count:
            self.out.print(Panel(grid, title=t("coach.title"), title_align="left",
                                  border_style="magenta", expand=False))

    def outcome_banner(self, outcome: dict, closing: str, name: str, exam: bool = False) -> None:
        if closing:
            self.buyer_says(name, closing)
        style = "bold green" if outcome["good"] else "bold red"
        mark = "✓" if outcome["good"] else "✗"
        key = "exam.scenario_end" if exam else "drill.end"
        self.out.print(Text(f"{mark} " + t(key, label=clean(outcome["label"])), style=style))


def _chat() -> ChatScreen:
    return ChatScreen(_out, _err)  # looked up at each call: a test may swap the consoles


def header(scenario, resumed_turns: int = 0, exam: bool = False) -> None:
    _chat().header(scenario, resumed_turns, exam)


def header_view(view: dict, resumed_turns: int = 0, exam: bool = False) -> None:
    _chat().header_view(view, resumed_turns, exam)


def buyer_says(name: str, text: str, when: str | None = None) -> None:
    _chat().buyer_says(name, text, when)


def student_says(text: str, when: str | None = None, latency: float | None = None) -> None:
    _chat().student_says(text, when, latency)


def patience(value: int, delta: int | None = None) -> None:
    _chat().patience(value, delta)


def coach(marks: list[dict]) -> None:
    _chat().coach(marks)


def outcome_banner(outcome: dict, closing: str, name: str, exam: bool = False) -> None:
    _chat().outcome_banner(outcome, closing, name, exam)


def report_card(result: dict) -> None:
    """Outcome, score by dimension, and the transcript with flagged spans highlighted."""
    outcome = result["outcome"]
    score = result["score"]
    _out.rule(t("report.title"))
    if outcome:
        good = t("show.good") if outcome["good"] else t("show.bad")
        _out.print(Text(t("report.outcome", label=clean(outcome["label"]), good=good),
                        style="bold green" if outcome["good"] else "bold red"))
    table = Table(show_header=False, box=None, padding=(0, 1))
    for dim, value in score["dimensions"].items():
        style = "green" if value >= 80 else "yellow" if value >= 50 else "red"
        table.add_row(t(f"dim.{dim}"), Text(f"{value:>3.0f}", style),
                      Text("█" * round(value / 5) + "░" * (20 - round(value / 5)), style))
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
    grid = Table.grid(padding=(0, 1))  # speaker | text: wrapped and multi-line text stays aligned
    grid.add_column(no_wrap=True)
    grid.add_column()
    for i, turn in enumerate(replies):
        buyer = safe(turn["buyer"])
        if turn.get("nudges"):
            buyer.append("  " + t("report.nudged", n=turn["nudges"]), style="dim red")
        grid.add_row(Text(t("role.buyer"), "blue"), buyer)
        marks = marks_by_turn.get(i, [])
        polite = [m for m in marks if m["dimension"] == "politeness" and m["points"] > 0
                  and "start" in m]
        forbidden = [m | {"severity": "major" if m["points"] <= -20 else "soft"}
                     for m in marks if m["dimension"] == "forbidden" and "start" in m]
        line = (highlighted(turn["reply"], polite, forbidden) if turn["reply"].strip()
                else Text(t("drill.silence"), "dim italic"))
        if turn.get("latency") is not None:
            line.append(f"  ({turn['latency']:.0f}s)", style="dim")
        grid.add_row(Text(t("role.agent"), "green"), line)
        for m in forbidden:
            if m.get("suggestion"):
                grid.add_row(Text("→", "cyan"), Text.assemble(
                    (f"「{clean(m['phrase'])}」", "red"), " ",
                    safe(t("coach.better", text=m["suggestion"]))))
    if result.get("closing") and not (replies and replies[-1].get("last_word")):
        grid.add_row(Text(t("role.buyer"), "blue"), safe(result["closing"]))
    _out.print(grid)
    missed = [m for m in score["marks"] if m["dimension"] == "resolution" and m.get("turn") is None
              and m["points"] == 0]
    missed += [m for m in score["marks"] if m["dimension"] == "politeness"
               and m["rule"].startswith("politeness.no_")]  # the conversation-wide parts
    for m in missed:
        _out.print(Text.assemble(("✗ ", "red"), safe(m["message"]), "  ",
                                 safe(m.get("suggestion", "")), style=""))
    for m in score["marks"]:
        if m["rule"] == "outcome.best_needed":
            _out.print(Text.assemble(("★ ", "yellow"), safe(m["message"]), style="yellow"))


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
