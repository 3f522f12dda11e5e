"""Where kefu keeps its files: the user data dir (platformdirs), or KEFU_HOME when set."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The data folder's path (not created: see :func:`data_dir`)."""
    value = os.environ.get("KEFU_HOME")
    if value:
        return Path(value)
    import platformdirs

    return Path(platformdirs.user_data_dir("kefu", appauthor=False))


def data_dir() -> Path:
    path = home()
    path.mkdir(parents=True, exist_ok=True)
    return path


def drills_dir(base: Path | None = None) -> Path:
    """The drills' transcripts: ``drills`` in ``base`` (default: the data folder), created."""
    path = (data_dir() if base is None else base) / "drills"
    path.mkdir(parents=True, exist_ok=True)
    return path
