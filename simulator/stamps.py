"""Timestamps: the one form kefu writes and the one parser for every timestamp it reads.

Written: fixed-width UTC ISO text (``2026-12-01T23:05:01.884Z``), which sorts as text.
Read: any ISO 8601 date-time (a ``Z`` or an offset; none means UTC). Files come from students'
PCs, so :func:`parse` never raises: a value that is not a timestamp — wrong type, too long,
malformed, or outside the years 0001-9999 once moved to UTC — is ``None``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from functools import lru_cache

MAX_LEN = 40  # longer text is not a timestamp (and is not parsed)


def now(wall: Callable[[], float] = time.time) -> str:
    """The stored form of the moment ``wall`` gives (epoch seconds; the process's clock by
    default, an :class:`simulator.env.Env`'s in a drill)."""
    return stamp(datetime.fromtimestamp(wall(), timezone.utc))


def stamp(moment: datetime) -> str:
    """The stored form of ``moment`` (naive means UTC). Raises ValueError when the moment
    cannot be expressed in UTC (e.g. 0001-01-01T00:00+05:00)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("date out of range") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse(value: object) -> datetime | None:
    """``value`` as an aware UTC datetime, or None when it is not a usable timestamp."""
    if not isinstance(value, str) or len(value) > MAX_LEN:
        return None
    return _parse(value)


@lru_cache(maxsize=4096)  # a file's stamps are read several times (checks, flags, metrics)
def _parse(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        return None


def normal(value: object) -> str | None:
    """``value`` in the stored form, or None when it is not a usable timestamp."""
    moment = parse(value)
    return None if moment is None else stamp(moment)


def epoch(value: object) -> float | None:
    """Seconds since the epoch, or None when ``value`` is not a usable timestamp."""
    moment = parse(value)
    return None if moment is None else moment.timestamp()


def local(value: object, seconds: bool = False) -> str:
    """A stored stamp as the computer's local time (``TZ`` respected), as a teacher reads it:
    ``2026-12-02 07:05`` (``:01`` with ``seconds``); text that is no timestamp stays as it is."""
    moment = parse(value)
    if moment is None:
        return "" if value is None else str(value)
    try:
        moment = moment.astimezone()
    except (OverflowError, OSError):
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_time(stored: str | None, with_date: bool = True) -> str:
    """A stored UTC stamp as the short local time the terminal and the report page show
    (``11-23 14:05:09``; ``14:05:09`` without the date); text that is no timestamp stays."""
    if not stored:
        return ""
    moment = parse(stored)
    if moment is None:
        return stored
    return moment.astimezone().strftime("%m-%d %H:%M:%S" if with_date else "%H:%M:%S")
