"""The judge view (/judge) of 模拟专场: each pair's newest agent reply as text, 1-5 buttons that
vote through the same endpoints and rules as the terminal, credentials only in the fragment."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from cdp import Browser, find_chromium
from live_helpers import LiveServer

from simulator.server.pages import judge_url

SCENARIO = "aftersale_urge_shipping"
HOSTILE = '<img src=x onerror="document.title=1">亲,<b>马上</b>发货'
CHROMIUM = find_chromium()


@pytest.fixture
def server(tmp_path):
    s = LiveServer(f"sqlite:///{tmp_path / 'live.db'}")
    try:
        yield s.start()
    finally:
        s.stop()


def _join(server, sid, team):
    c = server.client(patience=10)
    c.join(server.info["code"], sid, f"学生{sid}", "电商1班", team)
    return c


def _exchange(buyer, agent, reply, line=0):
    """The buyer sends the card's line ``line``, the agent answers ``reply``."""
    conv = buyer.match()["conv"]
    buyer.say(conv, conv["card"]["lines"][line])
    agent.say(agent.match()["conv"], reply)


def _match(server):
    """Red answers round 1 (r1-b1, r2-b2), j1 judges; returns the clients by id."""
    people = {sid: _join(server, sid, team) for sid, team in
              (("r1", "红队"), ("r2", "红队"), ("b1", "蓝队"), ("b2", "蓝队"), ("j1", ""))}
    made = server.teacher("match", teams=["红队", "蓝队"], scenarios=[SCENARIO], rounds=2)
    assert made.status_code == 200, made.text
    return people


def _teacher_votes(server) -> dict:
    state = server.get("/api/teacher", headers={
        "Authorization": f"Bearer {server.info['teacher_token']}"}).json()
    return {c["id"]: c["ballots"] for c in state["match"]["conversations"]}


def test_the_judge_page_is_served_with_its_words_and_no_credentials(server):
    page = server.get("/judge")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert "模拟专场 · 评委打分" in page.text  # the catalogue's words, in the page's data block
    assert "{{text}}" not in page.text
    assert server.info["teacher_token"] not in page.text and server.info["code"] not in page.text
    assert "innerHTML" not in page.text and "textContent" in page.text
    # the teacher's judge address carries the token in the fragment only (never sent)
    parts = urlsplit(server.info["judge_url"])
    assert parts.path == "/judge" and not parts.query
    assert parts.fragment == f"teacher={server.info['teacher_token']}"
    assert judge_url("http://h:1", student="s01", key="k-_1") == "http://h:1/judge#student=s01&key=k-_1"


def test_the_judge_page_speaks_english_with_lang_en(tmp_path):
    s = LiveServer(f"sqlite:///{tmp_path / 'live.db'}", env={"KEFU_LANG": "en"})
    try:
        page = s.start().get("/judge")
        assert "Team match · judging" in page.text and "评委打分" not in page.text
    finally:
        s.stop()


def test_what_the_page_reads_and_posts_follows_the_terminal_rules(server):
    """The page's calls, made with an HTTP client: a judge's ballots, a vote, the teacher's."""
    p = _match(server)
    _exchange(p["b1"], p["r1"], "亲,您好,马上为您查询")
    ballots = p["j1"].ballots()
    assert [(b["conv"], b["turn"], b["reply"]) for b in ballots] == [
        ("r1p1", 0, "亲,您好,马上为您查询")]
    assert p["r2"].ballots() == []  # a teammate of the agent sees nothing to judge
    head = {"X-Kefu-Student": "r2", "X-Kefu-Key": p["r2"].key}
    refused = server.post("/api/match/vote", json={"conv": "r1p1", "turn": 0, "score": 5},
                          headers=head)
    assert refused.status_code == 403 and refused.json()["error"] == "live.own_vote"
    head = {"X-Kefu-Student": "j1", "X-Kefu-Key": p["j1"].key}
    for score in (2, 4):  # one vote per judge and reply: changing it replaces it
        voted = server.post("/api/match/vote", json={"conv": "r1p1", "turn": 0, "score": score},
                            headers=head)
        assert voted.status_code == 200
    assert p["j1"].ballots()[0]["mine"] == 4 and _teacher_votes(server)["r1p1"] == 1
    assert server.teacher("vote", conv="r1p1", turn=0, score=3).status_code == 200
    assert _teacher_votes(server)["r1p1"] == 2


