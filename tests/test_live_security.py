"""Everything a client sends is untrusted: the server's refusals, bounds and what it never shows."""

from __future__ import annotations

import json
import time

import pytest
from live_helpers import LiveServer

SCENARIO = "aftersale_urge_shipping"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = LiveServer(f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}").start()
    yield s
    s.stop()


def _student(server, sid, name="王小明", team="红队"):
    client = server.client(patience=5)
    client.join(server.info["code"], sid, name, "电商1班", team)
    return client


def _headers(client):
    return {"X-Kefu-Student": client.student, "X-Kefu-Key": client.key}


def test_teacher_actions_need_the_token(server):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "wrong"}):
        for path, method in (("/api/teacher", "GET"), ("/api/teacher/rotate", "POST"),
                             ("/api/teacher/transcript", "POST")):
            answer = server.request(method, path, json={}, headers=headers)
            assert answer.status_code == 401 and answer.json()["error"] == "live.not_teacher"
    ok = server.get("/api/teacher",
                    headers={"Authorization": f"Bearer {server.info['teacher_token']}"})
    assert ok.status_code == 200 and ok.json()["code"] == server.info["code"]


def test_a_student_sees_only_their_own_conversations(server):
    a, b = _student(server, "sa"), _student(server, "sb")
    view = a.start_drill(SCENARIO, 3)
    a.reply(view, "亲,您好")
    body = {"conv": view["conv"], "turn": view["turn"] + 1, "key": "x" * 16, "text": "抢答"}
    stolen = server.post("/api/reply", json=body, headers=_headers(b))
    assert stolen.status_code == 404 and stolen.json()["error"] == "live.no_conversation"
    assert b.transcripts() == []
    assert [t["student"] for t in a.transcripts()] == ["sa"]
    # a made-up key for a's id, or a's key with b's id: nobody
    for headers in ({"X-Kefu-Student": "sa", "X-Kefu-Key": "guess"},
                    {"X-Kefu-Student": "sb", "X-Kefu-Key": a.key}, {}):
        answer = server.get("/api/me/transcripts", headers=headers)
        assert answer.status_code == 401
    a.close()
    b.close()


def test_scores_ids_and_times_are_the_servers(server):
    c = _student(server, "sc")
    view = c.start_drill(SCENARIO, 3)
    time.sleep(1.2)
    body = {"conv": view["conv"], "turn": view["turn"], "key": "t" * 16, "text": "亲,您好",
            "latency": 0.01, "score": 100, "reply_at": "2000-01-01T00:00:00Z", "id": "forged"}
    answer = server.post("/api/reply", json=body, headers=_headers(c)).json()
    assert answer["latency"] >= 1.1
    stored = c.transcripts()[0]
    assert stored["turns"][0]["latency"] >= 1.1 and stored["id"] != "forged"
    assert stored["turns"][0]["reply_at"].startswith(time.strftime("%Y", time.gmtime()))
    c.close()


