"""催: a buyer left waiting sends a second message ("在吗?"), like in a real shop chat.

While the student has not answered, the buyer sends a 催 line ``wait`` seconds
(``persona.temperament.wait``) after their line was shown, and another after twice that: at
most :data:`MAX_NUDGES` per turn. Each one is recorded in the pending turn of the transcript
(``"nudges": [stamps]``) and costs :data:`simulator.engine.NUDGE_COST` patience at the reply.
``--replies`` runs have no clock and therefore no 催.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from .transcript import MAX_NUDGES  # at most this many per turn (kept with the file format)

if TYPE_CHECKING:
    from scenarios.model import Scenario



def line(scenario: Scenario, seed: int, turn: int, k: int) -> str:
    """The buyer's ``k``-th (0-based) 催 line while waiting for reply number ``turn + 1``:
    chosen from the seed like every buyer line, and not the same line twice in a turn."""
    lines = scenario.persona.nudge
    if not lines:
        return ""
    order = random.Random(f"{seed}:{turn}:nudge").sample(range(len(lines)), len(lines))
    return scenario.render(lines[order[k % len(order)]])


def count(turn: dict) -> int:
    """How many 催 lines the buyer sent while waiting for this turn's reply."""
    stamps = turn.get("nudges")
    return len(stamps) if isinstance(stamps, list) else 0


def delays(wait: float, sent: int, elapsed: float = 0.0) -> list[float]:
    """Seconds from now until each 催 still to come in this turn: the ``k``-th is due ``k``
    times ``wait`` after the line was shown (``elapsed`` seconds ago); ``sent`` were sent."""
    return [max(0.0, k * wait - elapsed) for k in range(sent + 1, MAX_NUDGES + 1)]
