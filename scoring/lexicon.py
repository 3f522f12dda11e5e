"""Lexicons as data: politeness phrases, forbidden wording, allow-phrases and overlays.

The built-in lexicons live in ``scoring/lexicons/*.yaml``. A class or exam may pass an overlay
YAML that adds rules or removes rules/phrases. Everything is validated with file:line errors.
Phrase templates and context patterns, the two notations inside a rule, are ``patterns.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .datafile import Checker, DataError, Node, Problem, Seq, load_yaml
from .patterns import compile_pattern, expand_template
from .resources import LEXICON_DIR

SCHEMA_VERSION = 1

POLITENESS_CATEGORIES = (
    "greeting", "thanks", "apology", "request", "waiting", "empathy", "closing", "honorific",
    "praise",
)
FORBIDDEN_KINDS = ("insult", "refusal", "blame", "impatience", "violation", "absolute_claim",
                   "negative", "vague")
# where a forbidden match does not count (see forbidden.yaml's `kinds` and clauses.py):
# the polarity of its clause, or a compliance statement in its sentence
EXEMPTIONS = ("negated", "question", "condition", "quoted", "compliance")
SEVERITIES = ("major", "soft")
CONTEXT_KEYS = ("unless_after", "unless_before", "if_after", "if_before")
NOT_LEXICON = ("rubric.yaml", "language.yaml", "intents.yaml", "facts.yaml")  # data files beside the lexicon


@dataclass(frozen=True)
class ContextRule:
    """The match does not count when the normalised text after it matches ``after`` (or the
    text before it matches ``before``), nor when ``require_after`` / ``require_before`` is set
    and the text after / before it does not match. Patterns anchor themselves (``^…``, ``…$``)
    and use ``[^,.!?;]`` to stay inside a clause."""

    after: re.Pattern | None = None
    before: re.Pattern | None = None
    require_after: re.Pattern | None = None
    require_before: re.Pattern | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    group: str  # "politeness" | "forbidden" | "allow" (shadows forbidden) | "neutral" (shadows
    # politeness: look-alikes such as 亲肤 or 亲自 that contain a polite word)
    phrases: tuple[str, ...]
    category: str = ""  # politeness category
    kind: str = ""  # forbidden kind
    severity: str = ""  # forbidden severity
    message: str = ""
    suggestion: str = ""
    examples: tuple[str, ...] = ()
    message_en: str = ""  # optional English explanation (the suggestion stays Chinese)
    counterexamples: tuple[str, ...] = ()
    context: tuple[ContextRule, ...] = ()
    source: str = ""
    exempt: tuple[str, ...] | None = None  # None: the kind's default (Lexicon.kinds)
    negated_by: tuple[str, ...] = ()  # a construction: counts only when one of these negates it
    softened_by: tuple[str, ...] | None = None  # None: the kind's default


    def explain(self, lang: str = "zh") -> str:
        """The rule's explanation in ``lang`` (Chinese when there is no English one)."""
        return self.message_en if lang == "en" and self.message_en else self.message


@dataclass(frozen=True)
class Kind:
    """Defaults of one forbidden kind (forbidden.yaml ``kinds``)."""

    exempt: tuple[str, ...] = ()
    # an alternative or next step elsewhere in the reply (not negated) turns a major match of
    # this kind into a soft one, explained by soft_message
    softened_by: tuple[str, ...] = ()
    soft_message: str = ""
    soft_message_en: str = ""
    # the softeners that also count said before the match (可以给您包邮哦,价格就不能再少了)
    offered_first: tuple[str, ...] = ()
    # a softener right after one of these (已经帮您, 因为您) or right before one of these
    # (可以理解) offers nothing
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()


@dataclass
class Lexicon:
    rules: list[Rule] = field(default_factory=list)
    kinds: dict[str, Kind] = field(default_factory=dict)
    compliance: tuple[str, ...] = ()  # words that make a sentence a compliance statement

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def group(self, name: str) -> list[Rule]:
        return [r for r in self.rules if r.group == name]


