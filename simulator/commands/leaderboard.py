"""``kefu leaderboard``: students (or teams) ranked by best score, once or live."""

from __future__ import annotations

import typer

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from .common import DbOption, emit_json, handles_errors, open_gradebook
from .root import app


@app.command("leaderboard", help=t("lb.help"))
@handles_errors
def leaderboard_cmd(
    exam: str = typer.Option(None, "--exam", "-e", help=t("lb.opt.exam")),
    scenario: str = typer.Option(None, "--scenario", "-s", help=t("lb.opt.scenario")),
    class_name: str = typer.Option(None, "--class", help=t("lb.opt.class")),
    team: bool = typer.Option(False, "--team", help=t("lb.opt.team")),
    top: int = typer.Option(20, "--top", min=1, max=10_000, help=t("lb.opt.top")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    watch: bool = typer.Option(False, "--watch", help=t("lb.opt.watch")),
    interval: float = typer.Option(2.0, "--interval", min=0.2, max=3600,
                                   help=t("lb.opt.interval")),
    freeze: str = typer.Option(None, "--freeze", metavar="MINUTES|HH:MM|DATETIME",
                               help=t("lb.opt.freeze")),
    db: str = DbOption,
) -> None:
    from ..storage.leaderboard import Query, board, next_frame, parse_freeze

    if exam is not None and scenario is not None:
        raise KefuError(t("err.lb_two_scopes"))
    if watch and json_out:
        raise KefuError(t("err.lb_watch_json"))
    freeze_at = parse_freeze(freeze) if freeze is not None else None
    reader = None
    if not watch and freeze_at is None:  # a plain board: read without SQLAlchemy on SQLite
        from ..storage.quickread import BoardReader

        reader = BoardReader.open(db)
    with reader or open_gradebook(db, create=False) as book:
        if exam is None and scenario is None:
            exam = default_exam(book)
        query = Query(exam_id=exam, scenario_id=scenario, class_name=class_name, team=team,
                      top=top, freeze_at=freeze_at)
        title = scenario_title(scenario) if scenario is not None else None

        def titled(result):
            result.title = title or result.title
            return result

        if watch:
            from .. import ui, ui_leaderboard

            if not ui.is_interactive():
                raise KefuError(t("err.not_a_tty_watch"))
            ui_leaderboard.watch(lambda previous: titled(next_frame(book, query, previous)),
                                 interval)
            return
        result = titled(board(book, query))
        if json_out:
            emit_json(result.to_json())
            return
        from .. import ui_leaderboard

        ui_leaderboard.show(result)


def default_exam(book) -> str:
    """Without --exam/--scenario: the only exam in the gradebook, else ask for one."""
    exams = book.exams()
    if len(exams) == 1:
        return exams[0].id
    if not exams:
        raise KefuError(t("err.lb_no_exams"), Exit.NOT_FOUND)
    raise KefuError(t("err.lb_pick_scope", exams=", ".join(e.id for e in exams)))


def scenario_title(scenario_id: str) -> str | None:
    """The scenario's title when the bank knows it (results may outlive a scenario)."""
    from scenarios.loader import find

    try:
        return find(scenario_id).title
    except LookupError:
        return None
