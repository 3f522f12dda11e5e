"""The in-memory form of a scenario file (see scenarios/README.md for the YAML format)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.resolution import Slot, Task

PERSONA_TYPES = (
    "bargainer", "complainer", "negative_reviewer", "presale", "aftersale", "hostile",
)
STAGES = ("presale", "insale", "aftersale")  # 售前, 售中, 售后 (labels: the message catalogue)
BUYER_LEFT = "buyer_left"


@dataclass(frozen=True)
class Temperament:
    patience: int
    decay: int  # patience lost every turn, whatever the reply
    sensitivity: float = 1.0  # how strongly the reply's warmth or coldness is felt (reactions)
    wait: float = 45.0  # seconds the buyer waits for a reply before sending a 催 line


@dataclass(frozen=True)
class Persona:
    type: str
    name: str
    temperament: Temperament
    style: str
    nudge: tuple[str, ...] = ()  # the 催 lines ("在吗?"): the scenario's own or the type's


@dataclass(frozen=True)
class Line:
    """One variant of what the buyer says. ``when``: only when this holds (a condition on the
    reply just given and on what the conversation covered); ``facts``: the facts it quotes
    (``{eta}``), so it is only used once the student has named them."""

    text: str
    when: tuple | None = None
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Met:
    """What the buyer does at a node whose needs were already covered: says ``say`` (an
    acknowledgement, "运费你们出那就行") and goes on to ``goto`` without asking."""

    say: tuple[Line, ...]
    goto: str
    line: int


@dataclass(frozen=True)
class Edge:
    when: tuple | None  # a parsed condition; None for the default edge
    goto: str
    patience: int
    line: int


@dataclass(frozen=True)
class BuyerNode:
    id: str
    say: tuple[Line, ...]
    edges: tuple[Edge, ...]
    line: int
    needs: tuple[tuple[str, ...], ...] = ()  # slots the buyer asks for here (each: one of them)
    met: Met | None = None  # where to go, saying what, when the needs were already covered
    again: tuple[Line, ...] = ()  # the question asked again after a reply that dodged it
    probe: tuple[Line, ...] = ()  # 追问 after a vague answer (应该吧, 尽快) to the need


@dataclass(frozen=True)
class Outcome:
    id: str
    label: str
    good: bool
    say: tuple[Line, ...] = ()
    score: float | None = None
    line: int = 0
    deal: float | None = None  # the order's value in yuan (add-ons included): the buyer bought


@dataclass(frozen=True)
class ScriptTest:
    name: str
    replies: tuple[str, ...]
    expect: str  # "good", "bad" or an outcome id
    min_score: float | None
    max_score: float | None
    seed: int
    line: int
    author: str = ""  # who wrote the replies (the bank wants good scripts by several authors)
    blind: bool = False  # written by someone who saw only `kefu scenarios show`, not the file
    kind: str = ""  # model, good, weak, poor, salad or "" (a path through the graph)


TEST_KINDS = ("model", "good", "weak", "poor", "salad")


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    stage: str
    difficulty: int
    brief: str
    persona: Persona
    context: dict
    slots: tuple[Slot, ...]
    resolve: tuple[tuple[str, ...], ...]
    start: str
    nodes: dict[str, BuyerNode]
    outcomes: dict[str, Outcome]
    tests: tuple[ScriptTest, ...]
    max_turns: int
    path: str
    content_hash: str
    builtin: bool = False

    def task(self) -> Task:
        def number(key):
            value = self.context.get(key)
            return float(value) if isinstance(value, (int, float)) and not isinstance(
                value, bool) else None

        return Task(self.slots, self.resolve, number("price"), number("floor_price"))

    def render(self, text: str, facts: dict | None = None) -> str:
        """Fill ``{name}`` placeholders from the facts the student named, then the context;
        unknown names stay as written."""
        values = {**self.context, **(facts or {})}
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def summary(self) -> dict:
        return {
            "id": self.id, "title": self.title, "persona_type": self.persona.type,
            "stage": self.stage, "difficulty": self.difficulty, "builtin": self.builtin,
            "path": self.path,
        }


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)
