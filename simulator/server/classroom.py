"""The live classroom as a library (``kefu serve`` is the HTTP layer over it): joins, drills and
exam sittings whose buyer, judge and clock run here.

Every reply is answered by the same code as a local drill (:class:`simulator.session.Session`,
:class:`simulator.exam.ExamRun`, the engine and the judge); only the storage differs: documents
live in the database (:mod:`simulator.storage.live`) and each one is committed, with the
acknowledgement of the reply that changed it, before the student hears back. Times are the
server's: a reply's latency runs from when the server sent the buyer's line.

Thread-safe: one lock serialises the writes (the app runs handlers in a thread pool).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

from ..exam import tidy, valid_id
from ..exam.grading import register_exam
from ..session import Session
from ..stamps import epoch
from ..storage import Student
from ..storage.live import LiveDoc, LiveStore, LiveStudent
from .guard import LiveError
from .sittings import SOURCE, ExamSittings
from .views import conversation_view

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
MAX_REPLY = 1000  # characters in one reply
MAX_KEY = 64  # characters in a client's reply key


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


class Classroom(ExamSittings):
    """Joins, drills, replies and a student's own records; exam sittings in
    :class:`.sittings.ExamSittings`."""

    def __init__(self, book, bank: dict, exams=(), untimed: bool = False):
        self.frozen: dict | None = None  # the board's ranking while frozen (pages.freeze)
        from scoring.judge import Judge

        from ..i18n import language

        self.book, self.bank, self.untimed = book, bank, untimed
        self.live = LiveStore(book)
        self.judge = Judge(lang=language())
        self.lock = threading.RLock()
        self.version = 0  # bumped by every change the board or the teacher's page shows
        self.cache: dict[str, object] = {}  # doc id -> Session | (run, index, session)
        self.presence: dict[str, dict] = {}
        self._students: dict[str, LiveStudent] = {}  # who a key belongs to, read once
        self.alerts: deque = deque(maxlen=200)
        self.exams = {}
        for exam in exams:
            register_exam(book, exam)
            self.exams[exam.id] = exam
        self.code = self.live.get_setting("class_code") or self.rotate_code()
        from .match import Matches

        self.matches = Matches(self)
        self.teacher_token = self.live.get_setting("teacher_token")
        if not self.teacher_token:
            self.teacher_token = secrets.token_urlsafe(18)
            self.live.set_setting("teacher_token", self.teacher_token)

    def changed(self) -> None:
        self.version += 1

    # ---- credentials ----
    def rotate_code(self) -> str:
        self.code = new_code()
        self.live.set_setting("class_code", self.code)
        return self.code

    def is_teacher(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token.encode(), self.teacher_token.encode())

    def join(self, code, student_id, name, class_name, team, key) -> dict:
        """Join (or re-join) the class. The first join of an id returns the secret ``key``
        that later requests carry; nobody else can use that id afterwards."""
        if not isinstance(code, str) or not hmac.compare_digest(
                code.strip().upper().encode(), self.code.encode()):
            raise LiveError(403, "live.bad_code")
        if not isinstance(student_id, str) or not valid_id(student_id):
            raise LiveError(400, "live.bad_field", field="student")
        fields = {}
        for field, value in (("name", name), ("class", class_name), ("team", team)):
            if not isinstance(value, str):
                raise LiveError(400, "live.bad_field", field=field)
            fields[field] = tidy(value)
        if not fields["name"] or not fields["class"]:
            raise LiveError(400, "live.bad_field", field="name")
        with self.lock:
            known = self.live.student(student_id)
            issued = None
            if known is None:
                issued = secrets.token_urlsafe(24)
                key_hash = _hash(issued)
            elif not known.key_hash:  # released by the teacher
                issued = secrets.token_urlsafe(24)
                key_hash = _hash(issued)
                self.live.set_key(student_id, key_hash)
            elif not isinstance(key, str) or not hmac.compare_digest(_hash(key), known.key_hash):
                raise LiveError(403, "live.id_taken", id=student_id)
            else:
                key_hash = known.key_hash
            self.live.join(LiveStudent(student_id, key_hash, fields["name"], fields["class"],
                                       fields["team"]))
            self._students.pop(student_id, None)
            self.book.upsert_student(Student(student_id, fields["name"], fields["class"],
                                             fields["team"]))
            self.presence.setdefault(student_id, {})["seen"] = time.time()
            self.changed()
        return {"student": student_id, "key": issued, "exam": self.running_exam()}

    def auth(self, student_id, key) -> LiveStudent:
        """The student a request comes from (its id and secret key), else refused."""
        if not isinstance(student_id, str) or not isinstance(key, str):
            raise LiveError(401, "live.not_joined")
        known = self._students.get(student_id)
        if known is None:
            known = self.live.student(student_id)
            if known is not None:
                self._students[student_id] = known
        if known is None or not known.key_hash or \
                not hmac.compare_digest(_hash(key), known.key_hash):
            raise LiveError(401, "live.not_joined")
        self.presence.setdefault(student_id, {})["seen"] = time.time()
        return known

    def release(self, student_id: str) -> None:
        """Teacher: the id may be joined again from another PC (the old key stops working)."""
        with self.lock:
            if self.live.student(student_id) is None:
                raise LiveError(404, "live.no_student", id=student_id)
            self.live.set_key(student_id, "")  # matches no key: the next join issues one
            self._students.pop(student_id, None)

    # ---- drills ----
    def start_drill(self, student: LiveStudent, scenario_id, seed=None) -> dict:
        if not isinstance(scenario_id, str) or scenario_id not in self.bank:
            raise LiveError(404, "live.no_scenario", id=str(scenario_id)[:80])
        if seed is None:
            seed = secrets.randbelow(1_000_000) + 1
        if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**31:
            raise LiveError(400, "live.bad_field", field="seed")
        with self.lock:
            session = Session.new(self.bank[scenario_id], seed, self.judge, mode="drill",
                                  meta={"student": student.id})
            doc_id = f"drill:{session.data['id']}"
            self.cache[doc_id] = session
            return self._drill_view(doc_id, student.id, session)

    def _drill(self, doc_id: str, student_id: str) -> Session:
        session = self.cache.get(doc_id)
        if session is None:
            doc = self.live.doc(doc_id)
            if doc is None or doc.student_id != student_id or doc.kind != "drill":
                raise LiveError(404, "live.no_conversation")
            scenario = self.bank.get(doc.data["scenario"]["id"])
            if scenario is None:
                raise LiveError(409, "live.no_scenario", id=doc.data["scenario"]["id"])
            session = Session.resume(doc.data, scenario, self.judge)
            self.cache[doc_id] = session
        if session.data.get("student") != student_id:
            raise LiveError(404, "live.no_conversation")
        return session

    def _drill_view(self, doc_id, student_id, session, ack=None) -> dict:
        if not session.finished and "shown_at" not in session.data["turns"][-1]:
            session.mark_shown()
        self._save_drill(doc_id, student_id, session, ack)
        self.presence.setdefault(student_id, {}).update(
            mode="drill", scenario=session.scenario.id, turn=session.data["turns"][-1]["n"])
        return conversation_view(doc_id, session, "drill")

    def _save_drill(self, doc_id, student_id, session, ack=None) -> None:
        try:
            self.live.save(LiveDoc(doc_id, student_id, "drill", None, session.data,
                                   session.finished), ack)
        except Exception:
            self.cache.pop(doc_id, None)
            raise

    def resume_drill(self, student: LiveStudent) -> dict | None:
        with self.lock:
            for doc in reversed(self.live.docs(student_id=student.id, kind="drill")):
                if not doc.finished:
                    return self._drill_view(doc.id, student.id, self._drill(doc.id, student.id))
        return None

    # ---- replies ----
    def reply(self, student: LiveStudent, conv, turn, key, text, give_up=False) -> dict:
        """One reply to the turn ``turn`` of conversation ``conv`` (``give_up``: the student
        stops answering, the buyer leaves — what ``--replies`` does when its lines run out).
        ``key`` makes it idempotent: the same key again gets the same answer."""
        if not isinstance(key, str) or not 8 <= len(key) <= MAX_KEY:
            raise LiveError(400, "live.bad_field", field="key")
        if give_up is True:
            text = None
        elif not isinstance(text, str) or len(text) > MAX_REPLY:
            raise LiveError(400 if not isinstance(text, str) else 413, "live.reply_too_long",
                            limit=MAX_REPLY)
        if not isinstance(turn, int) or isinstance(turn, bool) or not isinstance(conv, str):
            raise LiveError(400, "live.bad_field", field="turn")
        ack_key = f"{student.id}:{key}"
        with self.lock:
            done = self.live.ack(ack_key)  # a retry: the same answer again, never twice
            if done is not None:
                return done | {"repeated": True}
            if conv.startswith("drill:"):
                return self._drill_reply(student, conv, turn, ack_key, text)
            return self._exam_reply(student, conv, turn, ack_key, text)

    def _latency(self, session) -> float | None:
        if self.untimed:
            return None
        last = session.data["turns"][-1]
        return max(0.0, time.time() - epoch(last.get("shown_at") or last["buyer_at"]))

    def _answer(self, student, session, text) -> tuple[dict, dict | None]:
        """Reply on the session; returns (the answered turn, the closing outcome or None)."""
        if text is None:
            session.give_up()
            return {}, session.data["outcome"]
        session.reply(text, self._latency(session))
        answered = next(t for t in reversed(session.data["turns"]) if "reply" in t)
        for rule in answered.get("observed", {}).get("forbidden", []):
            self.alerts.append({"student": student.id, "name": student.name, "rule": rule,
                                "reply": answered["reply"], "at": answered["reply_at"],
                                "scenario": session.scenario.id})
        closing = session.data["outcome"] if session.finished else None
        return answered, closing

    def _check_turn(self, session, turn, view) -> None:
        if session.finished or session.data["turns"][-1]["n"] != turn:
            raise LiveError(409, "live.stale", view=view())

    def _drill_reply(self, student, conv, turn, ack_key, text) -> dict:
        from ..chat import reply_marks

        session = self._drill(conv, student.id)
        self._check_turn(session, turn, lambda: conversation_view(conv, session, "drill"))
        delta = session.state.patience
        answered, closing = self._answer(student, session, text)
        response = {"turn": turn, "delta": session.state.patience - delta,
                    "latency": answered.get("latency"), "marks": [] if text is None else reply_marks(session, text),
                    "closing": closing}
        if session.finished:
            self.book.record_drill(session.data, student=Student(
                student.id, student.name, student.class_name, student.team), source_file=SOURCE)
        if not session.finished:
            session.mark_shown()
        response["view"] = conversation_view(conv, session, "drill")
        self._save_drill(conv, student.id, session, (ack_key, response))
        self.changed()
        return response

    # ---- a student's own records ----
    def transcripts(self, student: LiveStudent) -> list[dict]:
        out = []
        for doc in self.live.docs(student_id=student.id):
            if doc.kind == "drill":
                out.append(doc.data)
            else:
                out += [tr for s in doc.data["sittings"] for tr in s["transcripts"]]
        return out
