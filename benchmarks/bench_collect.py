"""``kefu exam collect`` of 2,000 result files, against a baseline measured in the same run.

    python benchmarks/bench_collect.py [--files N] [--sample K] [--db POSTGRESQL-URL] [--distinct]

Makes an exam of three built-in scenarios, takes it for real a few times (``kefu exam take
--replies`` with each scenario's own model and poor scripts) and clones those result files to N
students (new student and transcript ids, timed replies; with ``--distinct`` every reply also
signed with the student's name, so no two files share a reply, as in a class writing its own
and unlike four templates cloned, where the judge sees each reply once per run). Then, each on a fresh gradebook
(SQLite files; with ``--db URL`` a PostgreSQL database whose kefu tables are dropped before each
phase), it times whole ``kefu`` processes (start-up included):

* ``kefu exam collect EXAM FOLDER`` over all N files (target: <= 10 s for 2,000);
* the same collect again (nothing changed: it must be idempotent);
* baseline: one ``kefu exam collect EXAM FILE`` process per file, as a shell loop would do,
  measured on K files and scaled to N;
* baseline without start-up: the library's ``collect()`` once per file in one process (the
  exam registered and its judge built again for each file), on the same K files.

Every file is re-scored from its text (replayed through the engine and judged), so this is the
real work of a collect. Wall time depends on what else the machine runs, so the CPU time of the
collect process is printed beside it. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def kefu(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=env)


def scripts(scenario) -> tuple[list[str], list[str]]:
    """The scenario's own model and poor replies."""
    good = bad = None
    for test in scenario.tests:
        outcome = scenario.outcomes.get(test.expect)
        is_good = test.expect == "good" or (outcome is not None and outcome.good)
        if is_good and good is None:
            good = list(test.replies)
        if not is_good and bad is None:
            bad = list(test.replies)
    return good or ["您好"], bad or ["不知道"]


def make_templates(work: Path, env: dict) -> tuple[Path, list[dict]]:
    from scenarios.loader import load_all

    bank = sorted(load_all()[0], key=lambda s: s.id)
    chosen = [s for s in bank if s.tests][:3]
    exam = work / "bench.yaml"
    exam.write_text("schema_version: 1\nid: bench\ntitle: 收卷基准\nscenarios:\n"
                    + "".join(f"  - {s.id}\n" for s in chosen)
                    + "seed: 1\ntime_limit:\n  per_reply: 120\n  total: 3600\n",
                    encoding="utf-8")
    templates = []
    for n, pick in enumerate([(0, 0, 0), (1, 1, 1), (0, 1, 0), (1, 0, 1)]):
        blocks = [scripts(s)[p] for s, p in zip(chosen, pick, strict=False)]
        replies = work / f"replies-{n}.txt"
        replies.write_text("\n---\n".join("\n".join(b) for b in blocks) + "\n", encoding="utf-8")
        out = work / f"template-{n}"
        result = kefu("exam", "take", exam, "--student", f"t{n}", "--name", "模板",
                      "--class", "c", "--out", out, "--replies", replies, "--json", env=env)
        if result.returncode != 0:
            raise SystemExit(f"exam take failed: {result.stderr}")
        templates.append(json.loads((out / f"bench-t{n}.kefu.json").read_text("utf-8")))
    print(f"exam of {len(chosen)} scenarios: {', '.join(s.id for s in chosen)}")
    return exam, templates


