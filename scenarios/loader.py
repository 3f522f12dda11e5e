"""Load and validate scenario YAML files; every problem is reported as file:line: field: message."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from scoring.datafile import (
    Checker,
    DataError,
    Node,
    Problem,
    Seq,
    parse_yaml,
    read_source,
)
from scoring.resolution import Slot

from .lines import LineReader, parse_condition
from .model import (
    BUYER_LEFT,
    STAGES,
    TEST_KINDS,
    BuyerNode,
    Edge,
    Met,
    Outcome,
    Scenario,
    ScriptTest,
    placeholders,
)
from .persona import read_persona

SCHEMA_VERSION = 2  # 2: shared intents, needs/met/again/probe, facts and conditional lines
# (version 1 files still load: they have none of these, and read as version 2)
BUILTIN_DIR = Path(__file__).parent / "builtin"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_FILE_BYTES = 1_000_000

_TOP_KEYS = {"schema_version", "id", "title", "stage", "difficulty", "brief", "persona", "context",
             "slots", "resolve", "start", "nodes", "outcomes", "tests", "max_turns"}


def load_scenario(path: str | Path, builtin: bool = False) -> Scenario:
    path = Path(path)
    source = read_source(path, MAX_FILE_BYTES)
    text, raw = source.text, source.raw
    doc = parse_yaml(text, str(path))
    if doc is None:
        raise DataError([Problem(str(path), 1, "file", "the file is empty")])
    return build_scenario(doc, str(path), hashlib.sha256(raw).hexdigest(), builtin)


def build_scenario(doc, name: str, content_hash: str, builtin: bool = False) -> Scenario:
    chk = Checker(name)
    if not isinstance(doc, Node):
        raise DataError([Problem(name, 1, "(top)", "a scenario file must be a mapping")])
    version = doc.get("schema_version")
    if version in range(1, SCHEMA_VERSION + 1) and not isinstance(version, bool):
        pass
    else:
        chk.schema_version(doc, SCHEMA_VERSION)
    chk.unknown_keys(doc, _TOP_KEYS, "")
    sid = chk.text(doc, "id", "id")
    if sid and not ID_RE.match(sid):
        chk.add(doc, "id", "id", "use lowercase letters, digits, - and _ (at most 64)")
    title = chk.text(doc, "title", "title") or ""
    stage = chk.text(doc, "stage", "stage") or ""
    if stage and stage not in STAGES:
        chk.add(doc, "stage", "stage", f"must be one of {', '.join(STAGES)}")
    difficulty = chk.number(doc, "difficulty", "difficulty", 1, 3, integer=True) or 1
    brief = chk.text(doc, "brief", "brief") or ""
    max_turns = chk.number(doc, "max_turns", "max_turns", 1, 50, required=False, integer=True) or 12
    persona = read_persona(chk, doc)
    context = _context(chk, doc)
    version = version if isinstance(version, int) else SCHEMA_VERSION
    slots = _slots(chk, doc, version)
    slot_names = {s.name for s in slots}
    resolve = _slot_lists(chk, doc, "resolve", "resolve", slot_names)
    lines = LineReader(chk, context, slot_names)
    outcomes = _outcomes(chk, doc, lines)
    nodes = _nodes(chk, doc, slot_names, lines, version)
    start = chk.text(doc, "start", "start")
    if start and nodes and start not in nodes:
        chk.add(doc, "start", "start", f"no node called {start!r}")
    for node in nodes.values():
        for i, edge in enumerate(node.edges):
            if edge.goto and edge.goto not in nodes and edge.goto not in outcomes:
                chk.problems.append(Problem(name, edge.line, f"nodes.{node.id}.edges[{i}].goto",
                                            f"no node or outcome called {edge.goto!r}"))
        if node.met and node.met.goto not in nodes and node.met.goto not in outcomes:
            chk.problems.append(Problem(name, node.met.line, f"nodes.{node.id}.met.goto",
                                        f"no node or outcome called {node.met.goto!r}"))
    _check_brief(chk, doc, context)
    tests = _tests(chk, doc, outcomes)
    chk.raise_if_any()
    return Scenario(
        id=sid, title=title, stage=stage, difficulty=difficulty, brief=brief, persona=persona,
        context=context, slots=slots, resolve=resolve, start=start, nodes=nodes, outcomes=outcomes,
        tests=tests, max_turns=max_turns, path=name, content_hash=content_hash, builtin=builtin,
    )


def _context(chk: Checker, doc) -> dict:
    node = chk.mapping(doc, "context", "context", required=False)
    if node is None:
        return {}
    for key, value in node.items():
        if not isinstance(key, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            chk.add(node, key, f"context.{key}", "names are letters, digits and _")
        elif isinstance(value, (dict, list)) or value is None:
            chk.add(node, key, f"context.{key}", "must be text or a number")
    for key in ("price", "floor_price"):
        if key in node and (isinstance(node[key], bool) or not isinstance(node[key], (int, float))):
            chk.add(node, key, f"context.{key}", "must be a number")
    if all(isinstance(node.get(k), (int, float)) for k in ("price", "floor_price")) and \
            node["floor_price"] > node["price"]:
        chk.add(node, "floor_price", "context.floor_price", "must not be above context.price")
    return dict(node)


def _slots(chk: Checker, doc, version: int) -> tuple[Slot, ...]:
    node = chk.mapping(doc, "slots", "slots", required=False)
    if node is None:
        return ()
    from scoring.intents import library

    known = library().by_id
    out = []
    for key, value in node.items():
        field = f"slots.{key}"
        if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9_]*$", key):
            chk.add(node, key, field, "slot names are lowercase letters, digits and _")
            continue
        if not isinstance(value, Node):
            chk.add(node, key, field, "must be a mapping with label and intents or phrases")
            continue
        chk.unknown_keys(value, {"label", "phrases", "intents"}, field + ".")
        label = chk.text(value, "label", field + ".label") or key
        intents: list[str] = []
        if "intents" in value and version < 2:
            chk.add(value, "intents", field + ".intents",
                    "slots name shared intents from schema_version 2 on")
        elif "intents" in value:
            intents = chk.texts(value, "intents", field + ".intents")
            seq = value.get("intents")
            for i, name in enumerate(intents):
                if name not in known:
                    where, k = (seq, i) if isinstance(seq, Seq) else (value, "intents")
                    chk.add(where, k, f"{field}.intents[{i}]", f"unknown intent {name!r} "
                            f"(known: {', '.join(known)})")
        phrases = chk.texts(value, "phrases", field + ".phrases", required=not intents)
        for i, phrase in enumerate(phrases):
            if "#" in phrase:  # the intent library's "any number" is not read in slot phrases
                seq = value.get("phrases")
                where, k = (seq, i) if isinstance(seq, Seq) else (value, "phrases")
                chk.add(where, k, f"{field}.phrases[{i}]",
                        "`#` (any number) works only in the shared intent library: write the "
                        "number out (72小时内), or name an intent")
        # what a student who missed it is shown: a whole sentence (the intent's example) reads
        # better than a bare product word
        hint = next((known[n].examples[0] for n in intents if n in known),
                    phrases[0] if phrases else "")
        out.append(Slot(key, label, tuple(phrases), tuple(intents), hint))
    return tuple(out)


def _outcomes(chk: Checker, doc, lines: LineReader) -> dict[str, Outcome]:
    node = chk.mapping(doc, "outcomes", "outcomes")
    out: dict[str, Outcome] = {}
    if node is not None:
        for key, value in node.items():
            field = f"outcomes.{key}"
            if not isinstance(key, str) or not ID_RE.match(key):
                chk.add(node, key, field, "outcome ids are lowercase letters, digits, - and _")
                continue
            if not isinstance(value, Node):
                chk.add(node, key, field, "must be a mapping with label and good")
                continue
            chk.unknown_keys(value, {"label", "good", "say", "score", "deal"}, field + ".")
            label = chk.text(value, "label", field + ".label") or key
            good = value.get("good")
            if not isinstance(good, bool):
                chk.add(value, "good", field + ".good", "must be true or false")
                good = False
            say = lines.read(value, "say", field + ".say", required=False)
            score = chk.number(value, "score", field + ".score", 0, 100, required=False)
            deal = chk.number(value, "deal", field + ".deal", 0, 10_000_000, required=False)
            out[key] = Outcome(key, label, good, say, score, value.line,
                               None if deal is None else float(deal))
    if BUYER_LEFT not in out:
        out[BUYER_LEFT] = Outcome(BUYER_LEFT, "买家离开了", False)
    return out


_V2_NODE_KEYS = ("needs", "met", "again", "probe")


def _nodes(chk: Checker, doc, slot_names: set[str], lines: LineReader,
           version: int) -> dict[str, BuyerNode]:
    node = chk.mapping(doc, "nodes", "nodes")
    out: dict[str, BuyerNode] = {}
    if node is None:
        return out
    for key, value in node.items():
        field = f"nodes.{key}"
        if not isinstance(key, str) or not ID_RE.match(key):
            chk.add(node, key, field, "node ids are lowercase letters, digits, - and _")
            continue
        if not isinstance(value, Node):
            chk.add(node, key, field, "must be a mapping with say and edges")
            continue
        chk.unknown_keys(value, {"say", "edges", *_V2_NODE_KEYS}, field + ".")
        for key2 in _V2_NODE_KEYS:
            if key2 in value and version < 2:
                chk.add(value, key2, f"{field}.{key2}", "is new in schema_version 2")
        say = lines.read(value, "say", field + ".say")
        needs = _slot_lists(chk, value, "needs", field + ".needs", slot_names)
        met = _met(chk, value, field, lines)
        if met is not None and not needs:
            chk.add(value, "met", field + ".met", "needs `needs`: what must have been said")
        again = lines.read(value, "again", field + ".again", required=False)
        probe = lines.read(value, "probe", field + ".probe", required=False)
        if (again or probe) and not needs:
            chk.add(value, "again" if again else "probe", field + (".again" if again else
                    ".probe"), "needs `needs`: what the buyer is asking for")
        edges = []
        items = chk.seq(value, "edges", field + ".edges") or []
        if isinstance(value.get("edges"), list) and not items:
            chk.add(value, "edges", field + ".edges",
                    "must list at least one edge (the last one, without `when`, is the default)")
        for i, item in enumerate(items):
            efield = f"{field}.edges[{i}]"
            if not isinstance(item, Node):
                chk.add(items, i, efield, "must be a mapping with goto")
                continue
            chk.unknown_keys(item, {"when", "goto", "patience"}, efield + ".")
            goto = chk.text(item, "goto", efield + ".goto") or ""
            patience = chk.number(item, "patience", efield + ".patience", -100, 100,
                                  required=False, integer=True) or 0
            when = None
            if "when" in item:
                when = parse_condition(chk, item, "when", efield + ".when", slot_names)
            elif i != len(items) - 1:
                chk.add(item, "goto", efield, "only the last edge may have no `when` (the default)")
            edges.append(Edge(when, goto, patience, item.line))
        if items and "when" in items[-1]:
            chk.add(items, len(items) - 1, f"{field}.edges",
                    "the last edge must be the default (no `when`)")
        out[key] = BuyerNode(key, say, tuple(edges), value.line, needs, met, again, probe)
    return out


def _met(chk: Checker, node, field: str, lines: LineReader) -> Met | None:
    value = chk.mapping(node, "met", field + ".met", required=False)
    if value is None:
        return None
    chk.unknown_keys(value, {"say", "goto"}, field + ".met.")
    goto = chk.text(value, "goto", field + ".met.goto") or ""
    return Met(lines.read(value, "say", field + ".met.say", required=False), goto,
               value.line_of("goto") if "goto" in value else value.line)


def _slot_lists(chk: Checker, parent, key: str, field: str,
                slot_names: set[str]) -> tuple[tuple[str, ...], ...]:
    """``[a, [b, c]]``: each item a slot, or a list of slots any one of which does."""
    items = chk.seq(parent, key, field, required=False) or []
    out = []
    for i, item in enumerate(items):
        names = item if isinstance(item, list) else [item]
        if not names or not all(isinstance(n, str) for n in names):
            chk.add(items, i, f"{field}[{i}]", "must be a slot name or a list of slot names")
            continue
        for n in names:
            if n not in slot_names:
                chk.add(items, i, f"{field}[{i}]", f"no slot called {n!r}")
        out.append(tuple(names))
    return tuple(out)


def _check_brief(chk: Checker, doc, context: dict) -> None:
    """Placeholders outside buyer lines: in the brief and in the persona's 催 lines."""
    persona = doc.get("persona")
    nudge = persona.get("nudge") if isinstance(persona, dict) else None
    for i, text in enumerate([nudge] if isinstance(nudge, str) else
                             nudge if isinstance(nudge, list) else []):
        for name in placeholders(str(text)):
            if name not in context:
                chk.add(nudge if isinstance(nudge, Seq) else persona,
                        i if isinstance(nudge, Seq) else "nudge", f"persona.nudge[{i}]",
                        f"{{{name}}} is not in context")
    brief = doc.get("brief")
    if isinstance(brief, str):
        for name in placeholders(brief):
            if name not in context:
                chk.add(doc, "brief", "brief", f"{{{name}}} is not in context")


