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
import json
import secrets
import threading
import time
from collections import deque

from ..exam import ExamRun, StudentInfo, import_document, parse_exam_text, tidy, valid_id
from ..exam.grading import register_exam
from ..session import Session
from ..stamps import epoch, now
from ..storage import Student
from ..storage.live import LiveDoc, LiveStore, LiveStudent
from .guard import LiveError
from .views import conversation_view

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
MAX_REPLY = 1000  # characters in one reply
MAX_KEY = 64  # characters in a client's reply key
SOURCE = "kefu serve"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


class _LiveRun(ExamRun):
    """An exam run whose result document is saved by the classroom, not to a file."""

    def save(self) -> None:
        pass


class Classroom:
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

    # ---- exams (the teacher starts and ends one for everybody) ----
    def running_exam(self) -> dict | None:
        raw = self.live.get_setting("exam")
        state = json.loads(raw) if raw else None
        return state if state and not state.get("ended_at") else None

    def exam(self, exam_id: str):
        if exam_id not in self.exams:
            record = self.book.exam(exam_id)
            if record is None:
                raise LiveError(404, "live.no_exam", id=exam_id)
            self.exams[exam_id] = parse_exam_text(record.yaml_text, f"{exam_id}.yaml",
                                                  list(self.bank.values()))
        return self.exams[exam_id]

    def start_exam(self, exam_id: str) -> dict:
        with self.lock:
            exam = self.exam(exam_id)
            if self.running_exam():
                raise LiveError(409, "live.exam_running")
            state = {"id": exam.id, "title": exam.title, "started_at": now(), "ended_at": None,
                     "scenarios": list(exam.scenario_ids)}
            self.live.set_setting("exam", json.dumps(state, ensure_ascii=False))
            self.changed()
            return state

    def end_exam(self) -> dict:
        """Every sitting still open is closed (buyer left) and graded into the gradebook."""
        with self.lock:
            state = self.running_exam()
            if state is None:
                raise LiveError(409, "live.no_exam_running")
            exam = self.exam(state["id"])
            for doc in self.live.docs(kind="exam", exam_id=exam.id):
                run = self._run(doc.student_id, exam, doc)[0]
                if run.sitting["finished_at"] is None:
                    run.close_sitting()
                self._finish_sitting(doc.id, doc.student_id, exam, run)  # again: idempotent
            state["ended_at"] = now()
            self.live.set_setting("exam", json.dumps(state, ensure_ascii=False))
            self.cache = {k: v for k, v in self.cache.items() if not k.startswith("exam:")}
            self.changed()
            return state

    def _run(self, student_id: str, exam, doc: LiveDoc | None = None):
        doc_id = f"exam:{exam.id}:{student_id}"
        cached = self.cache.get(doc_id)
        if cached is not None:
            return cached
        doc = doc or self.live.doc(doc_id)
        st = self.live.student(student_id)
        info = StudentInfo(st.id, st.name, st.class_name, st.team)
        from ..errors import KefuError

        if doc is not None and doc.finished:  # handed in: one sitting per exam in class
            run = _LiveRun(exam, info, SOURCE, doc.data, self.bank)
        else:
            try:
                run = _LiveRun.continue_with(exam, info, SOURCE, doc and doc.data, self.bank)
            except KefuError as exc:  # the exam's time is over
                raise LiveError(409, "live.exam_done") from exc
        entry = [run, None, None]
        self.cache[doc_id] = entry
        self._save_run(doc_id, student_id, exam, run)
        return entry

    def _save_run(self, doc_id, student_id, exam, run, ack=None) -> None:
        try:
            self.live.save(LiveDoc(doc_id, student_id, "exam", exam.id, run.data,
                                   run.sitting["finished_at"] is not None), ack)
        except Exception:
            self.cache.pop(doc_id, None)  # memory is ahead of the database: reload next time
            raise

    def _finish_sitting(self, doc_id, student_id, exam, run) -> None:
        self._save_run(doc_id, student_id, exam, run)
        import_document(exam, run.data, SOURCE, self.book, self.bank)
        self.changed()

    def _exam_current(self, student_id: str):
        """(doc id, entry, view) of the student's exam: the conversation to answer now."""
        state = self.running_exam()
        if state is None:
            raise LiveError(409, "live.no_exam_running")
        exam = self.exam(state["id"])
        doc_id = f"exam:{exam.id}:{student_id}"
        entry = self._run(student_id, exam)
        run = entry[0]
        if run.sitting["finished_at"] is None and run.clock().expired():
            run.close_sitting()
            self._finish_sitting(doc_id, student_id, exam, run)
        pending = run.pending() if run.sitting["finished_at"] is None else []
        if not pending:
            if run.sitting["finished_at"] is None:
                run.close_sitting()
                self._finish_sitting(doc_id, student_id, exam, run)
            return doc_id, entry, exam, None
        if entry[1] != pending[0]:
            index = pending[0]
            scenario = self.bank.get(run.sitting["scenarios"][index])
            if scenario is None:
                raise LiveError(409, "live.no_scenario", id=run.sitting["scenarios"][index])
            entry[1], entry[2] = index, run.session(index, scenario)
        return doc_id, entry, exam, entry[2]

    def _exam_view(self, student_id: str) -> dict:
        doc_id, entry, exam, session = self._exam_current(student_id)
        run = entry[0]
        if session is None:
            summary = run.summary()
            summary.pop("file", None)
            return {"conv": doc_id, "mode": "exam", "done": True, "summary": summary}
        if "shown_at" not in session.data["turns"][-1]:
            session.mark_shown()
            self._save_run(doc_id, student_id, exam, run)
        self.presence[student_id].update(mode="exam", scenario=session.scenario.id,
                                         turn=session.data["turns"][-1]["n"])
        return conversation_view(doc_id, session, "exam", entry[1], len(run.sitting["scenarios"]),
                                 run.clock().remaining(), exam.per_reply, show_score=False)

    def exam_open(self, student: LiveStudent) -> dict:
        with self.lock:
            return self._exam_view(student.id)

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

    def _exam_reply(self, student, conv, turn, ack_key, text) -> dict:
        doc_id, entry, exam, session = self._exam_current(student.id)
        if session is None or conv != doc_id:
            raise LiveError(409, "live.stale", view=self._exam_view(student.id))
        run = entry[0]
        self._check_turn(session, turn, lambda: self._exam_view(student.id))
        delta = session.state.patience
        answered, closing = self._answer(student, session, text)
        response = {"turn": turn, "delta": session.state.patience - delta,
                    "latency": answered.get("latency"), "marks": [], "closing": closing}
        finished = False
        if session.finished:
            entry[1] = entry[2] = None
            pending = run.pending()
            if pending:
                self._exam_current(student.id)
            else:
                run.close_sitting()
                finished = True
        if entry[2] is not None:
            entry[2].mark_shown()
        view = self._exam_view_nosave(student.id, doc_id, entry, exam)
        response["view"] = view
        self._save_run(doc_id, student.id, exam, run, (ack_key, response))
        if finished:
            self._finish_sitting(doc_id, student.id, exam, run)
        self.changed()
        return response

    def _exam_view_nosave(self, student_id, doc_id, entry, exam) -> dict:
        run, index, session = entry
        if session is None:
            summary = run.summary()
            summary.pop("file", None)
            return {"conv": doc_id, "mode": "exam", "done": True, "summary": summary}
        self.presence[student_id].update(mode="exam", scenario=session.scenario.id,
                                         turn=session.data["turns"][-1]["n"])
        return conversation_view(doc_id, session, "exam", index, len(run.sitting["scenarios"]),
                                 run.clock().remaining(), exam.per_reply, show_score=False)

    # ---- a student's own records ----
    def transcripts(self, student: LiveStudent) -> list[dict]:
        out = []
        for doc in self.live.docs(student_id=student.id):
            if doc.kind == "drill":
                out.append(doc.data)
            else:
                out += [tr for s in doc.data["sittings"] for tr in s["transcripts"]]
        return out
