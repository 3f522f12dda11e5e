"""Terminal drawing for exams and the gradebook (rich). Untrusted text goes through safe()."""

from __future__ import annotations

from contextlib import contextmanager

from rich import box
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from scoring.rubric import DIMENSIONS

from .i18n import t
from .text import clean
from .ui import out, safe


def exam_intro(exam, student, sitting: int, remaining: float | None) -> None:
    lines = Text.assemble((t("exam.intro_title", title=""), "bold"), safe(exam.title), "\n",
                          safe(t("exam.intro_student", id=student.id, name=student.name,
                                 cls=student.class_name)), "\n",
                          t("exam.intro_rules", n=len(exam.scenario_ids), sitting=sitting))
    if exam.per_reply is not None:
        lines.append("\n" + t("exam.intro_per_reply", s=int(exam.per_reply)))
    if remaining is not None:
        lines.append("\n" + t("exam.intro_total", m=max(0, int(remaining // 60))))
    out().print(Panel(lines, border_style="yellow", expand=False))


def take_summary(summary: dict) -> None:
    table = Table(title=t("exam.summary_title"))
    for key in ("col.scenario", "col.outcome", "col.total"):
        table.add_column(t(key))
    for s in summary["scenarios"]:
        outcome = s["outcome"]
        table.add_row(safe(s["scenario"]),
                      Text("—") if outcome is None else
                      Text(outcome["label"] or outcome["id"],
                           style="green" if outcome["good"] else "red"),
                      "—" if s["total"] is None else str(s["total"]))
    out().print(table)
    if summary.get("file"):  # kefu join: the server keeps it
        out().print(Text(t("exam.saved", path=summary["file"]), style="dim"))


def time_up() -> None:
    out().print(Text(t("exam.time_up"), style="bold red"))


@contextmanager
def progress(label: str, enabled: bool = True):
    """A progress bar; yields ``update(done, total)``."""
    if not enabled:
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                  MofNCompleteColumn(), TimeRemainingColumn(), console=out(),
                  transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


STATUS_STYLE = {"imported": "green", "updated": "cyan", "unchanged": "dim", "refused": "red"}


def _file_cell(path: str) -> Text:
    """The file's name on its own line (what a teacher looks for), its folder dimmed below;
    long folders wrap instead of being cut with "…"."""
    folder, _, name = path.replace("\\", "/").rpartition("/")
    cell = safe(name)
    if folder:
        cell.append("\n" + clean(path[: len(folder)]), style="dim")
    return cell


def collect_report(reports: list[dict]) -> None:
    """One row for each file that was refused or flagged; the clean ones only counted."""
    noted = [r for r in reports if r["refused"] or r["flags"]]
    table = Table(title=t("collect.title"), show_lines=False)
    for key in ("col.file", "col.student_id", "col.status", "col.notes"):
        table.add_column(t(key), overflow="fold")
    for r in noted:
        notes = Text()
        for p in r["refused"]:
            notes.append("✗ ", style="red")
            notes.append_text(safe(p))
            notes.append("\n")
        for f in r["flags"]:
            notes.append("⚠ ", style="yellow")
            notes.append_text(safe(f))
            notes.append("\n")
        notes.rstrip()
        table.add_row(_file_cell(r["file"]), safe(r["student"] or "—"),
                      Text(t(f"collect.status.{r['status']}"),
                           style=STATUS_STYLE[r["status"]]), notes)
    if noted:
        out().print(table)
    counts = {s: sum(1 for r in reports if r["status"] == s) for s in STATUS_STYLE}
    flagged = sum(1 for r in reports if r["flags"])
    out().print(t("collect.counts", flagged=flagged, **counts))


def regrade_moves(moves: list[dict], scored: int, skipped: list[str]) -> None:
    out().print(t("regrade.scored", n=scored))
    if skipped:
        out().print(Text("⚠ ", style="yellow") + safe(t("regrade.skipped",
                                                         scenarios=", ".join(skipped))))
    if not moves:
        out().print(Text(t("regrade.nobody_moved"), style="green"))
        return
    table = Table(title=t("regrade.title"))
    for key in ("col.student_id", "col.name", "col.old", "col.new", "col.change"):
        table.add_column(t(key))
    for m in moves:
        change = m["change"]
        table.add_row(safe(m["student"]), safe(m["name"]),
                      "—" if m["old"] is None else f"{m['old']:g}",
                      "—" if m["new"] is None else f"{m['new']:g}",
                      Text("—" if change is None else f"{change:+g}",
                           style="green" if (change or 0) > 0 else "red"))
    out().print(table)


PAGE = 100  # students shown in the terminal unless --all (an export holds everyone)


def grade_sheet(sheet: dict, show_all: bool = False) -> None:
    exam = sheet["exam"]
    title = Text.assemble(safe(exam["title"]), " (", safe(exam["id"]), ")")
    if sheet["class"]:
        title.append_text(Text(" · ") + safe(sheet["class"]))
    # no vertical rules and one space between columns: room for 12 columns in 80 cells
    table = Table(title=title, box=box.SIMPLE_HEAD, collapse_padding=True)
    # nothing is cut to "…": in a narrow terminal headers and names wrap, numbers keep room
    students = sheet["students"] if show_all else sheet["students"][:PAGE]
    # ids and names are never broken ("王小/明"): the dimension headers wrap instead
    for key in ("col.rank", "col.student_id", "col.name"):
        table.add_column(t(key), no_wrap=True)
    table.add_column(t("col.class"), overflow="fold")
    for d in DIMENSIONS:
        table.add_column(t(f"dim.{d}"), justify="right", min_width=3, overflow="fold")
    for key in ("col.raw_score", "col.adjustment", "col.final"):
        table.add_column(t(key), justify="right", min_width=5, overflow="fold")

    def num(v):
        return "—" if v is None else f"{v:.0f}"

    for r in students:
        table.add_row(str(r["rank"]), safe(r["student"]), safe(r["name"]), safe(r["class"]),
                      *[num(r["dimensions"][d]) for d in DIMENSIONS], f"{r['score']:g}",
                      Text(f"{r['adjustment']:+g}" if r["adjustment"] else "",
                           style="magenta"),
                      Text(f"{r['final']:g}", style="bold"))
    avg = sheet["average"]
    table.add_row("", Text(t("col.average"), style="bold"), "", "",
                  *[num(avg["dimensions"][d]) for d in DIMENSIONS], "", "",
                  Text(num(avg["final"]), style="bold"), end_section=True)
    out().print(table)
    hidden = len(sheet["students"]) - len(students)
    if hidden:
        out().print(Text(t("grades.more", shown=len(students), n=len(sheet["students"])),
                         style="yellow"), soft_wrap=True)
    metrics_table([(safe(r["name"] or r["student"]), r["metrics"]) for r in students]
                  + [(safe(name or "—"), m)
                     for name, m in sheet["class_metrics"].items()]
                  + [(Text(t("metric.exam"), style="bold"), sheet["metrics"])],
                  sheet["metrics_limit"])
    histogram(sheet["histogram"])
    if sheet["mistakes"]:
        out().print(Text(t("grades.mistakes"), style="bold"))
        for m in sheet["mistakes"]:
            out().print(Text.assemble("  ", (f"「{clean(m['phrase'])}」", "red"),
                                      (f"  {clean(m['label'])}  ", "dim"),
                                      t("grades.mistake_count", n=m["count"],
                                        students=m["students"])))
    if sheet["adjustments"]:
        out().print(Text(t("grades.audit"), style="bold"))
        for a in sheet["adjustments"]:
            out().print(Text("  ") + safe(f"{a['at'][:16]}  {a['student']}  {a['points']:+g}  "
                                          f"{a['reason']}  ({a['author']})"))
    if sheet["reviews"]:
        from .export import review_text
        from .stamps import local_time

        out().print(Text(t("review.section"), style="bold"))
        for c in sheet["reviews"]:
            out().print(Text("  ") + safe(f"{local_time(c['at'])}  {c['student']}  "
                                          f"{review_text(c)}"))
    pasted = [r for r in sheet["students"] if r.get("pasted")]
    if pasted:  # the teacher's view only (never on the board or a report card)
        who = "、".join(f"{r['name'] or r['student']}({r['student']})×{r['pasted']}"
                       for r in pasted[:10])
        out().print(safe(t("grades.pasted", n=len(pasted), who=who)), style="yellow",
                    soft_wrap=True)
    flagged = [r for r in sheet["students"] if r["flags"]]
    if flagged:
        who = "、".join(f"{r['name'] or r['student']}({r['student']})" if r["name"]
                       else r["student"] for r in flagged[:10])
        if len(flagged) > 10:
            who += t("grades.flagged_more", n=len(flagged) - 10)
        out().print(safe(t("grades.flagged", n=len(flagged), who=who)), style="yellow",
                    soft_wrap=True)  # one line: the terminal wraps it, names stay whole


def metrics_table(rows: list[tuple[Text, dict]], limit: float) -> None:
    """千牛-style service metrics, one row per student / class / exam."""
    from .metrics import KEYS, format_value

    table = Table(title=t("metric.title"), box=box.SIMPLE_HEAD, collapse_padding=True,
                  caption=t("metric.limit", s=f"{limit:g}"))
    table.add_column("")
    for key in KEYS:
        table.add_column(t(f"metric.{key}"), justify="right", overflow="fold")
    for label, m in rows:
        table.add_row(label, *[format_value(key, m[key]) for key in KEYS])
    out().print(table)


def histogram(buckets: list[dict]) -> None:
    out().print(Text(t("grades.distribution"), style="bold"))
    top = max((b["count"] for b in buckets), default=0) or 1
    for b in buckets:
        bar = "█" * round(b["count"] / top * 30)
        out().print(Text.assemble(f"  {b['from']:>3}–{b['to']:<3} ", (bar, "cyan"),
                                  f" {b['count']}"))


def adjusted(adj: dict, final: float | None) -> None:
    out().print(safe(t("grades.adjusted", student=adj["student"], points=f"{adj['points']:+g}",
                       reason=adj["reason"], final="—" if final is None else f"{final:g}")))
