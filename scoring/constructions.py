"""Forbidden kinds as constructions over the clause analysis.

Fourth stage of the pipeline (normalise → clauses → match → **constructions** → judge). The
matcher finds phrases; this module decides what each found phrase does in its reply:

* a rule's ``context`` patterns look at most :data:`WINDOW` characters either side (they are
  meant to stay inside a clause, and a bounded window keeps the judge linear in the reply);
* a kind's (or rule's) ``exempt`` polarities drop a match in a negated, questioned, conditional
  or quoted clause (clauses.py), or in a sentence that states compliance (违反平台规则, 诈骗 …);
* a construction rule (``negated_by``) counts only where one of its cues negates it
  ("发票不给开", "退不了"): the hit then spans cue and action;
* ``softened_by`` words — an alternative or a next step, not negated, elsewhere in the reply —
  turn a major refusal into a soft one ("不讲价的亲,不过可以送您运费险").

Context patterns run on the ``regex`` engine with a time bound (patterns.PATTERN_TIMEOUT): an
overlay's catastrophic pattern such as ``(a|aa)+$`` cannot stall the judge; a pattern that runs
out of time counts as not matching.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

import regex

from .clauses import Analysis, analyse_normalized
from .lexicon import ContextRule, Kind, Lexicon, Rule
from .normalize import Normalized
from .patterns import search

WINDOW = 100  # characters of context a pattern sees on each side of a match
_WORDY = regex.compile(r"[\p{Han}a-z0-9]")  # a letter, digit or Han character


class Reply:
    """One normalised reply as the constructions see it; the clause analysis and the word
    positions are computed once, when first needed."""

    __slots__ = ("norm", "_analysis", "_positions")

    def __init__(self, norm: Normalized):
        self.norm = norm
        self._analysis: Analysis | None = None
        self._positions: dict = {}

    @property
    def analysis(self) -> Analysis:
        if self._analysis is None:
            self._analysis = analyse_normalized(self.norm)
        return self._analysis

    def positions(self, pattern) -> list[int]:
        """Start offsets in ``norm.text`` of the (non-overlapping) matches of ``pattern``."""
        found = self._positions.get(pattern)
        if found is None:
            found = self._positions[pattern] = [m.start() for m in pattern.finditer(self.norm.text)]
        return found

    def excused(self, tstart: int, tend: int, rule: Rule) -> bool:
        """Whether the rule's context patterns drop the match at ``text[tstart:tend]``."""
        text = self.norm.text
        before = text[max(0, tstart - WINDOW):tstart]
        after = text[tend:tend + WINDOW]
        return any(_excuses(ctx, before, after) for ctx in rule.context)


def _excuses(ctx: ContextRule, before: str, after: str) -> bool:
    if ctx.after is not None and search(ctx.after, after):
        return True
    if ctx.before is not None and search(ctx.before, before):
        return True
    if ctx.require_after is not None and not search(ctx.require_after, after):
        return True
    return ctx.require_before is not None and not search(ctx.require_before, before)


