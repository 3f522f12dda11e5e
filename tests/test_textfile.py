"""Text files from Windows lab PCs: UTF-8, UTF-8 with BOM, UTF-16 and GBK ("ANSI" in Notepad)
are read alike, through one reader that says which encoding it assumed; other bytes are a clear
error naming the file and line."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from exam_helpers import scenario_script, take, write_exam

from scoring.datafile import DataError
from scoring.textfile import TextFileError, decode, set_listener

TEXT = "亲,您好!\n这款四件套可以送您一对枕套哦。\n"
FIXTURES = Path(__file__).parent / "fixtures"
ENCODINGS = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-sig": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16": TEXT.encode("utf-16"),  # with its BOM, as Notepad's "Unicode"
    "gbk": TEXT.encode("gbk"),
}


@pytest.fixture
def heard():
    said: list[tuple[str, str]] = []
    set_listener(lambda path, encoding: said.append((path, encoding)))
    yield said
    set_listener(None)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_each_encoding_reads_the_same_text(encoding, heard):
    decoded = decode(ENCODINGS[encoding], "r.txt")
    assert decoded.text == TEXT and decoded.encoding == encoding
    assert decoded.raw == ENCODINGS[encoding]
    assert heard == ([] if encoding.startswith("utf-8") else [("r.txt", encoding)])


def test_gb18030_only_characters_are_read_too(heard):
    text = "𠮷野家的亲"  # outside GBK, inside GB18030
    assert decode(text.encode("gb18030"), "x").text == text


def test_neither_utf8_nor_gbk_names_line_and_byte(heard):
    with pytest.raises(TextFileError) as info:
        decode("第一行\n第二行\n".encode() + b"\xff\xfe\xff", "bad.txt")
    assert (info.value.path, info.value.line, info.value.byte) == ("bad.txt", 3, 0xFF)
    assert "bad.txt:3" in str(info.value)
    with pytest.raises(TextFileError) as info:  # a BOM promises UTF-8: no guessing after it
        decode(codecs.BOM_UTF8 + "好".encode("gbk"), "bom.txt")
    assert info.value.line == 1
    assert heard == []


def test_scenario_files_in_gbk_load_and_bad_bytes_are_a_problem():
    from scenarios.loader import load_scenario

    assert load_scenario(FIXTURES / "encodings" / "scenario_gbk.yaml").title == "迷你场景"
    with pytest.raises(DataError) as info:
        load_scenario(FIXTURES / "scenarios_bad" / "not_text.yaml")
    [problem] = info.value.problems
    assert (problem.line, problem.field) == (4, "file") and "0xff" in problem.message


def test_replies_exam_overlay_and_result_files_from_notepad(tmp_path, kefu, db_url):
    """Each kind of file a teacher or student edits, saved as GBK or with a BOM: the real
    command reads it and names the file it read as GBK."""
    replies = tmp_path / "replies.txt"
    replies.write_bytes("\n".join(scenario_script("good")).encode("gbk"))
    drill = kefu("drill", "--scenario", "bargain_others_discount", "--replies", replies, "--json")
    assert drill.returncode == 0, drill.stderr
    assert json.loads(drill.stdout)["score"]["total"] >= 85
    assert f"{replies} 不是 UTF-8 编码,已按 GBK 读取" in drill.stderr

    overlay = tmp_path / "class.yaml"
    overlay.write_bytes((FIXTURES.parent / "data" / "overlays" / "good_class.yaml")
                        .read_text(encoding="utf-8").encode("gbk"))
    check = kefu("check", "--overlay", overlay, "--json", "侬好呀")
    assert check.returncode == 0, check.stderr
    assert "class.greeting" in check.stdout and str(overlay) in check.stderr

    exam = write_exam(tmp_path)
    exam.write_bytes(exam.read_text(encoding="utf-8").encode("gbk"))  # title 期中考试 in GBK
    out = tmp_path / "out"
    for sid in ("s01", "s02"):
        assert take(exam, sid, scenario_script("good"), out).exit_code == 0
    gbk_file, bom_file = sorted(out.glob("*.kefu.json"))
    gbk_file.write_bytes(gbk_file.read_text(encoding="utf-8").encode("gbk"))
    bom_file.write_bytes(codecs.BOM_UTF8 + bom_file.read_bytes())
    collect = kefu("exam", "collect", exam, out, "--json")
    assert collect.returncode == 0, collect.stderr
    assert [f["status"] for f in json.loads(collect.stdout)["files"]] == ["imported"] * 2
    assert str(gbk_file) in collect.stderr and str(bom_file) not in collect.stderr
    shown = kefu("grades", "show", "mid1", "--json")
    assert json.loads(shown.stdout)["exam"]["title"] == "期中考试"


def test_a_file_in_no_known_encoding_is_refused_by_name(tmp_path, kefu):
    replies = tmp_path / "garbage.txt"
    replies.write_bytes(b"\xff\xfd\xff\n" * 3)
    result = kefu("drill", "--scenario", "bargain_others_discount", "--replies", replies)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "garbage.txt" in result.stderr and "0xff" in result.stderr


def test_a_file_held_open_elsewhere_is_replaced_once_it_is_let_go(tmp_path, monkeypatch):
    """Windows refuses to replace a file another program holds open (PermissionError): the
    atomic write retries for a while instead of failing a student's autosave at once."""
    import os

    from simulator import files

    target = tmp_path / "mid1-s01.kefu.json"
    target.write_text("old", encoding="utf-8")
    real, refusals = os.replace, []

    def busy_then_free(src, dst):
        if len(refusals) < 3:
            refusals.append(dst)
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", busy_then_free)
    files.atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and len(refusals) == 3
    def always_busy(src, dst):
        raise PermissionError(13, "busy", str(dst))

    monkeypatch.setattr(files.os, "replace", always_busy)
    monkeypatch.setattr(files, "REPLACE_TRIES", 3)
    with pytest.raises(PermissionError):
        files.atomic_write_text(target, "newer")
    assert target.read_text(encoding="utf-8") == "new"
    assert not list(tmp_path.glob("*.tmp"))  # no temporary file left
