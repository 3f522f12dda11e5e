"""Every command on a GBK stream (a Chinese Windows console, or output redirected to a file
there): ``PYTHONIOENCODING=gbk`` reproduces it. Nothing may crash on a character GBK lacks;
symbols become ones it has; JSON stays lossless (escapes for what GBK cannot hold)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from exam_helpers import scenario_script, write_exam

from scenarios.loader import BUILTIN_DIR as BUILTIN
from scenarios.skeleton import skeleton

EMOJI_NAME = "王小明😀"  # GBK has no emoji: the name must survive in JSON, become ? in tables


@pytest.fixture
def gbk(monkeypatch):
    """Run ``kefu ARGS`` through its real entry point (``simulator.cli.main``) with standard
    input, output and error being GBK text streams, as on a Chinese Windows PC; returns the
    (strictly decoded) output and error text."""
    from simulator import cli, i18n

    monkeypatch.setenv("COLUMNS", "100")

    def run(*args, stdin: str | None = None, lang: str = "zh", ok=(0,)):
        monkeypatch.setenv("KEFU_LANG", lang)
        i18n.set_language(None)
        streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="gbk", newline="\n")
                   for name in ("stdout", "stderr")}
        streams["stdin"] = io.TextIOWrapper(io.BytesIO((stdin or "").encode("gbk")),
                                            encoding="gbk")
        streams["argv"] = ["kefu", *map(str, args)]
        saved = {name: getattr(sys, name) for name in streams}
        for name, stream in streams.items():
            setattr(sys, name, stream)
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        finally:
            for name, value in saved.items():
                setattr(sys, name, value)
            for name in ("stdout", "stderr"):
                streams[name].flush()
        out, err = (streams[n].buffer.getvalue().decode("gbk") for n in ("stdout", "stderr"))
        assert code in ok, (args, code, out, err)
        return out, err

    return run


def test_redirected_output_of_a_real_process_is_gbk(tmp_path):
    """The report's reproduction: ``PYTHONIOENCODING=gbk kefu check "您好,不讲价" > out.txt``."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    with (tmp_path / "out.txt").open("wb") as out:
        result = subprocess.run([sys.executable, "-m", "simulator", "check", "您好,不讲价"],
                                stdout=out, stderr=subprocess.PIPE, env=env, timeout=60)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    text = (tmp_path / "out.txt").read_bytes().decode("gbk")
    assert "√" in text and "「不讲价」" in text


def test_check_prints_marks_gbk_has(tmp_path, gbk):
    out, _ = gbk("check", "您好,不讲价")
    assert "√" in out and "×" in out and "「不讲价」" in out
    assert "✓" not in out and "✗" not in out
    out, _ = gbk("check", "--json", "亲😀,不讲价")
    assert json.loads(out)["text"] == "亲😀,不讲价"
    out, err = gbk("check", "--overlay", tmp_path / "missing.yaml", "x", ok=(2, 3, 4))
    assert "missing.yaml" in err


def test_help_and_scenario_commands(gbk, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(skeleton("bargainer"), encoding="utf-8")
    for args in (["--help"], ["drill", "--help"], ["scenarios", "list"],
                 ["scenarios", "show", "bargain_others_discount"],
                 ["scenarios", "graph", "bargain_others_discount"],
                 ["scenarios", "validate", BUILTIN], ["scenarios", "test", mine],
                 ["scenarios", "new", "--type", "bargainer"], ["exam", "new"]):
        out, _ = gbk(*args)
        assert out.strip()
    out, _ = gbk("scenarios", "list", "--json")
    assert json.loads(out)


def test_drill_exam_grades_and_boards(tmp_path, gbk, db_url):
    replies = tmp_path / "replies.txt"
    replies.write_text("\n".join(scenario_script("good")) + "\n", encoding="utf-8")
    gbk("drill", "--scenario", "bargain_others_discount", "--replies", replies)
    out, _ = gbk("drill", "--scenario", "bargain_others_discount", "--replies", replies,
                 "--json")
    assert json.loads(out)["score"]["total"] > 0
    out, _ = gbk("history")
    assert out.strip()
    exam = write_exam(tmp_path)
    results = tmp_path / "out"
    for sid, name, kind in (("s01", EMOJI_NAME, "good"), ("s02", "李华", "bad")):
        script = tmp_path / f"{sid}.txt"
        script.write_text("\n".join(scenario_script(kind)) + "\n", encoding="utf-8")
        gbk("exam", "take", exam, "--student", sid, "--name", name, "--class", "电商1班",
            "--team", "红队", "--out", results, "--replies", script)
    gbk("exam", "validate", exam)
    gbk("exam", "collect", exam, results)
    out, _ = gbk("grades", "show", "mid1")
    assert "李华" in out and "王小明?" in out
    out, _ = gbk("grades", "show", "mid1", "--json")
    assert EMOJI_NAME in {r["name"] for r in json.loads(out)["students"]}
    gbk("grades", "adjust", "mid1", "s02", "--points", "+5", "--reason", "附加题")
    for fmt in ("csv", "xlsx"):
        gbk("grades", "show", "mid1", "--export", tmp_path / f"g.{fmt}")
    for args in (["--exam", "mid1"], ["--exam", "mid1", "--team"],
                 ["--scenario", "bargain_others_discount"]):
        out, _ = gbk("leaderboard", *args)
        assert ("红队" if "--team" in args else "李华") in out
    out, _ = gbk("leaderboard", "--exam", "mid1", "--json")
    assert EMOJI_NAME in {r["name"] for r in json.loads(out)["rows"]}
    gbk("report", "mid1", "s01", "--html", tmp_path / "s01.html")
    gbk("exam", "regrade", "mid1")
    out, err = gbk("grades", "show", "nope", ok=(3,))
    assert "nope" in err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_errors_on_gbk_stderr(gbk, lang):
    _, err = gbk("drill", "--scenario", "no_such_scenario", "--replies", "-", stdin="x\n",
                 lang=lang, ok=(3,))
    assert "no_such_scenario" in err and ("×" in err or "x" in err)
