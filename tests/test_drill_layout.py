"""The chat's layout, rendered into a recording console: buyer left, student right, meter."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from simulator import ui


@pytest.fixture
def screen(monkeypatch):
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    monkeypatch.setattr(ui, "_out", console)
    return console


def lines(console) -> list[str]:
    return [line for line in console.export_text(clear=False).splitlines() if line.strip()]


def test_buyer_on_the_left_student_on_the_right(screen):
    ui.buyer_says("小林", "能便宜点吗?")
    ui.student_says("亲,送您赠品哦", latency=3.2)
    shown = lines(screen)
    buyer, student = shown[:3], shown[3:]
    assert all(line.startswith(("╭", "│", "╰")) for line in buyer)
    assert "小林" in buyer[0] and "能便宜点吗?" in buyer[1]
    assert all(line.startswith(" ") and cell_len(line.rstrip()) == 80 for line in student)
    assert "亲,送您赠品哦" in student[1] and "3s" in student[0]


def test_bubbles_are_not_wider_than_a_chat_window(screen):
    ui.buyer_says("小林", "很长的一句话" * 30)
    assert max(cell_len(line) for line in lines(screen)) <= 0.7 * 80 + 1


def test_silence_bubble(screen):
    ui.student_says("")
    assert "(没有回复)" in screen.export_text()


def test_patience_meter_shows_the_change(screen):
    ui.patience(45, -15)
    ui.patience(70, 10)
    down, up = lines(screen)
    assert "45" in down and "▼15" in down and "█" * 9 in down
    assert "70" in up and "▲10" in up
