"""The command tree: ``app`` (``root.py``) with every command module registered on it."""

from __future__ import annotations

from . import (  # noqa: F401  (registration)
    check,
    drill,
    exam,
    grades,
    history,
    join,
    leaderboard,
    lexicon,
    practice,
    report,
    scenarios,
    serve,
)
from .root import app  # noqa: F401  (the app the commands register on)
