"""Exam definitions: the YAML a teacher writes, validated with ``file:line: field`` errors.

An exam fixes WHICH scenarios (a list, or N drawn per persona type with a seed — the same draw
for every student), the conversation seed, time limits, attempts allowed, rubric weight
overrides and an optional lexicon overlay (a path relative to the exam file).
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

from scoring.datafile import Checker, DataError, Problem, parse_yaml, read_source
from scoring.rubric import check_weights

SCHEMA_VERSION = 1
FIELDS = {"schema_version", "id", "title", "scenarios", "seed", "time_limit", "attempts",
          "coaching", "weights", "lexicon_overlay", "paste_cps"}
# Ids become part of file names: letters (any script), digits, '_', '-', '.'; no leading dot.
_ID = re.compile(r"^[^\W][\w.-]{0,63}$")


def valid_id(value: str) -> bool:
    return bool(_ID.match(value)) and ".." not in value


@dataclass(frozen=True)
class Exam:
    id: str
    title: str
    path: Path
    text: str  # the YAML as written
    hash: str  # sha256 of the YAML and of the overlay file's bytes
    scenario_ids: tuple[str, ...]  # drawn and in exam order
    seed: int  # conversation seed (the same buyer lines for every student)
    per_reply: float | None  # seconds
    total: float | None  # seconds for the whole exam
    attempts: int
    weights: dict
    overlay: Path | None
    paste_cps: float | None = None  # a reply faster than this (characters/s) is marked 粘贴

    def judge(self):
        from scoring.judge import Judge

        from ..i18n import language

        return Judge(overlay=str(self.overlay) if self.overlay else None,
                     weights=self.weights or None, lang=language())


def load_exam(path: str | Path, dirs: list[str] | None = None, bank=None) -> Exam:
    """Read, validate and draw an exam; raises :class:`DataError` listing every problem.

    ``bank``: the scenarios to draw from (default: built-in plus ``dirs``)."""
    path = Path(path)
    text = read_source(path).text
    doc = parse_yaml(text, str(path))
    if bank is None:
        from scenarios.loader import load_all

        bank = load_all(dirs)[0]
    return build_exam(doc, text, path, bank)


def parse_exam_text(text: str, name: str, bank) -> Exam:
    return build_exam(parse_yaml(text, name), text, Path(name), bank)


def build_exam(doc, text: str, path: Path, bank) -> Exam:
    name = str(path)
    chk = Checker(name)
    if not isinstance(doc, dict):
        raise DataError([Problem(name, 1, "(top)", "must be a mapping (see kefu exam new)")])
    chk.unknown_keys(doc, FIELDS, "")
    version = chk.number(doc, "schema_version", "schema_version", integer=True)
    if version is not None and version != SCHEMA_VERSION:
        chk.add(doc, "schema_version", "schema_version", f"must be {SCHEMA_VERSION}")
    exam_id = chk.text(doc, "id", "id")
    if exam_id is not None and not valid_id(exam_id):
        chk.add(doc, "id", "id", "letters, digits, '_', '-' or '.' only (it names files)")
    title = chk.text(doc, "title", "title")
    seed = chk.number(doc, "seed", "seed", 0, 2**31 - 1, required=False, integer=True)
    per_reply, total, paste_cps = _timing(chk, doc)
    attempts = chk.number(doc, "attempts", "attempts", 1, 100, required=False, integer=True)
    if "coaching" in doc and doc["coaching"] is not False:
        chk.add(doc, "coaching", "coaching", "must be false: exams never coach")
    weights = check_weights(chk, chk.mapping(doc, "weights", "weights", required=False),
                            "weights")
    if weights and sum(weights.values()) <= 0:
        chk.add(doc, "weights", "weights", "at least one weight must be above 0")
    overlay = None
    overlay_ref = chk.text(doc, "lexicon_overlay", "lexicon_overlay", required=False)
    if overlay_ref is not None:
        overlay = (path.parent / overlay_ref)
        if not overlay.is_file():
            chk.add(doc, "lexicon_overlay", "lexicon_overlay",
                    f"no such file {overlay_ref!r} (relative to the exam file)")
            overlay = None
    ids = _scenarios(chk, doc, bank, seed or 0)
    chk.problems.sort(key=lambda p: p.line)
    chk.raise_if_any()
    if overlay is not None:
        from scoring.verify import load_checked_lexicon

        load_checked_lexicon(str(overlay))  # its own problems, with its own file and lines
    digest = hashlib.sha256(text.encode("utf-8"))
    if overlay is not None:
        digest.update(overlay.read_bytes())
    return Exam(id=exam_id, title=title, path=path, text=text, hash=digest.hexdigest(),
                scenario_ids=tuple(ids), seed=int(seed if seed is not None else 1),
                per_reply=per_reply, total=total, attempts=int(attempts or 1),
                weights=weights, overlay=overlay, paste_cps=paste_cps)


def _timing(chk: Checker, doc) -> tuple[float | None, float | None, float | None]:
    """``time_limit.per_reply``, ``time_limit.total`` and ``paste_cps`` as floats, each None
    when unset (or invalid: ``chk`` then has the problem)."""
    limits = chk.mapping(doc, "time_limit", "time_limit", required=False) or {}
    chk.unknown_keys(limits, {"per_reply", "total"}, "time_limit.")
    per_reply = chk.number(limits, "per_reply", "time_limit.per_reply", 5, 3600, required=False)
    total = chk.number(limits, "total", "time_limit.total", 30, 86400, required=False)
    paste_cps = chk.number(doc, "paste_cps", "paste_cps", 1, 1000, required=False)
    return tuple(None if v is None else float(v) for v in (per_reply, total, paste_cps))


def exam_timing(text: str, name: str) -> tuple[float | None, float | None]:
    """The per-reply limit and the 粘贴 speed a stored definition sets, read without the
    scenario bank (they do not depend on it); (None, None) when the text does not parse or
    they are invalid."""
    try:
        doc = parse_yaml(text, name)
    except DataError:
        return None, None
    if not isinstance(doc, dict):
        return None, None
    chk = Checker(name)
    per_reply, _, paste_cps = _timing(chk, doc)
    return (None, None) if chk.problems else (per_reply, paste_cps)


def _scenarios(chk: Checker, doc, bank, seed: int) -> list[str]:
    by_id = {s.id: s for s in bank}
    value = doc.get("scenarios")
    if value is None:
        chk.add(doc, "scenarios", "scenarios", "is required")
        return []
    if isinstance(value, list):
        ids = chk.texts(doc, "scenarios", "scenarios")
        for i, sid in enumerate(ids):
            if sid not in by_id:
                chk.add(value, i, f"scenarios[{i}]", f"no scenario called {sid!r}")
        if len(set(ids)) != len(ids):
            chk.add(doc, "scenarios", "scenarios", "lists a scenario twice")
        return ids
    if not isinstance(value, dict):
        chk.add(doc, "scenarios", "scenarios", "must be a list of ids or a mapping with draw:")
        return []
    chk.unknown_keys(value, {"draw", "seed"}, "scenarios.")
    draw_seed = chk.number(value, "seed", "scenarios.seed", 0, 2**31 - 1, integer=True)
    draw = chk.mapping(value, "draw", "scenarios.draw")
    if draw is None or draw_seed is None:
        return []
    from scenarios.model import PERSONA_TYPES

    rng = random.Random(f"exam-draw:{draw_seed}")
    ids: list[str] = []
    for ptype in draw:
        field = f"scenarios.draw.{ptype}"
        if ptype not in PERSONA_TYPES:
            chk.add(draw, ptype, field, "unknown persona type (one of: "
                    + ", ".join(PERSONA_TYPES) + ")")
            continue
        n = chk.number(draw, ptype, field, 1, 50, integer=True)
        if n is None:
            continue
        pool = sorted(s.id for s in bank if s.persona.type == ptype)
        if len(pool) < n:
            chk.add(draw, ptype, field, f"the bank has only {len(pool)} {ptype} scenarios")
            continue
        ids += rng.sample(pool, n)
    if not ids and not chk.problems:
        chk.add(value, "draw", "scenarios.draw", "draws no scenario")
    return ids


TEMPLATE = """\
# kefu 考试定义 (exam definition). 用 `kefu exam validate 本文件` 检查。
schema_version: 1
# 考试编号:只能用字母、数字、_ - . (会出现在成绩文件名里)
id: {id}
title: 期中考试 · 网店客服
# 场景:固定列表 —— 或者按买家类型抽题(每个学生抽到的都一样):
#   scenarios:
#     seed: 2026          # 抽题种子
#     draw:
#       bargainer: 1      # 讨价还价 1 道
#       complainer: 1     # 投诉 1 道
scenarios:
  - bargain_others_discount
# 对话种子:所有学生看到同样的买家台词
seed: 1
time_limit:
  per_reply: 90           # 每条回复限时(秒),超时的回复会被标记
  total: 1800             # 整场考试限时(秒)
attempts: 1               # 允许作答次数
# paste_cps: 15           # 每秒超过这么多字的回复标记为"粘贴"(仅教师可见;括号粘贴也会标记)
coaching: false           # 考试中不显示点评(只能是 false)
# 评分维度权重(可选,覆盖默认值)
weights:
  politeness: 25
  forbidden: 25
  resolution: 25
  responsiveness: 10
  outcome: 15
# 班级/考试词库补充(可选,相对本文件的路径):
# lexicon_overlay: overlay.yaml
"""
