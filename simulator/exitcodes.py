"""Exit codes scripts can rely on."""

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAILED = 1  # the command ran but what it checked did not pass (a scenario test, a lint)
    BAD_INPUT = 2  # invalid file, option or data; nothing was written
    NOT_FOUND = 3  # no such scenario, transcript, exam or student
    CONFLICT = 4  # refused because of the state of things (locked, already finished, time up)
    INTERRUPTED = 130  # Ctrl-C; everything typed so far was saved
