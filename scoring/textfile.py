"""The one way kefu reads a text file a person may have saved: replies, scenarios, exams,
lexicon overlays, result files and transcripts.

Windows lab PCs save text as UTF-8, UTF-8 with a BOM, UTF-16 ("Unicode" in Notepad) or GBK
("ANSI" on Chinese Windows). :func:`decode` accepts each; when it assumed anything but UTF-8 it
tells the listener set with :func:`set_listener` (the CLI prints a warning naming the file and
the encoding). Text that is none of them is a :class:`TextFileError` naming the line and byte.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GUESSES = ("gbk", "gb18030")  # after UTF-8; GB18030 is GBK's superset (rare characters)
_listener: Callable[[str, str], None] | None = None


class TextFileError(ValueError):
    """Not text kefu can read: ``path``, ``line`` (1-based) and the offending ``byte``."""

    def __init__(self, path: str, line: int, byte: int):
        super().__init__(f"{path}:{line}: not UTF-8 or GBK text (byte 0x{byte:02x})")
        self.path, self.line, self.byte = path, line, byte


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gbk" or "gb18030"
    raw: bytes  # the file's bytes (content hashes are of these)


def set_listener(listener: Callable[[str, str], None] | None) -> None:
    """``listener(path, encoding)`` is called whenever a file was read as other than UTF-8."""
    global _listener
    _listener = listener


def decode(raw: bytes, name: str) -> Decoded:
    """``raw`` as text: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK/GB18030."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(raw[3:].decode("utf-8"), "utf-8-sig", raw)
        except UnicodeDecodeError as exc:
            _fail(raw, name, 3 + exc.start)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _assumed(Decoded(raw.decode("utf-16"), "utf-16", raw), name)
        except UnicodeDecodeError as exc:
            _fail(raw, name, exc.start)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", raw)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for encoding in GUESSES:
        try:
            return _assumed(Decoded(raw.decode(encoding), encoding, raw), name)
        except UnicodeDecodeError:
            continue
    _fail(raw, name, first_bad)


def read_text(path: str | Path, limit: int | None = None) -> Decoded:
    """The file decoded by :func:`decode`. Raises ``OSError`` (unreadable), ``ValueError``
    (more than ``limit`` bytes: never more is read) or :class:`TextFileError`."""
    with Path(path).open("rb") as handle:
        raw = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(raw) > limit:
        raise ValueError(f"{path}: larger than {limit} bytes")
    return decode(raw, str(path))


def _assumed(decoded: Decoded, name: str) -> Decoded:
    if _listener is not None:
        _listener(name, decoded.encoding)
    return decoded


def _fail(raw: bytes, name: str, where: int):
    raise TextFileError(name, raw[:where].count(b"\n") + 1, raw[where])
