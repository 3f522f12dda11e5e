"""kefu's scoring library: normalise, match, judge. Pure functions, no terminal I/O.

Typical use::

    from scoring import Judge
    judge = Judge()
    judge.check("不 讲 价").to_json()

The names below are imported on first use, so ``import scoring.textfile`` (every command's
file reader) does not load the judge, its lexicons and YAML.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "DataError": "datafile", "Problem": "datafile", "Judge": "judge", "Mark": "judge",
    "Observation": "judge", "OutcomeInfo": "judge", "Score": "judge", "Slot": "resolution",
    "Task": "resolution",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'scoring' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
