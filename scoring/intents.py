"""What a reply does: the shared intent library (``lexicons/intents.yaml``).

An intent (offer_refund, give_eta, ask_photo …) is defined once for every scenario by phrase
families (templates, as in the lexicon; ``#`` stands for any number written in digits) and
constructions (word groups that follow each other in one clause, e.g. a time then a shipping
verb). Each match is read in its clause: ``done`` (affirmed), ``refused`` (negated: "不能退款",
"仅退款我们这边没办法"), ``question`` (only asked about — although a question that offers counts:
"给您退款可以吗?"), ``condition`` (inside an if-clause), ``quoted`` or ``mention`` (the clause
only names keywords: a bare "补发哦亲", or a keyword salad "退款 换货 运费 补发 优惠券" — see
:class:`Mentions`). Only ``done`` counts.

Pure functions over data; one Aho-Corasick pass per reply.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .clauses import analyse_normalized
from .datafile import Checker, DataError, Node, Problem, Seq, load_yaml
from .lexicon import LEXICON_DIR, POLITENESS_CATEGORIES, expand_template
from .matcher import build_automaton, longest_first
from .normalize import CLAUSE_BREAKS, Normalized, normalize
from .resources import checker, language

INTENTS_FILE = LEXICON_DIR / "intents.yaml"
SCHEMA_VERSION = 1
QUESTION_POLICIES = ("done", "offer", "no")
POLARITIES = ("done", "refused", "question", "condition", "quoted", "mention")
DEFAULT_GAP = 8
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


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


def key_of(phrase: str) -> str:
    """How an intent phrase is matched: its compact normalised form, ``#`` kept as a number."""
    return "#".join(normalize(part).compact for part in phrase.split("#"))


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


@lru_cache(maxsize=1)
def library() -> IntentLibrary:
    return IntentLibrary(load_intents())


class _Cues(NamedTuple):
    negators: re.Pattern
    window: int
    ignore: re.Pattern
    refuse_after: re.Pattern
    final: tuple[str, ...]
    question_words: re.Pattern
    offer_frame: re.Pattern
    condition: re.Pattern
    softener: re.Pattern
    imposed: re.Pattern
    imposed_if: re.Pattern
    tag_question: re.Pattern


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    from .resolution import cues

    c = cues()
    return _Cues(
        negators=re.compile("|".join(map(re.escape, c.negators))), window=c.window,
        ignore=c.ignore,
        refuse_after=re.compile("没办法|办不了|做不到|不了|不行|不支持|不可以|不能|无法|没法|"
                                "不提供|不接受|是不可能|没门"),
        final=("吗", "么"),
        question_words=re.compile(r"是否|是不是|有没有|能不能|可不可以|要不要|需不需要|好不好|"
                                  r"行不行|什么|哪|怎么|几|多少|如何"),
        offer_frame=re.compile(r"给您|帮您|为您|给你|帮你|我们|我|可以吗|好吗|行吗|怎么样|"
                               r"如何|您看|还是|要不要|需不需要|需要.{0,6}吗"),
        condition=re.compile(r"如果|要是|假如|万一|若是|一旦|只要|的话"),
        softener=re.compile(r"(如果|要是)?(您|你)?(方便|可以|需要|有需要|喜欢|合适|满意|有空|"
                            r"不介意|愿意)的话|如果(您|你)?(方便|需要|愿意)"),
        imposed=re.compile(_IMPOSED),
        tag_question=re.compile(r"可以吗|好吗|行吗|怎么样|如何|您看|你看|可以帮|帮您的|满意吗|"
                                r"还有(什么|其他|别的)|要不要|需不需要|愿意吗|方便吗|还是"),
        imposed_if=re.compile(rf"(如果|只要|要是|假如|若)[^。!?;]*({_IMPOSED})[^。!?;]*[,，]$"),
    )


# What an agent may not make an offer depend on: the buyer's review or complaint.
_IMPOSED = "好评|五星|评价|删|撤|确认收货|晒|追评|改评|投诉"


