"""Drawing leaderboards in the terminal (rich), once or live (``--watch``).

Names, ids, classes and teams are untrusted: they only ever reach rich as ``Text`` after
:func:`simulator.text.clean` (via :func:`simulator.ui.safe`).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .i18n import t
from .stamps import local_time
from .text import one_line
from .ui import out, safe

PODIUM = {1: "bold yellow", 2: "bold white", 3: "bold dark_orange3"}
CHANGE = {"new": ("★", "bold cyan"), "up": ("▲", "bold green"), "down": ("▼", "red")}


def seconds(value: float | None) -> str:
    """A response time: ``42s``, or ``m:ss`` from a minute on."""
    if value is None:
        return "—"
    whole = round(value)
    return f"{whole}s" if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def render(board) -> Group:
    """The board as a rich renderable: a title line, a freeze line and the table."""
    from .storage import TeamScore

    query = board.query
    kind, _scope = query.scope
    title = Text.assemble((t("lb.title") + " · ", "bold"),
                          (t(f"lb.scope.{kind}") + " ", "dim"), safe(board.title))
    if query.class_name is not None:
        title.append_text(Text.assemble(("  " + t("lb.class") + " ", "dim"),
                                        safe(query.class_name)))
    lines: list = [title]
    if board.frozen:
        lines.append(Text(t("lb.frozen", at=local_time(query.freeze_at), hidden=board.hidden),
                          style="bold cyan"))
    elif query.freeze_at is not None:
        lines.append(Text(t("lb.freezes_at", at=local_time(query.freeze_at)), style="cyan"))
    table = Table(show_edge=False, pad_edge=False)
    teams = query.team
    table.add_column(t("lb.col.rank"), justify="right")
    if teams:
        table.add_column(t("lb.col.team"))
        table.add_column(t("lb.col.members"), justify="right")
    else:
        table.add_column(t("lb.col.student"))
        table.add_column(t("lb.col.class"))
        table.add_column(t("lb.col.team"))
    table.add_column(t("lb.col.score"), justify="right")
    table.add_column(t("lb.col.time"), justify="right")
    table.add_column(t("lb.col.finished"))
    if not teams:
        table.add_column(t("lb.col.attempts"), justify="right")
    for row in board.rows:
        key = row.team if isinstance(row, TeamScore) else row.student_id
        mark, mark_style = CHANGE.get(board.changes.get(key, ""), ("", ""))
        rank = Text.assemble((mark + " ", mark_style) if mark else "",
                             (str(row.rank), PODIUM.get(row.rank, "")))
        score = Text(f"{row.score:.1f}", style="bold")
        cells: list = [rank]
        if teams:
            cells += [safe(row.team), str(row.members)]
        else:
            who = safe(row.name or row.student_id)
            if row.name:
                who.append(" " + one_line(row.student_id), style="dim")
            cells += [who, safe(row.class_name), safe(row.team)]
        cells += [score, seconds(row.response_time), local_time(row.finished_at)]
        if not teams:
            cells.append(str(row.attempts))
        table.add_row(*cells)
    lines.append(table)
    if not board.rows:
        lines.append(Text(t("lb.empty"), style="dim"))
    return Group(*lines)


def show(board) -> None:
    out().print(render(board))


def watch(frame: Callable, interval: float) -> None:
    """Redraw ``frame(previous)`` every ``interval`` seconds until Ctrl-C (which is not an
    error: the board simply stops).

    Ctrl-C only sets a flag and wakes the wait, so it is never raised inside a database read
    or a redraw (where a driver or the terminal library could swallow it or be left half
    done); the loop ends at its next check, whenever the key came."""
    import signal
    import threading

    from rich.live import Live

    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        board = frame(None)
        footer = Text(t("lb.watch_help", s=f"{interval:g}"), style="dim")
        with Live(Group(render(board), footer), console=out(), auto_refresh=False,
                  transient=False) as live:
            while not stop.wait(interval):
                board = frame(board)
                if stop.is_set():
                    break
                live.update(Group(render(board), footer), refresh=True)
    finally:
        signal.signal(signal.SIGINT, previous)
