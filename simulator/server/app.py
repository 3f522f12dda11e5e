"""The HTTP layer of ``kefu serve``: a Starlette app over a :class:`Classroom`.

Only the routes listed in :func:`create_app` exist; everything else is 404. Students carry
their id and secret key in ``X-Kefu-Student`` / ``X-Kefu-Key``; the teacher's pages and actions
carry ``Authorization: Bearer <teacher token>``. Answers are JSON; refusals are
``{"error": message key, "params": {...}}`` with a 4xx status.
"""

from __future__ import annotations

import asyncio
import json
import math

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.routing import Route

from ..errors import KefuError
from ..i18n import t
from . import pages
from .classroom import Classroom
from .guard import LiveError, RateLimit, read_json, security_headers

SSE_CLIENTS = 100
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def _json(data, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status, headers=security_headers(API_CSP))


def _refusal(exc: LiveError) -> JSONResponse:
    params = {k: v for k, v in exc.params.items() if k != "view"}
    body = {"error": exc.key, "params": params, "message": t(exc.key, **params)}
    if "view" in exc.params:
        body["view"] = exc.params["view"]
    return _json(body, exc.status)


def create_app(room: Classroom) -> Starlette:
    per_student = RateLimit(rate=10, burst=30)  # a class types far slower than this
    per_address = RateLimit(rate=50, burst=200)  # a lab behind one address (NAT) still fits
    failures = RateLimit(rate=0.5, burst=20)  # wrong codes, keys and tokens: no guessing
    sse = {"open": 0}

    def limited(request: Request, key: str | None = None) -> None:
        if not per_address.allow(_client(request)) or (key and not per_student.allow(key)):
            raise LiveError(429, "live.slow_down")

    def locked_out(request: Request) -> LiveError:
        """Too many wrong codes, keys or tokens from this address: not a rate to wait out
        quietly, a refusal the client reports at once (``live.slow_down`` is retried)."""
        wait = max(1, math.ceil(failures.wait(_client(request))))
        return LiveError(429, "live.locked_out", wait=wait)

    def failed(request: Request) -> None:
        if not failures.allow(_client(request)):
            raise locked_out(request)

    def endpoint(fn):
        async def handler(request: Request):
            try:
                return await fn(request)
            except LiveError as exc:
                if exc.status in (401, 403):  # a wrong credential counts towards a lockout
                    try:
                        failed(request)
                    except LiveError as locked:
                        return _refusal(locked)
                return _refusal(exc)
            except KefuError as exc:  # the database is busy or gone: the client retries
                return _json({"error": "live.unavailable", "params": {},
                              "message": exc.message}, 503)
        return handler

    def blocked(request: Request) -> None:
        """A client that failed too often is refused before its request is looked at."""
        if failures.exhausted(_client(request)):
            raise locked_out(request)

    async def student(request: Request):
        blocked(request)
        sid = request.headers.get("x-kefu-student")
        limited(request, sid)
        return await run_in_threadpool(room.auth, sid, request.headers.get("x-kefu-key"))

    def teacher(request: Request) -> None:
        blocked(request)
        limited(request)
        header = request.headers.get("authorization", "")
        if not room.is_teacher(header.removeprefix("Bearer ").strip()):
            raise LiveError(401, "live.not_teacher")

    # ---- students ----
    @endpoint
    async def join(request):
        blocked(request)
        limited(request)
        d = await read_json(request)
        return _json(await run_in_threadpool(
            room.join, d.get("code"), d.get("student"), d.get("name"), d.get("class"),
            d.get("team", ""), d.get("key")))

    @endpoint
    async def state(request):
        me = await student(request)
        drill = await run_in_threadpool(room.resume_drill, me)
        match = room.matches.data
        return _json({"student": me.id, "name": me.name, "exam": room.running_exam(),
                      "drill": drill, "match": room.matches.summary()
                      if match and not match["ended_at"] else None})

    @endpoint
    async def scenarios(request):
        await student(request)
        return _json([{"id": s.id, "title": s.title} for s in room.bank.values()])

    @endpoint
    async def drill(request):
        me = await student(request)
        d = await read_json(request)
        return _json(await run_in_threadpool(room.start_drill, me, d.get("scenario"),
                                             d.get("seed")))

    @endpoint
    async def exam_open(request):
        me = await student(request)
        return _json(await run_in_threadpool(room.exam_open, me))

    @endpoint
    async def reply(request):
        me = await student(request)
        d = await read_json(request)
        return _json(await run_in_threadpool(room.reply, me, d.get("conv"), d.get("turn"),
                                             d.get("key"), d.get("text"), d.get("give_up", False)))

    @endpoint
    async def my_transcripts(request):
        me = await student(request)
        return _json(await run_in_threadpool(room.transcripts, me))

    @endpoint
    async def match_state(request):
        me = await student(request)
        return _json(await run_in_threadpool(room.matches.view, me.id))

    @endpoint
    async def match_say(request):
        me = await student(request)
        d = await read_json(request)
        return _json(await run_in_threadpool(room.matches.say, me, d.get("conv"), d.get("turn"),
                                             d.get("key"), d.get("text"), d.get("end") is True))

    @endpoint
    async def match_ballots(request):
        me = await student(request)
        return _json(await run_in_threadpool(room.matches.ballots, me.id))

    @endpoint
    async def match_vote(request):
        me = await student(request)
        d = await read_json(request)
        return _json(await run_in_threadpool(room.matches.vote, me.id, d.get("conv"),
                                             d.get("turn"), d.get("score")))

    # ---- the teacher ----
    @endpoint
    async def teacher_state(request):
        teacher(request)
        return _json(await run_in_threadpool(pages.teacher_state, room))

    @endpoint
    async def teacher_action(request):
        teacher(request)
        d = await read_json(request)
        action = request.path_params["action"]
        if action == "start":
            return _json(await run_in_threadpool(room.start_exam, str(d.get("exam", ""))))
        if action == "end":
            return _json(await run_in_threadpool(room.end_exam))
        if action == "rotate":
            return _json({"code": await run_in_threadpool(room.rotate_code)})
        if action == "release":
            await run_in_threadpool(room.release, str(d.get("student", "")))
            return _json({"released": str(d.get("student", ""))})
        if action == "freeze":
            return _json(pages.freeze(room, bool(d.get("frozen"))))
        if action == "transcript":
            return _json(await run_in_threadpool(pages.student_transcripts, room,
                                                 str(d.get("student", ""))))
        if action == "match":
            return _json(await run_in_threadpool(room.matches.create, d.get("teams"),
                                                 d.get("scenarios"), d.get("rounds", 2),
                                                 d.get("weights")))
        if action == "match_next":
            return _json(await run_in_threadpool(room.matches.next_round))
        if action == "match_end":
            return _json(await run_in_threadpool(room.matches.end))
        if action == "vote":
            return _json(await run_in_threadpool(room.matches.vote, "teacher", d.get("conv"),
                                                 d.get("turn"), d.get("score")))
        raise LiveError(404, "live.not_found")

    # ---- the board ----
    @endpoint
    async def board_json(request):
        limited(request)
        return _json(await run_in_threadpool(pages.board_snapshot, room))

    async def board_events(request):
        limited(request)
        if sse["open"] >= SSE_CLIENTS:
            return _refusal(LiveError(429, "live.slow_down"))

        async def stream():
            sse["open"] += 1
            try:
                seen, idle = None, 0.0
                while not await request.is_disconnected():
                    if room.version != seen:
                        seen = room.version
                        snap = await run_in_threadpool(pages.board_snapshot, room)
                        yield f"data: {json.dumps(snap, ensure_ascii=False)}\n\n"
                        idle = 0.0
                    elif idle >= 15:
                        yield ": ping\n\n"
                        idle = 0.0
                    await asyncio.sleep(0.1)
                    idle += 0.1
            finally:
                sse["open"] -= 1

        headers = security_headers(API_CSP) | {"X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    def page(name: str):
        async def handler(request):
            limited(request)
            html, csp = pages.page(name)
            return HTMLResponse(html, headers=security_headers(csp))
        return endpoint(handler)

    async def health(request):
        return _json({"ok": True})

    async def not_found(request, exc):
        return _json({"error": "live.not_found", "params": {},
                      "message": t("live.not_found")}, 404)

    routes = [
        Route("/api/health", health),
        Route("/api/join", join, methods=["POST"]),
        Route("/api/state", state),
        Route("/api/scenarios", scenarios),
        Route("/api/drill", drill, methods=["POST"]),
        Route("/api/exam", exam_open, methods=["POST"]),
        Route("/api/reply", reply, methods=["POST"]),
        Route("/api/me/transcripts", my_transcripts),
        Route("/api/match", match_state),
        Route("/api/match/say", match_say, methods=["POST"]),
        Route("/api/match/ballots", match_ballots),
        Route("/api/match/vote", match_vote, methods=["POST"]),
        Route("/api/teacher", teacher_state),
        Route("/api/teacher/{action}", teacher_action, methods=["POST"]),
        Route("/api/board", board_json),
        Route("/board/events", board_events),
        Route("/board", page("board")),
        Route("/teacher", page("teacher")),
        Route("/judge", page("judge")),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.room = room
    return app