def _mask(pattern: re.Pattern, text: str) -> str:
    return pattern.sub(lambda m: "_" * len(m.group()), text)


_BREAKS = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")
_OPEN, _CLOSE = "“「『‘", "”」』’"
_ANY_QUOTE = re.compile(f"[{_OPEN}{_CLOSE}\"]")


class Reading:
    """One normalised reply, read once: where its clauses break and whether it quotes. The
    clause analysis (negation scopes, ``clauses.py``) is made only when a negation cue stands
    near a match."""

    __slots__ = ("text", "breaks", "quotes", "norm", "_analysis", "_plain", "_mentions")

    def __init__(self, text: str, norm: Normalized | None = None):
        self.text = text
        self.norm = norm
        self.breaks = [m.start() for m in _BREAKS.finditer(text)]
        self.quotes = _ANY_QUOTE.search(text) is not None
        self._analysis = None
        self._plain: dict[int, bool] = {}
        self._mentions: dict[tuple[str, ...], bool] = {}  # asked once per reply, not per hit

    def plain(self, clause_start: int, clause_end: int) -> bool:
        """Does the clause hold no negation, refusal or condition cue at all?"""
        found = self._plain.get(clause_start)
        if found is None:
            c = _cues()
            text = self.text
            found = self._plain[clause_start] = not (
                c.negators.search(text, clause_start, clause_end)
                or c.refuse_after.search(text, clause_start, clause_end)
                or c.condition.search(text, max(0, clause_start - 24), clause_end))
        return found

    def negated(self, start: int, end: int) -> bool:
        """Does a negation's scope cover ``text[start:end]``?"""
        norm = self.norm or normalize(self.text)
        if self._analysis is None:
            self._analysis = analyse_normalized(norm)
        ostart, oend = norm.to_original(start), norm.to_original(end - 1) + 1
        return self._analysis.negation_of(ostart, oend) is not None

    def clause(self, pos: int) -> tuple[int, int]:
        i = bisect_left(self.breaks, pos)
        return (self.breaks[i - 1] + 1 if i else 0,
                self.breaks[i] if i < len(self.breaks) else len(self.text))

    def mentions(self, words: tuple[str, ...]) -> bool:
        found = self._mentions.get(words)
        if found is None:
            found = self._mentions[words] = self._mention(words)
        return found

    def _mention(self, words: tuple[str, ...]) -> bool:
        """Does the reply say one of ``words`` in a clause that does not negate it ("我们不参与
        好评返现" mentions no 返现)?"""
        c = _cues()
        text = self.text
        for word in words:
            pos = text.find(word)
            while pos >= 0:
                clause_start, _ = self.clause(pos)
                if not c.negators.search(_mask(c.ignore, text[clause_start:pos])):
                    return True
                pos = text.find(word, pos + 1)
        return False

    def crosses(self, start: int, end: int) -> bool:
        """Does ``text[start:end]`` hold a clause break?"""
        i = bisect_left(self.breaks, start)
        return i < len(self.breaks) and self.breaks[i] < end

    def quoted(self, pos: int) -> bool:
        """Inside quotation marks that report someone's words ("您说的'爱买不买'"), not a
        label ("点'申请退货'")."""
        if not self.quotes:
            return False
        text = self.text
        opened = -1
        for i in range(pos - 1, -1, -1):
            ch = text[i]
            if ch in _CLOSE:
                return False
            if ch in _OPEN or ch == '"':
                if ch == '"' and text[:i].count('"') % 2:
                    return False  # a closing ASCII quote
                opened = i
                break
        return opened == 0 or opened > 0 and _SPEECH.search(
            text, max(0, opened - 4), opened) is not None


_SPEECH = re.compile(r"(说|讲|称|骂|所谓|写着|问|叫|喊|道)(的|过|了)?\s*[:：]?$")


