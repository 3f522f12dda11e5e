"""The ``kefu`` app every command module registers on, and its root options (``--lang``,
``--version``)."""

from __future__ import annotations

import typer

from ..clickgroup import command_class
from ..i18n import t

app = typer.Typer(
    cls=command_class(),
    help=t("app.help"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"kefu {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    lang: str = typer.Option(None, "--lang", help=t("opt.lang"), envvar="KEFU_LANG"),
    version: bool = typer.Option(False, "--version", help=t("opt.version"), callback=_version,
                                 is_eager=True),
) -> None:
    from ..i18n import normalise, set_language

    if lang:
        try:
            set_language(normalise(lang))
        except ValueError:
            raise typer.BadParameter(t("err.bad_lang", lang=lang)) from None
