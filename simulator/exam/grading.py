"""Scoring stored conversations from their text: collect, regrade.

A transcript is replayed through the buyer engine with the exam's judge (the outcome is
recomputed, not read) and scored from its replies; scores written in a file are ignored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import t
from ..resultfile import ResultFile, Sitting
from ..review import by_attempt
from ..session import regrade_transcript
from ..stamps import epoch, normal, now
from ..storage import Conflict, Gradebook, NewAttempt, Rescored, Student, mistakes_of
from ..text import one_line
from ..transcript import MAX_REPLY, Transcript
from .definition import Exam
from .memo import RunJudge
from .results import SUFFIX, ResultFileError, check_result, load_result, student_of

LATENCY_GRACE = 1.0  # seconds of slack on the per-reply limit (clock and typing jitter)
# Nobody types a chat reply faster than this (fast typists with a pinyin IME manage 2-4
# Chinese characters a second): a latency below len(reply) / MAX_TYPING is impossible.
MAX_TYPING = 10.0  # characters per second
STAMP_SLACK = 2.0  # seconds a latency may differ from its turn's shown_at → reply_at


@dataclass
class FileReport:
    path: str
    status: str  # "imported" | "updated" | "unchanged" | "refused"
    student: str | None = None
    problems: list[str] = field(default_factory=list)  # why it (or part of it) was refused
    flags: list[str] = field(default_factory=list)  # imported, but a teacher should look

    def to_json(self) -> dict:
        return {"file": self.path, "status": self.status, "student": self.student,
                "refused": self.problems, "flags": self.flags}


def result_files(paths: list[str]) -> tuple[list[Path], list[FileReport]]:
    """Files named directly, and every ``*.kefu.json`` under the folders named."""
    files: list[Path] = []
    missing: list[FileReport] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found = _folder_files(p, missing)
            files += found
            if not found and not any(r.path.startswith(str(p)) for r in missing):
                missing.append(FileReport(str(p), "refused", problems=[
                    t("collect.no_files", path=str(p), suffix=SUFFIX)]))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(FileReport(str(p), "refused", problems=[t("err.file_missing",
                                                                      path=str(p))]))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def _folder_files(folder: Path, reports: list[FileReport]) -> list[Path]:
    """Every result file under ``folder``; a folder that cannot be read is reported."""

    def unreadable(exc: OSError) -> None:
        reports.append(FileReport(exc.filename or str(folder), "refused", problems=[
            t("collect.unreadable", why=exc.strerror or str(exc))]))

    found = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        found += [Path(root) / n for n in names if n.endswith(SUFFIX)]
    return sorted(f for f in found if f.is_file())


def register_exam(book: Gradebook, exam: Exam) -> None:
    book.save_exam(exam.id, exam.title, exam.hash, exam.text, list(exam.scenario_ids))


BATCH = 200  # result files written per transaction by collect


def collect(exam: Exam, paths: list[str], book: Gradebook, scenarios: dict,
            progress: Callable[[int, int], None] | None = None) -> list[FileReport]:
    """Import every result file under ``paths`` into ``book``, re-scored with ``exam``.

    ``scenarios`` maps scenario id to the current Scenario. One judge for the run; the exam's
    stored attempts and reviews are read once; the files' attempts are written :data:`BATCH`
    files per transaction, each file still all or nothing (a file whose transcript id is
    another student's is refused alone, :meth:`Gradebook.add_attempt_groups`).
    """
    previous = book.exam(exam.id)
    same_exam = previous is not None and previous.definition_hash == exam.hash
    register_exam(book, exam)
    files, reports = result_files(paths)
    judge = RunJudge(exam.judge())  # one judge for the run, each reply observed once
    stored: dict[str, list] = {}
    for a in book.attempts(exam_id=exam.id):
        stored.setdefault(a.student_id, []).append(a)
    reviews: dict[str, list] = {}
    for r in book.reviews(exam.id):
        reviews.setdefault(r.student_id, []).append(r)
    owners: dict[str, str] = {}  # student id -> first file seen in this run
    pending: list[tuple[FileReport, list[NewAttempt], Student]] = []
    for n, path in enumerate(files):
        report = FileReport(str(path), "refused")
        reports.append(report)
        try:
            result, raw = load_result(path)
        except ResultFileError as exc:
            report.problems += exc.lines()
        else:
            sid = student_of(result).id
            work = _prepare(exam, result, hashlib.sha256(raw).hexdigest(), scenarios, judge,
                            owners, same_exam, report, stored.get(sid, ()),
                            by_attempt(reviews.get(sid, ())))
            if work is not None:
                pending.append((report, *work))
        if len(pending) >= BATCH:
            _write(book, pending)
        if progress:
            progress(n + 1, len(files))
    _write(book, pending)
    return reports


def _write(book: Gradebook, pending: list) -> None:
    """The pending files' attempts in one transaction; each report gets its status."""
    done = book.add_attempt_groups([(items, st) for _, items, st in pending])
    for (report, _, _), outcome in zip(pending, done, strict=True):
        _status(report, outcome)
    pending.clear()


def _status(report: FileReport, outcome: list[str] | Conflict) -> None:
    if isinstance(outcome, Conflict):  # e.g. a transcript id another student's file brought
        report.problems.append(outcome.message)
        return
    report.status = ("imported" if "added" in outcome else
                     "updated" if "updated" in outcome else "unchanged")


def import_document(exam: Exam, data: dict, source: str, book: Gradebook,
                    scenarios: dict) -> FileReport:
    """A result document that never was a file (``kefu serve`` keeps them in its database):
    checked, re-scored and imported exactly as :func:`collect` imports a file."""
    import json

    report = FileReport(source, "refused")
    try:
        result = check_result(data)
    except ResultFileError as exc:
        report.problems += exc.lines()
        return report
    previous = book.exam(exam.id)
    same_exam = previous is not None and previous.definition_hash == exam.hash
    register_exam(book, exam)
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    sid = student_of(result).id
    work = _prepare(exam, result, hashlib.sha256(raw).hexdigest(), scenarios, exam.judge(), {},
                    same_exam, report, book.attempts(exam_id=exam.id, student_id=sid),
                    by_attempt(book.reviews(exam.id, student_id=sid)))
    if work is not None:
        items, st = work
        _status(report, _add_one(book, items, st))
    return report


def _add_one(book: Gradebook, items: list[NewAttempt], student: Student):
    try:
        return book.add_attempts([(a, student) for a in items])
    except Conflict as exc:
        return exc


def _prepare(exam, result: ResultFile, raw_hash, scenarios, judge, owners, same_exam, report,
             stored_attempts, decided) -> tuple[list[NewAttempt], Student] | None:
    """The file's attempts to write and its student, or None when the report is final
    (refused, or unchanged since the last collect). ``stored_attempts``: the student's stored
    attempts of this exam; ``decided``: the teacher's reviews of them, by transcript id."""
    path = report.path
    student = student_of(result)
    report.student = student.id
    if result.exam.id != exam.id:
        report.problems.append(t("collect.other_exam", found=one_line(result.exam.id)[:80],
                                 want=exam.id))
        return None
    if student.id in owners:
        report.problems.append(t("collect.duplicate_in_run", id=student.id,
                                 other=owners[student.id]))
        return None
    owners[student.id] = str(path)
    if result.exam.hash != exam.hash:
        report.flags.append(t("collect.exam_changed"))
    uids = [tr.id for s in result.sittings for tr in s.transcripts]
    stored = {a.uid: a for a in stored_attempts}
    if stored and not set(stored) & set(uids):
        report.problems.append(t("collect.duplicate_student", id=student.id))
        return None
    if same_exam and set(uids) == set(stored) and \
            all(a.source_hash == raw_hash for a in stored.values()):
        # this very file was collected before under this exam definition: nothing to redo
        report.status = "unchanged"
        report.flags = [f for a in stored.values() for f in a.flags]
        return None
    items = []
    uids_taken: dict[str, str] = {}  # transcript id -> scenario, within this file
    for sitting_no, sitting in enumerate(result.sittings, start=1):
        if sitting_no > exam.attempts:
            report.problems.append(t("collect.too_many_sittings", n=len(result.sittings),
                                     allowed=exam.attempts))
            break
        seen: set[str] = set()
        for transcript in sitting.transcripts:
            sid = transcript.scenario.id
            if sid in seen:  # one conversation per scenario and sitting: no picking the best
                report.problems.append(t("collect.scenario_twice", scenario=one_line(sid)[:80],
                                         sitting=sitting_no))
                continue
            seen.add(sid)
            uid = (transcript.id or "")[:64]
            if uid in uids_taken:  # the id is the attempt's key: a copy would replace one
                report.problems.append(t("collect.uid_twice", scenario=one_line(sid)[:80],
                                         other=uids_taken[uid]))
                continue
            uids_taken[uid] = one_line(sid)[:80]
            item = _attempt(exam, transcript, sitting_no, sitting, student, judge, scenarios,
                            report, path, raw_hash, decided.get(uid, ()))
            if item is not None:
                items.append(item)
    if not items:
        report.problems.append(t("collect.nothing_usable"))
        return None
    return items, Student(student.id, student.name, student.class_name, student.team)


def _attempt(exam, transcript: Transcript, sitting_no, sitting: Sitting, student, judge,
             scenarios, report, path, raw_hash, decisions=()) -> NewAttempt | None:
    sid = transcript.scenario.id
    label = one_line(sid)[:80]
    if sid not in exam.scenario_ids:
        report.problems.append(t("collect.not_in_exam", scenario=label))
        return None
    scenario = scenarios.get(sid)
    if scenario is None:
        report.problems.append(t("err.no_scenario", ref=label))
        return None
    if transcript.scenario.hash != scenario.content_hash:
        report.problems.append(t("collect.scenario_changed", scenario=label))
        return None
    if transcript.seed != exam.seed:  # another seed: other buyer lines than everybody's
        report.problems.append(t("collect.seed_differs", scenario=label))
        return None
    data = transcript.to_json()  # what the replay and the gradebook read
    graded = regrade_transcript(data, scenario, judge, decisions=decisions)
    flags = []
    if not graded.replay_matches:
        flags.append(t("collect.replay_differs", scenario=label))
    if transcript.outcome is None:
        flags.append(t("collect.unfinished", scenario=label))
    stated = transcript.score
    if isinstance(stated, dict) and stated.get("total") != graded.score["total"]:
        flags.append(t("collect.score_ignored", scenario=label,
                       stated=one_line(str(stated.get("total")))[:20],
                       actual=graded.score["total"]))
    if any(turn.retried for turn in transcript.turns):
        flags.append(t("collect.retried", scenario=label))  # exams have no retries
    if graded.ignored:
        flags.append(t("collect.replies_after_end", scenario=label, n=graded.ignored))
    long = [i + 1 for i, turn in enumerate(graded.turns) if len(turn["reply"]) > MAX_REPLY]
    if long:
        flags.append(t("collect.replies_cut", scenario=label, turns=_turns(long),
                       limit=MAX_REPLY))
    latencies = [turn.get("latency") for turn in graded.turns]
    for key, turns in latency_problems(graded.turns).items():
        flags.append(t(f"collect.latency_{key}", scenario=label, turns=_turns(turns),
                       cps=f"{MAX_TYPING:g}"))
    from ..integrity import pasted_turns

    pasted = pasted_turns(graded.turns, exam.paste_cps)
    if pasted:
        flags.append(t("collect.pasted", scenario=label, turns=_turns(pasted)))
    if exam.per_reply is not None:
        slow = [i + 1 for i, lat in enumerate(latencies)
                if lat is not None and lat > exam.per_reply + LATENCY_GRACE]
        if slow:
            flags.append(t("collect.slow_replies", scenario=label, turns=_turns(slow),
                           limit=int(exam.per_reply)))
    started = epoch(sitting.started_at)
    last = transcript.turns[-1].reply
    finished = normal(transcript.finished_at) or normal(last and last.at) or now()
    if exam.total is not None and started is not None \
            and epoch(finished) - started > exam.total + 60:
        flags.append(t("collect.over_total", scenario=label, limit=int(exam.total)))
    report.flags += flags
    timed = bool(latencies) and all(x is not None for x in latencies)
    return NewAttempt(
        uid=(transcript.id or "")[:64], student_id=student.id, exam_id=exam.id,
        sitting=sitting_no, scenario_id=sid, scenario_hash=scenario.content_hash,
        seed=transcript.seed, transcript=data, total=graded.score["total"],
        dimensions=graded.score["dimensions"], mistakes=mistakes_of(graded.score),
        outcome_id=graded.outcome_id, outcome_good=graded.outcome_good,
        response_time=round(sum(latencies), 3) if timed else None, finished_at=finished,
        source_file=str(path), source_hash=raw_hash, flags=flags)


def latency_problems(turns) -> dict[str, list[int]]:
    """Scored turns (1-based) whose latency is ``missing``, ``impossible`` (faster than anyone
    types the reply: :data:`MAX_TYPING`) or ``inconsistent`` with the turn's own timestamps
    (the line shown, the reply sent). Empty lists are left out."""
    found: dict[str, list[int]] = {"missing": [], "impossible": [], "inconsistent": []}
    for n, turn in enumerate(turns, start=1):
        latency = turn.get("latency")
        if latency is None:
            found["missing"].append(n)
            continue
        typed = len(turn["reply"][:MAX_REPLY].strip())
        if typed and latency < typed / MAX_TYPING:
            found["impossible"].append(n)
        shown = epoch(turn.get("shown_at") or turn.get("buyer_at"))
        sent = epoch(turn.get("reply_at"))
        if shown is not None and sent is not None and abs(sent - shown - latency) > STAMP_SLACK:
            found["inconsistent"].append(n)
    return {key: turns for key, turns in found.items() if turns}


def _turns(numbers: list[int], most: int = 10) -> str:
    text = ", ".join(map(str, numbers[:most]))
    return text + (" …" if len(numbers) > most else "")


@dataclass
class Move:
    student: str
    name: str
    old: float | None
    new: float | None

    def to_json(self) -> dict:
        return {"student": self.student, "name": self.name, "old": self.old, "new": self.new,
                "change": None if self.old is None or self.new is None else
                round(self.new - self.old, 1)}


def regrade(exam: Exam, book: Gradebook, scenarios: dict,
            progress: Callable[[int, int], None] | None = None
            ) -> tuple[list[Move], int, list[str]]:
    """Re-score every stored attempt of ``exam`` with its current definition (rubric weights,
    lexicon overlay, built-in lexicon). Returns who moved, how many attempts were scored and
    the scenarios skipped because their content changed (or vanished) since the exam.
    """
    before = {b.student_id: b for b in book.best_scores(exam_id=exam.id, limit=None)}
    register_exam(book, exam)
    judge = RunJudge(exam.judge())  # one judge for the run, each reply observed once
    attempts = book.attempts(exam_id=exam.id, with_transcripts=True)
    decided = by_attempt(book.reviews(exam.id))  # the teacher's reviews survive a regrade
    skipped: set[str] = set()
    batch: list[Rescored] = []
    for n, a in enumerate(attempts):
        scenario = scenarios.get(a.scenario_id)
        if scenario is not None and scenario.content_hash == a.scenario_hash:
            graded = regrade_transcript(a.transcript, scenario, judge,
                                        decisions=decided.get(a.uid, ()))
            batch.append(Rescored(a.id, graded.score["total"], graded.score["dimensions"],
                                  mistakes_of(graded.score), graded.outcome_id,
                                  graded.outcome_good))
        else:
            skipped.add(a.scenario_id)
        if progress:
            progress(n + 1, len(attempts))
    book.rescore_many(batch)  # one transaction: nobody sees a half-regraded exam
    scored = len(batch)
    after = {b.student_id: b for b in book.best_scores(exam_id=exam.id, limit=None)}
    moves = []
    for sid in sorted(set(before) | set(after)):
        old = before[sid].score if sid in before else None
        new = after[sid].score if sid in after else None
        if old != new:
            moves.append(Move(sid, (after.get(sid) or before.get(sid)).name, old, new))
    moves.sort(key=lambda m: -abs((m.new or 0) - (m.old or 0)))
    return moves, scored, sorted(skipped)
