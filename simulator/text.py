"""Making untrusted text (students', scenarios', files') safe to show in a terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters except tab and newline, plus DEL: they could move the cursor,
# change colours or retitle the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Remove terminal control characters (escape sequences lose their ESC and become inert)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    return clean(text).replace("\n", " ").replace("\t", " ")
