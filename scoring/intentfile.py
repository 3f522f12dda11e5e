"""The intent library's file, ``lexicons/intents.yaml``: what an intent is (:class:`Intent`),
what one found in a reply is (:class:`IntentHit`), and :func:`load_intents`, which checks the
file and reports every problem with its line.

An intent (offer_refund, give_eta, ask_photo …) is defined once for every scenario by phrase
families (templates, as in the lexicon; ``#`` stands for any number written in digits) and
constructions (word groups that follow each other in one clause, e.g. a time then a shipping
verb). Matching them is ``intents.py``; reading each match in its clause is ``polarity.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .datafile import Checker, DataError, Node, Problem, Seq, load_yaml
from .lexicon import LEXICON_DIR, POLITENESS_CATEGORIES
from .patterns import expand_template

INTENTS_FILE = LEXICON_DIR / "intents.yaml"
SCHEMA_VERSION = 1
QUESTION_POLICIES = ("done", "offer", "no")
POLARITIES = ("done", "refused", "question", "condition", "quoted", "mention")
DEFAULT_GAP = 8


@dataclass(frozen=True)
class Intent:
    id: str
    label: str
    question: str  # how a question counts: "done" (asking is the intent), "offer" (only an
    # offer made as a question), "no"
    negation: bool  # does a negation refuse it? (an explanation stays one: "不是纯羊毛")
    condition: bool  # does an if-clause undo it? (a size advice stays one: "170的话穿L码")
    require_question: bool
    politeness: str  # a politeness category that also does it (greeting, apology …)
    phrases: tuple[str, ...]
    questions: tuple[str, ...]  # count only in a question to the buyer ("您平时穿多大?")
    refusals: tuple[str, ...]  # saying it refuses it: 退不了, 不包邮
    constructions: tuple[tuple[tuple[str, ...], ...], ...]
    gap: int
    exclude: tuple[str, ...]  # look-alikes that contain a phrase (保温杯 for 保温)
    unless_before: tuple[str, ...]  # the buyer as the subject: "您可以联系快递"
    unless: tuple[str, ...]  # words anywhere in the clause that undo it (绝对, 永久 …)
    unless_reply: tuple[str, ...]  # words anywhere in the reply that undo it (好评 … 返现)
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]
    source: str


class IntentHit(NamedTuple):
    intent: str
    start: int  # offsets in the original reply
    end: int
    phrase: str
    polarity: str  # one of POLARITIES

    @property
    def done(self) -> bool:
        return self.polarity == "done"

    def to_json(self) -> dict:
        return {"intent": self.intent, "polarity": self.polarity, "phrase": self.phrase,
                "start": self.start, "end": self.end}


_KEYS = {"id", "label", "question", "negation", "condition", "require_question", "politeness",
         "phrases", "questions", "refusals",
         "constructions", "gap", "exclude", "unless_before", "unless", "unless_reply", "examples",
         "not"}


def _templates(chk: Checker, node, key: str, field: str, required: bool = False) -> list[str]:
    out: list[str] = []
    seq = node.get(key)
    for i, template in enumerate(chk.texts(node, key, field, required=required)):
        try:
            out += expand_template(template)
        except ValueError as exc:
            where, k = (seq, i) if isinstance(seq, Seq) else (node, key)
            chk.add(where, k, f"{field}[{i}]", f"bad phrase template {template!r}: {exc}")
    return list(dict.fromkeys(out))


def _parse_intent(chk: Checker, node, items, i: int) -> Intent | None:
    field = f"intents[{i}]"
    if not isinstance(node, Node):
        chk.add(items, i, field, "must be a mapping")
        return None
    chk.unknown_keys(node, _KEYS, field + ".")
    iid = chk.text(node, "id", f"{field}.id") or ""
    if iid and not re.match(r"^[a-z][a-z_]*$", iid):
        chk.add(node, "id", f"{field}.id", "intent ids are lowercase letters and _")
    label = chk.text(node, "label", f"{field}.label") or iid
    question = chk.text(node, "question", f"{field}.question", required=False) or "no"
    if question not in QUESTION_POLICIES:
        chk.add(node, "question", f"{field}.question", "must be one of " + ", ".join(
            QUESTION_POLICIES))
    flags = {}
    for key, default in (("negation", True), ("condition", True), ("require_question", False)):
        value = node.get(key, default)
        if not isinstance(value, bool):
            chk.add(node, key, f"{field}.{key}", "must be true or false")
            value = default
        flags[key] = value
    polite = chk.text(node, "politeness", f"{field}.politeness", required=False) or ""
    if polite and polite not in POLITENESS_CATEGORIES:
        chk.add(node, "politeness", f"{field}.politeness",
                f"unknown category {polite!r} (one of: {', '.join(POLITENESS_CATEGORIES)})")
    phrases = _templates(chk, node, "phrases", f"{field}.phrases")
    constructions = []
    for j, parts in enumerate(chk.seq(node, "constructions", f"{field}.constructions",
                                      required=False) or []):
        cfield = f"{field}.constructions[{j}]"
        if not isinstance(parts, Seq) or len(parts) < 2 or not all(
                isinstance(p, Seq) for p in parts):
            chk.add(node["constructions"], j, cfield, "must be a list of at least two word lists")
            continue
        holder = Node({str(k): p for k, p in enumerate(parts)})
        holder.line, holder.key_lines = parts.line, {str(k): parts.line_of(k)
                                                     for k in range(len(parts))}
        constructions.append(tuple(tuple(_templates(chk, holder, str(k), f"{cfield}[{k}]",
                                                    required=True))
                                   for k in range(len(parts))))
    refusals = _templates(chk, node, "refusals", f"{field}.refusals")
    questions = _templates(chk, node, "questions", f"{field}.questions")
    if not phrases and not constructions and not polite and not questions:
        chk.add(node, "phrases", f"{field}.phrases", "an intent needs phrases or constructions")
    gap = chk.number(node, "gap", f"{field}.gap", 0, 30, required=False, integer=True)
    return Intent(
        id=iid, label=label, question=question, negation=flags["negation"],
        condition=flags["condition"], require_question=flags["require_question"],
        politeness=polite, phrases=tuple(phrases), questions=tuple(questions),
        refusals=tuple(refusals),
        constructions=tuple(constructions),
        gap=DEFAULT_GAP if gap is None else gap,
        exclude=tuple(_templates(chk, node, "exclude", f"{field}.exclude")),
        unless_before=tuple(_templates(chk, node, "unless_before", f"{field}.unless_before")),
        unless=tuple(_templates(chk, node, "unless", f"{field}.unless")),
        unless_reply=tuple(_templates(chk, node, "unless_reply", f"{field}.unless_reply")),
        examples=tuple(chk.texts(node, "examples", f"{field}.examples")),
        counterexamples=tuple(chk.texts(node, "not", f"{field}.not", required=False)),
        source=f"{chk.file}:{node.line}",
    )


def load_intents(path: Path = INTENTS_FILE) -> tuple[Intent, ...]:
    doc = load_yaml(path)
    chk = Checker(str(path))
    if not isinstance(doc, Node):
        raise DataError([Problem(str(path), 1, "(top)", "must be a mapping")])
    chk.schema_version(doc, SCHEMA_VERSION)
    chk.unknown_keys(doc, {"schema_version", "intents"}, "")
    items = chk.seq(doc, "intents", "intents") or []
    intents, seen = [], {}
    for i, node in enumerate(items):
        intent = _parse_intent(chk, node, items, i)
        if intent is None or not intent.id:
            continue
        if intent.id in seen:
            chk.add(items, i, f"intents[{i}].id",
                    f"duplicate intent id {intent.id!r} (first at {seen[intent.id]})")
            continue
        seen[intent.id] = intent.source
        intents.append(intent)
    chk.raise_if_any()
    return tuple(intents)
