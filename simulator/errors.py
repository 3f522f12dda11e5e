"""Domain errors the CLI turns into a clear message and an exit code."""

from __future__ import annotations

from .exitcodes import Exit


class KefuError(Exception):
    """An error with a user-facing message (already translated) and an exit code."""

    def __init__(self, message: str, code: Exit = Exit.BAD_INPUT):
        super().__init__(message)
        self.message = message
        self.code = code