def polarity(reading: Reading | str, start: int, end: int, intent: Intent | None = None) -> str:
    """How the clause holding ``text[start:end]`` (normalised text) treats it."""
    if isinstance(reading, str):
        reading = Reading(reading)
    c = _cues()
    text = reading.text
    clause_start, clause_end = reading.clause(start)
    if reading.quoted(start) and reading.quoted(end - 1):
        return "quoted"
    plain = reading.plain(clause_start, clause_end)  # no cue of any kind: affirmed
    if plain and (intent is None or (intent.question == "done" and not intent.require_question)):
        return "done"
    before = text[clause_start:start]
    after = text[end:clause_end]
    if (intent is None or intent.negation) and not plain:
        near = before[-c.window - 6:]  # a cue this close may scope over it: ask the analysis
        if c.negators.search(near) and c.negators.search(_mask(c.ignore, near)) and \
                reading.negated(start, end):
            return "refused"
        if c.refuse_after.search(after, 0, 10) and c.refuse_after.search(
                _mask(c.ignore, after[:12]), 0, 10):
            return "refused"
    if intent is not None and intent.condition and not plain and _conditional(
            c, text, clause_start, start, end, clause_end):
        return "condition"
    question_policy = intent.question if intent else "done"
    needs = intent is not None and intent.require_question
    if question_policy == "done" and not needs:
        return "done"
    asked = _asked(c, text, clause_start, clause_end, question_policy != "no")
    clause = text[clause_start:clause_end]
    if asked and question_policy != "done" and (
            question_policy == "no" or not c.offer_frame.search(clause)):
        return "question"
    if needs and not asked:
        return "question"
    return "done"


def _asked(c: _Cues, text: str, clause_start: int, clause_end: int, words: bool = True) -> bool:
    """A question: a question mark, a final 吗, or (with ``words``) a question word — "我帮您查
    一下到哪了" names 哪 without asking, so "no"-policy intents look at marks only."""
    clause = text[clause_start:clause_end]
    return (clause_end < len(text) and text[clause_end] in "?？") or clause.rstrip(
        "~～!！ 哦呀啊呢哈").endswith(c.final) or (words and bool(c.question_words.search(clause)))


def asks_buyer(reading: Reading, start: int) -> bool:
    """Is the clause at ``start`` a question to the buyer (not "可以吗?", "您看呢?")?"""
    c = _cues()
    clause_start, clause_end = reading.clause(start)
    text = reading.text
    if not _asked(c, text, clause_start, clause_end):
        return False
    return c.tag_question.search(text, clause_start, clause_end) is None


def _conditional(c: _Cues, text: str, clause_start: int, start: int, end: int,
                 clause_end: int) -> bool:
    """Inside an if-part ("如果需要退款的话", "退款的话需要…"), or after one that the agent
    imposes on the buyer ("只要给好评就送您…"); after the buyer's own choice it stands
    ("留下的话马上为您发放补偿")."""
    head = text[clause_start:start]
    if c.condition.search(head):
        cues = c.condition.findall(_mask(c.softener, head))
        if cues and cues[-1] != "的话":
            return True  # 如果 … span: the if-part is still open
        if cues and c.imposed.search(text, max(0, clause_start - 24), start):
            return True
    if "的话" in text[end:clause_end] and "的话" in _mask(c.softener, text[clause_start:clause_end])[
            end - clause_start:]:
        return True
    return bool(clause_start and c.imposed_if.search(text, max(0, clause_start - 24), clause_start))


class _MentionCues(NamedTuple):
    share: float
    bare_max: int
    salad_max: int
    list_min: int
    piece_max: int
    particles: frozenset[str]
    predicates: re.Pattern
    times: re.Pattern
    assent: frozenset[str]


