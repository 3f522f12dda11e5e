"""Practice drills on this computer: their transcript files in the drills folder and their
rows in the gradebook (for ``kefu history``). Nothing here prints: a gradebook problem comes
back as the text of a warning, for the command to show."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from .errors import KefuError
from .i18n import t


def transcript_path(folder: Path, scenario_id: str) -> Path:
    """A new drill's transcript file: the local time it began, the scenario, a random tail."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{stamp}-{scenario_id}-{random.randrange(16**6):06x}.json"


def last_unfinished(folder: Path) -> Path | None:
    """The most recently changed drill in ``folder`` that has no outcome yet."""
    from .files import parse_json

    for path in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = parse_json(path.read_bytes(), str(path))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("mode") == "drill" and data.get("outcome") is None:
            return path
    return None


def _open_gradebook():
    from .storage import Gradebook

    return Gradebook.open(None, create=True)


def catch_up(folder: Path) -> str | None:
    """Drills in ``folder`` that finished but were never recorded (kefu killed in between) are
    recorded now: run when a drill starts, by ``kefu resume`` and by ``kefu history``.
    Returns the warning to show when the gradebook could not take them."""
    import time

    from .history import drill_student
    from .recording import mark_done, record_all, unrecorded

    started = time.time()
    drills = unrecorded(folder)
    if drills:
        try:
            with _open_gradebook() as book:
                record_all(book, drills, drill_student(book))
        except KefuError as exc:
            return t("drill.not_recorded", why=exc.message)
    mark_done(folder, started)
    return None


def record(session) -> str | None:
    """Keep a finished drill in the gradebook. The transcript file is already saved, so a
    database problem costs nothing but the warning returned."""
    if not session.finished:
        return None
    from .history import drill_student

    try:
        with _open_gradebook() as book:
            book.record_drill(session.data, student=drill_student(book),
                              source_file=str(session.path) if session.path else None)
    except KefuError as exc:
        return t("drill.not_recorded", why=exc.message)
    return None
