"""模拟专场 through a real server: two pairs play a round each way, classmates and the teacher
judge, the match score combines kefu's score and the votes with the teacher's weights."""

from __future__ import annotations

import pytest
from live_helpers import LiveServer

from simulator.server.client import Refused

SCENARIO = "aftersale_urge_shipping"


def _join(server, sid, team):
    c = server.client(patience=10)
    c.join(server.info["code"], sid, f"学生{sid}", "电商1班", team)
    return c


def _play(buyer, agent, exchanges):
    """The buyer picks a line from the card (or writes one), the agent answers."""
    for buyer_line, reply in exchanges:
        state = buyer.match()
        assert state["role"] == "buyer" and state["conv"]["your_move"]
        card = state["conv"]["card"]
        assert card["goal"] and card["lines"] and card["buyer"]
        buyer.say(state["conv"], buyer_line or card["lines"][0])
        state = agent.match()
        assert state["role"] == "agent" and state["conv"]["your_move"]
        assert state["conv"]["card"] is None  # the agent never sees the buyer's card
        answer = agent.say(state["conv"], reply)
        assert isinstance(answer["marks"], list)
    buyer.say(buyer.match()["conv"], None, end=True)


def test_a_match_round_each_way_with_judges_votes(db_url):
    server = LiveServer(db_url).start()
    try:
        red = [_join(server, "r1", "红队"), _join(server, "r2", "红队")]
        blue = [_join(server, "b1", "蓝队"), _join(server, "b2", "蓝队")]
        judge = _join(server, "j1", "")
        made = server.teacher("match", teams=["红队", "蓝队"], scenarios=[SCENARIO], rounds=2,
                              weights={"kefu": 0.6, "votes": 0.4})
        assert made.status_code == 200, made.text
        # round 1: red answers as the agents, blue plays the buyers
        _play(blue[0], red[0], [(None, "亲,您好!非常抱歉让您久等了,我马上帮您查询仓库"),
                                ("那到底什么时候发?", "今天下午一定发出,发货后把单号同步给您")])
        _play(blue[1], red[1], [(None, "不知道,等着吧")])
        # a player cannot move out of turn, nor vote on their own pair
        with pytest.raises(Refused) as refused:
            red[0].say(red[0].match()["conv"], "抢着说")
        assert refused.value.status == 409
        ballots = judge.ballots()
        assert {(b["conv"], b["turn"]) for b in ballots} == {("r1p1", 0), ("r1p1", 1),
                                                             ("r1p2", 0)}
        assert all(b["team"] == "红队" for b in ballots)
        for b in ballots:
            judge.vote(b, 5 if b["conv"] == "r1p1" else 1)
        with pytest.raises(Refused):
            red[0].vote({"conv": "r1p1", "turn": 0}, 5)  # their own conversation
        assert red[0].ballots() == []  # round 1: only red answers; no votes for teammates
        teacher_vote = server.teacher("vote", conv="r1p2", turn=0, score=2)
        assert teacher_vote.status_code == 200
        summary = server.teacher("match_next").json()
        assert summary["round"] == 2
        # round 2: roles swap
        _play(red[0], blue[0], [(None, "亲,您好,马上为您查一下,今天下午发货")])
        _play(red[1], blue[1], [("你们怎么回事", "您好亲,抱歉,今天之内一定发出,单号发给您")])
        assert blue[0].ballots() == []  # no voting for one's own team
        assert {b["team"] for b in red[0].ballots()} == {"蓝队"}
        for b in judge.ballots():
            judge.vote(b, 4)
        final = server.teacher("match_next").json()
        assert final["ended"]
        teams = {t["name"]: t for t in final["teams"]}
        # the weights: each conversation = 0.6 x kefu's score + 0.4 x the votes (1..5 -> 0..100)
        state = server.get("/api/teacher", headers={
            "Authorization": f"Bearer {server.info['teacher_token']}"}).json()
        convs = {c["id"]: c for c in state["match"]["conversations"]}
        for c in convs.values():
            expect = round(0.6 * c["kefu"] + 0.4 * c["votes"], 1)
            assert c["score"] == pytest.approx(expect, abs=0.11)
        assert convs["r1p2"]["votes"] == pytest.approx((1.5 - 1) / 4 * 100)
        red_mean = (convs["r1p1"]["score"] + convs["r1p2"]["score"]) / 2
        assert teams["红队"]["score"] == pytest.approx(red_mean, abs=0.06)
        assert convs["r1p1"]["score"] > convs["r1p2"]["score"]  # polite beats 不知道,等着吧
        board = server.get("/api/board").json()
        assert [t["name"] for t in board["match"]["teams"]] == ["红队", "蓝队"]
        assert "r1" not in str(board["match"])  # no ids on the board
        for c in [*red, *blue, judge]:
            c.close()
    finally:
        server.stop()
