"""A conversation in progress and its transcript: versioned JSON, saved atomically every turn.

The engine state is never stored: it is rebuilt by replaying the saved replies, so a transcript
can only be resumed against the exact scenario content it started with (checked by hash).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scenarios.model import Scenario
from scoring.judge import Judge, Observation, OutcomeInfo

from . import engine, nudges
from .files import atomic_write_json, parse_json
from .fileshape import FileProblems, Problem
from .stamps import now, parse
from .transcript import (
    FORMAT,
    MAX_LATENCY,
    MAX_NUDGES,
    MAX_REPLY,
    REPLY_KEYS,
    SCHEMA_VERSION,
    Transcript,
    clip,
)

__all__ = ["FORMAT", "MAX_LATENCY", "SCHEMA_VERSION", "Session", "Transcript", "TranscriptError",
           "TranscriptFileError", "load_transcript", "read_transcript"]
Doc = dict[str, Any]  # a transcript (or a turn of one) as JSON




class TranscriptError(Exception):
    """A transcript file that cannot be read or does not fit its scenario."""


class TranscriptFileError(TranscriptError):
    """A transcript file whose content is not a transcript: every problem in it (message
    codes, translated by :meth:`lines`)."""

    def __init__(self, path: str, problems: tuple[Problem, ...]):
        super().__init__(f"{path}: " + "; ".join(f"{p.path}: {p.code}" for p in problems))
        self.path = path
        self.problems = problems

    def lines(self) -> list[str]:
        from .fileshape import explain

        return explain(self.problems)

    def message(self) -> str:
        """The header naming the file, then one indented line per problem."""
        from .i18n import t

        return "\n".join([t("file.problems", path=self.path, n=len(self.problems)),
                          *(f"  {line}" for line in self.lines())])


@dataclass
class Session:
    scenario: Scenario
    seed: int
    judge: Judge
    path: Path | None = None
    data: Doc = field(default_factory=dict)
    state: engine.State | None = None
    wall: Callable[[], float] = time.time  # epoch seconds: the moments written in the transcript

    # ---- creating and resuming ----
    @classmethod
    def new(cls, scenario: Scenario, seed: int, judge: Judge, path: Path | None = None,
            mode: str = "drill", meta: Doc | None = None,
            wall: Callable[[], float] = time.time) -> Session:
        state, line = engine.start(scenario, seed)
        data = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "id": uuid.uuid4().hex,
            "mode": mode,
            "scenario": {"id": scenario.id, "title": scenario.title,
                         "hash": scenario.content_hash,
                         # a teacher's file given by path is found again by `kefu resume`
                         **({} if scenario.builtin else {"path": str(Path(scenario.path).resolve())})},
            "seed": seed,
            "started_at": now(wall),
            "finished_at": None,
            "turns": [{"n": 1, "node": state.node, "buyer": line, "buyer_at": now(wall),
                       "patience": state.patience}],
            "outcome": None,
            "score": None,
            **(meta or {}),
        }
        session = cls(scenario, seed, judge, path, data, state, wall)
        session.save()
        return session

    @classmethod
    def resume(cls, data: Doc | Transcript, scenario: Scenario, judge: Judge,
               path: Path | None = None, wall: Callable[[], float] = time.time) -> Session:
        """Rebuild the engine state by replaying the transcript's replies."""
        if isinstance(data, Transcript):
            data = data.to_json()
        if data.get("scenario", {}).get("hash") != scenario.content_hash:
            raise TranscriptError("scenario changed")
        state = replay(data, scenario, judge).state
        session = cls(scenario, data["seed"], judge, path, data, state, wall)
        if data["outcome"] is None and state.outcome is not None and state.finished:
            session._finish(state.outcome)
        return session

    # ---- the conversation ----
    @property
    def live(self) -> engine.State:
        """The engine state (there is one from :meth:`new` or :meth:`resume` on)."""
        if self.state is None:
            raise ValueError("the session has no engine state")
        return self.state

    @property
    def finished(self) -> bool:
        return self.data["outcome"] is not None

    @property
    def last_word(self) -> bool:
        """The buyer ended well and the student's closing reply is awaited (it is scored)."""
        return not self.finished and self.state is not None and self.state.closing

    @property
    def buyer_line(self) -> str:
        """What the buyer last said (the line the student must answer)."""
        return str(self.data["turns"][-1]["buyer"])

    def mark_shown(self, first: bool = False) -> None:
        """The pending buyer line was (re)shown now: latency is measured from here.

        ``first`` (exams): keep the moment it was first shown, so that pausing and taking the
        exam again does not restart the reply's timer."""
        turn = self.data["turns"][-1]
        if not (first and parse(turn.get("shown_at"))):
            turn["shown_at"] = now(self.wall)
            self.save()  # on disk before the student starts typing (a crash keeps it)

    def nudge(self) -> tuple[str, str]:
        """The waiting buyer sends a 催 line now: recorded in the pending turn (it costs
        patience at the reply, see :mod:`simulator.nudges`). Returns (line, stamp)."""
        turn = self.data["turns"][-1]
        sent = nudges.count(turn)
        if self.finished or sent >= MAX_NUDGES:
            raise ValueError("no 催 line is due")
        stamp = now(self.wall)
        turn["nudges"] = [*turn.get("nudges", []), stamp]
        self.save()
        return nudges.line(self.scenario, self.seed, self.live.turn, sent), stamp

    def reply(self, text: str, latency: float | None = None,
              typing: Doc | None = None) -> engine.Step:
        """``typing``: the keyboard's stats for this reply (:class:`simulator.ui_input.ReplyInput`):
        kept on the turn, with ``"pasted": true`` after a bracketed paste."""
        if self.finished:
            raise ValueError("the conversation has already ended")
        text = text.rstrip("\r\n")
        if self.last_word and not text.strip():  # an empty last word: none was given
            self.give_up()
            return engine.Step(None, 0, "", self.live.outcome)
        cut = len(text) if len(text) > MAX_REPLY else None
        text = clip(text)
        obs = self.judge.observe(text, self.scenario.task())
        state, result = engine.step(self.scenario, self.live, obs, self.seed,
                                    nudges.count(self.data["turns"][-1]))
        turn = self.data["turns"][-1]
        if cut is not None:
            turn["cut_from"] = cut  # characters typed; only the first MAX_REPLY were kept
        turn.update({
            "reply": text, "reply_at": now(self.wall),
            "latency": None if latency is None else round(latency, 3),
            "observed": obs.to_json(), "edge": result.edge,
            "patience_delta": result.patience_delta, "patience_after": state.patience,
        })
        if typing:
            turn["typing"] = {k: typing[k] for k in ("keys", "seconds", "pasted_chars")
                              if k in typing}
            if typing.get("pasted"):
                turn["pasted"] = True
        if result.reaction:
            turn["reaction"] = dict(result.reaction)
        if result.repeated:
            turn["repeated"] = list(result.repeated)
        self.state = state
        if state.finished and state.outcome is not None:
            ending = self.data.pop("ending", None)
            self._finish(state.outcome, closing=ending["closing"] if ending else result.buyer)
        else:
            nxt = {"n": turn["n"] + 1, "node": state.node, "buyer": result.buyer,
                   "buyer_at": now(self.wall), "patience": state.patience}
            if state.closing:  # the buyer's goodbye; the student's last word comes next
                nxt["last_word"] = True
                self.data["ending"] = {"id": state.outcome, "closing": result.buyer}
            self.data["turns"].append(nxt)
            self.save()
        return result

    def can_retry(self) -> bool:
        """A practice drill may take back its last reply once (after the coaching): the
        conversation goes on, the last reply was not the first to be retried on its turn."""
        turns = self.data["turns"]
        return (self.data.get("mode") == "drill" and not self.finished and len(turns) >= 2
                and "reply" in turns[-2] and "reply" not in turns[-1]
                and not turns[-2].get("retried"))

    def retry(self) -> None:
        """Take back the last reply: the buyer's answer to it is dropped, the old reply is kept
        in the transcript as ``turn["retried"]`` (never replayed nor scored) and the engine
        state is the one before it (rebuilt by :func:`replay`); the turn waits for a reply."""
        if not self.can_retry():
            raise ValueError("no reply to retry")
        turns = self.data["turns"]
        turns.pop()  # the buyer's answer to the reply taken back
        turn = turns[-1]
        old = {k: turn.pop(k) for k in list(turn) if k in REPLY_KEYS}  # moved to turn["retried"]
        turn["retried"] = [old]
        self.data.pop("ending", None)  # a goodbye the old reply earned is not said any more
        self.state = replay(self.data, self.scenario, self.judge).state
        self.save()

    def give_up(self) -> None:
        """No more replies: the buyer leaves (or, after a good ending, the scene just closes
        without the student's last word)."""
        if not self.finished:
            ending = self.data.pop("ending", None)
            self.state, closing = engine.give_up(self.scenario, self.live, self.seed)
            if ending:
                turns = self.data["turns"]
                if turns and turns[-1].get("last_word") and "reply" not in turns[-1]:
                    turns.pop()  # the goodbye was never answered: it is the outcome's closing
            self._finish(self.live.outcome or "", closing=ending["closing"] if ending else closing)

    def _finish(self, outcome_id: str, closing: str = "") -> None:
        outcome = self.scenario.outcomes[outcome_id]
        self.data["outcome"] = {"id": outcome.id, "label": outcome.label, "good": outcome.good,
                                "closing": closing}
        self.data["finished_at"] = now(self.wall)
        self.data["score"] = self.score()
        self.save()

    def score(self) -> Doc:
        return score_transcript(self.data, self.scenario, self.judge)

    def save(self) -> None:
        if self.path is not None:
            atomic_write_json(self.path, self.data)

    def to_result(self) -> Doc:
        """The ``--json`` result of a drill."""
        outcome = self.data["outcome"]
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "outcome": None if outcome is None else
            {k: outcome[k] for k in ("id", "label", "good")},
            "score": self.data["score"] or self.score(),
            "turns": [
                {k: turn.get(k) for k in ("buyer", "reply", "latency", "observed",
                                          "patience", "patience_after")}
                | ({"cut_from": turn["cut_from"]} if "cut_from" in turn else {})
                | ({"last_word": True} if turn.get("last_word") else {})
                | ({"nudges": nudges.count(turn)} if "nudges" in turn else {})
                | ({"retried": [r.get("reply") for r in turn["retried"]]}
                   if turn.get("retried") else {})
                for turn in self.data["turns"]
            ],
            "closing": outcome.get("closing", "") if outcome else "",
            "transcript": str(self.path) if self.path else None,
        }


