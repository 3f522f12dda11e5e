"""Throughput of ``kefu check --json``'s core: replies checked per second on one core.

Generates N realistic replies (deterministic), then measures in the same run:

* the real checker: ``Judge().check(text).to_json()`` serialised with ``json.dumps`` — exactly
  the work ``kefu check --json`` does per line;
* a naive baseline: the same lexicon, the same normalisation and the same resolution of
  overlaps, but one compiled regular expression per phrase instead of the Aho-Corasick automaton.
  It is much slower, so it runs on a slice of the replies (``--baseline-share``) and its rate is
  reported per reply; both produce the same JSON on that slice (checked).

Then, in the same run:

* ``kefu check --json -`` itself, as a process reading N lines from its standard input (start-up
  included): lines per second of its CPU time;
* long replies (issue 12 item 6: the judge must be linear in the length of a reply): 20,000 ×
  "滚!" and a ~400 KB reply, each checked (``Judge.check``) and observed (``Judge.observe``, the
  drill and exam path), at full and at half length — linear means the full one takes about twice
  as long as the half one.

Targets (issue 11): ≥ 40,000 replies/s per core and ≥ 10× the baseline; ``kefu check --json -``
≥ 25,000 lines/s; long replies: full / half ≤ 3 and ≤ 2 s for 400 KB. Not a timed test: run it by
hand.

    python benchmarks/bench_check.py [--n 100000] [--seed 7] [--baseline-share 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import Judge  # noqa: E402
from scoring.matcher import Matcher  # noqa: E402

TARGET_RATE = 40_000
TARGET_RATIO = 10.0
TARGET_CLI = 25_000  # lines/s of kefu check --json -
TARGET_SCALING = 3.0  # time(full) / time(half) for long replies
TARGET_LONG = 2.0  # seconds for the 400 KB reply

OPENERS = ["", "", "亲,", "您好,", "亲亲~", "在的亲,", "您好!", "親,", "ＨＩ,", "[微笑]", "😊"]
BODIES = [
    "这款是纯棉的,透气吸汗,夏天穿很舒服", "请稍等,我马上为您查询物流", "已经帮您备注了,今天就发货",
    "您平时穿多大码呢?我帮您推荐", "这款有黑色、蓝色和白色", "两件包邮,再送您一双袜子",
    "快递显示明天送达", "不好意思让您久等了", "实在抱歉给您带来不便", "麻烦您提供一下订单号",
    "地址已经改好了", "七天无理由退换的,请放心", "这是活动价,已经是最低了", "好的", "有货的",
    "收到后有问题随时联系我", "我们一定想办法帮您解决", "不合适的话给您换", "不用担心,我们包退换",
    "谢谢您的支持", "售后申请已经提交了", "面料亲肤不起球", "價格已改好,付款後盡快發貨",
    "单号是SF1234567890", "给您150可以吗", "改成168包邮", "九折给您", "ok的", "size表在详情页",
    "这个不能退", "金色的没货了", "不支持修改地址", "我们不参与刷单哦", "关注官方微信公众号领券",
]
BAD = [
    "不讲价", "不 讲 价", "不-讲-价", "不😊讲价", "爱买不买", "你自己看详情页", "这不是我们的问题",
    "是快递的问题你找快递去", "我说过了", "烦不烦", "随便你投诉", "好评返现5元", "加我微信私下交易",
    "线下付款", "这个我也没办法", "不知道", "不清楚", "這個不歸我管", "你是不是有病", "規定就是這樣",
]
CLOSERS = ["", "", "", "哦", "~", "!", "呢", "哈", "。祝您购物愉快!", ",还有什么可以帮您的吗?", "👍"]
# details that make most replies unique, as real ones are
DETAILS = ["订单号{n}", "单号YT{n}", "预计{d}号送达", "{d}件包邮", "{d}码", "给您{p}元", "身高{d}0的话"]


def make_replies(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(OPENERS)]
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            parts.append(rng.choice(BAD) if rng.random() < 0.15 else rng.choice(BODIES))
            parts.append(rng.choice((",", ",", " ", "")))
        if rng.random() < 0.6:
            parts.append(rng.choice(DETAILS).format(n=rng.randrange(10**9, 10**10),
                                                    d=rng.randrange(1, 30),
                                                    p=rng.randrange(99, 300)))
        parts.append(rng.choice(CLOSERS))
        out.append("".join(parts))
    return out


class RegexBaseline(Matcher):
    """The same lexicon, normalisation and overlap resolution; one regex per phrase."""

    def __init__(self, lexicon):
        super().__init__(lexicon)
        # one pattern per phrase; a lookahead finds overlapping occurrences like the automaton
        self._patterns = [(re.compile(f"(?=({re.escape(key)}))"), len(key), payload)
                          for key, payload in self.payloads.items()]

    def _matches(self, compact: str):
        found = []
        for pattern, length, payload in self._patterns:
            for m in pattern.finditer(compact):
                found.append((m.start() + length - 1, (length, payload)))
        found.sort(key=lambda item: item[0])
        return found


def run(check, replies: list[str]) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds to check and serialise ``replies`` as ``kefu check --json`` does."""
    out = []
    append = out.append
    wall, cpu = time.perf_counter(), time.process_time()
    for text in replies:
        append(check(text).to_json_line())
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="replies to check")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-share", type=float, default=0.05,
                        help="share of the replies the slow baseline checks")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    replies = make_replies(args.n, args.seed)
    judge = Judge()
    baseline = RegexBaseline(judge.lexicon)
    run(judge.check, replies[:2000])  # warm up

    wall, cpu, real_out = run(judge.check, replies)
    rate = len(replies) / cpu
    sample = replies[: max(1, int(len(replies) * args.baseline_share))]
    base_wall, base_cpu, base_out = run(baseline.check, sample)
    base_rate = len(sample) / base_cpu
    same = base_out == real_out[: len(sample)]
    exact = all(json.dumps(judge.check(text).to_json(), ensure_ascii=False) == line
                for text, line in zip(sample, real_out, strict=False))
    ratio = rate / base_rate
    flagged = sum(1 for line in real_out if '"severity": "major"' in line)
    phrases = sum(len(r.phrases) for r in judge.lexicon.rules)
    avg = sum(map(len, replies)) / len(replies)

    print(f"replies: {len(replies):,} ({len(set(replies)):,} distinct, avg {avg:.1f} chars, "
          f"{flagged:,} with major wording); lexicon: {len(judge.lexicon.rules)} rules, "
          f"{phrases} phrases")
    print(f"checker (Aho-Corasick, JSON included): {cpu:.2f} s CPU ({wall:.2f} s wall), "
          f"{rate:,.0f} replies/s per core (target ≥ {TARGET_RATE:,}) "
          f"{'OK' if rate >= TARGET_RATE else 'MISSED'}")
    print(f"baseline (one regex per phrase) on {len(sample):,} replies: {base_cpu:.2f} s CPU "
          f"({base_wall:.2f} s wall), {base_rate:,.0f} replies/s; same output: {same}")
    print(f"speed-up: {ratio:.1f}x (target ≥ {TARGET_RATIO:g}x) "
          f"{'OK' if ratio >= TARGET_RATIO else 'MISSED'}")
    cli_rate = bench_cli(replies)
    print(f"kefu check --json - on {len(replies):,} lines: {cli_rate:,.0f} lines/s of CPU "
          f"(target ≥ {TARGET_CLI:,}) {'OK' if cli_rate >= TARGET_CLI else 'MISSED'}")
    long_ok = bench_long(judge)
    return 0 if same and exact and long_ok else 1


