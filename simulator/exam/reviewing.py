"""``kefu grades review``: the queue of an exam's replies and the teacher's decisions on them.

Every decision is stored with who, when and why, and the attempt it touches is re-scored in the
same transaction, so ``kefu grades``, the exports and the report page show it at once; ``kefu
exam regrade`` and a later collect apply the decisions again (:mod:`.grading`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import KefuError
from ..exitcodes import Exit
from ..i18n import t
from ..integrity import pasted_turns
from ..review import Item, by_attempt, check_decision, items_of, observations, order
from ..session import regrade_transcript
from ..storage import Rescored, mistakes_of
from ..storage.reviews import Review
from ..transcript import clip
from .definition import Exam


@dataclass
class Queue:
    exam: Exam
    items: list[Item]
    skipped: list[str]  # scenarios whose content changed since the exam (not reviewable)


def _graded(exam: Exam, attempt, scenario, judge, decisions):
    graded = regrade_transcript(attempt.transcript, scenario, judge, decisions=decisions)
    turns = [{**turn, "reply": clip(turn["reply"])} for turn in graded.turns]
    obs = observations(judge, [turn["reply"] for turn in turns], scenario.task(), decisions,
                       t("review.mark"))
    return graded, obs, turns


def build_queue(book, exam: Exam, bank: dict, student: str | None = None,
                every: bool = False) -> Queue:
    """Every reply of the exam's attempts worth a look, least sure first (``every``: all
    replies, to record a decision on any of them)."""
    judge = exam.judge()
    names = {s.id: s.name for s in book.students()}
    decided = by_attempt(book.reviews(exam.id, student_id=student))
    items, skipped = [], set()
    for a in book.attempts(exam_id=exam.id, student_id=student, with_transcripts=True):
        scenario = bank.get(a.scenario_id)
        if scenario is None or scenario.content_hash != a.scenario_hash:
            skipped.add(a.scenario_id)
            continue
        mine = decided.get(a.uid, [])
        graded, obs, turns = _graded(exam, a, scenario, judge, mine)
        pasted = {n - 1 for n in pasted_turns(graded.turns, exam.paste_cps)}
        items += items_of(a, turns, names.get(a.student_id, ""), graded.score, obs, mine,
                          [s.name for s in scenario.slots], len(exam.scenario_ids), every,
                          pasted)
    return Queue(exam, order(items), sorted(skipped))


def find_item(queue: Queue, student: str, scenario: str, turn: int,
              sitting: int | None = None) -> Item:
    """The reply ``turn`` (1-based, as shown) of a student's scenario (latest sitting)."""
    found = [it for it in queue.items if it.student == student and it.scenario == scenario
             and it.turn == turn - 1 and (sitting is None or it.sitting == sitting)]
    if not found:
        raise KefuError(t("err.review_no_reply", student=student, scenario=scenario, turn=turn),
                        Exit.NOT_FOUND)
    return max(found, key=lambda it: it.sitting)


def decide(book, queue: Queue, bank: dict, item: Item, action: str, reason: str,
           target: str = "", severity: str = "", phrase: str = "",
           author: str | None = None) -> dict:
    """Record one decision about ``item`` and re-score its attempt; returns what changed."""
    from ..text import clean

    reason = clean(reason or "").strip()[:1000]
    problem = check_decision(item, action, target, severity)
    if problem:
        raise KefuError(t(problem, action=action, target=target), Exit.BAD_INPUT)
    if phrase and phrase not in item.reply:
        raise KefuError(t("err.review_phrase", phrase=phrase), Exit.BAD_INPUT)
    exam = queue.exam
    before = _final(book, exam.id, item.student)
    attempt = next(a for a in book.attempts(exam_id=exam.id, student_id=item.student,
                                            with_transcripts=True) if a.uid == item.attempt_uid)
    review = Review(exam.id, item.attempt_uid, item.student, item.scenario, item.turn, action,
                    reason, reply=item.reply, target=target,
                    severity=(severity or "major") if action == "forbidden" else "",
                    phrase=phrase, author=author or "")
    earlier = book.reviews(exam.id, attempt_uid=item.attempt_uid)
    decisions = by_attempt([*earlier, _pending(review)]).get(item.attempt_uid, [])
    scenario = bank[item.scenario]
    graded = _graded(exam, attempt, scenario, exam.judge(), decisions)[0]
    stored = book.add_review(review, [Rescored(attempt.id, graded.score["total"],
                                               graded.score["dimensions"],
                                               mistakes_of(graded.score), graded.outcome_id,
                                               graded.outcome_good)])
    return {"decision": stored.to_json(), "scenario_total": {"old": attempt.total,
                                                             "new": graded.score["total"]},
            "final": {"old": before, "new": _final(book, exam.id, item.student)}}


