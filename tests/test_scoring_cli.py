"""``kefu check`` and ``kefu score`` as a user runs them (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scoring import Judge
from simulator.cli import get_app

POLITE_KEYS = {"category", "phrase", "start", "end"}
FORBIDDEN_KEYS = {"rule", "kind", "severity", "phrase", "start", "end", "message", "suggestion"}


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(get_app(), list(args), input=stdin)


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_check_json_fields_and_offsets():
    text = "亲,这个 不-讲-价!你自己看详情页😊,不好意思"
    result = run("check", "--json", text)
    assert result.exit_code == 0, result.output
    [data] = json_lines(result.output)
    assert data["text"] == text
    assert {"text", "politeness", "forbidden"} <= set(data)
    for hit in data["politeness"]:
        assert set(hit) >= POLITE_KEYS
        assert text[hit["start"]:hit["end"]] == hit["phrase"]
    for hit in data["forbidden"]:
        assert set(hit) >= FORBIDDEN_KEYS
        assert text[hit["start"]:hit["end"]] == hit["phrase"]
    assert [(f["rule"], f["kind"], f["severity"], f["phrase"]) for f in data["forbidden"]] == [
        ("refusal.no_bargain", "refusal", "major", "不-讲-价"),
        ("blame.read_yourself", "blame", "major", "自己看详情"),  # the longest match wins
    ]
    assert all(f["message"] and f["suggestion"] for f in data["forbidden"])
    assert {(p["category"], p["phrase"]) for p in data["politeness"]} == {
        ("honorific", "亲"), ("greeting", "亲"), ("apology", "不好意思")}  # 亲 opening a reply greets


def test_check_offsets_in_traditional_and_full_width():
    text = "ＯＫ，這個我也沒辦法！"
    [data] = json_lines(run("check", "--json", text).output)
    [hit] = data["forbidden"]
    assert (hit["rule"], hit["phrase"]) == ("refusal.no_way", "沒辦法")
    assert (hit["start"], hit["end"]) == (text.index("沒辦法"), text.index("沒辦法") + 3)


def test_check_explains_in_english_with_lang_en():
    [data] = json_lines(run("--lang", "en", "check", "--json", "不讲价").output)
    [hit] = data["forbidden"]
    assert hit["message"] == Judge().lexicon.by_id("refusal.no_bargain").message_en
    assert hit["message"].startswith("Bargaining is normal")
    assert hit["suggestion"] == Judge().lexicon.by_id("refusal.no_bargain").suggestion  # Chinese
    human = run("--lang", "en", "check", "不讲价")
    assert "Bargaining is normal" in human.output and "No politeness" in human.output


def test_check_reads_stdin_one_reply_per_line():
    lines = ["您好,请稍等", "", "爱买不买", "不知道您平时穿多大码呢"]
    for args in (["check", "--json"], ["check", "--json", "-"]):
        result = run(*args, stdin="\n".join(lines) + "\n")
        assert result.exit_code == 0, result.output
        data = json_lines(result.output)
        assert [d["text"] for d in data] == lines
        assert [bool(d["forbidden"]) for d in data] == [False, False, True, False]
        assert [bool(d["politeness"]) for d in data] == [True, False, False, True]


def test_check_repeated_lines_read_as_when_alone():
    lines = ["亲,在的", "这个不能退", "亲,在的", "我们不参与刷单、刷好评", "这个不能退", "亲,在的"]
    batch = run("check", "--json", stdin="\n".join(lines) + "\n")
    assert batch.exit_code == 0, batch.output
    alone = [run("check", "--json", line).output for line in dict.fromkeys(lines)]
    by_text = dict(zip(dict.fromkeys(lines), alone, strict=True))
    assert batch.output.splitlines() == [by_text[line].rstrip("\n") for line in lines]
    assert json_lines(batch.output)[1]["forbidden"] and not json_lines(batch.output)[3]["forbidden"]


def test_check_several_texts_keep_their_order():
    data = json_lines(run("check", "--json", "好评返现", "谢谢亲").output)
    assert [d["text"] for d in data] == ["好评返现", "谢谢亲"]
    assert data[0]["forbidden"][0]["kind"] == "violation"


def test_check_human_output_shows_flags_and_suggestions():
    result = run("check", "不讲价", "您好")
    assert result.exit_code == 0
    out = result.output
    assert "不讲价" in out and "refusal.no_bargain" in out
    assert Judge().lexicon.by_id("refusal.no_bargain").suggestion in out
    assert "礼貌用语" in out and "greeting" in out


def test_check_text_is_not_markup_or_escape():
    text = "[bold red]你有病[/bold red]\x1b[2J"
    result = run("check", text)
    assert result.exit_code == 0
    assert "[bold red]" in result.output
    assert "\x1b[2J" not in result.output


def make_transcript(tmp_path: Path, kefu_home: Path) -> Path:
    replies = tmp_path / "replies.txt"
    replies.write_text("亲,您好!别家打折是活动哦\n不讲价\n", encoding="utf-8")
    result = run("drill", "-s", "bargain_others_discount", "--replies", str(replies), "--json",
                 "--seed", "1")
    assert result.exit_code == 0, result.output
    drill = json.loads(result.output)
    [path] = list((kefu_home / "drills").glob("*.json"))
    assert json.loads(path.read_text(encoding="utf-8"))["seed"] == 1
    return path, drill


def test_score_rescores_a_saved_transcript(tmp_path, kefu_home):
    path, drill = make_transcript(tmp_path, kefu_home)
    result = run("score", "--json", str(path))
    assert result.exit_code == 0, result.output
    [data] = json_lines(result.output)
    assert data["scenario"] == "bargain_others_discount"
    assert data["score"]["total"] == drill["score"]["total"]
    assert data["score"]["dimensions"] == drill["score"]["dimensions"]
    assert data["score"]["omitted"] == {"responsiveness": "no timings"}
    assert any(m["rule"] == "refusal.no_bargain" and m["points"] < 0
               for m in data["score"]["marks"])
    assert data["scenario_changed"] is False


def test_score_ignores_a_score_edited_in_the_file(tmp_path, kefu_home):
    path, drill = make_transcript(tmp_path, kefu_home)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["score"] = {"total": 100, "dimensions": {"politeness": 100}, "marks": []}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    [data] = json_lines(run("score", "--json", str(path)).output)
    assert data["score"]["total"] == drill["score"]["total"] < 100


def test_score_recomputes_an_outcome_edited_in_the_file(tmp_path, kefu_home):
    path, drill = make_transcript(tmp_path, kefu_home)
    assert drill["outcome"]["good"] is False
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["outcome"] = {"id": "deal", "label": "成交", "good": True, "closing": ""}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    [data] = json_lines(run("score", "--json", str(path)).output)
    assert data["score"]["dimensions"]["outcome"] == 0
    assert data["score"]["total"] == drill["score"]["total"]


def test_score_human_report_and_english_messages(tmp_path, kefu_home):
    path, drill = make_transcript(tmp_path, kefu_home)
    human = run("score", str(path))
    assert human.exit_code == 0, human.output
    assert "不讲价" in human.output and f"{drill['score']['total']}" in human.output
    [data] = json_lines(run("--lang", "en", "score", "--json", str(path)).output)
    messages = {m["rule"]: m["message"] for m in data["score"]["marks"]}
    assert messages["politeness.none"] == "This reply has no polite wording."
    assert any(m.startswith("Not done: ") for m in messages.values())


def test_score_bad_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("score", str(bad))
    assert result.exit_code == 2
    assert str(bad) in result.output and "Traceback" not in result.output


def test_check_shows_each_clause_and_the_scope_of_its_negations():
    text = "我们店铺不参与刷单、刷好评,这违反淘宝平台规则"
    out = run("check", text).output
    assert "不参与 → 刷单、刷好评" in out and "没有发现禁用语" in out
    [data] = json_lines(run("check", "--json", text).output)
    first, second = data["clauses"]
    assert first["negations"][0]["cue"] == "不参与"
    assert first["negations"][0]["scope"] == "刷单、刷好评"
    assert second["text"] == "这违反淘宝平台规则" and data["forbidden"] == []
    [cond] = json_lines(run("check", "--json", "如果周五到不了,我给您全额退款").output)
    assert cond["clauses"][0]["mood"] == "condition" and cond["forbidden"] == []
