"""Helpers for the exam, collect and grades tests: an exam file, replies, CLI runs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import get_app

SCENARIO = "bargain_others_discount"


def scenario_script(kind: str) -> list[str]:
    """The built-in scenario's own test replies: "good" (model) or "bad" (curt)."""
    from scenarios.loader import find

    scenario = find(SCENARIO)
    for test in scenario.tests:
        outcome = scenario.outcomes.get(test.expect)
        good = test.expect == "good" or (outcome is not None and outcome.good)
        if kind == "good" and good and test.min_score is not None:
            return list(test.replies)
        if kind == "bad" and not good and test.max_score is not None and test.max_score <= 40:
            return list(test.replies)
    raise AssertionError(kind)


def write_exam(folder: Path, exam_id: str = "mid1", extra: str = "",
               scenarios: str = f"\n  - {SCENARIO}") -> Path:
    path = folder / f"{exam_id}.yaml"
    path.write_text(f"schema_version: 1\nid: {exam_id}\ntitle: 期中考试\n"
                    f"scenarios:{scenarios}\nseed: 1\n"
                    "time_limit:\n  per_reply: 60\n  total: 1800\n" + extra, encoding="utf-8")
    return path


def run(*args, env: dict | None = None):
    return CliRunner().invoke(get_app(), [str(a) for a in args],
                              env={"COLUMNS": "200", **(env or {})})


def take(exam: Path, student: str, replies: list[str] | list[list[str]], out: Path,
         name: str = "学生", cls: str = "1班", team: str = "", extra=()):
    blocks = replies if replies and isinstance(replies[0], list) else [replies]
    text = "\n---\n".join("\n".join(b) for b in blocks) + "\n"
    rfile = out.parent / f"replies-{student[:20].replace('/', '_')}.txt"
    rfile.write_text(text, encoding="utf-8")
    return run("exam", "take", exam, "--student", student, "--name", name, "--class", cls,
               "--team", team, "--out", out, "--replies", rfile, "--json", *extra)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def as_typed(path: Path, seconds: float = 8.0) -> None:
    """Give a ``--replies`` result file the timings a sitting at a terminal records: every
    reply took ``seconds`` from the buyer line being shown (latency and timestamps agree)."""
    from datetime import datetime, timedelta, timezone

    data = read(path)
    for sitting in data["sittings"]:
        for transcript in sitting["transcripts"]:
            transcript["score"] = None  # the one written was computed without timings
            for turn in transcript["turns"]:
                if "reply" in turn:
                    sent = datetime.fromisoformat(turn["reply_at"].replace("Z", "+00:00"))
                    shown = sent - timedelta(seconds=seconds)
                    turn["shown_at"] = shown.astimezone(timezone.utc).isoformat()
                    turn["latency"] = seconds
    write(path, data)
