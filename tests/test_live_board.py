"""The projector board in headless Chromium: it updates by itself when a result arrives, shows
names and scores only, and a student's name is text, never markup."""

from __future__ import annotations

import time

import pytest
from cdp import Browser, find_chromium
from live_helpers import LiveServer

from simulator.commands.join import _exam
from simulator.exam import split_replies

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (.ci/run installs Debian's chromium)")

HOSTILE = '<img src=x onerror="document.title=1">\x1b[31m'


def _exam_file(folder):
    path = folder / "b1.yaml"
    path.write_text("schema_version: 1\nid: b1\ntitle: 期中考试 · 售后专场\nscenarios:\n"
                    "  - aftersale_urge_shipping\nseed: 7\n", encoding="utf-8")
    return path


def _take(server, sid, name, team, replies):
    client = server.client()
    client.join(server.info["code"], sid, name, "电商1班", team)
    summary = _exam(client, client.state()["exam"], replies, split_replies)
    client.close()
    return summary


@pytest.fixture
def browser(tmp_path):
    b = Browser(CHROMIUM, str(tmp_path / "profile"))
    yield b
    b.close()


def test_the_board_updates_without_reload_and_escapes_names(tmp_path, browser):
    from scenarios.loader import find

    good, bad = (list(t.replies) for t in find("aftersale_urge_shipping").tests[:2])
    server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}", "--exam", _exam_file(tmp_path))
    server.start()
    try:
        assert server.teacher("start", exam="b1").status_code == 200
        _take(server, "s01", "王小明", "红队", good)
        browser.goto(server.url + "/board")
        browser.wait_for("document.querySelectorAll('#people li .name').length === 1")
        browser.js("window.__loaded_once = 'yes'")
        version = browser.js("document.body.dataset.version")
        # a result arrives: the page changes by itself, the same page (no reload)
        _take(server, "s02", HOSTILE, "蓝队", bad)
        browser.wait_for("document.querySelectorAll('#people li .name').length === 2")
        assert browser.js("window.__loaded_once") == "yes"
        assert browser.js("document.body.dataset.version") != version
        names = browser.js("[...document.querySelectorAll('#people li .name')]"
                           ".map(n => n.textContent)")
        assert names[0] == "王小明" and names[1] == HOSTILE.replace("\x1b", "")[:100]
        assert browser.js("document.querySelectorAll('img').length") == 0
        assert browser.js("document.title") == "kefu 课堂排行榜"
        teams = browser.js("[...document.querySelectorAll('#teams li .name')]"
                           ".map(n => n.textContent)")
        assert teams == ["红队", "蓝队"]
        text = browser.js("document.body.innerText")
        assert "s01" not in text and "亲" not in text  # no ids, no replies on the board
        # contest-style freeze: a new result does not move the frozen board
        assert server.teacher("freeze", frozen=True).status_code == 200
        browser.wait_for("document.getElementById('state').textContent === '已封榜'")
        _take(server, "s03", "李雷", "红队", good)
        browser.wait_for("document.getElementById('round').textContent.includes('3 / 3')")
        assert len(browser.js("[...document.querySelectorAll('#people li')]")) == 2
        assert server.teacher("freeze", frozen=False).status_code == 200
        browser.wait_for("document.querySelectorAll('#people li .name').length === 3")
        time.sleep(2)  # the highlight of the rows that moved fades out
        browser.screenshot_to_review(tmp_path / "board.png", "KEFU_BOARD_SCREENSHOT")
    finally:
        server.stop()


def test_the_teachers_page_shows_the_class_live_and_acts(tmp_path, browser):
    server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}", "--exam", _exam_file(tmp_path))
    server.start()
    try:
        client = server.client()
        client.join(server.info["code"], "s07", HOSTILE, "电商1班", "红队")
        view = client.start_drill("aftersale_urge_shipping", 3)
        client.reply(view, "<b>爱买不买</b>")  # major forbidden wording: an alert
        browser.goto(server.url + "/teacher")  # no token: nothing but a message
        browser.wait_for("document.getElementById('error').textContent.includes('口令')")
        assert browser.js("document.getElementById('students').children.length") == 0
        browser.goto(f"{server.url}/teacher#{server.info['teacher_token']}")
        browser.wait_for("document.getElementById('students').children.length === 1")
        row = browser.js("document.getElementById('students').children[0].innerText")
        assert "s07" in row and "对练" in row and "aftersale_urge_shipping" in row
        assert browser.js("document.getElementById('code').textContent") == server.info["code"]
        alert = browser.js("document.getElementById('alerts').innerText")
        assert "<b>爱买不买</b>" in alert  # as text
        assert browser.js("document.querySelectorAll('#alerts b, img').length") == 0
        # start the exam for everybody from the page
        browser.js("document.getElementById('start').click()")
        browser.wait_for("document.getElementById('exam-state').textContent.includes('进行中')")
        assert client.state()["exam"]["id"] == "b1"
        browser.js("document.querySelector('#students button').click()")  # 记录
        browser.wait_for("document.getElementById('transcript').innerText.includes('爱买不买')")
        client.close()
    finally:
        server.stop()
