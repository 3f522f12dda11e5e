"""The turn graph as a tree a teacher can read: every path from the start node.

Each node is expanded once, under the edge that reaches it soonest; every other edge to it is
a back-reference (``ref``), which is also how cycles show. ``kefu scenarios graph`` draws
this tree in the terminal and prints it as JSON.

Also the questions the advice and the bank rules ask of the graph: the edges into a node
(:func:`edges_into`), the conditions they need, the best endings (:func:`best_endings`).
"""

from __future__ import annotations

from .detectors import ALIASES
from .model import Scenario

_ALIAS_NAMES = {v: k for k, v in ALIASES.items()}


def describe(cond) -> str:
    """A parsed ``when`` condition back in the YAML's own words (``None`` is the default edge)."""
    if cond is None:
        return "default"
    name, arg = cond
    if name in ("all", "any"):
        return f"{name}(" + ", ".join(describe(c) for c in arg) + ")"
    if name == "not":
        return f"not({describe(arg)})"
    if name == "polite" and arg in _ALIAS_NAMES:
        return _ALIAS_NAMES[arg]
    return name if arg is None else f"{name}: {arg}"


def _line(scenario: Scenario, line) -> str:
    """A buyer line as the teacher reads it: ``[when …] text`` ({eta} and other facts kept)."""
    text = scenario.render(line.text)
    return text if line.when is None else f"[{describe(line.when)}] {text}"


def tree(scenario: Scenario) -> dict:
    """``{"node", "say", "edges": [{"when", "patience", "target"}]}``; a target is a node
    (expanded), ``{"ref": id}`` for a node expanded elsewhere, or an outcome
    ``{"outcome", "label", "good"}``. Each node is expanded under the edge that reaches it in
    the fewest turns, so the main paths read from the top down."""
    home: dict[str, tuple[str, int] | None] = {scenario.start: None}
    queue = [scenario.start]
    for current in queue:  # breadth first: the first edge found is on a shortest path
        for i, edge in enumerate(scenario.nodes[current].edges):
            if edge.goto in scenario.nodes and edge.goto not in home:
                home[edge.goto] = (current, i)
                queue.append(edge.goto)

    def node(node_id: str) -> dict:
        data = scenario.nodes[node_id]
        edges = []
        for i, edge in enumerate(data.edges):
            if edge.goto in scenario.outcomes:
                o = scenario.outcomes[edge.goto]
                target = {"outcome": o.id, "label": o.label, "good": o.good}
            elif home.get(edge.goto) == (node_id, i):
                target = node(edge.goto)
            else:
                target = {"ref": edge.goto}
            edges.append({"when": describe(edge.when), "patience": edge.patience,
                          "target": target})
        out = {"node": node_id, "say": [_line(scenario, ln) for ln in data.say], "edges": edges}
        if data.needs:
            out["needs"] = [" / ".join(scenario.task().slot(s).label for s in need)
                            for need in data.needs]
        if data.met is not None:
            out["met"] = {"say": [_line(scenario, ln) for ln in data.met.say],
                          "goto": data.met.goto}
        for key in ("again", "probe"):
            if getattr(data, key):
                out[key] = [_line(scenario, ln) for ln in getattr(data, key)]
        return out

    return node(scenario.start)


def to_json(scenario: Scenario) -> dict:
    t = scenario.persona.temperament
    return {"id": scenario.id, "title": scenario.title, "start": scenario.start,
            "patience": t.patience, "decay": t.decay, "max_turns": scenario.max_turns,
            "tree": tree(scenario)}


def edges_into(scenario: Scenario, target: str) -> list[tuple[str, object]]:
    """``(node id, when)`` for every way into ``target``: edges, and ``met`` (whose condition is
    that the node's needs were covered: returned as ``("needs", node.needs)``)."""
    found = []
    for node in scenario.nodes.values():
        for edge in node.edges:
            if edge.goto == target:
                found.append((node.id, edge.when))
        if node.met is not None and node.met.goto == target:
            found.append((node.id, ("needs", node.needs)))
    return found


def positive_atoms(cond) -> list[tuple[str, object]]:
    """The detectors a condition asks to be true (under all/any; nothing under not)."""
    if cond is None:
        return []
    name, arg = cond
    if name in ("all", "any"):
        return [atom for c in arg for atom in positive_atoms(c)]
    if name == "not":
        return []
    if name == "needs":
        return [("covered", need[0]) for need in arg]
    return [(name, arg)]


def best_endings(scenario: Scenario) -> list[str]:
    """The good outcomes worth the most (an outcome without ``score`` is worth 100)."""
    worth = {o.id: 100.0 if o.score is None else o.score
             for o in scenario.outcomes.values() if o.good}
    top = max(worth.values(), default=None)
    return [oid for oid, value in worth.items() if value == top]