@dataclass(frozen=True)
class Regraded:
    score: Doc  # Score.to_json()
    outcome_id: str | None  # None: the conversation is still going on
    outcome_good: bool | None
    replay_matches: bool  # the buyer lines in the file are the ones the scenario says
    turns: tuple[Doc, ...] = ()  # the turns whose replies were scored (the replay consumed them)
    ignored: int = 0  # replies in the file after the conversation had ended: not scored


def regrade_transcript(data: Doc, scenario: Scenario, judge: Judge,
                       finished: bool = True, decisions: Any = ()) -> Regraded:
    """Score a transcript from its text alone: the replies are replayed through the engine, so
    the outcome is recomputed, and any score or outcome written in the file is ignored. Only
    the replies the replay consumed are scored (what follows the ending is ``ignored``), each
    cut to :data:`MAX_REPLY` characters.

    ``finished``: the conversation is over (a drill that ended, an exam whose time is up); if
    the replay has not reached an ending, the buyer left. ``decisions``: the teacher's review
    decisions on this transcript (:mod:`simulator.review`), applied to the score."""
    played = replay(data, scenario, judge, finished)
    state, consumed = played.state, played.consumed
    outcome = scenario.outcomes.get(state.outcome) if state.finished and state.outcome else None
    info = None if outcome is None else \
        OutcomeInfo(outcome.id, outcome.label, outcome.good, outcome.score)
    replies = [(clip(turn["reply"]), turn.get("latency")) for turn in consumed]
    task = scenario.task()
    observed = list(played.observations)  # judged once, by the replay
    if decisions:
        from .i18n import t as say
        from .review import observations

        observed = observations(judge, [text for text, _ in replies], task, decisions,
                                say("review.mark"))
    score = judge.score(replies, task, info, observed, played.repeats)
    if outcome is not None:
        from .advice import best_needed

        mark = best_needed(scenario, state, observed, outcome.id)
        if mark is not None:
            score.marks.append(mark)
    ignored = sum(1 for t in data["turns"] if "reply" in t) - len(consumed)
    return Regraded(score.to_json(), None if outcome is None else outcome.id,
                    None if outcome is None else outcome.good,
                    played.matches, tuple(consumed), ignored)