_RULE_KEYS = {
    "politeness": {"id", "category", "phrases", "message", "message_en", "suggestion", "examples",
                   "not", "context"},
    "forbidden": {"id", "kind", "severity", "phrases", "message", "message_en", "suggestion",
                  "examples", "not", "context", "exempt", "negated_by", "softened_by"},
    # 你 where 您 is due: noticed in the politeness dimension, not forbidden wording
    "plain_address": {"id", "phrases", "message", "message_en", "suggestion", "examples", "not",
                      "context"},
    "allow": {"id", "phrases", "message", "examples"},
    "neutral": {"id", "phrases", "message", "examples"},
}
GROUPS = tuple(_RULE_KEYS)


def _expand_phrases(chk: Checker, node: Node, field: str) -> list[str]:
    """The rule's phrases with every template expanded (problems named per phrase)."""
    templates = chk.texts(node, "phrases", field)
    seq = node.get("phrases")
    phrases: list[str] = []
    for i, template in enumerate(templates):
        try:
            phrases += expand_template(template)
        except ValueError as exc:
            where, key = (seq, i) if isinstance(seq, Seq) else (node, "phrases")
            chk.add(where, key, f"{field}[{i}]", f"bad phrase template {template!r}: {exc}")
    return list(dict.fromkeys(phrases))


def _parse_rule(chk: Checker, node, where, index: int, group: str, prefix: str) -> Rule | None:
    field_prefix = f"{prefix}[{index}]"
    if not isinstance(node, Node):
        chk.add(where, index, field_prefix, "must be a mapping")
        return None
    chk.unknown_keys(node, _RULE_KEYS[group], field_prefix + ".")
    rule_id = chk.text(node, "id", f"{field_prefix}.id")
    phrases = _expand_phrases(chk, node, f"{field_prefix}.phrases")
    message = chk.text(node, "message", f"{field_prefix}.message") or ""
    message_en = chk.text(node, "message_en", f"{field_prefix}.message_en", required=False) or ""
    examples = chk.texts(node, "examples", f"{field_prefix}.examples")
    counter = chk.texts(node, "not", f"{field_prefix}.not", required=False)
    category = kind = severity = suggestion = ""
    context: list[ContextRule] = []
    exempt = softened = None
    negated_by: list[str] = []
    if group in ("politeness", "plain_address", "forbidden"):
        context = _parse_context(chk, node, field_prefix)
    if group == "plain_address":
        suggestion = chk.text(node, "suggestion", f"{field_prefix}.suggestion") or ""
    if group == "politeness":
        category = chk.text(node, "category", f"{field_prefix}.category") or ""
        if category and category not in POLITENESS_CATEGORIES:
            chk.add(node, "category", f"{field_prefix}.category",
                    f"unknown category {category!r} (one of: {', '.join(POLITENESS_CATEGORIES)})")
        suggestion = chk.text(node, "suggestion", f"{field_prefix}.suggestion", required=False) or ""
    if group == "forbidden":
        kind = chk.text(node, "kind", f"{field_prefix}.kind") or ""
        if kind and kind not in FORBIDDEN_KINDS:
            chk.add(node, "kind", f"{field_prefix}.kind",
                    f"unknown kind {kind!r} (one of: {', '.join(FORBIDDEN_KINDS)})")
        severity = chk.text(node, "severity", f"{field_prefix}.severity") or ""
        if severity and severity not in SEVERITIES:
            chk.add(node, "severity", f"{field_prefix}.severity", "must be 'major' or 'soft'")
        suggestion = chk.text(node, "suggestion", f"{field_prefix}.suggestion") or ""
        if "exempt" in node:
            exempt = tuple(_exemptions(chk, node, "exempt", f"{field_prefix}.exempt"))
        negated_by = chk.texts(node, "negated_by", f"{field_prefix}.negated_by", required=False)
        if "softened_by" in node:
            softened = tuple(chk.texts(node, "softened_by", f"{field_prefix}.softened_by")
                             if node["softened_by"] != [] else ())  # []: never softened
    if not rule_id or not phrases:
        return None
    return Rule(
        id=rule_id, group=group, phrases=tuple(phrases), category=category, kind=kind,
        severity=severity, message=message, suggestion=suggestion, examples=tuple(examples),
        message_en=message_en,
        counterexamples=tuple(counter), context=tuple(context),
        source=f"{chk.file}:{node.line}", exempt=exempt, negated_by=tuple(negated_by),
        softened_by=softened,
    )


