"""A whole class takes an exam through a real ``kefu serve``; the server is killed and comes back.

The reference is the file-based path: the same replies through ``kefu exam take --replies``
and ``kefu exam collect``. Grades and leaderboards must come out the same.
"""

from __future__ import annotations

import json
import threading

import pytest
from exam_helpers import run, take
from live_helpers import LiveServer

from simulator.commands.join import _exam, converse
from simulator.exam import split_replies
from simulator.server.client import LiveClient

SCENARIOS = ["aftersale_urge_shipping", "bargain_bulk", "complain_damaged"]
CLASS = 40


def _write_exam(folder, total: int = 1800):
    path = folder / "live1.yaml"
    path.write_text("schema_version: 1\nid: live1\ntitle: 课堂考试\nscenarios:\n"
                    + "".join(f"  - {s}\n" for s in SCENARIOS)
                    + f"seed: 7\ntime_limit:\n  per_reply: 60\n  total: {total}\n",
                    encoding="utf-8")
    return path


def _scripts() -> dict[str, list[list[str]]]:
    from scenarios.loader import find

    return {sid: [list(test.replies) for test in find(sid).tests] for sid in SCENARIOS}


def _replies(n: int, scripts) -> list[list[str]]:
    """Student n's replies: a different mix of the scenarios' scripts, some cut short."""
    blocks = []
    for j, sid in enumerate(SCENARIOS):
        script = scripts[sid][(n + j) % len(scripts[sid])]
        blocks.append(script[: max(1, len(script) - (n % 3 == 2 and j == 1))])
    return blocks


def _student(n: int) -> dict:
    return {"id": f"s{n:02d}", "name": f"学生{n:02d}", "class": f"电商{n % 2 + 1}班",
            "team": f"队{n % 4}"}


def _grades(db: str) -> dict:
    out = run("grades", "live1", "--json", "--db", db)
    assert out.exit_code == 0, out.output
    sheet = json.loads(out.output)
    for row in sheet["students"]:  # flags and 粘贴 come from timings, which differ
        row.pop("flags")
        row.pop("pasted")
    _untie(sheet["students"], "final")
    for row in sheet["detail"]:
        row.pop("finished_at")
        row.pop("flags")
        row.pop("pasted")
    sheet["detail"].sort(key=lambda a: (a["student"], a["scenario"]))
    return sheet


def _board(db: str, *extra) -> list:
    out = run("leaderboard", "--exam", "live1", "--top", "100", "--json", "--db", db, *extra)
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["scope"]["id"] == "live1"
    rows = data["rows"]
    for row in rows:
        row.pop("finished_at", None)
    _untie(rows, "score")
    return rows


def _untie(rows: list[dict], score: str) -> None:
    """Equal scores are ranked by who finished first: 40 students at once finish in another
    order than one after the other. Keep the ranked scores, order ties by student id."""
    ranked = [r[score] for r in rows]
    for row in rows:
        row.pop("rank")
    rows.sort(key=lambda r: (-r[score], r.get("student") or r.get("student_id") or r["team"]))
    assert [r[score] for r in rows] == ranked


def _join(server: LiveServer, n: int) -> LiveClient:
    s = _student(n)
    client = server.client(patience=60)
    client.join(server.info["code"], s["id"], s["name"], s["class"], s["team"])
    return client


