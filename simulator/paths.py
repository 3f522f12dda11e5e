"""Where kefu keeps its files: the user data dir (platformdirs), or KEFU_HOME when set."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    home = os.environ.get("KEFU_HOME")
    if home:
        path = Path(home)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("kefu", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def drills_dir() -> Path:
    path = data_dir() / "drills"
    path.mkdir(parents=True, exist_ok=True)
    return path