def _tests(chk: Checker, doc, outcomes: dict[str, Outcome]) -> tuple[ScriptTest, ...]:
    items = chk.seq(doc, "tests", "tests", required=False) or []
    out = []
    for i, item in enumerate(items):
        field = f"tests[{i}]"
        if not isinstance(item, Node):
            chk.add(items, i, field, "must be a mapping")
            continue
        chk.unknown_keys(item, {"name", "replies", "expect", "min_score", "max_score", "seed",
                                "author", "blind", "kind"}, field + ".")
        name = chk.text(item, "name", field + ".name") or f"test{i}"
        replies = item.get("replies")
        if not isinstance(replies, list) or not replies:
            chk.add(item, "replies", field + ".replies", "must be a non-empty list of replies")
            replies = []
        replies = ["" if r is None else str(r) for r in replies]
        expect = chk.text(item, "expect", field + ".expect") or "good"
        if expect not in ("good", "bad") and expect not in outcomes:
            chk.add(item, "expect", field + ".expect", "must be good, bad or an outcome id")
        lo = chk.number(item, "min_score", field + ".min_score", 0, 100, required=False)
        hi = chk.number(item, "max_score", field + ".max_score", 0, 100, required=False)
        seed = chk.number(item, "seed", field + ".seed", 0, 2**31, required=False, integer=True)
        author = chk.text(item, "author", field + ".author", required=False) or ""
        blind = item.get("blind", False)
        if not isinstance(blind, bool):
            chk.add(item, "blind", field + ".blind", "must be true or false")
            blind = False
        kind = chk.text(item, "kind", field + ".kind", required=False) or ""
        if kind and kind not in TEST_KINDS:
            chk.add(item, "kind", field + ".kind", f"must be one of {', '.join(TEST_KINDS)}")
        out.append(ScriptTest(name, tuple(replies), expect, lo, hi, seed or 0, item.line,
                              author, blind, kind))
    return tuple(out)