def test_a_class_of_40_takes_an_exam_live_and_grades_match_the_files(tmp_path, db_url):
    exam = _write_exam(tmp_path)
    scripts = _scripts()
    # the reference: result files and collect
    files = tmp_path / "results"
    for n in range(CLASS):
        s = _student(n)
        out = take(exam, s["id"], _replies(n, scripts), files, s["name"], s["class"], s["team"])
        assert out.exit_code == 0, out.output
    ref_db = f"sqlite:///{tmp_path / 'ref.db'}"
    assert run("exam", "collect", exam, files, "--db", ref_db).exit_code == 0
    # the same replies, live (response time is not scored, as with --replies files)
    live_db = db_url  # the server's gradebook: SQLite, and PostgreSQL for a school server
    server = LiveServer(live_db, "--exam", exam, "--untimed").start()
    try:
        assert server.teacher("start", exam="live1").status_code == 200
        errors = []

        def student(n):
            try:
                client = _join(server, n)
                lines = "\n---\n".join("\n".join(b) for b in _replies(n, scripts)).split("\n")
                state = client.state()
                summary = _exam(client, state["exam"], lines, split_replies)
                assert summary["finished"] and len(summary["scenarios"]) == 3
                client.close()
            except Exception as exc:  # reported below, with the student
                errors.append((n, repr(exc)))

        threads = [threading.Thread(target=student, args=(n,)) for n in range(CLASS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(120)
        assert errors == []
        board = server.get("/api/board").json()
        assert board["handed_in"] == CLASS and len(board["people"]) == 30
    finally:
        server.stop()
    assert _grades(live_db) == _grades(ref_db)
    assert _board(live_db) == _board(ref_db)
    assert _board(live_db, "--team") == _board(ref_db, "--team")


def test_server_killed_mid_exam_loses_nothing_it_acknowledged(tmp_path, db_url):
    exam = _write_exam(tmp_path)
    scripts = _scripts()
    db = db_url
    server = LiveServer(db, "--exam", exam).start()
    try:
        assert server.teacher("start", exam="live1").status_code == 200
        clients = [_join(server, n) for n in range(4)]
        acked: dict[str, list[str]] = {}
        views = {}
        for n, client in enumerate(clients):  # two replies each into the first scenario
            view = client.open_exam()
            for text in _replies(n, scripts)[0][:2]:
                view = client.reply(view, text)["view"]
            views[n] = view
            acked[client.student] = [h["reply"] for h in view["history"]]
        server.kill9()
        server.start()  # the same database, a new process
        for n, client in enumerate(clients):
            state = client.state()  # the key still works: nothing to re-join
            assert state["exam"]["id"] == "live1"
            view = client.open_exam()
            assert [h["reply"] for h in view["history"]] == acked[client.student]
            assert all(h["latency"] is not None for h in view["history"])  # the server's clock
            # a retry of the last reply (its answer lost in the crash) is not counted twice
            stale = views[n] | {"turn": view["turn"] - 1}
            with pytest.raises(Exception) as refused:
                client.reply(stale, "重复发送")
            assert getattr(refused.value, "key", "") == "live.stale"
            blocks = _replies(n, scripts)
            lines = "\n---\n".join("\n".join(b) for b in blocks).split("\n")
            summary = _exam(client, state["exam"], lines, split_replies)
            assert summary["finished"]
        assert server.teacher("end").status_code == 200
        for client in clients:
            mine = client.transcripts()
            assert [t["scenario"]["id"] for t in mine] == SCENARIOS
            first = [turn["reply"] for turn in mine[0]["turns"] if "reply" in turn]
            n = int(client.student[1:])
            assert first == _replies(n, scripts)[0]  # each reply once, in order
            client.close()
    finally:
        server.stop()
    sheet = json.loads(run("grades", "live1", "--json", "--db", db).output)
    assert sorted(r["student"] for r in sheet["students"]) == ["s00", "s01", "s02", "s03"]


def test_the_same_reply_key_is_answered_once(db_url):
    db = db_url
    server = LiveServer(db).start()
    try:
        client = _join(server, 1)
        view = client.start_drill("aftersale_urge_shipping", 3)
        body = {"conv": view["conv"], "turn": view["turn"], "key": "k" * 20, "text": "亲,您好"}
        headers = {"X-Kefu-Student": client.student, "X-Kefu-Key": client.key}
        first = server.post("/api/reply", json=body, headers=headers).json()
        again = server.post("/api/reply", json=body, headers=headers).json()
        assert again.pop("repeated") is True and again == first
        done = converse(client, first["view"], ["亲,您好", "好的亲"], coach=False)
        replies = [t["reply"] for t in client.transcripts()[0]["turns"] if "reply" in t]
        assert replies == ["亲,您好", "好的亲"] and done["finished"]
        client.close()
    finally:
        server.stop()
