""":func:`gc_paused`: no cyclic garbage collection while a school's worth of records is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The records of a grade sheet (200,000 attempts) hold no reference cycles, and the
    collector, run again and again over a growing heap, tripled the time reading them took.
    Reference counting still frees memory; the collector is back on when the block ends, with
    what the block made moved to the oldest generation, as if it had lived through the
    collections it skipped: else the first collection after it walked every one of them at
    once (a quarter of a second for a school's sheet still alive as it is written out)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()  # every tracked object to the permanent generation,
            gc.unfreeze()  # and back, into the oldest one
            gc.enable()
