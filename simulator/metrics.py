"""Service metrics as shops read them in 千牛/赤兔-style dashboards: pure functions over transcripts.

One conversation (a transcript) is one 首问首答 round. Definitions (also in the README):

- 首次响应时间 (first response): seconds from the buyer's first line to the agent's first
  non-empty reply (silent turns before it add their waiting time).
- 平均响应时间 (average response): the mean latency over every answered buyer line, silence
  included (the buyer waited that long).
- 响应达标率 (within limit): the share of buyer lines answered with a non-empty reply within the
  limit — the exam's ``time_limit.per_reply``, else 180 s (the shops' 3-minute rule).
- 答问比 (answer ratio): agent messages (non-empty replies) per buyer message (buyer lines the
  agent was asked to answer; the closing line is not one).
- 询单转化率 (conversion): conversations that ended in an order (an ending with a ``deal``
  value) over sales conversations (scenarios that have such an ending at all).
- 客单价 (order value): the mean ``deal`` value of the orders, add-ons included.

Timings come from the transcript's own latencies: an untimed reply (``--replies``) counts for the
message ratios but not for the times.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_LIMIT = 180.0  # seconds: the 3-minute response rate shops use
KEYS = ("first_response", "avg_response", "within_limit", "answer_ratio", "conversion",
        "order_value")


@dataclass(frozen=True)
class Conversation:
    """The raw counts of one conversation; :func:`summarize` turns a list of them into rates."""

    first_response: float | None  # seconds, None when untimed or never answered
    latencies: tuple[float, ...]  # every timed answered turn
    within: int  # non-empty replies within the limit
    buyer_messages: int
    agent_messages: int
    sales: bool  # the scenario can end in an order
    deal: float | None  # the order's value when it did


def scenario_deals(scenario) -> dict[str, float]:
    """``{outcome id: deal value}`` of a scenario's order endings (empty: none)."""
    return {o.id: o.deal for o in scenario.outcomes.values() if o.deal is not None}


def deal_table(bank: Mapping) -> dict[str, dict[str, float]]:
    """``{scenario id: {outcome id: deal value}}`` for every scenario with an order ending."""
    table: dict[str, dict[str, float]] = {}
    for sid, scenario in bank.items():
        deals = scenario_deals(scenario)
        if deals:
            table[sid] = deals
    return table


def conversation(transcript: dict, limit: float | None = None,
                 deals: Mapping[str, float] | None = None,
                 outcome_id: str | None = None) -> Conversation:
    """The counts of one transcript. ``deals``: the scenario's ``{outcome id: value}`` (empty or
    None: not a sales conversation); ``outcome_id``: the recomputed ending (a gradebook attempt's
    own), else the one the transcript records."""
    return conversation_of(timings(transcript), limit, deals, outcome_id)


def timings(transcript: dict) -> dict:
    """What :func:`conversation` reads of a transcript, small enough to store with an attempt
    (the gradebook keeps it, so a grade sheet never loads transcripts): ``turns``, one
    ``[latency or None, spoke]`` per answered turn in order; ``buyer``, the buyer lines;
    ``outcome``, the ending the transcript records."""
    turns = []
    for turn in transcript.get("turns", []):
        if "reply" in turn:
            latency = turn.get("latency")
            timed = isinstance(latency, (int, float)) and not isinstance(latency, bool)
            turns.append([latency if timed else None, bool(str(turn.get("reply") or "").strip())])
    return {"turns": turns, "buyer": sum(1 for turn in transcript.get("turns", [])
                                         if turn.get("buyer")),
            "outcome": (transcript.get("outcome") or {}).get("id")}


def conversation_of(timed: dict, limit: float | None = None,
                    deals: Mapping[str, float] | None = None,
                    outcome_id: str | None = None) -> Conversation:
    """:func:`conversation` from a transcript's :func:`timings`."""
    limit = DEFAULT_LIMIT if limit is None else limit
    latencies: list[float] = []
    first: float | None = None
    waited = 0.0
    timed_so_far = True
    within = agent = 0
    for latency, spoke in timed["turns"]:
        agent += spoke
        if latency is not None:
            latencies.append(float(latency))
            within += spoke and latency <= limit
            waited += latency
        else:
            timed_so_far = False
        if spoke and first is None and timed_so_far:
            first = round(waited, 3)
    if outcome_id is None:
        outcome_id = timed["outcome"]
    deals = deals or {}
    return Conversation(first, tuple(latencies), within, timed["buyer"], agent, bool(deals),
                        deals.get(outcome_id) if outcome_id else None)