def _exemptions(chk: Checker, node, key: str, field: str) -> list[str]:
    values = chk.texts(node, key, field)
    for value in values:
        if value not in EXEMPTIONS:
            chk.add(node, key, field, f"unknown exemption {value!r} (one of: {', '.join(EXEMPTIONS)})")
    return values


def _parse_context(chk: Checker, node, field_prefix: str) -> list[ContextRule]:
    context = []
    trusted = Path(chk.file).resolve().parent == LEXICON_DIR.resolve()
    ctx = chk.seq(node, "context", f"{field_prefix}.context", required=False) or []
    for j, item in enumerate(ctx):
        cfield = f"{field_prefix}.context[{j}]"
        if not isinstance(item, Node) or not set(item) <= set(CONTEXT_KEYS) or not item:
            chk.add(ctx, j, cfield, "must be a mapping with " + ", ".join(CONTEXT_KEYS))
            continue
        compiled = {}
        for key in CONTEXT_KEYS:
            if key in item:
                try:
                    compiled[key] = compile_pattern(str(item[key]), trusted)
                except ValueError as exc:
                    chk.add(item, key, f"{cfield}.{key}", str(exc))
        context.append(ContextRule(compiled.get("unless_after"), compiled.get("unless_before"),
                                   compiled.get("if_after"), compiled.get("if_before")))
    return context


def _parse_kinds(chk: Checker, doc) -> tuple[dict[str, Kind], tuple[str, ...]]:
    kinds: dict[str, Kind] = {}
    node = chk.mapping(doc, "kinds", "kinds", required=False) or {}
    for name, entry in node.items():
        field = f"kinds.{name}"
        if name not in FORBIDDEN_KINDS:
            chk.add(node, name, field, f"unknown kind {name!r} (one of: {', '.join(FORBIDDEN_KINDS)})")
            continue
        if not isinstance(entry, Node):
            chk.add(node, name, field, "must be a mapping")
            continue
        words = ("softened_by", "offered_first", "not_after", "not_before")
        chk.unknown_keys(entry, {"exempt", "soft_message", "soft_message_en", *words}, field + ".")
        softening = {key: tuple(chk.texts(entry, key, f"{field}.{key}", required=False))
                     for key in words}
        kinds[name] = Kind(
            tuple(_exemptions(chk, entry, "exempt", f"{field}.exempt") if "exempt" in entry else ()),
            soft_message=chk.text(entry, "soft_message", f"{field}.soft_message",
                                  required=False) or "",
            soft_message_en=chk.text(entry, "soft_message_en", f"{field}.soft_message_en",
                                     required=False) or "",
            **softening)
    compliance = tuple(chk.texts(doc, "compliance", "compliance", required=False))
    return kinds, compliance


def _parse_rule_list(chk: Checker, doc, key: str, group: str, prefix: str = "") -> list[Rule]:
    items = chk.seq(doc, key, f"{prefix}{key}", required=False) or []
    rules = []
    for i, item in enumerate(items):
        rule = _parse_rule(chk, item, items, i, group, f"{prefix}{key}")
        if rule:
            rules.append(rule)
    return rules


