"""Facts a reply states — a delivery time, a size, a colour, a gift, an amount — so the buyer can
remember them and quote them back ("那{eta}前一定要到哦"). Patterns are data:
``lexicons/facts.yaml``. Only statements count: a fact inside a question, a condition, a negated
clause or quoted words is not taken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .clauses import analyse_normalized
from .datafile import Checker, Seq, load_yaml
from .normalize import Normalized, normalize
from .resources import LEXICON_DIR

FACTS_FILE = LEXICON_DIR / "facts.yaml"
PRICE_FACT = "offered_price"  # filled from the price detector, not from facts.yaml


@dataclass(frozen=True)
class FactRule:
    name: str
    patterns: tuple[re.Pattern, ...]
    after: tuple[str, ...]  # one of these must follow the value closely (empty: anything may)
    not_values: frozenset[str]
    examples: tuple[tuple[str, str | None], ...]


@lru_cache(maxsize=1)
def fact_rules() -> tuple[FactRule, ...]:
    doc = load_yaml(FACTS_FILE)
    chk = Checker(str(FACTS_FILE))
    chk.schema_version(doc, 1)
    table = chk.mapping(doc, "facts", "facts") or {}
    rules = []
    for name, node in table.items():
        field = f"facts.{name}"
        chk.unknown_keys(node, {"patterns", "after", "not_values", "examples"}, field + ".")
        patterns = []
        for i, source in enumerate(chk.texts(node, "patterns", field + ".patterns")):
            try:
                patterns.append(re.compile(source))
            except re.error as exc:
                where = node["patterns"]
                chk.add(where, i if isinstance(where, Seq) else "patterns",
                        f"{field}.patterns[{i}]", f"not a regular expression: {exc}")
        examples = chk.mapping(node, "examples", field + ".examples") or {}
        rules.append(FactRule(
            name, tuple(patterns), tuple(chk.texts(node, "after", field + ".after",
                                                   required=False)),
            frozenset(chk.texts(node, "not_values", field + ".not_values", required=False)),
            tuple((str(k), None if v is None else str(v)) for k, v in examples.items())))
    chk.raise_if_any()
    return tuple(rules)


def fact_names() -> tuple[str, ...]:
    """Every fact a buyer line may quote (``{eta}``, ``{size}`` … and ``{offered_price}``)."""
    return (PRICE_FACT,) + tuple(rule.name for rule in fact_rules())


def find_facts(norm: Normalized) -> dict[str, str]:
    """``{fact: value}`` stated in the reply; for a fact named twice, the later mention."""
    text = norm.text
    analysis = None
    found: dict[str, tuple[int, str]] = {}
    for rule in fact_rules():
        spans = set()
        for pattern in rule.patterns:
            group = "value" if "value" in pattern.groupindex else 0
            for m in pattern.finditer(text):
                if m.start(group) < m.end(group) and m.group(group) not in rule.not_values:
                    spans.add(m.span(group))
        inner = _contained(spans)
        for start, end in sorted(spans):
            if (start, end) in inner:
                continue  # inside a longer mention of the same fact (今天下午4点前 ⊃ 下午4点前)
            if analysis is None:
                analysis = analyse_normalized(norm)
            if analysis.t_polarity(start, end) != "affirmed":
                continue
            if rule.after and not _followed_by(analysis, norm, end, rule.after):
                continue
            found[rule.name] = (start, _shown(norm, start, end))
    return {name: value for name, (_, value) in found.items()}


def _contained(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another one. In order of start, longest first, a span lies
    inside another exactly when an earlier one reaches as far as its end (linear after the
    sort: a 400 KB reply names thousands of facts)."""
    inner = set()
    reach = -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if reach >= end:
            inner.add((start, end))
        reach = max(reach, end)
    return inner


AFTER_WINDOW = 8  # characters after a value where its `after` word must stand


def _followed_by(analysis, norm: Normalized, end: int, words: tuple[str, ...]) -> bool:
    """One of ``words`` within :data:`AFTER_WINDOW` characters after ``end``, in its clause."""
    k = analysis.t_index(max(0, end - 1))
    clause_end = analysis._bounds[k][1] if k >= 0 else len(norm.text)
    near = norm.text[end:min(clause_end, end + AFTER_WINDOW)]
    return any(w in near for w in words)


def _shown(norm: Normalized, start: int, end: int) -> str:
    """The fact as the student wrote it, half-width, sizes in capitals (Ｌ码 → L码)."""
    ostart, oend = norm.to_original(start), norm.to_original(end - 1) + 1
    value = unicodedata.normalize("NFKC", norm.original[ostart:oend])
    return re.sub(r"[a-z]+", lambda m: m.group(0).upper(), value)


def verify_fact_examples() -> list[str]:
    """Every example reads the value it names; returns what does not."""
    problems = []
    for rule in fact_rules():
        for text, want in rule.examples:
            got = find_facts(normalize(text)).get(rule.name)
            if got != want:
                problems.append(f"facts.{rule.name}: {text!r} reads {got!r}, not {want!r}")
    return problems