def clone(templates: list[dict], folder: Path, count: int, seed: int = 3,
          distinct: bool = False) -> None:
    """``count`` students' files from the templates; ``distinct``: every reply made the
    student's own (a sign-off with the student's name), so no two files share a reply."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        data = json.loads(json.dumps(templates[n % len(templates)]))
        sid = f"s{n:05d}"
        data["student"] = {"id": sid, "name": f"学生{n}", "class": f"电商{n % 20 + 1}班",
                           "team": f"队{n % 100:02d}"}
        for sitting in data["sittings"]:
            for transcript in sitting["transcripts"]:
                transcript["id"] = uuid.uuid4().hex
                for turn in transcript["turns"]:
                    if "reply" in turn:
                        turn["latency"] = round(rng.uniform(3, 60), 3)
                        if distinct:
                            turn["reply"] += f"——客服{data['student']['name']}"
        (folder / f"bench-{sid}.kefu.json").write_text(json.dumps(data, ensure_ascii=False),
                                                        encoding="utf-8")


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh(db: Path, server: str | None) -> str:
    """The URL of an empty gradebook: a new SQLite file, or the server's with kefu's tables
    dropped."""
    if server is None:
        return f"sqlite:///{db}"
    from sqlalchemy import create_engine

    from simulator.storage import practice, reviews, schema  # their tables join the metadata
    from simulator.storage.urls import normalise_url

    assert practice and reviews

    engine = create_engine(normalise_url(server))
    with engine.begin() as conn:
        schema.metadata.drop_all(conn)
    engine.dispose()
    return server


def collect(exam: Path, target, db: str, env: dict) -> tuple[float, dict, float]:
    """Wall seconds, the JSON report and the CPU seconds of one ``kefu exam collect``."""
    cpu = child_cpu()
    started = time.perf_counter()
    result = kefu("exam", "collect", exam, target, "--json", env=env | {"KEFU_DB": db})
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"collect failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed, json.loads(result.stdout), child_cpu() - cpu


def per_file_in_process(exam_path: Path, files: list[Path], db: str) -> float:
    """Baseline without process start-up: the library's collect() called once per file, so
    the exam is registered and its judge (lexicon automaton) built again for every file."""
    from scenarios.loader import load_all
    from simulator.exam import collect as collect_files
    from simulator.exam import load_exam
    from simulator.storage import Gradebook

    bank = {s.id: s for s in load_all()[0]}
    exam = load_exam(exam_path)
    with Gradebook.open(db) as book:
        started = time.perf_counter()
        for path in files:
            collect_files(exam, [str(path)], book, bank)
        return (time.perf_counter() - started) / len(files)


def statuses(report: dict) -> dict:
    counts: dict[str, int] = {}
    for item in report.get("files", []):
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--db", help="a PostgreSQL URL (its kefu tables are dropped!)")
    parser.add_argument("--distinct", action="store_true",
                        help="no reply shared between files (a class writing its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kefu-bench-collect-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "KEFU_HOME": str(work / "home"), "COLUMNS": "200"}
        env.pop("KEFU_DB", None)
        exam, templates = make_templates(work, env)
        results = work / "results"
        clone(templates, results, args.files, distinct=args.distinct)
        size = sum(p.stat().st_size for p in results.iterdir())
        print(f"{args.files:,} result files, {size / 1e6:.1f} MB"
              f"{', every reply distinct' if args.distinct else ''}\n")

        print(f"gradebook: {'SQLite' if args.db is None else 'PostgreSQL'}")
        one_db = fresh(work / "one-run.db", args.db)
        one_run, report, cpu = collect(exam, results, one_db, env)
        print(f"  kefu exam collect FOLDER ({args.files:,} files)      {one_run:8.2f} s   "
              f"(CPU {cpu:.2f} s) {statuses(report)}")
        again, report, cpu = collect(exam, results, one_db, env)
        print(f"  the same collect again (idempotent)          {again:8.2f} s   "
              f"(CPU {cpu:.2f} s) {statuses(report)}")

        files = sorted(results.iterdir())[:args.sample]
        per_db = fresh(work / "per-file.db", args.db)
        started = time.perf_counter()
        for path in files:
            collect(exam, path, per_db, env)
        per_file = (time.perf_counter() - started) / len(files)
        print(f"  baseline: one process per file            {per_file * 1000:8.0f} ms/file "
              f"(measured on {len(files)}) -> {per_file * args.files:.0f} s for {args.files:,}")

        lib_files = sorted(results.iterdir())[:max(args.sample, 200)]
        in_process = per_file_in_process(exam, lib_files, fresh(work / "lib.db", args.db))
        print(f"  baseline: collect() per file, in-process    {in_process * 1000:8.1f} ms/file "
              f"(measured on {len(lib_files)}) -> {in_process * args.files:.0f} s for "
              f"{args.files:,}")

        print(f"\ncollect of {args.files:,} files: {one_run:.2f} s "
              f"({args.files / one_run:.0f} files/s), "
              f"{per_file * args.files / one_run:.0f}x the per-file baseline; "
              f"target <= 10 s: {'met' if one_run <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
