"""Entry point of the ``kefu`` command.

The language is decided before the command tree is imported, so ``--help`` texts come out in
the chosen language; heavy modules (YAML, rich, prompt-toolkit, SQLAlchemy) are imported inside
the commands that use them.
"""

from __future__ import annotations

import os
import sys


def _preparse_language(argv: list[str]) -> None:
    from .i18n import normalise, set_language

    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value:
            try:
                set_language(normalise(value))
            except ValueError:
                pass  # the option's own validation reports it
            return
    env = os.environ.get("KEFU_LANG")
    if env:
        try:
            set_language(normalise(env))
        except ValueError:
            pass


def get_app():
    from .commands import app

    return app


def main() -> None:
    _preparse_language(sys.argv[1:])
    get_app()(prog_name="kefu")
