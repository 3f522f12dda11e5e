"""Which clauses of a reply only name keywords and so do nothing: :class:`Mentions`.

A bare "补发哦亲", or a keyword salad "退款 换货 运费 补发 优惠券", names what an agent could do
without doing it; ``intents.py`` turns such a hit's ``done`` into ``mention``, and
``resolution.py`` does the same for a scenario's slot phrases. The cues are data (the
``mention`` section of ``lexicons/language.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from .automaton import longest_first
from .normalize import CLAUSE_BREAKS, Normalized, normalize
from .resources import checker, language


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
        if k not in self._seen and self._says_something(k):
            return False
        kind = self._kind(k)
        if kind == "bare":  # a bare keyword in a reply that says something else is an answer
            return all(self._kind(j) in ("empty", "word", "bare", "salad")
                       for j in range(len(bounds)))
        return kind == "salad"

    def _says_something(self, k: int) -> bool:
        """A quick sufficient test that clause ``k`` is neither "bare" nor "salad": it holds a
        predicate word and is no list (what :meth:`_classify` would find after reading it)."""
        start, end, raw, _ = self._bounds[k]
        c = _mention_cues()
        if c.predicates.search(self.norm.compact, start, end) is None:
            return False
        return len(_LIST_SEPS.findall(raw)) + 1 < c.list_min

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
