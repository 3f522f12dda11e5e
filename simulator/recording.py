"""Finished drills in the gradebook, even when kefu was killed before it recorded one.

A drill's transcript is saved (with its outcome and score) before the drill is recorded in the
gradebook; a kill between the two leaves a finished transcript with no row. :func:`catch_up`
records such transcripts. So that it costs nothing on every run, it only reads the transcripts
changed since its last pass (their modification time against a mark file in the drills
folder).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .exitcodes import Exit

MARK = ".caught-up"  # in the drills folder: epoch seconds of the last complete pass
SLACK = 5.0  # seconds: a file written just before a pass is read again by the next one


def _mark(folder: Path) -> float:
    try:
        return float((folder / MARK).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return 0.0


def pending(folder: Path) -> list[Path]:
    """Transcripts changed since the last pass (all of them the first time)."""
    since = _mark(folder) - SLACK
    found = []
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime >= since:
                found.append(path)
    return sorted(found)


def finished_drill(path: Path) -> dict | None:
    """The transcript at ``path`` if it is a finished, scored drill (else None)."""
    from .session import TranscriptError, load_transcript

    try:
        transcript = load_transcript(path)
    except TranscriptError:
        return None
    if transcript.mode != "drill" or transcript.outcome is None or not transcript.score:
        return None
    return transcript.to_json()


def unrecorded(folder: Path) -> list[tuple[Path, dict]]:
    """Finished drills among the transcripts changed since the last pass."""
    return [(path, data) for path in pending(folder)
            if (data := finished_drill(path)) is not None]


def record_all(book, drills: list[tuple[Path, dict]], student=None) -> int:
    """Record the ``drills`` the gradebook does not have yet; returns how many were added.
    One the gradebook refuses (say, recorded for another student) is left alone."""
    from .storage import GradebookError

    added = 0
    for path, data in drills:
        try:
            added += book.record_drill(data, student=student, source_file=str(path)) == "added"
        except GradebookError as exc:
            if exc.code != Exit.CONFLICT:
                raise
    return added


def mark_done(folder: Path, started: float) -> None:
    """The pass that began at ``started`` (epoch seconds) is complete."""
    with contextlib.suppress(OSError):
        tmp = folder / f"{MARK}.{os.getpid()}"
        tmp.write_text(f"{started:.3f}\n", encoding="ascii")
        os.replace(tmp, folder / MARK)
