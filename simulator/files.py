"""Reading and writing kefu's JSON files.

Writes are atomic (a reader sees the old file or the new one, never half of one) and get the
permissions any other new file would: an existing file keeps its mode, a new one follows the
umask (so a teacher's account can read result files students saved to a shared folder).
Reads accept a UTF-8 BOM and refuse what is not plain JSON data (NaN, Infinity).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from pathlib import Path


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data``. An OSError always names ``path``."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _new_file_mode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # e.g. a file system without permissions
            os.chmod(tmp, mode)
        _replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not exc.filename:  # e.g. "File too large" on write
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise


REPLACE_TRIES = 20  # x 50 ms


def _replace(tmp: str, path: Path) -> None:
    """``os.replace``, retried for a second while it is refused with PermissionError: on
    Windows a file another program holds open (the teacher's collect reading a shared folder,
    an antivirus scan, Excel showing an export) cannot be replaced until it lets go."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(0.05)


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | Path, data) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
                      + "\n")


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number kefu accepts")


def parse_json(raw: bytes, name: str = ""):
    """JSON from a file's bytes (UTF-8 with or without BOM, UTF-16, GBK: the one text reader,
    :func:`scoring.textfile.decode`; ``name`` is the file named if it was not UTF-8). Raises
    ValueError for text in none of those, not JSON, NaN/Infinity, numbers too long to convert,
    nesting too deep."""
    from scoring.textfile import decode

    try:
        return json.loads(decode(raw, name).text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
