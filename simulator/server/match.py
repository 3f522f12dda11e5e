"""模拟专场: two teams take turns as buyer and as agent; classmates and the teacher judge.

The teacher creates a match of two teams; students of the two teams are paired in id order
(extra members judge). In each round one of a pair plays the buyer — a persona card, the
buyer's goal and the scenario's own lines to pick or rewrite — and types freely; the other
answers as the agent and is scored by the judge exactly as in a drill (politeness, forbidden
wording, resolution, response time by the server's clock; no scripted outcome). Roles swap
every round. Anyone not in a conversation votes 1-5 on each agent reply (one vote per judge and
reply, changeable). A conversation's match score is ``weights.kefu`` x kefu's score plus
``weights.votes`` x the judges' mean mapped to 0-100; a team's match score is the mean over
the conversations where it played the agent.

The match is one document (``live_docs`` id ``match:<id>``), saved with every change and with
the acknowledgement of every line, like replies in drills.
"""

from __future__ import annotations

import secrets
import time

from ..stamps import epoch, now
from ..storage.live import LiveDoc
from .guard import LiveError

MAX_LINE = 1000


def card(scenario) -> dict:
    """What the buyer gets: who they are, what they want, lines they may pick or rewrite."""
    p = scenario.persona
    wants = [o.label for o in scenario.outcomes.values() if o.good]
    lines = [scenario.render(line.text) for node in ([scenario.nodes[scenario.start]]
             + [n for k, n in scenario.nodes.items() if k != scenario.start])
             for line in node.say if not line.facts]
    return {"buyer": p.name, "persona_type": p.type, "style": p.style, "title": scenario.title,
            "goal": wants, "context": {k: str(v) for k, v in scenario.context.items()},
            "lines": list(dict.fromkeys(lines))[:12]}