@dataclass(frozen=True)
class Replayed:
    state: engine.State
    consumed: tuple[Doc, ...]  # the turns whose replies the engine took
    matches: bool  # every buyer line in the file is the one the scenario gives
    repeats: tuple[tuple[int, tuple[str, ...]], ...]  # (reply index, slots) where the buyer had to ask again
    observations: tuple[Observation, ...]  # what the judge saw in each consumed reply


def replay(data: Doc, scenario: Scenario, judge: Judge, finished: bool = False) -> Replayed:
    """The one replay of a transcript: its replies, cut to :data:`MAX_REPLY`, fed to the engine
    in order until the scene ends. ``finished``: the conversation is over, so a scene still
    going is closed (the buyer left, or the last word was not given)."""
    seed = data["seed"]
    state, line = engine.start(scenario, seed)
    task = scenario.task()
    matches = True
    consumed: list[Doc] = []
    repeats: list[tuple[int, tuple[str, ...]]] = []
    seen: list[Observation] = []
    for turn in data["turns"]:
        if "reply" not in turn or state.finished:
            break
        if state.closing and not turn.get("last_word"):
            break  # the scene closed without a last word: what follows was added afterwards
        matches &= turn["buyer"] == line
        obs = judge.observe(clip(turn["reply"]), task)
        state, step = engine.step(scenario, state, obs, seed, nudges.count(turn))
        seen.append(obs)
        if step.repeated:
            repeats.append((len(consumed), step.repeated))
        consumed.append(turn)
        line = step.buyer
    if finished and not state.finished:
        state, _ = engine.give_up(scenario, state, seed)
    return Replayed(state, tuple(consumed), matches, tuple(repeats), tuple(seen))


def score_transcript(data: Doc, scenario: Scenario, judge: Judge) -> Doc:
    """``kefu score``: the transcript's score from its text (see :func:`regrade_transcript`)."""
    return regrade_transcript(data, scenario, judge, data.get("outcome") is not None).score


def read_transcript(path: str | Path) -> Doc:
    """Read and check a transcript file: its content (see :func:`load_transcript`)."""
    return load_transcript(path).to_json()


def load_transcript(path: str | Path) -> Transcript:
    """Read and check a transcript file; raises :class:`TranscriptError` (unreadable, not
    JSON) or :class:`TranscriptFileError` (every problem in its content)."""
    try:
        data = parse_json(Path(path).read_bytes(), str(path))
    except OSError as exc:
        raise TranscriptError(f"{path}: {exc.strerror or exc}") from None
    except ValueError as exc:  # not UTF-8/GBK, not JSON, NaN/Infinity, a 5,000-digit number
        raise TranscriptError(str(exc)[:200]) from None
    try:
        return Transcript.from_json(data)
    except FileProblems as exc:
        raise TranscriptFileError(str(path), exc.problems) from None
