"""Entry point of the ``kefu`` command.

The language is decided before the command tree is imported, so ``--help`` texts come out in
the chosen language; heavy modules (YAML, rich, prompt-toolkit, SQLAlchemy) are imported inside
the commands that use them.
"""

from __future__ import annotations

import contextlib
import os
import sys


def _preparse_language(argv: list[str]) -> None:
    """``--lang`` (or ``KEFU_LANG``) before the commands are imported; bad values are left to
    the option's own validation."""
    from .i18n import normalise, set_language

    value = os.environ.get("KEFU_LANG")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
            break
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            break
    if value:
        with contextlib.suppress(ValueError):
            set_language(normalise(value))


def get_app():
    from .commands import app

    return app


def main() -> None:
    """The ``kefu`` script: the process is set up, then its :class:`~simulator.env.Env` is
    built, once, and handed to the commands as the click context's ``obj``."""
    from .env import Env
    from .streams import configure

    configure()  # a GBK console or file: replace what it cannot hold, never crash on it
    _preparse_language(sys.argv[1:])
    from typer.main import get_command

    get_command(get_app()).main(obj=Env.from_process())
