"""One run's judge, remembering what it saw in each reply (``kefu exam collect``, ``regrade``).

A class's result files repeat the same replies (the greeting, the closing, a reply copied from
the model answer) and every file is replayed through the judge. :meth:`Judge.observe
<scoring.judge.Judge.observe>` is a pure function of the judge (its lexicon, overlay and
rubric, fixed for the run), the reply's text and the scenario's task: it reads nothing else
and nobody changes an :class:`~scoring.judge.Observation` after (a frozen dataclass; the
review decisions and the engine build new values). So the same (text, task) is observed once
per run; everything else is the judge's own.
"""

from __future__ import annotations

from scoring.judge import Judge, Observation
from scoring.resolution import Task

MOST = 20_000  # observations kept; past that the memory starts again (a bound, not an LRU)


class RunJudge:
    """``judge`` with :meth:`observe` remembered by (text, task); ``hits``/``misses`` count."""

    def __init__(self, judge: Judge, most: int = MOST):
        self.judge = judge
        self.most = most
        self.hits = self.misses = 0
        self._seen: dict[tuple[str, Task | None], Observation] = {}

    def observe(self, text: str, task: Task | None = None) -> Observation:
        key = (text, task)
        found = self._seen.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        if len(self._seen) >= self.most:
            self._seen.clear()
        found = self._seen[key] = self.judge.observe(text, task)
        return found

    def __getattr__(self, name: str):  # score, check, lexicon, rubric, lang ...
        return getattr(self.judge, name)
