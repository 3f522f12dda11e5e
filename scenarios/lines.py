"""What the buyer says and when: buyer lines (text, or a line under a condition) and the
conditions over the detector registry, as a scenario file writes them."""

from __future__ import annotations

from scoring.datafile import Checker, Node, Seq

from . import detectors
from .model import Line, placeholders


class LineReader:
    """Reads buyer lines: text, or ``{when: CONDITION, line: text}``; checks placeholders
    (a context variable, or a fact the student names: scoring/lexicons/facts.yaml)."""

    def __init__(self, chk: Checker, context: dict, slot_names: set[str]):
        from scoring.facts import fact_names

        self.chk, self.context, self.slot_names = chk, context, slot_names
        self.facts = set(fact_names())

    def read(self, parent, key, field: str, required: bool = True) -> tuple[Line, ...]:
        chk = self.chk
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                chk.add(parent, key, field, "is required")
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            chk.add(parent, key, field, "must be a list of lines")
            return ()
        out = []
        for i, item in enumerate(items):
            where, k = (items, i) if isinstance(items, Seq) else (parent, key)
            when, text = None, item
            if isinstance(item, Node):
                chk.unknown_keys(item, {"when", "line"}, f"{field}[{i}].")
                text = chk.text(item, "line", f"{field}[{i}].line")
                if "when" in item:
                    when = parse_condition(chk, item, "when", f"{field}[{i}].when",
                                           self.slot_names)
                else:
                    chk.add(item, "line", f"{field}[{i}]", "a line written as a mapping "
                            "needs `when` (otherwise write the text alone)")
                where, k = item, "line"
            if text is None:
                continue
            if isinstance(text, bool) or not isinstance(text, (str, int, float)) \
                    or not str(text).strip():
                chk.add(where, k, f"{field}[{i}]", "must be non-empty text")
                continue
            text = str(text)
            facts = []
            for name in placeholders(text):
                if name in self.context:
                    continue
                if name in self.facts:
                    facts.append(name)
                else:
                    chk.add(where, k, f"{field}[{i}]", f"{{{name}}} is not in context (nor a "
                            f"fact: {', '.join(sorted(self.facts))})")
            out.append(Line(text, when, tuple(facts)))
        if out and all(ln.when is not None or ln.facts for ln in out):
            chk.add(parent, key, field, "add one line without `when` or facts: the buyer says "
                    "it when no other applies")
        return tuple(out)


def parse_condition(chk: Checker, parent, key, field: str, slot_names: set[str]):
    """``silence`` | ``{forbidden: refusal}`` | ``{slot: x}`` | ``{all: [...]}`` ... → tuple,
    checked against the detector registry (:mod:`scenarios.detectors`)."""
    value = parent[key]
    if isinstance(value, str):
        name, arg = value, None
    elif isinstance(value, Node) and len(value) == 1:
        name, arg = next(iter(value.items()))
        parent, key = value, name
    else:
        chk.add(parent, key, field, "must be a detector name or a one-key mapping "
                                    "(e.g. apologized, {slot: offer_refund}, {all: [...]})")
        return None
    if name in detectors.COMBINATORS:
        if name == "not":
            if arg is None:
                chk.add(parent, key, field, "'not' needs a value, e.g. {not: ...}")
                return None
            return ("not", parse_condition(chk, parent, key, f"{field}.not", slot_names))
        if not isinstance(arg, Seq) or not arg:
            chk.add(parent, key, f"{field}.{name}", "must be a non-empty list of conditions")
            return None
        return (name, tuple(parse_condition(chk, arg, i, f"{field}.{name}[{i}]", slot_names)
                            for i in range(len(arg))))
    if name in detectors.ALIASES:
        if arg is not None:
            chk.add(parent, key, f"{field}.{name}", "takes no value")
            return None
        return ("polite", detectors.ALIASES[name])
    if name not in detectors.REGISTRY:
        chk.add(parent, key, field, f"unknown detector {name!r} (known: "
                + ", ".join(detectors.names()) + ")")
        return None
    problem = detectors.check_argument(name, arg, slot_names)
    if problem is not None:
        where = field if isinstance(value, str) else f"{field}.{name}"
        chk.add(parent, key, where, f"{name!r} {problem}" if arg is None else problem)
        return None
    return (name, arg)
