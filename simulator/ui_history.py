"""Drawing a student's history (``kefu history``) in the terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .i18n import t
from .metrics import DEFAULT_LIMIT
from .stamps import local_time
from .text import one_line
from .ui import out, safe

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Scores 0-100 as one block character each (0 → ▁, 100 → █)."""
    return "".join(SPARKS[min(len(SPARKS) - 1, max(0, int(v) * len(SPARKS) // 101))]
                   for v in values)


def score_style(value: float) -> str:
    return "green" if value >= 80 else "yellow" if value >= 60 else "red"


def show(summary: dict, recent: int = 15) -> None:
    console = out()
    student = summary["student"]
    who = safe(student.get("name") or student["id"])
    if student.get("name"):
        who.append(" " + one_line(student["id"]), style="dim")
    if student.get("class_name"):
        who.append_text(Text("  ") + safe(student["class_name"]))
    console.print(Text.assemble((t("hist.title") + " · ", "bold"), who))
    if not summary["count"]:
        console.print(Text(t("hist.empty"), style="dim"))
        return
    console.print(t("hist.counts", n=summary["count"], drills=summary["drills"],
                    exams=summary["exams"], best=summary["best"], avg=summary["average"]))
    totals = [a["total"] for a in summary["attempts"]]
    line = Text(t("hist.over_time") + " ")
    line.append(sparkline(totals[-60:]), style="cyan")
    if summary["trend"] is not None:
        delta = summary["trend"]
        line.append(f"  {t('hist.trend')} {delta:+.1f}",
                    style="green" if delta > 0 else "red" if delta < 0 else "")
    console.print(line)

    table = Table(title=t("hist.recent", n=min(recent, summary["count"])), show_edge=False,
                  title_justify="left")
    for key in ("hist.col.when", "hist.col.kind", "hist.col.what", "hist.col.score",
                "hist.col.outcome", ""):
        table.add_column(t(key) if key else "")
    for a in summary["attempts"][-recent:]:
        what = safe(a["scenario_title"])
        if a["exam_id"]:
            what = safe(a["exam_id"]) + Text(" / ") + what
        outcome = Text(t("show.good") if a["outcome_good"] else t("show.bad"),
                       style="green" if a["outcome_good"] else "red") \
            if a["outcome_good"] is not None else Text("")
        table.add_row(local_time(a["finished_at"]), t(f"hist.kind.{a['kind']}"), what,
                      Text(str(a["total"]), style=score_style(a["total"])), outcome,
                      Text("█" * round(a["total"] / 10), style=score_style(a["total"])))
    console.print(table)

    console.print(Text(t("hist.weakest"), style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(min_width=2)
    grid.add_column()
    grid.add_column(justify="right")
    grid.add_column()
    for item in summary["weakest_dimensions"]:
        value = item["average"]
        grid.add_row("", t("dim." + item["dimension"]), Text(f"{value:.1f}", style="bold"),
                     Text.assemble(("█" * round(value / 5), score_style(value)),
                                   ("░" * (20 - round(value / 5)), "dim")))
    console.print(grid)
    from .ui_classroom import metrics_table

    metrics_table([(safe(student.get("name") or student["id"]), summary["metrics"])],
                  DEFAULT_LIMIT)
    if summary["frequent_forbidden"]:
        console.print(Text(t("hist.forbidden"), style="bold"))
        for item in summary["frequent_forbidden"]:
            style = "red" if item["severity"] == "major" else "yellow"
            console.print(Text.assemble("  ", (f"「{one_line(item['phrase'])}」", style),
                                        f" ×{item['count']}"))
            if item["suggestion"]:
                console.print(Text("     → ") + safe(t("coach.better", text=item["suggestion"])))

