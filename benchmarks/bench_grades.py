"""A school-size gradebook through the CLI: ``kefu grades`` (table, JSON, CSV) and
``kefu leaderboard`` as whole processes, against baselines measured in the same run.

    python benchmarks/bench_grades.py [--attempts N] [--db FILE] [--repeat R]

Fills a SQLite gradebook with the generator of ``bench_leaderboard.py`` (20,000 students, one
exam of 10 scenarios, N attempts; default 250,000), or reuses ``--db FILE`` filled by an earlier
run. Then times, as the median (and min) of R runs of a fresh process each:

* ``kefu grades EXAM`` (terminal table), ``kefu grades EXAM --json``,
  ``kefu grades EXAM --export grades.csv --json`` (target: <= 3 s each);
* ``kefu leaderboard --exam EXAM`` (target: <= 0.3 s);
* baseline "start-up": ``python -c pass`` — the floor under every command;
* baseline "import": ``python -c "import sqlalchemy, rich, typer"`` — what a command that
  reads the gradebook and draws a table must load;
* baseline "read": one process reading the exam's attempts with the standard library only
  (sqlite3, every row, its dimensions JSON parsed) — the least work any grade sheet does.

Wall time on a shared machine moves with its load, so the baselines run interleaved with the
commands and each figure is printed with its ratio to the start-up baseline. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

READ = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
n = 0
for (dims,) in conn.execute("select dimensions from attempts where exam_id = ?", (sys.argv[2],)):
    json.loads(dims)
    n += 1
print(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=250_000)
    parser.add_argument("--db", help="SQLite file (filled when it does not exist)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from bench_leaderboard import EXAM, fill

    from simulator.storage import Gradebook

    tmp = tempfile.TemporaryDirectory(prefix="kefu-bench-grades-")
    path = Path(args.db) if args.db else Path(tmp.name) / "school.db"
    if not path.exists():
        print(f"Filling {path} with {args.attempts:,} attempts …")
        with Gradebook.open(f"sqlite:///{path}") as book:
            fill(book, args.attempts)
    else:  # migrated before timing, so no timed command migrates it (7: 25 s for a school)
        with Gradebook.open(f"sqlite:///{path}"):
            pass
    import compileall

    # as an installed kefu runs: pip writes the modules' bytecode at install; without it (a
    # source tree under PYTHONDONTWRITEBYTECODE) every timed process compiles ~100 modules first
    for package in ("simulator", "scoring", "scenarios"):
        compileall.compile_dir(ROOT / package, quiet=1)
    out = Path(tmp.name)
    env_db = {"KEFU_DB": f"sqlite:///{path}", "KEFU_HOME": str(out / "home"), "COLUMNS": "120"}
    kefu = [sys.executable, "-m", "simulator"]
    cases = {
        "baseline: start-up (python -c pass)": [sys.executable, "-c", "pass"],
        "baseline: import sqlalchemy, rich, typer":
            [sys.executable, "-c", "import sqlalchemy, rich, typer"],
        "baseline: read the exam's attempts (sqlite3 + json)":
            [sys.executable, "-c", READ, str(path), EXAM],
        "kefu grades EXAM (table)": kefu + ["grades", EXAM],
        "kefu grades EXAM --json": kefu + ["grades", EXAM, "--json"],
        "kefu grades EXAM --export grades.csv --json":
            kefu + ["grades", EXAM, "--export", str(out / "grades.csv"), "--json"],
        "kefu leaderboard --exam EXAM": kefu + ["leaderboard", "--exam", EXAM],
    }
    import os

    env = {**os.environ, **env_db}
    runs: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(args.repeat):  # interleaved: every case sees the same drift of the load
        for label, command in cases.items():
            started = time.perf_counter()
            result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True)
            runs[label].append(time.perf_counter() - started)
            if result.returncode != 0:
                raise SystemExit(f"{label} failed: {result.stderr.decode()[-2000:]}")
    floor = statistics.median(runs["baseline: start-up (python -c pass)"])
    width = max(map(len, cases))
    print(f"median (min) wall seconds of {args.repeat} runs; x = times the start-up baseline\n")
    for label, times in runs.items():
        median = statistics.median(times)
        print(f"  {label:<{width}}  {median:7.2f} s  ({min(times):.2f})  {median / floor:6.1f}x")
    targets = [("kefu grades EXAM (table)", 3), ("kefu grades EXAM --json", 3),
               ("kefu grades EXAM --export grades.csv --json", 3),
               ("kefu leaderboard --exam EXAM", 0.3)]
    print()
    for label, limit in targets:
        median = statistics.median(runs[label])
        print(f"  {label}: {median:.2f} s, target <= {limit:g} s: "
              f"{'met' if median <= limit else 'NOT met'}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
