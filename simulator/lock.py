"""A lock on one file for as long as one kefu process works on it (``<file>.lock`` beside it).

The lock is the operating system's own lock on the lock file — ``msvcrt.locking`` on Windows,
``fcntl.flock`` elsewhere — so it ends with the process that holds it, however that process
ends (a crash, ``kill -9``, a lab PC switched off): a lock file left behind is stale by
construction and the next process simply takes it. The file records who holds it, for the
message shown to whoever is refused.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

from .stamps import now


class Locked(Exception):
    """Another process holds the lock; ``holder`` is what it wrote (pid, host, since)."""

    def __init__(self, path: Path, holder: str):
        super().__init__(str(path))
        self.path = path
        self.holder = holder


if sys.platform == "win32":  # pragma: no cover - exercised on Windows lab PCs
    import msvcrt

    _BYTE = 1 << 20  # the byte locked: past the text, which others can then still read

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _BYTE, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[:200]
    except OSError:
        return ""


@contextlib.contextmanager
def locked(target: str | Path):
    """Hold the lock on ``target`` for the ``with`` block; raises :class:`Locked` at once
    (never waits) when another process holds it."""
    path = Path(str(target) + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        if not _try_lock(fd):
            os.close(fd)
            raise Locked(path, _holder(path))
        if _same_file(fd, path):  # not a file the previous holder removed meanwhile
            break
        _unlock(fd)
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"pid {os.getpid()} · {socket.gethostname()} · {now()}\n".encode())
        yield path
    finally:
        if sys.platform == "win32":  # pragma: no cover
            # an open file cannot be removed there: whoever opened it meanwhile keeps it
            _unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(path)
        else:  # removed while still held: whoever opened it meanwhile sees it is gone
            with contextlib.suppress(OSError):
                os.unlink(path)
            _unlock(fd)
            os.close(fd)
