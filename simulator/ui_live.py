"""The 模拟专场 screens of ``kefu join`` (the chat itself is drawn by :mod:`simulator.ui`)."""

from __future__ import annotations

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .i18n import t
from .ui import out, safe


def match_intro(role: str, conv: dict, summary: dict) -> None:
    """The round's start: the role, the partner and, for the buyer, the persona card."""
    head = t("match.round", round=summary["round"], rounds=summary["rounds"])
    lines = Text.assemble((head + "  ", "bold"), safe(t(f"match.role.{role}",
                                                        partner=conv["partner"])))
    card = conv.get("card")
    if card:
        lines.append("\n")
        lines.append(Text.assemble((t("match.card.who") + ": ", "bold"), safe(card["buyer"]),
                                   "  ", safe(card["style"])))
        lines.append("\n")
        lines.append(Text.assemble((t("match.card.want") + ": ", "bold"),
                                   safe(card["title"] + " — " + "、".join(card["goal"]))))
        lines.append("\n" + t("match.card.keys"))
    else:
        lines.append("\n")
        lines.append(Text.assemble((t("show.brief") + ": ", "bold"),
                                   safe(conv["scenario"]["brief"])))
    out().print(Panel(lines, border_style="magenta", expand=False))


def match_lines(lines: list[str]) -> None:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold")
    table.add_column()
    for n, line in enumerate(lines, 1):
        table.add_row(str(n), safe(line))
    out().print(Panel(table, title=t("match.card.lines"), title_align="left",
                      border_style="blue", expand=False))


def match_ballot(ballot: dict) -> None:
    body = Text.assemble((t("role.buyer") + ": ", "blue"), safe(ballot["buyer"]), "\n",
                         (t("role.agent") + ": ", "green"), safe(ballot["reply"]))
    out().print(Panel(body, title=safe(f"{ballot['agent']} · {ballot['team']}"),
                      title_align="left", border_style="yellow", expand=False))


def match_summary(summary: dict) -> None:
    table = Table(title=t("match.final"))
    table.add_column(t("match.col.team"))
    table.add_column(t("match.col.score"), justify="right")
    for team in sorted(summary["teams"], key=lambda x: -x["score"]):
        table.add_row(safe(team["name"]), f"{team['score']:.1f}")
    out().print(table)
