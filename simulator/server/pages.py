"""What the board and the teacher's page show, and the pages themselves.

The board is public to the room: names, teams, scores and ranks only — never ids,
transcripts or replies. The teacher's data needs the teacher token (checked by the app).
Pages are self-contained HTML (no external assets); their inline script and style are allowed
by hash in the Content-Security-Policy, so nothing else can run on them. Every student-written
text reaches the page as JSON and is put in with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
import time
from importlib import resources

BOARD_ROWS = 30
TEAM_ROWS = 12
ONLINE_SECONDS = 90


def _exam_state(room) -> dict | None:
    raw = room.live.get_setting("exam")
    return json.loads(raw) if raw else None


def _ranking(room, exam_id: str) -> tuple[list[dict], list[dict]]:
    people = [{"rank": b.rank, "name": b.name, "team": b.team, "class": b.class_name,
               "score": round(b.score, 1)}
              for b in room.book.best_scores(exam_id=exam_id, limit=BOARD_ROWS)]
    teams = [{"rank": s.rank, "team": s.team, "score": round(s.score, 1), "members": s.members}
             for s in room.book.team_scores(exam_id=exam_id, limit=TEAM_ROWS) if s.team]
    return people, teams


def board_snapshot(room) -> dict:
    """The projector's data, computed once per change (cached on ``room.version``)."""
    cached = getattr(room, "_board_cache", None)
    version = room.version
    if cached and cached[0] == version:
        return cached[1]
    exam = _exam_state(room)
    joined = len(room.live.students())
    snap = {"version": version, "title": "", "state": "idle", "joined": joined,
            "handed_in": 0, "scenarios": 0, "people": [], "teams": [], "frozen": False,
            "match": room.matches.summary() if room.matches.data else None}
    if exam:
        docs = room.live.docs(kind="exam", exam_id=exam["id"])
        snap.update(title=exam["title"], state="ended" if exam.get("ended_at") else "running",
                    handed_in=sum(d.finished for d in docs), scenarios=len(exam["scenarios"]))
        frozen = getattr(room, "frozen", None)
        if frozen is not None and frozen.get("exam") == exam["id"]:
            snap.update(people=frozen["people"], teams=frozen["teams"], frozen=True)
        else:
            snap["people"], snap["teams"] = _ranking(room, exam["id"])
    room._board_cache = (version, snap)
    return snap


def freeze(room, frozen: bool) -> dict:
    """Contest-style: the ranking on the board stops moving until the teacher unfreezes it."""
    exam = _exam_state(room)
    if frozen and exam:
        people, teams = _ranking(room, exam["id"])
        room.frozen = {"exam": exam["id"], "people": people, "teams": teams}
    else:
        room.frozen = None
    room.changed()
    return {"frozen": room.frozen is not None}


def teacher_state(room) -> dict:
    now = time.time()
    students = []
    for s in room.live.students():
        seen = room.presence.get(s.id, {})
        students.append({"id": s.id, "name": s.name, "class": s.class_name, "team": s.team,
                         "online": now - seen.get("seen", 0) < ONLINE_SECONDS,
                         "mode": seen.get("mode"), "scenario": seen.get("scenario"),
                         "turn": seen.get("turn")})
    return {"code": room.code, "exam": _exam_state(room), "students": students,
            "alerts": list(room.alerts)[-50:][::-1], "board": board_snapshot(room),
            "exams": sorted({e.id for e in room.book.exams()} | set(room.exams)),
            "scenarios": [{"id": s.id, "title": s.title} for s in room.bank.values()],
            "match": _match(room)}


def _match(room) -> dict | None:
    m = room.matches
    if m.data is None:
        return None
    names = {s.id: s.name for s in room.live.students()}
    convs = [{"id": c["id"], "round": c["round"], "team": c["agent_team"],
              "agent": names.get(c["agent"], ""), "buyer": names.get(c["buyer"], ""),
              "scenario": c["scenario"], "turns": len(c["turns"]), "ended": c["ended"],
              **m.conv_score(c)} for c in m.data["convs"].values()]
    return m.summary() | {"conversations": convs, "ballots": m.ballots("teacher")}


def student_transcripts(room, student_id: str) -> dict:
    from .guard import LiveError

    known = room.live.student(student_id)
    if known is None:
        raise LiveError(404, "live.no_student", id=student_id[:64])
    return {"student": {"id": known.id, "name": known.name, "class": known.class_name,
                        "team": known.team},
            "transcripts": room.transcripts(known)}


def judge_url(base: str, **credentials: str) -> str:
    """The judge view's address; the credentials (``teacher=`` token, or ``student=`` and
    ``key=``) go in the fragment, which the browser never sends, so no log or proxy sees them."""
    from urllib.parse import urlencode

    return f"{base}/judge#{urlencode(credentials)}"


# ---- the pages ---------------------------------------------------------------------------
def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_text(name: str, lang: str) -> str:
    """The page's words from the message catalogue (keys ``page.<name>.*``) as JSON for its
    ``{{text}}`` data block: no ``<`` in it, so nothing in a message can close the block."""
    from ..messages import MESSAGES

    prefix = f"page.{name}."
    words = {key[len(prefix):]: entry.get(lang) or entry["zh"]
             for key, entry in MESSAGES.items() if key.startswith(prefix)}
    words["lang"] = "zh-CN" if lang == "zh" else lang
    return json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")


def page(name: str) -> tuple[str, str]:
    """(HTML, Content-Security-Policy) of a page: only its own inline script and style run."""
    from ..i18n import language

    return _page(name, language())


@functools.cache
def _page(name: str, lang: str) -> tuple[str, str]:
    folder = resources.files("simulator.server").joinpath("pages")
    html = folder.joinpath(f"{name}.html").read_text("utf-8")
    html = html.replace("  /*{{common.js}}*/\n", folder.joinpath("common.js").read_text("utf-8"))
    html = html.replace("{{text}}", page_text(name, lang))  # a data block: never run
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    csp = ("default-src 'none'; connect-src 'self'; img-src 'self' data:; "
           f"script-src {' '.join(map(_sha, scripts))}; style-src {' '.join(map(_sha, styles))}; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return html, csp