@lru_cache(maxsize=1)
def _mention_cues() -> _MentionCues:
    chk = checker()
    section = chk.mapping(language(), "mention", "mention") or {}
    share = chk.number(section, "share", "mention.share", 0.1, 1) or 0.7
    bare_max = chk.number(section, "bare_max", "mention.bare_max", 1, 20, integer=True) or 3
    salad_max = chk.number(section, "salad_max", "mention.salad_max", 1, 20, integer=True) or 4
    list_min = chk.number(section, "list_min", "mention.list_min", 2, 20, integer=True) or 3
    piece_max = chk.number(section, "piece_max", "mention.piece_max", 1, 20, integer=True) or 6
    particles = frozenset(chk.text(section, "particles", "mention.particles") or "")
    words = {k: [normalize(w).compact for w in chk.texts(section, k, f"mention.{k}")]
             for k in ("predicates", "times", "assent")}
    chk.raise_if_any()

    def strip(word: str) -> str:
        return "".join(ch for ch in word if ch not in particles)

    return _MentionCues(float(share), bare_max, salad_max, list_min, piece_max, particles,
                        re.compile(_alt_words(words["predicates"])),
                        re.compile(_alt_words(words["times"]) + r"|\d"),
                        frozenset(strip(w) for w in words["assent"]) - {""})


def _alt_words(words) -> str:
    return "|".join(map(re.escape, sorted(set(w for w in words if w), key=len, reverse=True)))


_MENTION_BREAKS = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS - {"、"}))) + "]")
_ASKED = re.compile(r"[?？]|[吗么][~～!！ 哦呀啊呢哈]*$")