def _load_doc(path: Path) -> tuple[Checker, Node]:
    doc = load_yaml(path)
    chk = Checker(str(path))
    if not isinstance(doc, Node):
        raise DataError([Problem(str(path), 1, "(top)", "must be a mapping")])
    chk.schema_version(doc, SCHEMA_VERSION)
    return chk, doc


def load_builtin_file(path: Path) -> list[Rule]:
    chk, doc = _load_doc(path)
    chk.unknown_keys(doc, {"schema_version", "kinds", "compliance", *GROUPS}, "")
    rules = []
    for group in GROUPS:
        rules += _parse_rule_list(chk, doc, group, group)
    _check_unique(chk, rules)
    chk.raise_if_any()
    return rules


def _check_unique(chk: Checker, rules: list[Rule]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            chk.problems.append(Problem(chk.file, int(rule.source.rsplit(":", 1)[1]), "id",
                                        f"duplicate rule id {rule.id!r} (first at {seen[rule.id]})"))
        seen.setdefault(rule.id, rule.source)


def apply_overlay(rules: list[Rule], path: Path) -> list[Rule]:
    """Return ``rules`` changed by the overlay file at ``path``.

    Overlay format::

        schema_version: 1
        add:
          forbidden: [ ...rules as in forbidden.yaml... ]
          politeness: [ ... ]
          allow: [ ... ]
          neutral: [ ... ]
        remove: [rule ids or single phrases]
    """
    chk, doc = _load_doc(path)
    chk.unknown_keys(doc, {"schema_version", "add", "remove"}, "")
    added: list[Rule] = []
    add = chk.mapping(doc, "add", "add", required=False)
    if add is not None:
        chk.unknown_keys(add, set(GROUPS), "add.")
        for group in GROUPS:
            added += _parse_rule_list(chk, add, group, group, prefix="add.")
    remove_items = chk.texts(doc, "remove", "remove", required=False)
    removed = set(remove_items)
    known_ids = {r.id for r in rules} | {r.id for r in added}
    known_phrases = {p for r in rules for p in r.phrases}
    remove_seq = doc.get("remove")
    for i, item in enumerate(remove_items):
        if item in known_ids:
            continue
        try:  # a phrase template removes every phrase it stands for
            phrases = expand_template(item)
        except ValueError as exc:
            chk.add(remove_seq, i, f"remove[{i}]", f"bad phrase template {item!r}: {exc}")
            continue
        if not known_phrases.intersection(phrases):
            chk.add(remove_seq, i, f"remove[{i}]", f"no rule id or phrase {item!r} to remove")
        removed.update(phrases)
    _check_unique(chk, [r for r in rules if r.id not in removed] + added)
    chk.raise_if_any()
    out = []
    for rule in rules + added:
        if rule.id in removed:
            continue
        phrases = tuple(p for p in rule.phrases if p not in removed)
        if phrases != rule.phrases:
            if not phrases:
                continue
            rule = Rule(**{**rule.__dict__, "phrases": phrases})
        out.append(rule)
    return out


@lru_cache(maxsize=16)
def load_lexicon(overlay: str | None = None) -> Lexicon:
    """The built-in lexicon, optionally changed by an overlay file (cached per overlay path).

    The overlay is parsed and validated here; whether its rules catch their own examples is
    checked one stage later, by :func:`scoring.verify.load_checked_lexicon`."""
    rules: list[Rule] = []
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        if path.name in NOT_LEXICON:
            continue
        rules += load_builtin_file(path)
    chk = Checker(str(LEXICON_DIR))
    _check_unique(chk, rules)
    chk.raise_if_any()
    kchk, doc = _load_doc(LEXICON_DIR / "forbidden.yaml")
    kinds, compliance = _parse_kinds(kchk, doc)
    kchk.raise_if_any()
    if overlay:
        rules = apply_overlay(rules, Path(overlay))
    return Lexicon(rules, kinds, compliance)
