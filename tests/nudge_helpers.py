"""A small scenario whose buyer 催s after ``wait`` seconds (the 催 tests share it)."""

from __future__ import annotations

from pathlib import Path

LINES = ("在吗在吗?", "人呢人呢?")
REPLY = "亲,您好!今天就给您发货"


def nudge_scenario(folder: Path, wait: float | None = 1, patience: int = 50,
                   nudge: tuple[str, ...] | None = LINES, ptype: str = "presale") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    temperament = f"{{patience: {patience}, decay: 0" + (
        f", wait: {wait}}}" if wait is not None else "}")
    lines = "" if nudge is None else "  nudge:\n" + "".join(f"    - {x}\n" for x in nudge)
    path = folder / "nudge_mini.yaml"
    path.write_text(f"""schema_version: 2
id: nudge_mini
title: 着急的买家
stage: presale
difficulty: 1
brief: 顾客问{{product}}什么时候发货。
persona:
  type: {ptype}
  name: 小周
  temperament: {temperament}
{lines}  style: 着急
context:
  product: 四件套
slots:
  ship:
    label: 说发货时间
    phrases: [今天就给您发货]
resolve: [ship]
start: ask
nodes:
  ask:
    say: [四件套什么时候发货?]
    edges:
      - when: {{slot: ship}}
        goto: deal
      - goto: ask
outcomes:
  deal: {{label: 成交, good: true, say: [好的,那我拍了]}}
""", encoding="utf-8")
    return path