def _pending(review: Review) -> Review:
    """A decision not stored yet, ordered after every stored one."""
    from dataclasses import replace

    return replace(review, created_at="9999", id=10**12)


def _final(book, exam_id: str, student: str) -> float | None:
    best = [b for b in book.best_scores(exam_id=exam_id, limit=None) if b.student_id == student]
    return best[0].score if best else None


def comments(book, exam_id: str, student: str | None = None) -> list[dict]:
    """The decisions in force, for the grade sheet, the exports and the report page."""
    from ..review import effective

    return [{"student": r.student_id, "scenario": r.scenario_id, "turn": r.turn + 1,
             "action": r.action, "target": r.target, "reply": r.reply, "reason": r.reason,
             "author": r.author, "at": r.created_at}
            for r in effective(book.reviews(exam_id, student_id=student))]


def overlay_from_reviews(book, exam_id: str, path) -> dict:
    """Write the class lexicon overlay made from an exam's review decisions to ``path``
    (atomically, only when it loads and passes the overlay meta-tests); returns the report."""
    import tempfile
    from pathlib import Path

    import yaml

    from scoring.datafile import DataError
    from scoring.lexicon import load_lexicon
    from scoring.matcher import Matcher
    from scoring.verify import load_checked_lexicon

    from ..files import atomic_write_text
    from ..review import effective
    from ..review_overlay import build, reproduced
    from ..stamps import now

    if book.exam(exam_id) is None:
        raise KefuError(t("err.db_no_exam", id=exam_id), Exit.NOT_FOUND)
    decisions = [r for r in effective(book.reviews(exam_id)) if r.action != "comment"]
    built = build(decisions, Matcher(load_lexicon()), t("overlay.suggestion"))
    text = (f"# {t('overlay.header', exam=exam_id, n=len(built.used), at=now())}\n"
            + yaml.safe_dump(built.doc, allow_unicode=True, sort_keys=False, width=100))
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / path.name
        trial.write_text(text, encoding="utf-8")
        try:
            lexicon = load_checked_lexicon(str(trial))
        except DataError as exc:  # the decisions' own words do not hold as rules
            raise KefuError(t("overlay.invalid", why="; ".join(
                f"{p.field}: {p.message}" for p in exc.problems[:5]))) from None
        matcher = Matcher(lexicon)
        missed = [r for r in built.used if not reproduced(r, matcher)]
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise KefuError(t("err.export_write", path=str(path), why=exc.strerror or str(exc))) \
            from None

    def brief(r) -> dict:
        return {"student": r.student_id, "scenario": r.scenario_id, "turn": r.turn + 1,
                "action": r.action, "target": r.target, "reply": r.reply, "reason": r.reason,
                "author": r.author, "at": r.created_at}

    return {"exam": exam_id, "file": str(path), "rules": sum(len(v) for v in
                                                             built.doc.get("add", {}).values()),
            "used": [brief(r) for r in built.used],
            "conflicts": [{"a": brief(a), "b": brief(b), "why": t(why)}
                          for a, b, why in built.conflicts],
            "skipped": [brief(r) | {"why": t(why)} for r, why in built.skipped],
            "not_reproduced": [brief(r) for r in missed]}