class Matches:
    """The classroom's match (at most one at a time)."""

    def __init__(self, room):
        self.room = room
        self.doc: LiveDoc | None = None
        found = [d for d in room.live.docs(kind="match") if not d.finished]
        if found:
            self.doc = found[-1]

    @property
    def data(self) -> dict | None:
        return self.doc.data if self.doc else None

    def _save(self, ack=None) -> None:
        self.doc.finished = self.data["ended_at"] is not None
        self.room.live.save(self.doc, ack)
        self.room.changed()

    # ---- the teacher ----
    def create(self, teams, scenarios, rounds=2, weights=None) -> dict:
        room = self.room
        if self.data and not self.data["ended_at"]:
            raise LiveError(409, "live.match_running")
        if not (isinstance(teams, list) and len(teams) == 2 and all(
                isinstance(t, str) and t for t in teams) and teams[0] != teams[1]):
            raise LiveError(400, "live.bad_field", field="teams")
        if not isinstance(scenarios, list) or not scenarios or any(
                s not in room.bank for s in scenarios if isinstance(s, str)) or not all(
                isinstance(s, str) for s in scenarios):
            raise LiveError(400, "live.bad_field", field="scenarios")
        if not isinstance(rounds, int) or isinstance(rounds, bool) or not 1 <= rounds <= 20:
            raise LiveError(400, "live.bad_field", field="rounds")
        weights = weights or {"kefu": 0.5, "votes": 0.5}
        try:
            weights = {"kefu": float(weights["kefu"]), "votes": float(weights["votes"])}
        except (KeyError, TypeError, ValueError):
            raise LiveError(400, "live.bad_field", field="weights") from None
        if min(weights.values()) < 0 or sum(weights.values()) <= 0:
            raise LiveError(400, "live.bad_field", field="weights")
        members = [sorted(s.id for s in room.live.students() if s.team == team) for team in teams]
        pairs = list(zip(*members, strict=False))
        if not pairs:
            raise LiveError(409, "live.match_no_pairs", a=teams[0], b=teams[1])
        with room.lock:
            match_id = secrets.token_hex(6)
            data = {"id": match_id, "teams": teams, "scenarios": scenarios, "rounds": rounds,
                    "weights": weights, "round": 0, "pairs": [list(p) for p in pairs],
                    "convs": {}, "started_at": now(), "ended_at": None}
            self.doc = LiveDoc(f"match:{match_id}", "", "match", None, data)
            self._next_round()
            self._save()
        return self.summary()

    def _next_round(self) -> None:
        data = self.data
        for conv in data["convs"].values():
            conv["ended"] = True
        data["round"] += 1
        r = data["round"]
        scenario = data["scenarios"][(r - 1) % len(data["scenarios"])]
        for i, (a, b) in enumerate(data["pairs"]):
            agent, buyer = (a, b) if r % 2 == 1 else (b, a)  # roles swap every round
            cid = f"r{r}p{i + 1}"
            data["convs"][cid] = {"id": cid, "round": r, "agent": agent, "buyer": buyer,
                                  "agent_team": data["teams"][0 if agent == a else 1],
                                  "scenario": scenario, "turns": [], "ended": False}

    def next_round(self) -> dict:
        with self.room.lock:
            data = self._running()
            if data["round"] >= data["rounds"]:
                for conv in data["convs"].values():
                    conv["ended"] = True
                data["ended_at"] = now()
            else:
                self._next_round()
            self._save()
            return self.summary()

    def end(self) -> dict:
        with self.room.lock:
            data = self._running()
            for conv in data["convs"].values():
                conv["ended"] = True
            data["ended_at"] = now()
            self._save()
            return self.summary()

    def _running(self) -> dict:
        if not self.data or self.data["ended_at"]:
            raise LiveError(409, "live.no_match")
        return self.data

    # ---- the players ----
    def _mine(self, student_id: str) -> dict | None:
        data = self.data
        for conv in data["convs"].values():
            if conv["round"] == data["round"] and student_id in (conv["agent"], conv["buyer"]):
                return conv
        return None

    def view(self, student_id: str) -> dict:
        """The student's side of the match now: role, conversation, whose move it is."""
        data = self.data
        if data is None:
            return {"match": None}
        conv = None if data["ended_at"] else self._mine(student_id)
        out = {"match": self.summary(), "role": "judge", "conv": None}
        if conv is not None:
            role = "agent" if conv["agent"] == student_id else "buyer"
            scenario = self.room.bank[conv["scenario"]]
            turns = conv["turns"]
            waiting_for = None if conv["ended"] else (
                "agent" if turns and "reply" not in turns[-1] else "buyer")
            from .views import scenario_view

            out.update(role=role, conv={
                "id": conv["id"], "turn": len(turns), "ended": conv["ended"],
                "your_move": waiting_for == role, "max_turns": scenario.max_turns,
                "partner": self._name(conv["buyer" if role == "agent" else "agent"]),
                "turns": [{k: t.get(k) for k in ("buyer", "reply", "latency")} for t in turns],
                "scenario": scenario_view(scenario),
                "card": card(scenario) if role == "buyer" else None,
                "score": self._kefu(conv)["total"] if role == "agent" and turns else None})
        return out

    def _name(self, student_id: str) -> str:
        st = self.room.live.student(student_id)
        return st.name if st else ""

    def say(self, student, conv_id, turn, key, text, end=False) -> dict:
        """A line from the buyer or the agent of ``conv_id`` (``end``: the buyer is done)."""
        if not isinstance(key, str) or not 8 <= len(key) <= 64:
            raise LiveError(400, "live.bad_field", field="key")
        if not end and (not isinstance(text, str) or len(text) > MAX_LINE):
            raise LiveError(413 if isinstance(text, str) else 400, "live.reply_too_long",
                            limit=MAX_LINE)
        ack_key = f"{student.id}:{key}"
        with self.room.lock:
            done = self.room.live.ack(ack_key)
            if done is not None:
                return done | {"repeated": True}
            data = self._running()
            conv = data["convs"].get(conv_id) if isinstance(conv_id, str) else None
            if conv is None or student.id not in (conv["agent"], conv["buyer"]):
                raise LiveError(404, "live.no_conversation")
            role = "agent" if conv["agent"] == student.id else "buyer"
            turns = conv["turns"]
            expected = "agent" if turns and "reply" not in turns[-1] else "buyer"
            if conv["ended"] or turn != len(turns) or role != expected:
                raise LiveError(409, "live.stale", view=self.view(student.id))
            marks = []
            if end and role == "buyer":
                conv["ended"] = True
            elif role == "buyer":
                turns.append({"buyer": text, "buyer_at": now(), "votes": {}})
                if len(turns) >= self.room.bank[conv["scenario"]].max_turns:
                    conv["last"] = True
            else:
                at = turns[-1]
                latency = None if self.room.untimed else round(
                    max(0.0, time.time() - epoch(at["buyer_at"])), 3)
                at.update(reply=text, reply_at=now(), latency=latency)
                from ..session import Session

                scenario = self.room.bank[conv["scenario"]]
                probe = Session(scenario, 0, self.room.judge)
                from ..chat import reply_marks

                marks = reply_marks(probe, text)
                for rule in self.room.judge.observe(text, scenario.task()).to_json()["forbidden"]:
                    self.room.alerts.append({"student": student.id, "name": student.name,
                                             "rule": rule, "reply": text, "at": at["reply_at"],
                                             "scenario": scenario.id})
                if conv.pop("last", False):
                    conv["ended"] = True
            answer = {"marks": marks, "view": self.view(student.id)}
            self._save((ack_key, answer))
            return answer

    # ---- the judges ----
    def _may_judge(self, judge_id: str, conv: dict) -> bool:
        """Not one's own conversation, nor a teammate's answers (no voting for one's team)."""
        if judge_id in (conv["agent"], conv["buyer"]):
            return False
        judge = self.room.live.student(judge_id) if judge_id != "teacher" else None
        return judge is None or judge.team != conv["agent_team"]

    def ballots(self, judge_id: str) -> list[dict]:
        """Agent replies of the current round this judge may vote on."""
        data = self.data
        if data is None or data["ended_at"]:
            return []
        out = []
        for conv in data["convs"].values():
            if conv["round"] != data["round"] or not self._may_judge(judge_id, conv):
                continue
            for n, turn in enumerate(conv["turns"]):
                if "reply" in turn:
                    out.append({"conv": conv["id"], "turn": n, "agent": self._name(conv["agent"]),
                                "team": conv["agent_team"], "buyer": turn["buyer"],
                                "reply": turn["reply"], "mine": turn["votes"].get(judge_id)})
        return out

    def vote(self, judge_id: str, conv_id, turn, score) -> dict:
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise LiveError(400, "live.bad_field", field="score")
        with self.room.lock:
            data = self._running()
            conv = data["convs"].get(conv_id) if isinstance(conv_id, str) else None
            if conv is None or not isinstance(turn, int) or not 0 <= turn < len(conv["turns"]) \
                    or "reply" not in conv["turns"][turn]:
                raise LiveError(404, "live.no_conversation")
            if not self._may_judge(judge_id, conv):
                raise LiveError(403, "live.own_vote")
            conv["turns"][turn]["votes"][judge_id] = score
            self._save()
            return {"conv": conv_id, "turn": turn, "score": score}

    # ---- scores ----
    def _kefu(self, conv) -> dict:
        scenario = self.room.bank[conv["scenario"]]
        replies = [(t["reply"], t.get("latency")) for t in conv["turns"] if "reply" in t]
        return self.room.judge.score(replies, scenario.task(), None).to_json()

    def conv_score(self, conv) -> dict:
        kefu = self._kefu(conv)["total"] if any("reply" in t for t in conv["turns"]) else None
        votes = [v for t in conv["turns"] for v in t.get("votes", {}).values()]
        voted = None if not votes else round((sum(votes) / len(votes) - 1) / 4 * 100, 1)
        w = self.data["weights"]
        parts = [(w["kefu"], kefu), (w["votes"], voted)]
        parts = [(weight, value) for weight, value in parts if value is not None and weight > 0]
        total = None if not parts else round(
            sum(weight * value for weight, value in parts) / sum(p[0] for p in parts), 1)
        return {"kefu": kefu, "votes": voted, "ballots": len(votes), "score": total}

    def summary(self) -> dict:
        data = self.data
        teams = []
        for team in data["teams"]:
            scores = [self.conv_score(c)["score"] for c in data["convs"].values()
                      if c["agent_team"] == team]
            scores = [s for s in scores if s is not None]
            teams.append({"name": team, "score": round(sum(scores) / len(scores), 1)
                          if scores else 0.0, "conversations": len(scores)})
        r = data["round"]
        agents = data["teams"][0] if r % 2 == 1 else data["teams"][1]
        return {"id": data["id"], "round": r, "rounds": data["rounds"], "teams": teams,
                "weights": data["weights"], "ended": data["ended_at"] is not None,
                "agents": agents, "pairs": len(data["pairs"])}