class Constructions:
    """What the lexicon's kinds and construction rules need, compiled once per lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.kinds = lexicon.kinds
        self.compliance = _words(lexicon.compliance)
        self._softeners: dict[tuple, object] = {}
        self._softened: dict[int, Rule] = {}
        self._plan: dict[int, tuple] = {}
        for rule in lexicon.rules:
            if rule.group == "forbidden":
                self._plan[id(rule)] = self._plan_for(rule)

    def _plan_for(self, rule: Rule) -> tuple:
        kind = self.kinds.get(rule.kind) or Kind()
        exempt = rule.exempt if rule.exempt is not None else kind.exempt
        words = rule.softened_by if rule.softened_by is not None else kind.softened_by
        softeners = None
        if words and rule.severity == "major":
            key = tuple(words)
            found = self._softeners.get(key)
            if found is None:
                found = self._softeners[key] = _words(words)
            softeners = (found, kind)
            message = kind.soft_message or rule.message
            message_en = kind.soft_message_en or rule.message_en
            self._softened[id(rule)] = replace(rule, id=f"{rule.id}.explained", severity="soft",
                                               message=message, message_en=message_en)
        return frozenset(exempt), frozenset(rule.negated_by), softeners

    def judge(self, reply: Reply, cand: tuple) -> tuple | None:
        """``cand`` (cstart, cend, rule) as it counts in this reply: None when exempt, the
        construction's span and rule otherwise."""
        cstart, cend, rule = cand
        plan = self._plan.get(id(rule))
        if plan is None:
            return cand
        exempt, negated_by, softeners = plan
        if not (exempt or negated_by or softeners):
            return cand
        norm = reply.norm
        tstart, tend = norm.text_span(cstart, cend)
        cue = (tstart, tend)
        analysis = reply.analysis
        clause = analysis.t_clause_at(tstart)
        if negated_by:
            scope = analysis.t_negation_of(tstart, tend)
            if scope is None or norm.text[scope.cue[0]:scope.cue[1]] not in negated_by:
                return None
            if "question" in exempt and clause.question or \
                    "condition" in exempt and analysis.t_conditional(tstart) or \
                    "quoted" in exempt and analysis.t_polarity(tstart, tend) == "quoted":
                return None
            if scope.cue[0] < tstart:
                cstart = norm.to_compact(scope.cue[0])
            else:
                cend = max(cend, norm.to_compact(scope.cue[1] - 1) + 1)
            cue = scope.cue  # part of the match: 不支持 in 不支持退款 cites no rule
        elif exempt:
            polarity = analysis.t_polarity(tstart, tend)
            if polarity in exempt or ("condition" in exempt and analysis.t_conditional(tstart)) or (
                    "question" in exempt and clause.question):
                return None
        if "compliance" in exempt and self.compliance is not None and \
                self._compliant(reply, tstart, tend, cue):
            return None
        if softeners is not None and self._softened_here(reply, softeners, tstart, tend):
            rule = self._softened[id(rule)]
        return cstart, cend, rule

    def _compliant(self, reply: Reply, tstart: int, tend: int, cue: tuple[int, int]) -> bool:
        """A compliance word in the match's sentence, outside the match and its refusing ``cue``
        (不支持 in 不支持退款 cites no rule) — or in the next sentence when the match's is only the
        buyer's words asked back (好评返现?这个我们不做的,违规的哦)."""
        analysis = reply.analysis
        start, end = analysis.t_sentence(tstart)
        said = reply.norm.text[start:end + 1]
        if "?" in said and len(_WORDY.findall(said)) <= tend - tstart + 2 and \
                end < len(reply.norm.text):
            end = analysis.t_sentence(end)[1]  # asked back, at most two more characters
        found = reply.positions(self.compliance)
        k = bisect_left(found, start)
        while k < len(found) and found[k] < end:
            if not (tstart <= found[k] < tend or cue[0] <= found[k] < cue[1]):
                return True
            k += 1
        return False

    def _softened_here(self, reply: Reply, softeners: tuple, tstart: int, tend: int) -> bool:
        """An alternative or next step elsewhere in the reply — after the match, or offered
        first (the kind's ``offered_first``: 可以给您包邮哦,价格就不能再少了) — not itself negated,
        and not undone by the kind's ``not_after`` / ``not_before`` words: something already
        done ("已经帮您查过了"), a reason (因为您), understanding alone (可以理解 … 但是退不了)."""
        pattern, kind = softeners
        analysis = reply.analysis
        found = reply.positions(pattern)
        text = reply.norm.text
        first = analysis.t_clause_at(tstart).start  # offered first: in an earlier clause
        before = [pos for pos in found[:bisect_left(found, first)]
                  if text.startswith(kind.offered_first, pos)]
        seen = 0
        for pos in found[bisect_left(found, tend):] + before[::-1]:
            if text.endswith(kind.not_after, 0, pos) or kind.not_before and \
                    text.startswith(kind.not_before, pattern.match(text, pos).end()):
                continue
            if analysis.t_negation_of(pos, pos + 1) is None:
                return True
            seen += 1
            if seen > 8:  # a long reply full of negated offers: enough looking
                return False
        return False


def _words(words) -> object | None:
    if not words:
        return None
    return regex.compile("|".join(regex.escape(w) for w in sorted(set(words), key=len,
                                                                  reverse=True)))
