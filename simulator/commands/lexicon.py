"""``kefu lexicon overlay --from-reviews EXAM -o FILE``: the class lexicon from review decisions."""

from __future__ import annotations

import typer

from ..i18n import t
from .common import DbOption, emit_json, handles_errors, open_gradebook
from .root import app

lexicon_app = typer.Typer(help=t("lexicon.help"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(lexicon_app, name="lexicon")


@lexicon_app.command("overlay", help=t("lexicon.overlay.help"))
@handles_errors
def overlay_cmd(
    exam: str = typer.Option(..., "--from-reviews", metavar="EXAM",
                             help=t("lexicon.opt.from_reviews")),
    out: str = typer.Option(..., "-o", "--out", metavar="FILE", help=t("lexicon.opt.out")),
    json_out: bool = typer.Option(False, "--json", help=t("opt.json")),
    db: str = DbOption,
) -> None:
    from ..exam.reviewing import overlay_from_reviews

    with open_gradebook(db) as book:
        report = overlay_from_reviews(book, exam, out)
    if json_out:
        emit_json(report)
        return
    from .. import ui_review

    ui_review.overlay_report(report)