@pytest.fixture
def browser(tmp_path):
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    b = Browser(CHROMIUM, str(tmp_path / "profile"))
    try:
        yield b
    finally:
        b.close()


CARDS = "[...document.querySelectorAll('#ballots .card')]"


def test_judging_in_the_browser_votes_and_follows_the_match_live(server, browser,
                                                                tmp_path):
    p = _match(server)
    _exchange(p["b1"], p["r1"], "亲,您好,非常抱歉让您久等了,我马上帮您查询仓库")
    _exchange(p["b2"], p["r2"], HOSTILE)
    browser.goto(server.url + "/judge")  # no credentials: a message, nothing to vote on
    browser.wait_for("document.getElementById('error').textContent.includes('凭据')")
    assert browser.js(f"{CARDS}.length") == 0
    browser.goto(judge_url(server.url, student="j1", key=p["j1"].key))
    browser.wait_for(f"{CARDS}.length === 2")
    assert browser.js("document.title") == "模拟专场 · 评委打分"
    assert "第 1 / 2 轮 · 红队 当客服" in browser.js("document.getElementById('round').textContent")
    replies = browser.js(f"{CARDS}.map(c => c.querySelector('.reply').textContent)")
    assert replies[1] == "客服回复" + HOSTILE  # the reply as text, never markup
    assert browser.js("document.querySelectorAll('#ballots img, #ballots b').length") == 0
    browser.js("window.__same_page = 'yes'")
    # a click on 4 is j1's vote on r1p1's reply, through the vote endpoint
    browser.js(f"{CARDS}[0].querySelector('button[data-score=\"4\"]').click()")
    browser.wait_for(f"{CARDS}[0].querySelector('button.mine')?.dataset.score === '4'")
    assert p["j1"].ballots()[0]["mine"] == 4 and _teacher_votes(server)["r1p1"] == 1
    # the agent answers again: the page shows that newest reply by itself, not yet voted on
    _exchange(p["b1"], p["r1"], "今天下午一定发出,发货后把单号同步给您", line=1)
    browser.wait_for(f"{CARDS}[0].dataset.turn === '1'")
    assert browser.js("window.__same_page") == "yes"
    assert "单号同步" in browser.js(f"{CARDS}[0].querySelector('.reply').textContent")
    assert browser.js(f"{CARDS}[0].querySelector('button.mine')") is None
    browser.js(f"{CARDS}[1].querySelector('button[data-score=\"2\"]').click()")
    browser.wait_for(f"{CARDS}[1].querySelector('button.mine')?.dataset.score === '2'")
    browser.screenshot_to_review(tmp_path / "judge.png", "KEFU_JUDGE_SCREENSHOT")
    # the agent's teammate may not judge; the teacher judges through the teacher's endpoint
    browser.goto(judge_url(server.url, student="r2", key=p["r2"].key))
    browser.wait_for("document.querySelector('#ballots .empty')?.textContent.includes('小组')")
    browser.goto(server.info["judge_url"])
    browser.wait_for(f"{CARDS}.length === 2 && "
                     "document.getElementById('who').textContent.includes('老师')")
    browser.js(f"{CARDS}[1].querySelector('button[data-score=\"5\"]').click()")
    browser.wait_for(f"{CARDS}[1].querySelector('button.mine')?.dataset.score === '5'")
    assert _teacher_votes(server)["r1p2"] == 2