def scenario_dirs(extra: list[str] | None = None) -> list[tuple[Path, bool]]:
    """The built-in bank plus teacher folders (``--scenarios DIR`` or ``KEFU_SCENARIOS``,
    several joined with the OS path separator)."""
    dirs = [(BUILTIN_DIR, True)]
    env = os.environ.get("KEFU_SCENARIOS", "")
    for item in list(extra or []) + [p for p in env.split(os.pathsep) if p]:
        dirs.append((Path(item), False))
    return dirs


def load_all(extra: list[str] | None = None) -> tuple[list[Scenario], list[Problem]]:
    """Every scenario in the bank and teacher folders; broken files are returned as problems."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for folder, builtin in scenario_dirs(extra):
        if not folder.is_dir():
            problems.append(Problem(str(folder), 0, "folder", "not a folder"))
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                scenario = load_scenario(path, builtin)
            except DataError as exc:
                problems += exc.problems
                continue
            if scenario.id in seen:
                problems.append(Problem(str(path), 1, "id",
                                        f"id {scenario.id!r} is already used by {seen[scenario.id]}"))
                continue
            seen[scenario.id] = str(path)
            scenarios.append(scenario)
    return scenarios, problems


def find(ref: str, extra: list[str] | None = None) -> Scenario:
    """A scenario by id, or by path to a YAML file."""
    if ref.endswith((".yaml", ".yml")) or os.sep in ref:
        return load_scenario(ref)
    # Files are usually named after their id: try that before loading the whole bank.
    for folder, builtin in scenario_dirs(extra):
        for path in (folder / f"{ref}.yaml", folder / f"{ref}.yml"):
            if ID_RE.match(ref) and path.is_file():
                scenario = load_scenario(path, builtin)
                if scenario.id == ref:
                    return scenario
    scenarios, problems = load_all(extra)
    for scenario in scenarios:
        if scenario.id == ref:
            return scenario
    raise LookupError(ref)