class Mentions:
    """Which clauses of a reply only name keywords, and so do nothing ("mention", 只是提到).

    ``units`` are the keyword spans found in the reply (compact offsets: every intent phrase,
    construction word and match, and a scenario's slot phrases), ``chains`` the construction
    matches among them, ``polite`` the politeness spans. A clause (cut at , 。 ! ? ; : and
    newlines, not at 、) is a mention when it is not a question and

    * it is one short bare keyword (``bare_max`` characters) with nothing but particles and
      polite words around it, holding no predicate or time word, and no other clause of the
      reply says anything ("补发哦亲", "您好,补发"; but not "给您补发", "可以退款", "明天发货",
      "好的,补发。", "…肯定能退的,放心拍"); or
    * different short keywords (``salad_max`` characters) make up at least ``share`` of its
      characters with no predicate word and no number, set apart by spaces or 、 ("退款 换货
      运费 补发 优惠券 发货 明天", "退款、换货、补发"), or run together filling the whole clause
      with no time word ("换货补发"; but not "退款预计后天到账", "预计下周三到仓",
      "电子发票开好后发到您的邮箱"); or
    * it is a list of at least ``list_min`` pieces set apart by spaces, 、 or /, each of at most
      ``piece_max`` characters (polite words and particles aside), at least two of them holding a
      keyword, and no piece holding a predicate word outside polite words: then neither a number nor a long keyword makes it a
      sentence ("抱歉 大促 16日 加急", "316 不锈钢 保温效果 七天无理由").

    The cues are data: the ``mention`` section of ``lexicons/language.yaml``.
    """

    __slots__ = ("norm", "units", "chains", "polite", "_bounds", "_starts", "_seen", "_spans")

    def __init__(self, norm: Normalized, units, chains=(), polite=()):
        self.norm = norm
        self.units = [u for u in units if u[1] - u[0] >= 2]  # one character is no keyword
        self.chains = set(chains)
        self.polite = list(polite)
        self._bounds: list[tuple[int, int, str, int]] | None = None
        self._starts: list[int] = []
        self._seen: dict[int, str] = {}
        self._spans: tuple[_Spans, _Spans] | None = None

    def with_units(self, units) -> Mentions:
        return Mentions(self.norm, [*self.units, *units], self.chains, self.polite)

    def _clauses(self) -> list[tuple[int, int, str]]:
        if self._bounds is None:
            norm, text = self.norm, self.norm.text
            bounds, pos = [], 0
            for m in _MENTION_BREAKS.finditer(text):
                bounds.append((norm.to_compact(pos), norm.to_compact(m.start()),
                               text[pos:m.end()], pos))
                pos = m.end()
            bounds.append((norm.to_compact(pos), len(norm.compact), text[pos:], pos))
            self._bounds = [b for b in bounds if b[1] > b[0]]
            self._starts = [b[0] for b in self._bounds]
        return self._bounds

    def only_mentions(self, cpos: int) -> bool:
        """Does the clause holding ``compact[cpos]`` only name keywords?"""
        bounds = self._clauses()
        k = max(0, bisect_left(self._starts, cpos + 1) - 1)
        if not bounds or not bounds[k][0] <= cpos < bounds[k][1]:
            return False
        kind = self._kind(k)
        if kind == "bare":  # a bare keyword in a reply that says something else is an answer
            return all(self._kind(j) in ("empty", "word", "bare", "salad")
                       for j in range(len(bounds)))
        return kind == "salad"

    def _overlapping(self, start: int, end: int, polite: bool = False) -> list:
        """The keyword units (or the polite words) overlapping ``compact[start:end]``, found by
        bisection: a per-clause scan of every unit made long replies quadratic."""
        if self._spans is None:
            self._spans = (_Spans(self.units), _Spans(self.polite))
        return self._spans[polite].overlapping(start, end)

    def _content(self, start: int, end: int) -> tuple[list[int], set[int]]:
        """The clause's characters that are not polite words nor particles (a keyword keeps its
        own: 的 in 的话), and those of them that keywords cover."""
        c = _mention_cues()
        compact = self.norm.compact
        covered = set()
        for u in self._overlapping(start, end):
            covered.update(range(max(u[0], start), min(u[1], end)))
        polite = set()
        for u in self._overlapping(start, end, polite=True):
            polite.update(range(max(u[0], start), min(u[1], end)))
        content = [i for i in range(start, end)
                   if i not in polite and (i in covered or compact[i] not in c.particles)]
        return content, covered

    def _kind(self, k: int) -> str:
        found = self._seen.get(k)
        if found is None:
            found = self._seen[k] = self._classify(k)
        return found

    def _classify(self, k: int) -> str:
        """"empty" (polite words and particles only), "assent", "word" (a short word of no
        intent), "bare" (one short keyword),
        "salad" (keywords strung together), or "statement" (anything else, questions too)."""
        c = _mention_cues()
        start, end, raw, tpos = self._bounds[k]
        content, covered = self._content(start, end)
        if not content:
            return "empty"
        compact = self.norm.compact
        if "".join(compact[i] for i in content if compact[i] not in c.particles) in c.assent:
            return "assent"
        if _ASKED.search(raw.rstrip()):
            return "statement"
        inside = [u for u in self._overlapping(start, end) if start <= u[0] and u[1] <= end]
        text = compact[start:end]
        if not inside:  # 退款 in "退款,换货,补发": a short word of no intent, saying nothing
            short = len(content) <= c.bare_max and not c.predicates.search(text) \
                and not c.times.search(text)
            return "word" if short else "statement"
        words = longest_first(sorted({(u[0], u[1]) for u in inside}))
        kinds = {compact[s:e] for s, e in words}
        share = sum(1 for i in content if i in covered) / len(content)
        if self._listed(tpos, raw, content):
            return "salad"
        if c.predicates.search(text):
            return "statement"
        if len(kinds) == 1:
            bare = share == 1.0 and len(content) <= c.bare_max and not c.times.search(text) \
                and not any((s, e) in self.chains for s, e in words)
            return "bare" if bare else "statement"
        if share < c.share or _DIGIT.search(text) or any(e - s > c.salad_max for s, e in words):
            return "statement"
        if any(ch in raw for ch in " 、/"):  # 退款 换货 / 退款、换货: a list of words
            return "salad"
        # run together, only short keywords filling the whole clause are a salad (换货补发; not
        # 退款预计后天到账)
        short = share == 1.0 and all(e - s <= c.bare_max for s, e in words) and \
            not c.times.search(text)
        return "salad" if short else "statement"


    def _listed(self, tpos: int, raw: str, content: list[int]) -> bool:
        """Is the clause (text from ``tpos``) a list of short pieces set apart by spaces, 、 or /,
        enough of them naming keywords ("抱歉 大促 16日 加急 谢谢")?"""
        c = _mention_cues()
        seps = list(_LIST_SEPS.finditer(raw))
        if len(seps) + 1 < c.list_min:
            return False
        to_compact = self.norm.to_compact
        cuts = [0, *(x for m in seps for x in (m.start(), m.end())), len(raw)]
        pieces = keyed = 0
        for a, b in zip(cuts[::2], cuts[1::2], strict=True):
            s, e = to_compact(tpos + a), to_compact(tpos + b)
            own = [i for i in content if s <= i < e]
            if not own:
                continue  # polite words or particles only
            words = "".join(self.norm.compact[i] for i in own)
            if len(own) > c.piece_max or c.predicates.search(words):
                return False  # 给您补发 退款 换货: a piece that says something
            pieces += 1
            keyed += bool(self._overlapping(s, e))
        return pieces >= c.list_min and keyed >= 2


