"""Exam sittings in the live classroom: the teacher starts and ends one exam for everybody, each
student's sitting runs here (:class:`simulator.exam.ExamRun`) and is saved as a live document,
and a finished sitting is graded into the gradebook as a collected result file would be.

A mixin of :class:`.classroom.Classroom`, which holds the state used here: ``book``, ``bank``,
``exams``, ``live``, ``cache``, ``presence``, ``lock``, ``changed()``, and the reply checks
``_check_turn``/``_answer`` shared with drills.
"""

from __future__ import annotations

import json

from ..exam import ExamRun, StudentInfo, import_document, parse_exam_text
from ..stamps import now
from ..storage.live import LiveDoc, LiveStudent
from .guard import LiveError
from .views import conversation_view

SOURCE = "kefu serve"


class _LiveRun(ExamRun):
    """An exam run whose result document is saved by the classroom, not to a file."""

    def save(self) -> None:
        pass


class ExamSittings:
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
        if session is not None and "shown_at" not in session.data["turns"][-1]:
            session.mark_shown()
            self._save_run(doc_id, student_id, exam, entry[0])
        return self._exam_screen(student_id, doc_id, entry[0], entry[1], session, exam)

    def exam_open(self, student: LiveStudent) -> dict:
        with self.lock:
            return self._exam_view(student.id)

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
        response["view"] = self._exam_screen(student.id, doc_id, run, entry[1], entry[2], exam)
        self._save_run(doc_id, student.id, exam, run, (ack_key, response))
        if finished:
            self._finish_sitting(doc_id, student.id, exam, run)
        self.changed()
        return response

    def _exam_screen(self, student_id, doc_id, run, index, session, exam) -> dict:
        """What the student's terminal shows: the conversation to answer, or the summary."""
        if session is None:
            summary = run.summary()
            summary.pop("file", None)
            return {"conv": doc_id, "mode": "exam", "done": True, "summary": summary}
        self.presence[student_id].update(mode="exam", scenario=session.scenario.id,
                                         turn=session.data["turns"][-1]["n"])
        return conversation_view(doc_id, session, "exam", index, len(run.sitting["scenarios"]),
                                 run.clock().remaining(), exam.per_reply, show_score=False)