@pytest.mark.parametrize(("body", "status", "error"), [
    (b"{not json", 400, "live.bad_json"),
    (b"[1, 2, 3]", 400, "live.bad_json"),
    (b"\xff\xfe", 400, "live.bad_json"),
    (b'{"a": ' * 50 + b"1" + b"}" * 50, 400, "live.bad_json"),
    (b'{"text": "' + b"x" * 20_000 + b'"}', 413, "live.too_big"),
])
def test_malformed_and_oversized_bodies_are_refused(server, body, status, error):
    answer = server.post("/api/join", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == status and answer.json()["error"] == error


def test_replies_and_fields_are_bounded(server):
    c = _student(server, "sd")
    view = c.start_drill(SCENARIO, 3)
    for text, status in (("长" * 1001, 413), (42, 400), (None, 400)):
        body = {"conv": view["conv"], "turn": view["turn"], "key": "b" * 16, "text": text}
        assert server.post("/api/reply", json=body, headers=_headers(c)).status_code == status
    for student in ("../../etc/passwd", "a b", "", "x" * 65):
        answer = server.post("/api/join", json={"code": server.info["code"], "student": student,
                                                "name": "n", "class": "c"})
        assert answer.status_code == 400
    c.close()


def test_markup_and_escape_codes_in_names_never_reach_the_board_as_either(server):
    hostile = "<script>alert(1)</script>\x1b[2J\x07王"
    c = _student(server, "se", name=hostile, team="<b>队</b>")
    board = server.get("/api/board")
    assert board.headers["content-type"].startswith("application/json")
    text = board.text
    assert "\x1b" not in text and "\x07" not in text
    page = server.get("/board")
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "innerHTML" not in page.text and "textContent" in page.text
    c.close()


def test_the_board_shows_names_scores_and_ranks_only(server):
    snap = server.get("/api/board").json()
    allowed = {"rank", "name", "team", "class", "score"}
    assert all(set(p) <= allowed for p in snap["people"])
    assert all(set(t) <= {"rank", "team", "score", "members"} for t in snap["teams"])
    flat = json.dumps(snap, ensure_ascii=False)
    assert "亲,您好" not in flat and server.info["code"] not in flat


@pytest.mark.parametrize("path", ["/", "/static/board.js", "/board.html", "/api",
                                  "/api/../../etc/passwd", "/teacher/x", "/docs", "/openapi.json"])
def test_nothing_is_served_outside_the_named_pages(server, path):
    answer = server.get(path)
    assert answer.status_code == 404 and answer.json()["error"] == "live.not_found"


def test_wrong_methods_are_refused(server):
    assert server.get("/api/reply").status_code == 404
    assert server.post("/board").status_code == 404


def test_rotating_the_code_locks_out_new_joins_but_not_the_class(tmp_path):
    s = LiveServer(f"sqlite:///{tmp_path / 'live.db'}").start()
    try:
        c = _student(s, "sf")
        old = s.info["code"]
        new = s.teacher("rotate").json()["code"]
        assert new != old and len(new) == 6
        refused = s.post("/api/join", json={"code": old, "student": "sg", "name": "n",
                                            "class": "c"})
        assert refused.status_code == 403 and refused.json()["error"] == "live.bad_code"
        assert c.state()["student"] == "sf"  # joined students carry their key, not the code
        late = s.client()
        late.join(new.lower(), "sg", "迟到", "电商1班", "")  # typed in lower case: fine
        late.close()
        c.close()
    finally:
        s.stop()


def test_guessing_codes_and_hammering_are_slowed_down(tmp_path):
    s = LiveServer(f"sqlite:///{tmp_path / 'live.db'}").start()
    try:
        c = _student(s, "sh")
        # the rate per student: a script sending far faster than anyone types is told to wait
        with __import__("httpx").Client(trust_env=False, base_url=s.url) as http:
            codes = []
            while 429 not in codes and len(codes) < 300:
                codes.append(http.get("/api/state", headers=_headers(c)).status_code)
            assert codes[0] == 200 and codes[-1] == 429 and len(codes) > 30  # burst of 30
            slow = http.get("/api/state", headers=_headers(c)).json()
            assert slow["error"] == "live.slow_down"  # the client waits and sends it again
            answers = []
            while not answers or answers[-1].status_code != 429 and len(answers) < 100:
                answers.append(http.post("/api/join", json={
                    "code": f"AAAA{len(answers):02d}", "student": "x1", "name": "n",
                    "class": "c"}))
            assert answers[0].json()["error"] == "live.bad_code" and len(answers) > 20
            # guessing: a lockout the client reports at once, with the wait in seconds
            locked = answers[-1].json()
            assert locked["error"] == "live.locked_out" and locked["params"]["wait"] >= 1
            assert all(a.status_code == 403 for a in answers[:-1])
        c.close()
    finally:
        s.stop()