class _Spans:
    """Spans ``(start, end, ...)`` sorted by start, to find those overlapping a range."""

    __slots__ = ("spans", "starts", "longest")

    def __init__(self, spans) -> None:
        self.spans = sorted(spans, key=lambda u: u[0])
        self.starts = [u[0] for u in self.spans]
        self.longest = max((u[1] - u[0] for u in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list:
        # a span overlaps when it starts before ``end`` and ends after ``start``; as none is
        # longer than ``longest``, it then starts after ``start - longest``
        lo = bisect_left(self.starts, start - self.longest + 1)
        hi = bisect_left(self.starts, end, lo)
        return [u for u in self.spans[lo:hi] if u[1] > start]


_DIGIT = re.compile(r"\d")
_LIST_SEPS = re.compile(r"[ \u3000、/]+")


def fold(compact: str) -> tuple[str, list[int] | None]:
    """``compact`` with each number written in digits as ``#``, and the map back (None: same)."""
    if _DIGITS.search(compact) is None:
        return compact, None
    out, index, pos = [], [], 0
    for m in _DIGITS.finditer(compact):
        out.append(compact[pos:m.start()])
        index.extend(range(pos, m.start()))
        out.append("#")
        index.append(m.start())
        pos = m.end()
    out.append(compact[pos:])
    index.extend(range(pos, len(compact)))
    index.append(len(compact))
    return "".join(out), index


class IntentLibrary:
    """The compiled intent library: :meth:`find` lists what a reply does, with polarity."""

    def __init__(self, intents: tuple[Intent, ...]):
        self.intents = intents
        self.by_id = {i.id: i for i in intents}
        self._index = {i.id: n for n, i in enumerate(intents)}
        self.by_politeness: dict[str, list[Intent]] = {}
        entries: dict[str, tuple[list, list, list, list, list]] = {}

        def add(phrase, slot, item):
            key = key_of(phrase)
            if key:
                entries.setdefault(key, ([], [], [], [], []))[slot].append(item)

        for n, intent in enumerate(intents):
            if intent.politeness:
                self.by_politeness.setdefault(intent.politeness, []).append(intent)
            for phrase in intent.phrases:
                add(phrase, 0, n)
            for phrase in intent.refusals:
                add(phrase, 1, n)
            for phrase in intent.questions:
                add(phrase, 4, n)
            for phrase in intent.exclude:
                add(phrase, 2, n)
            for ci, parts in enumerate(intent.constructions):
                for pi, words in enumerate(parts):
                    for word in words:
                        add(word, 3, (n, ci, pi))
        # per key: the (kind, intent, construction, part) items it stands for
        payloads = {k: tuple(dict.fromkeys(
            [(_PHRASE, n, 0, 0) for n in lists[0]] + [(_REFUSAL, n, 0, 0) for n in lists[1]]
            + [(_EXCLUDE, n, 0, 0) for n in lists[2]] + [(_PART, n, ci, pi) for n, ci, pi in lists[3]]
            + [(_QUESTION, n, 0, 0) for n in lists[4]])) for k, lists in entries.items()}
        self._automaton = build_automaton(payloads) if payloads else None
        self._last: tuple[Normalized, Mentions] | None = None

    def mentions(self, norm: Normalized) -> Mentions:
        """The keyword spans of the reply :meth:`find` read last (read again if it was another
        reply), to tell which clauses only name keywords."""
        last = self._last
        if last is None or last[0] is not norm:
            self.find(norm)
            last = self._last
        return last[1] if last is not None and last[0] is norm else Mentions(norm, ())

    def find(self, norm: Normalized, politeness=()) -> tuple[IntentHit, ...]:
        """Every intent in the reply; ``politeness`` are the lexicon's politeness hits (greeting,
        apology … do the intents that name their category)."""
        hits: list[IntentHit] = []
        compact = norm.compact
        if self._automaton is None or not compact:
            return ()
        folded, index = fold(compact)
        found: list[tuple[int, int, int, int]] = []  # (intent, start, end, kind)
        excluded: list[tuple[int, int, int]] = []
        parts: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
        for end, (length, items) in self._automaton.iter(folded):
            s, e = end + 1 - length, end + 1
            for kind, n, ci, pi in items:
                if kind == _EXCLUDE:
                    excluded.append((n, s, e))
                elif kind == _PART:
                    lists = parts.get((n, ci))
                    if lists is None:
                        lists = parts[(n, ci)] = [[] for _ in self.intents[n].constructions[ci]]
                    lists[pi].append((s, e))
                else:
                    found.append((n, s, e, kind))
        chains = []
        for (n, _), lists in parts.items():
            if all(lists):
                chains += [(n, s, e, _PHRASE) for s, e in _chain(lists, self.intents[n].gap)]
        found += chains
        if excluded:
            found = _not_excluded(found, excluded)
        mentions = Mentions(
            norm, [(_compact(index, f[1]), _compact(index, f[2])) for f in found]
            + [(_compact(index, a), _compact(index, b))
               for lists in parts.values() for words in lists for a, b in words],
            {(_compact(index, f[1]), _compact(index, f[2])) for f in chains},
            [(h.cstart, h.cend) for h in politeness])
        self._last = (norm, mentions)
        for hit in politeness:  # greeting, apology … (the lexicon's), minus the look-alikes
            for intent in self.by_politeness.get(hit.rule.category, ()):
                n = self._index[intent.id]
                if not any(x[0] == n and _compact(index, x[1]) < hit.cend
                           and hit.cstart < _compact(index, x[2]) for x in excluded):
                    hits.append(IntentHit(intent.id, hit.start, hit.end, hit.phrase, "done"))
        if not found:
            return tuple(hits)
        reading = Reading(norm.text, norm)
        by_intent: dict[int, list] = {}
        for f in found:
            by_intent.setdefault(f[0], []).append((f[1], f[2], f[3]))
        for n, spans in by_intent.items():
            intent = self.intents[n]
            kept = []
            for s, e, kind in spans:
                cs, ce = (index[s], index[e]) if index else (s, e)
                ts, te = norm.text_span(cs, ce)
                if te - ts > ce - cs and reading.crosses(ts, te):
                    continue  # "一早送,给您补偿" is no 送给您
                if kind == _QUESTION and not asks_buyer(reading, ts):
                    continue
                kept.append((cs, ce, kind, ts, te))
            if len(kept) > 1 and any(k[2] == _REFUSAL for k in kept):  # 查不到 beats 这边查
                refusals = [k for k in kept if k[2] == _REFUSAL]
                kept = refusals + [k for k in kept if k[2] != _REFUSAL and not any(
                    r[0] < k[1] and k[0] < r[1] for r in refusals)]
            for cs, ce, kind, ts, te in (kept if len(kept) < 2 else _longest(kept)):
                hit = _hit(norm, reading, intent, cs, ce, ts, te, kind == _REFUSAL)
                if hit is not None:
                    if hit.done and mentions.only_mentions(cs):
                        hit = hit._replace(polarity="mention")
                    hits.append(hit)
        hits.sort(key=lambda h: (h.start, h.intent))
        return tuple(hits)


_PHRASE, _REFUSAL, _QUESTION, _EXCLUDE, _PART = 0, 1, 2, 3, 4
_AGENT_FOR = re.compile(r"(帮|为|给|替|跟|和)(您|你)$")


@lru_cache(maxsize=256)
def _words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _compact(index: list[int] | None, pos: int) -> int:
    return index[pos] if index else pos


def _hit(norm: Normalized, reading: Reading, intent: Intent, cs: int, ce: int, ts: int,
         te: int, refusal: bool) -> IntentHit | None:
    text = norm.text
    if intent.unless_reply and reading.mentions(intent.unless_reply):
        return None
    if intent.unless or intent.unless_before:
        clause_start, clause_end = reading.clause(ts)
        if intent.unless and _words(intent.unless).search(
                text[clause_start:clause_end].replace(" ", "")):
            return None
        before = text[clause_start:ts]
        if before.endswith(intent.unless_before) and not _AGENT_FOR.search(before):
            return None
    start, end = norm.span(cs, ce)
    how = polarity(reading, ts, te, intent)
    if refusal and how != "quoted":
        how = "refused"
    return IntentHit(intent.id, start, end, norm.original[start:end], how)


def _not_excluded(found: list[tuple], excluded: list[tuple]) -> list[tuple]:
    """``found`` minus the hits an exclusion of the same intent overlaps (bisection per intent:
    linear in the reply)."""
    by_intent: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
    for n, s, e in sorted(excluded):
        starts, spans = by_intent.setdefault(n, ([], []))
        starts.append(s)
        spans.append((s, e))
    longest = max(e - s for _, s, e in excluded)
    kept = []
    for f in found:
        entry = by_intent.get(f[0])
        if entry is not None:
            starts, spans = entry
            k = bisect_left(starts, f[1] - longest)
            if any(a < f[2] and f[1] < b for a, b in spans[k:bisect_left(starts, f[2])]):
                continue
        kept.append(f)
    return kept


def _longest(spans: list[tuple]) -> list[tuple]:
    return longest_first(list(dict.fromkeys(spans)))


def _chain(lists: list[list[tuple[int, int]]], gap: int) -> list[tuple[int, int]]:
    """Spans where one word of each part follows the previous part within ``gap`` characters.
    Linear in the reply: each part is sorted once and searched by bisection."""
    later = [sorted(words) for words in lists[1:]]
    starts = [[a for a, _ in words] for words in later]
    out = []
    for s, e in lists[0]:
        end = e
        for words, firsts in zip(later, starts, strict=True):
            k, nxt = bisect_left(firsts, end), None
            while k < len(words) and words[k][0] <= end + gap:
                nxt = words[k][1] if nxt is None else min(nxt, words[k][1])
                k += 1
            if nxt is None:
                break
            end = nxt
        else:
            out.append((s, end))
    return out


def intents_json(hits: tuple[IntentHit, ...]) -> str:
    """``json.dumps([h.to_json() for h in hits], ensure_ascii=False)`` for ``kefu check --json``."""
    import json

    return json.dumps([h.to_json() for h in hits], ensure_ascii=False)


def verify_intent_examples(lib: IntentLibrary | None = None) -> list[Problem]:
    """Each intent must be done in every one of its examples and in none of its look-alikes."""
    from .judge import Judge

    lib = lib or library()
    judge = Judge()
    problems = []
    for intent in lib.intents:
        file, _, line = intent.source.rpartition(":")
        for field, texts, want in (("examples", intent.examples, True),
                                   ("not", intent.counterexamples, False)):
            for i, text in enumerate(texts):
                done = intent.id in judge.observe(text).done_intents()
                if done != want:
                    problems.append(Problem(file, int(line), f"{intent.id}.{field}[{i}]",
                                            f"{text!r} " + ("is not caught" if want else
                                                            "is caught but must not be")))
    return problems
