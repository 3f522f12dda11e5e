"""The import graph of kefu's own packages has no cycle: not at module level, and not through the
imports written inside functions either (a deferred import hides a cycle; it does not remove it).

Every module of ``scoring/``, ``scenarios/`` and ``simulator/`` is parsed with ``ast``; each
``import`` / ``from … import`` of our packages anywhere in it (top level, functions, methods,
``try`` blocks) is an edge to the module it names — ``from .x import y`` to ``x.y`` when that is a
module, else to ``x``. Imports under ``if TYPE_CHECKING:`` never run and are not edges. Importing
a submodule also runs its package's ``__init__``; those implicit edges are not counted, so a
package's ``__init__`` may register its submodules (``simulator/commands/__init__.py``) as long
as the submodules do not import the package's ``__init__`` back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scoring", "scenarios", "simulator")


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every Import / ImportFrom node, at any depth, except under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports_in(child)
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    yield from _imports(node)


def _targets(name: str, path: Path, node: ast.Import | ast.ImportFrom, modules) -> set[str]:
    is_package = path.name == "__init__.py"
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    else:
        if node.level:
            base = name.split(".")
            base = base if is_package else base[:-1]
            base = base[:len(base) - (node.level - 1)]
            stem = ".".join(base + ([node.module] if node.module else []))
        else:
            stem = node.module or ""
        found = set()
        for alias in node.names:
            sub = f"{stem}.{alias.name}"
            found.add(sub if sub in modules else stem)
    out = set()
    for target in found:
        while target and target not in modules:  # `import a.b.c` of something not a module
            target = target.rpartition(".")[0]
        if target and target.split(".")[0] in PACKAGES and target != name:
            out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        for node in _imports(tree):
            edges |= _targets(name, path, node, modules)
        graph[name] = edges
    return graph


def cyclic_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative), each
    sorted; every cycle of the graph lies inside one of them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return sorted(out)


def find_cycle(graph: dict[str, set[str]], within: list[str]) -> list[str]:
    """One cycle through the first module of the component ``within``, as ``[a, b, …, a]``
    (breadth-first, so the shortest)."""
    members = set(within)
    start = within[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return path[::-1] + [start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle through {start}")


def test_the_finder_finds_a_cycle_through_a_function_level_import():
    graph = {"scoring.a": {"scoring.b"}, "scoring.b": {"scoring.c", "scoring.e"},
             "scoring.c": {"scoring.a"}, "scoring.d": {"scoring.a"}, "scoring.e": set()}
    assert cyclic_components(graph) == [["scoring.a", "scoring.b", "scoring.c"]]
    assert find_cycle(graph, ["scoring.a", "scoring.b", "scoring.c"]) == [
        "scoring.a", "scoring.b", "scoring.c", "scoring.a"]
    assert cyclic_components({"scoring.a": {"scoring.b"}, "scoring.b": set()}) == []
    # the edges come from imports inside functions too, and not from TYPE_CHECKING blocks
    tree = ast.parse("from typing import TYPE_CHECKING\n"
                     "if TYPE_CHECKING:\n    from .judge import Judge\n"
                     "def f():\n    from .polarity import read\n    import simulator.engine\n"
                     "    from . import verify\n")
    modules = {"scoring.intents": Path("intents.py"), "scoring.judge": Path("judge.py"),
               "scoring.polarity": Path("polarity.py"), "scoring.verify": Path("verify.py"),
               "scoring": Path("__init__.py"), "simulator.engine": Path("engine.py")}
    edges = set()
    for node in _imports(tree):
        edges |= _targets("scoring.intents", Path("intents.py"), node, modules)
    assert edges == {"scoring.polarity", "simulator.engine", "scoring.verify"}


def test_the_graph_sees_every_package_and_its_imports():
    graph = import_graph()
    assert {"scoring.judge", "scenarios.loader", "simulator.engine",
            "simulator.commands"} <= set(graph)
    assert "scoring.clauses" in graph["scoring.constructions"]
    assert "scenarios.model" in graph["simulator.engine"]
    assert "simulator.commands.check" in graph["simulator.commands"]  # the registration


def test_no_import_cycle():
    graph = import_graph()
    cycles = [" → ".join(find_cycle(graph, c)) for c in cyclic_components(graph)]
    assert not cycles, "import cycle(s):\n" + "\n".join(cycles)
