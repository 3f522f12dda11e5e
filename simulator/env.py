"""The environment a command runs in, built once at the entry point and passed down.

Instead of reading ``sys.stdin``, the wall of consoles in :mod:`simulator.ui`, ``time`` and
``KEFU_HOME`` wherever they are needed, the drill loop (:mod:`simulator.chat`) and the commands
that start it receive an :class:`Env`: tests build one with their own streams, consoles, reply
input and clock and drive a whole drill in-process (httpie's ``Environment``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO


def rich_console(stream: TextIO) -> Any:
    """A rich console writing to ``stream`` (rich is imported here, when drawing starts)."""
    from rich.console import Console

    return Console(file=stream, highlight=False)


def prompt_input(history: list[str]) -> Any:
    """The student's reply line at the terminal (:class:`simulator.ui_input.ReplyInput`)."""
    from . import ui_input

    return ui_input.ReplyInput(history)


def _is_tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


@dataclass(frozen=True)
class Env:
    """``clock``: seconds on a steady clock (reply latencies are differences of it); ``wall``:
    epoch seconds, the moments written in transcripts and exam sittings (and exam deadlines);
    ``console(stream)``: a rich console on one of the streams; ``reply_input(history)``: the
    object whose ``ask()`` reads one reply (see :class:`simulator.ui_input.ReplyInput`)."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    is_tty: bool
    clock: Callable[[], float]
    data_dir: Path
    lang: str
    wall: Callable[[], float] = time.time
    console: Callable[[TextIO], Any] = rich_console
    reply_input: Callable[[list[str]], Any] = prompt_input

    @classmethod
    def from_process(cls) -> Env:
        """The process's own: standard streams, the monotonic clock, ``KEFU_HOME`` or the user
        data folder, the language chosen (``--lang``/``KEFU_LANG``). Nothing heavy is imported
        and nothing is created on disk."""
        from .i18n import language
        from .paths import home

        return cls(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr,
                   is_tty=_is_tty(sys.stdin) and _is_tty(sys.stdout),
                   clock=time.monotonic, data_dir=home(), lang=language(), wall=time.time)

    def drills_dir(self) -> Path:
        """Where drills' transcripts are kept (created)."""
        from .paths import drills_dir

        return drills_dir(self.data_dir)
