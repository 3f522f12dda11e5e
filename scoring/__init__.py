"""kefu's scoring library: normalise, match, judge. Pure functions, no terminal I/O.

Typical use::

    from scoring import Judge
    judge = Judge()
    judge.check("不 讲 价").to_json()
"""

from .datafile import DataError, Problem
from .judge import Judge, Mark, Observation, OutcomeInfo, Score
from .resolution import Slot, Task

__all__ = [
    "DataError", "Judge", "Mark", "Observation", "OutcomeInfo", "Problem", "Score", "Slot", "Task",
]
