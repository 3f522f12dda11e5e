"""Phrase templates in the lexicon: ``(a|b)`` alternatives and ``(x)?`` optional parts, expanded
into plain phrases at load time; a malformed or too large template is a file:line:field error
(also on ``kefu check --overlay``), and an overlay may remove a whole family by its template."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from scoring import DataError
from scoring.lexicon import Lexicon, apply_overlay, load_builtin_file, load_lexicon
from scoring.matcher import Matcher
from scoring.patterns import MAX_EXPANSION, expand_template
from simulator.cli import get_app


def test_alternatives_and_optional_parts_expand_in_order():
    assert expand_template("(我|我们)(也)?不(知道|清楚)") == [
        "我也不知道", "我也不清楚", "我不知道", "我不清楚",
        "我们也不知道", "我们也不清楚", "我们不知道", "我们不清楚",
    ]
    assert expand_template("加(个|一下)?微信") == ["加个微信", "加一下微信", "加微信"]
    assert expand_template("不讲价") == ["不讲价"]


def test_duplicate_expansions_are_kept_once():
    assert expand_template("(说|说)了") == ["说了"]


@pytest.mark.parametrize("template, message", [
    ("不(知道", "unbalanced or nested '('"),
    ("不知道)", "unbalanced ')'"),
    ("不知道|不清楚", "'|' outside parentheses"),
    ("(我|(我们))不管", "unbalanced or nested '('"),
    ("(我||我们)不管", "empty alternative in '(我||我们)'"),
    ("(不管)?", "template can stand for an empty phrase"),
    ("(a|b|c|d|e|f|g|h)(a|b|c|d|e|f|g|h)(a|b|c|d|e|f|g|h)",
     f"template stands for 512 phrases (at most {MAX_EXPANSION})"),
])
def test_malformed_templates_are_refused(template, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        expand_template(template)


LEXICON = """\
schema_version: 1
forbidden:
  - id: test.family
    kind: refusal
    severity: major
    phrases:
      - (我|我们)(也)?(不卖|不换)
      - {bad}
    message: 不要拒绝顾客。
    suggestion: 我帮您看看。
    examples: [我们也不卖]
"""


def test_a_rule_matches_every_expansion(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(LEXICON.format(bad="小店不卖"), encoding="utf-8")
    matcher = Matcher(Lexicon(load_builtin_file(path)))
    for text in ("我们也不卖", "我不换", "我也不卖的", "小店不卖"):
        assert [h.rule.id for h in matcher.check(text).major()] == ["test.family"], text
    assert not matcher.check("他们不卖").major()


def test_bad_template_names_file_line_and_field(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(LEXICON.format(bad="(我|我们不卖"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_builtin_file(path)
    assert (f"{path}:8: forbidden[0].phrases[1]: bad phrase template '(我|我们不卖': "
            "unbalanced or nested '('") in str(info.value)


def test_bad_template_in_an_overlay_on_the_command_line(tmp_path):
    path = tmp_path / "class.yaml"
    path.write_text("schema_version: 1\nadd:\n" + "".join(
        "  " + line + "\n" for line in LEXICON.format(bad="(a|b|c|d|e|f|g|h)" * 3)
        .splitlines()[1:]), encoding="utf-8")
    result = CliRunner().invoke(get_app(), ["check", "--overlay", str(path), "你好"])
    assert result.exit_code == 2
    assert f"{path}:9: add.forbidden[0].phrases[1]: bad phrase template" in result.output
    assert "at most 500" in result.output
    assert "Traceback" not in result.output


def test_overlay_removes_a_family_by_its_template(tmp_path):
    rules = load_lexicon().rules
    path = tmp_path / "class.yaml"
    assert load_lexicon().by_id("refusal.dont_know").phrases.count("不大清楚") == 1
    assert Matcher(Lexicon(rules)).check("我们也不大清楚").major()
    path.write_text("schema_version: 1\nremove: ['不(太|大|怎么)(清楚|了解)']\n",
                    encoding="utf-8")
    matcher = Matcher(Lexicon(apply_overlay(rules, path)))
    assert not matcher.check("我们也不大清楚").major()
    assert matcher.check("这个不清楚").major()  # other phrases of the rule stay
    path.write_text("schema_version: 1\nremove: ['(你们|他们)不(x|y)']\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"remove\[0\]: no rule id or phrase"):
        apply_overlay(rules, path)
