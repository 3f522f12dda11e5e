"""Graph checks beyond validation: unreachable nodes, dead ends, outcomes never reached."""

from __future__ import annotations

from scoring.datafile import Problem

from .model import BUYER_LEFT, Scenario


def successors(scenario: Scenario, node_id: str) -> list[str]:
    node = scenario.nodes[node_id]
    return [edge.goto for edge in node.edges] + ([node.met.goto] if node.met else [])


def reachable(scenario: Scenario) -> set[str]:
    """Node and outcome ids reachable from the start node."""
    seen: set[str] = set()
    todo = [scenario.start]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in scenario.nodes:
            todo += successors(scenario, current)
    return seen


def lint(scenario: Scenario) -> list[Problem]:
    problems = []
    seen = reachable(scenario)

    def add(line, field, message):
        problems.append(Problem(scenario.path, line, field, message))

    for node in scenario.nodes.values():
        if node.id not in seen:
            add(node.line, f"nodes.{node.id}", "unreachable from the start node")
    # A node has a way out when some outcome is reachable from it.
    leads_out = {o for o in scenario.outcomes}
    changed = True
    while changed:
        changed = False
        for node in scenario.nodes.values():
            if node.id not in leads_out and any(t in leads_out for t in successors(scenario,
                                                                                   node.id)):
                leads_out.add(node.id)
                changed = True
    for node in scenario.nodes.values():
        if node.id not in leads_out:
            add(node.line, f"nodes.{node.id}", "no way out: no outcome can be reached from here")
        elif not node.edges:
            add(node.line, f"nodes.{node.id}.edges", "has no edges")
    for outcome in scenario.outcomes.values():
        if outcome.id != BUYER_LEFT and outcome.id not in seen:
            add(outcome.line, f"outcomes.{outcome.id}", "never reached by any edge")
    for node in scenario.nodes.values():  # a question the buyer may already have had answered
        if node.needs and node.met is None and node.id != scenario.start:
            labels = " / ".join(scenario.task().slot(s).label for need in node.needs
                                for s in need)
            add(node.line, f"nodes.{node.id}",
                f"may ask again what was already said ({labels}): add `met` (an "
                "acknowledgement and where to go) for a buyer who was told before")
    for node in scenario.nodes.values():  # an edge whose condition an earlier edge already took
        for i, edge in enumerate(node.edges):
            earlier = next((j for j in range(i) if node.edges[j].when == edge.when), None)
            if earlier is not None and edge.when is not None:
                add(edge.line, f"nodes.{node.id}.edges[{i}]",
                    f"never taken: edges[{earlier}] has the same `when` and comes first")
    return problems