def bench_cli(replies: list[str]) -> float:
    """Lines per CPU second of ``kefu check --json -`` over ``replies`` (start-up included)."""
    import resource
    import subprocess
    import tempfile

    with tempfile.TemporaryFile("w+b") as stdin:
        stdin.write("\n".join(replies).encode("utf-8") + b"\n")
        stdin.seek(0)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, "-m", "simulator", "check", "--json", "-"],
                              stdin=stdin, stdout=subprocess.PIPE, check=True,
                              cwd=Path(__file__).resolve().parent.parent)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = proc.stdout.count(b"\n")
    assert lines == len(replies), (lines, len(replies))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return lines / cpu


def _cpu(fn, text: str) -> float:
    """The least CPU time of three runs (the machine is shared)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def bench_long(judge) -> bool:
    """Long replies: seconds at full and half length, checked and observed."""
    from scoring.resolution import Task

    body = "亲,这款是纯棉的,不起球不缩水,我们不参与刷单、刷好评,这违反平台规则;如果周五到不了,我给您全额退款。"
    cases = {"20,000 x 滚!": "滚!" * 20_000,
             "400 KB reply": (body * (400_000 // len(body.encode("utf-8")) + 1))}
    ok = True
    for name, text in cases.items():
        half = text[: len(text) // 2]
        for label, fn in (("check", judge.check), ("observe", lambda t: judge.observe(t, Task()))):
            full_s, half_s = _cpu(fn, text), _cpu(fn, half)
            scaling = full_s / half_s if half_s else 0.0
            good = scaling <= TARGET_SCALING and full_s <= TARGET_LONG
            ok &= good
            print(f"long reply {name} ({len(text):,} chars), {label}: {full_s:.2f} s "
                  f"(half: {half_s:.2f} s, x{scaling:.1f}; target ≤ x{TARGET_SCALING:g} and "
                  f"≤ {TARGET_LONG:g} s) {'OK' if good else 'MISSED'}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
