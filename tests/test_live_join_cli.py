"""``kefu join`` as a student types it, against a real ``kefu serve``."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from live_helpers import LiveServer

REPLIES = ["亲,您好!请问有什么可以帮您?", "好的亲,我马上帮您查一下"]


@pytest.fixture
def server(tmp_path):
    s = LiveServer(f"sqlite:///{tmp_path / 'live.db'}").start()
    yield s
    s.stop()


def _join(kefu, server, tmp_path, *extra, code=None, student="s01"):
    replies = tmp_path / "replies.txt"
    replies.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    return kefu("join", server.url, "--code", code or server.info["code"], "--student", student,
                "--name", "王小明", "--class", "电商1班", "--scenario",
                "aftersale_urge_shipping", "--seed", "3", "--replies", replies, *extra)


def test_a_drill_through_the_server_is_scored_and_timed_there(kefu, server, tmp_path):
    out = _join(kefu, server, tmp_path, "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert [t["reply"] for t in result["turns"] if t["reply"] is not None] == REPLIES
    local = json.loads(kefu("drill", "-s", "aftersale_urge_shipping", "--seed", "3",
                            "--replies", tmp_path / "replies.txt", "--json").stdout)
    assert [t["buyer"] for t in result["turns"]] == [t["buyer"] for t in local["turns"]]
    # the server timed the replies (a local --replies run cannot): response time is scored
    assert all(t["latency"] is not None for t in result["turns"] if t["reply"] is not None)
    assert "responsiveness" in result["score"]["dimensions"]
    assert "responsiveness" not in local["score"]["dimensions"]
    history = json.loads(kefu("history", "--student", "s01", "--json", "--db",
                              server.db_url).stdout)
    assert history["attempts"][0]["scenario_id"] == "aftersale_urge_shipping"
    assert history["attempts"][0]["response_time"] is not None


def test_a_wrong_code_is_refused_with_a_clear_message(kefu, server, tmp_path):
    out = _join(kefu, server, tmp_path, code="AAAAAA")
    assert out.returncode == 4
    assert "课堂码不对" in out.stderr and "Traceback" not in out.stderr


def test_a_wrong_code_once_the_lockout_trips_is_reported_at_once_not_retried(
        kefu, server, tmp_path):
    """Classmates (one lab address) guessed codes until the server locks the address out;
    a student typing a wrong code then is told so and the command ends, no waiting."""
    stop = threading.Event()

    def guess():  # keeps the lockout on while the student's command runs
        with httpx.Client(trust_env=False, base_url=server.url) as http:
            while not stop.is_set():
                http.post("/api/join", json={"code": "ZZZZZZ", "student": "x9", "name": "n",
                                             "class": "c"})
                time.sleep(0.02)

    guesser = threading.Thread(target=guess, daemon=True)
    guesser.start()
    try:
        with httpx.Client(trust_env=False, base_url=server.url) as http:
            locked = None
            for _ in range(100):
                locked = http.post("/api/join", json={"code": "YYYYYY", "student": "x8",
                                                      "name": "n", "class": "c"}).json()
                if locked["error"] == "live.locked_out":
                    break
            assert locked["error"] == "live.locked_out"
        out = _join(kefu, server, tmp_path, code="AAAAAA")
    finally:
        stop.set()
        guesser.join(10)
    assert out.returncode == 4, out.stderr
    # the lockout's message (or, when its window opened just then, the wrong code's), never
    # the 'cannot reach the server, retrying' of a request the client waits out
    assert "次数太多" in out.stderr or "课堂码不对" in out.stderr
    assert "正在重试" not in out.stderr and "Traceback" not in out.stderr


def test_another_pc_cannot_take_a_joined_students_id(kefu, server, tmp_path):
    assert _join(kefu, server, tmp_path).returncode == 0
    other_home = tmp_path / "other_pc"
    other_home.mkdir()
    out = kefu("join", server.url, "--code", server.info["code"], "--student", "s01", "--name",
               "冒名", "--class", "电商1班", "--replies", tmp_path / "replies.txt",
               env={"KEFU_HOME": str(other_home)})
    assert out.returncode == 4 and "s01" in out.stderr and "释放" in out.stderr
    assert server.teacher("release", student="s01").status_code == 200
    out = kefu("join", server.url, "--code", server.info["code"], "--student", "s01", "--name",
               "王小明", "--class", "电商1班", "--scenario", "aftersale_urge_shipping",
               "--replies", tmp_path / "replies.txt", env={"KEFU_HOME": str(other_home)})
    assert out.returncode == 0, out.stderr