def summarize(items: Iterable[Conversation]) -> dict:
    """The dashboard figures over conversations (None where there is nothing to measure)."""
    return summarize_counts(counts(c) for c in items)


def counts(c: Conversation) -> tuple:
    """What :func:`summarize_counts` adds up of one conversation: ``(first_response,
    latency_sum, timed_turns, within, buyer_messages, agent_messages, sales, deal)``."""
    return (c.first_response, sum(c.latencies), len(c.latencies), c.within, c.buyer_messages,
            c.agent_messages, c.sales, c.deal)


def summarize_counts(items: Iterable[tuple]) -> dict:
    """:func:`summarize` from each conversation's :func:`counts` (a grade sheet has them from
    the gradebook's stored :func:`timing_facts`, without the transcripts). Latencies are added
    per conversation, then over conversations."""
    items = list(items)
    first, latency, timed_turns, within, buyer, agent, sale, deal = \
        zip(*items, strict=True) if items else ((),) * 8
    firsts = [f for f in first if f is not None]
    timed, lines = sum(timed_turns), sum(buyer)
    sales, orders = sum(sale), [d for d in deal if d is not None]  # only sales have a deal
    return {
        "conversations": len(items),
        "first_response": round(sum(firsts) / len(firsts), 1) if firsts else None,
        "avg_response": round(sum(latency) / timed, 1) if timed else None,
        "within_limit": round(sum(within) / timed, 3) if timed else None,
        "answer_ratio": round(sum(agent) / lines, 2) if lines else None,
        "sales": sales,
        "orders": len(orders),
        "conversion": round(len(orders) / sales, 3) if sales else None,
        "order_value": round(sum(orders) / len(orders), 2) if orders else None,
    }


TIMING_FACTS = ("first_response", "latency_sum", "timed_turns", "answered_in", "slowest",
                "buyer_lines", "agent_messages")


def timing_facts(timed: dict) -> tuple:
    """The :data:`TIMING_FACTS` of a transcript's :func:`timings`: its :func:`counts` for any
    limit at least ``slowest`` (the slowest timed non-empty reply; infinite when one is not a
    number), ``answered_in`` being the timed non-empty replies. Stored with each attempt, so a
    grade sheet adds numbers instead of reading every conversation's turns."""
    c = conversation_of(timed, float("inf"))
    spoke = [float(lat) for lat, spoke in timed["turns"] if spoke and lat is not None]
    slowest = max(spoke, default=None)
    if any(lat != lat for lat in spoke):  # NaN: only the turns can tell what is in time
        slowest = float("inf")
    return (c.first_response, sum(c.latencies), len(c.latencies), c.within, slowest,
            c.buyer_messages, c.agent_messages)


def counts_of_facts(facts: tuple, limit: float | None, deals: Mapping[str, float] | None,
                    outcome_id: str | None) -> tuple | None:
    """:func:`counts` from stored :func:`timing_facts`, or None when they cannot tell (a reply
    slower than ``limit``, or no ending: read the timings then)."""
    first, latencies, turns, answered, slowest, lines, messages = facts
    limit = DEFAULT_LIMIT if limit is None else limit
    if outcome_id is None or not (slowest is None or slowest <= limit < float("inf")):
        return None
    deals = deals or {}
    deal = deals.get(outcome_id) if outcome_id else None
    return (first, latencies, turns, answered, lines, messages, bool(deals), deal)


def attempts_metrics(attempts: Iterable, deals: Mapping[str, Mapping[str, float]],
                     limit: float | None = None) -> dict:
    """:func:`summarize` over gradebook attempts (from their stored summaries)."""
    return summarize(conversation_of(a.summary["timings"], limit, deals.get(a.scenario_id),
                                     a.outcome_id) for a in attempts)


UNITS = {"first_response": "seconds", "avg_response": "seconds", "within_limit": "percent",
         "answer_ratio": "", "conversion": "percent", "order_value": "yuan"}


def export_value(key: str, value):
    """A metric as a spreadsheet number (rates as percentages)."""
    if value is None:
        return None
    return round(value * 100, 1) if UNITS[key] == "percent" else value


def format_value(key: str, value) -> str:
    """A metric as the teacher reads it: seconds, a percentage, a ratio or yuan."""
    if value is None:
        return "—"
    if key in ("first_response", "avg_response"):
        return f"{value:.1f}s"
    if key in ("within_limit", "conversion"):
        return f"{value * 100:.0f}%"
    if key == "answer_ratio":
        return f"{value:.2f}"
    return f"¥{value:.2f}"
