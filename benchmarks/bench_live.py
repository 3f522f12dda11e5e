"""``kefu serve`` under a class: concurrent students, reply latency, nothing lost, board lag.

    python benchmarks/bench_live.py [--students 60] [--replies 12] [--think 2 6]

Starts a real ``kefu serve`` (uvicorn, 127.0.0.1, a fresh SQLite gradebook) and N simulated
students, each in its own thread with its own HTTP client. Each joins, then drills: it reads the
buyer's line and types for a random ``--think MIN MAX`` seconds (2-6 s: a fast class; 0 0.5 is
an overload test of the server's capacity), sends a reply (from the built-in scenarios' own test
scripts), waits for the judged answer, and so on, starting a new drill when one ends, until it
has sent ``--replies`` replies. Measured per reply: the time from sending it to having the
judged response (buyer's next line, coaching) back — what the student waits for on screen.

Baseline, in the same run: the same step in-process (``Session.reply`` and the coaching marks on
the same replies, no network, no database).

Then the teacher starts a one-scenario exam; every student answers and hands in at once, and a
board client on ``/board/events`` (server-sent events) records when each student's name first
appears: board lag = that moment minus when the student's last reply was acknowledged.

Finally every student's transcripts are read back from the server: each reply sent must be
there exactly once. Targets: p95 <= 50 ms, no reply lost, board lag <= 1 s. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SCENARIOS = ["aftersale_urge_shipping", "bargain_bulk", "complain_damaged", "presale_size"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scripts() -> dict[str, list[list[str]]]:
    from scenarios.loader import find

    return {s: [list(t.replies) for t in find(s).tests] for s in SCENARIOS}


def in_process(lines: list[tuple[str, str]]) -> list[float]:
    """The same step without the server: one Session per scenario, reply + coaching marks."""
    from scenarios.loader import find
    from scoring.judge import Judge
    from simulator.chat import reply_marks
    from simulator.session import Session

    judge = Judge()
    times, sessions = [], {}
    for scenario_id, text in lines:
        session = sessions.get(scenario_id)
        if session is None or session.finished:
            session = sessions[scenario_id] = Session.new(find(scenario_id), 3, judge)
        started = time.perf_counter()
        session.reply(text, 1.0)
        reply_marks(session, text)
        times.append(time.perf_counter() - started)
    return times


def student(server, n: int, replies: int, think: float, book: dict, stop_at: float) -> None:
    from simulator.server.client import LiveClient

    rng = random.Random(n)
    all_scripts = book["scripts"]
    client = LiveClient(server.url, patience=60)
    client.join(server.info["code"], f"b{n:03d}", f"学生{n:03d}", f"电商{n % 3 + 1}班",
                f"队{n % 6}")
    sent, times, lines = 0, [], []
    while sent < replies and time.monotonic() < stop_at:
        scenario = SCENARIOS[(n + sent) % len(SCENARIOS)]
        script = all_scripts[scenario][rng.randrange(len(all_scripts[scenario]))]
        view = client.start_drill(scenario, 3)
        for text in script:
            if view["finished"] or sent >= replies:
                break
            # the buyer's line is read and the reply typed before it is sent — the first one too
            # (a class that joined together does not answer its first buyer in the same instant)
            time.sleep(think[0] + rng.random() * (think[1] - think[0]))
            started = time.perf_counter()
            answer = client.reply(view, text)
            times.append(time.perf_counter() - started)
            lines.append((scenario, text))
            view = answer["view"]
            sent += 1
    book["times"][n] = times
    book["lines"][n] = lines
    book["clients"][n] = client


def board_watcher(server, seen: dict, ready: threading.Event, done: threading.Event) -> None:
    import httpx

    with httpx.Client(trust_env=False, timeout=None) as http, \
            http.stream("GET", server.url + "/board/events") as stream:
        ready.set()
        for line in stream.iter_lines():
            if line.startswith("data: "):
                now = time.perf_counter()
                for person in json.loads(line[6:])["people"]:
                    seen.setdefault(person["name"], now)
            if done.is_set():
                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--replies", type=int, default=12)
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 6.0],
                        metavar=("MIN", "MAX"))
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="kefu-bench-live-"))
    os.environ["KEFU_HOME"] = str(home)
    exam = home / "bench.yaml"
    exam.write_text("schema_version: 1\nid: bench\ntitle: 基准考试\nscenarios:\n"
                    "  - aftersale_urge_shipping\nseed: 7\n", encoding="utf-8")
    from live_helpers import LiveServer

    server = LiveServer(f"sqlite:///{home / 'kefu.db'}", "--exam", exam).start()
    book = {"scripts": scripts(), "times": {}, "lines": {}, "clients": {}}
    try:
        threads = [threading.Thread(target=student, args=(server, n, args.replies, args.think,
                                                          book, time.monotonic() + 600))
                   for n in range(args.students)]
        wall = time.perf_counter()
        cpu = cpu_seconds(server.proc.pid)
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - wall
        cpu = cpu_seconds(server.proc.pid) - cpu
        live = [t for ts in book["times"].values() for t in ts]
        lines = [line for ls in book["lines"].values() for line in ls]
        base = in_process(lines)

        # nothing lost, nothing doubled
        lost = doubled = 0
        for n, client in book["clients"].items():
            stored = [turn["reply"] for tr in client.transcripts() for turn in tr["turns"]
                      if "reply" in turn]
            sent = [text for _, text in book["lines"][n]]
            lost += max(0, len(sent) - len(stored))
            doubled += max(0, len(stored) - len(sent))
            if sorted(stored) != sorted(sent):
                lost += 1

        # board lag: everybody hands in the exam at once
        seen, ready, done = {}, threading.Event(), threading.Event()
        watcher = threading.Thread(target=board_watcher, args=(server, seen, ready, done),
                                   daemon=True)
        watcher.start()
        ready.wait(10)
        server.teacher("start", exam="bench")
        acked: dict[str, float] = {}

        def hand_in(n, client):
            view = client.open_exam()
            view = client.reply(view, "亲,您好,马上帮您查一下物流")["view"]
            client.reply(view, None, give_up=True)
            acked[f"学生{n:03d}"] = time.perf_counter()

        takers = [threading.Thread(target=hand_in, args=item) for item in book["clients"].items()]
        for th in takers:
            th.start()
        for th in takers:
            th.join()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(seen) < min(30, len(acked)):
            time.sleep(0.05)
        done.set()
        lags = [seen[name] - at for name, at in acked.items() if name in seen]
        expected = min(30, len(acked))  # the board shows the top 30
    finally:
        for client in book["clients"].values():
            client.close()
        server.stop()

    print(f"kefu serve, {args.students} students, {len(live)} replies in {wall:.1f} s "
          f"({len(live) / wall:.0f} replies/s), think time {args.think[0]}..{args.think[1]} s")
    print(f"  reply sent -> judged answer: p50 {pct(live, 50) * 1000:6.1f} ms   "
          f"p95 {pct(live, 95) * 1000:6.1f} ms   max {max(live) * 1000:6.1f} ms")
    print(f"  server CPU per reply (joins and drill starts included): "
          f"{cpu / max(1, len(live)) * 1000:.1f} ms")
    print(f"  in-process (baseline)     : p50 {pct(base, 50) * 1000:6.1f} ms   "
          f"p95 {pct(base, 95) * 1000:6.1f} ms   mean {statistics.mean(base) * 1000:.1f} ms")
    print(f"  replies lost or wrong: {lost}, doubled: {doubled}")
    if lags:
        print(f"  board lag (hand-in -> on the board, top 30): p50 {pct(lags, 50) * 1000:.0f} ms"
              f"   max {max(lags) * 1000:.0f} ms   on the board: {len(lags)} of {len(acked)}"
              f" (at least {expected} expected)")
    print(f"  targets: p95 <= 50 ms, nothing lost, board lag <= 1 s  (machine load: "
          f"{os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
