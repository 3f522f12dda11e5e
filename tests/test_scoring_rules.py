"""Meta-test of the lexicons: every rule proves itself with its own examples.

Also: the loader rejects a rule without examples, names file:line:field for every problem in an
overlay, and an overlay really adds and removes wording (``kefu check --overlay FILE``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scoring import DataError, Judge
from scoring.lexicon import (
    FORBIDDEN_KINDS,
    LEXICON_DIR,
    NOT_LEXICON,
    POLITENESS_CATEGORIES,
    load_builtin_file,
    load_lexicon,
)
from scoring.matcher import Matcher
from scoring.verify import load_checked_lexicon, verify_examples
from simulator.cli import get_app

OVERLAYS = Path(__file__).parent / "data" / "overlays"
LEXICON_FILES = sorted(p for p in LEXICON_DIR.glob("*.yaml")
                       if p.name not in NOT_LEXICON)
MAJOR_KINDS = ("insult", "refusal", "blame", "impatience", "violation")


def rule_ids():
    return [r.id for r in load_lexicon().rules]


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_lexicon())


@pytest.mark.parametrize("path", LEXICON_FILES, ids=lambda p: p.name)
def test_every_rule_in_every_file_has_examples(path):
    rules = load_builtin_file(path)
    assert rules
    for rule in rules:
        assert rule.examples, f"{rule.source}: {rule.id} has no examples"


@pytest.mark.parametrize("rule_id", rule_ids())
def test_rule_examples_hold(matcher, rule_id):
    """Examples are caught by their own rule, `not` look-alikes are not; allow/neutral examples
    come out clean."""
    rule = matcher.lexicon.by_id(rule_id)
    problems = verify_examples(matcher, [rule])
    assert not problems, "\n".join(str(p) for p in problems)


def test_lexicon_covers_the_issue(matcher):
    rules = matcher.lexicon.rules
    assert {r.category for r in rules if r.group == "politeness"} == set(POLITENESS_CATEGORIES)
    for kind in MAJOR_KINDS:
        assert any(r.kind == kind and r.severity == "major" for r in rules), kind
    soft = [r for r in rules if r.group == "forbidden" and r.severity == "soft"]
    assert soft and all(r.kind in ("negative", "vague") for r in soft)
    assert {r.kind for r in rules if r.group == "forbidden"} <= set(FORBIDDEN_KINDS)
    assert any(r.group == "allow" for r in rules) and any(r.group == "neutral" for r in rules)


def test_built_in_rules_explain_themselves_in_both_languages(matcher):
    for rule in matcher.lexicon.rules:
        if rule.group in ("politeness", "forbidden"):
            assert rule.message and rule.message_en, rule.id
            assert rule.suggestion or rule.group == "politeness", rule.id


@pytest.mark.parametrize("text, kind", [
    ("你有病吧", "insult"), ("不知道", "refusal"), ("不清楚", "refusal"), ("没办法", "refusal"),
    ("不讲价", "refusal"), ("不归我管", "refusal"), ("规定就是这样", "refusal"),
    ("你自己看", "blame"), ("不是我们的问题", "blame"), ("你看错了", "blame"),
    ("是快递的问题", "blame"), ("爱买不买", "impatience"), ("我说过了", "impatience"),
    ("烦不烦", "impatience"), ("随便你投诉", "impatience"), ("好评返现", "violation"),
    ("删差评给红包", "violation"), ("加微信私下交易", "violation"), ("线下付款", "violation"),
])
def test_issue_phrases_are_major(matcher, text, kind):
    assert kind in {h.rule.kind for h in matcher.check(text).major()}


@pytest.mark.parametrize("text", ["这款不能机洗", "金色的没货了", "不支持花呗分期", "应该没问题吧",
                                  "不能退的亲,不过可以帮您换货"])
def test_soft_negatives_weigh_less(matcher, text):
    result = matcher.check(text)
    assert result.soft() and not result.major()
    judge = Judge()
    assert judge.rubric.soft < judge.rubric.major


# ---- the validator itself ------------------------------------------------------------------
RULE = """\
schema_version: 1
forbidden:
  - id: test.rule
    kind: refusal
    severity: major
    phrases: [不卖]
    message: 不要拒绝顾客。
    suggestion: 我帮您看看。
{extra}"""


def test_rule_without_examples_fails_to_load(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(RULE.format(extra=""), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_builtin_file(path)
    assert f"{path}:3: forbidden[0].examples: is required" in str(info.value)


def test_verify_reports_examples_that_do_not_hold(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(RULE.format(extra="    examples: [这个不卖, 不能卖]\n    not: [不卖萌]\n"),
                    encoding="utf-8")
    from scoring.lexicon import Lexicon

    lexicon = Lexicon(load_builtin_file(path))
    problems = [str(p) for p in verify_examples(Matcher(lexicon))]
    assert problems == [
        f"{path}:3: test.rule.examples[1]: '不能卖' is not caught by this rule",
        f"{path}:3: test.rule.not[0]: '不卖萌' is caught by this rule but must not be",
    ]


def test_allow_and_neutral_examples_must_come_out_clean(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        RULE.format(extra="    examples: [不卖]\n")
        + "allow:\n  - id: test.allow\n    phrases: [不卖萌]\n    message: m\n"
        "    examples: [不卖萌, 这个不卖]\n"
        "neutral:\n  - id: test.neutral\n    phrases: [亲肤]\n    message: m\n"
        "    examples: [面料亲肤, 您看面料亲肤]\n", encoding="utf-8")
    from scoring.lexicon import Lexicon

    lexicon = Lexicon(load_builtin_file(path) + load_lexicon().group("politeness"))
    problems = [str(p) for p in verify_examples(Matcher(lexicon))
                if p.field.startswith("test.")]
    assert problems == [
        f"{path}:11: test.allow.examples[1]: '这个不卖' is still flagged: test.rule",
        f"{path}:16: test.neutral.examples[1]: '您看面料亲肤' still counts as polite: 您",
    ]


# ---- overlays ------------------------------------------------------------------------------
BAD_OVERLAYS = sorted(p for p in OVERLAYS.glob("*.yaml") if p.name != "good_class.yaml")


def expected_error(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", BAD_OVERLAYS, ids=lambda p: p.stem)
def test_bad_overlay_names_file_line_and_field(path):
    with pytest.raises(DataError) as info:
        load_checked_lexicon(str(path))
    assert expected_error(path) in str(info.value)


@pytest.mark.parametrize("path", BAD_OVERLAYS, ids=lambda p: p.stem)
def test_bad_overlay_on_the_command_line(path):
    result = CliRunner().invoke(get_app(), ["check", "--overlay", str(path), "你好"])
    assert result.exit_code == 2
    assert expected_error(path) in result.output
    assert "Traceback" not in result.output


def check_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(get_app(), ["check", "--json", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_overlay_adds_and_removes():
    overlay = str(OVERLAYS / "good_class.yaml")
    texts = ["这款yyds", "侬好", "谢绝还价", "金色的没有了"]
    before = check_json(*texts)
    after = check_json("--overlay", overlay, *texts)
    rules = [[f["rule"] for f in r["forbidden"]] for r in after]
    assert [[f["rule"] for f in r["forbidden"]] for r in before] == [
        [], [], ["refusal.no_bargain"], ["negative.none"]]
    assert rules == [["class.slang"], [], [], []]
    assert [p["category"] for p in after[1]["politeness"]] == ["greeting"]
    assert before[1]["politeness"] == []
    # the built-in lexicon is unchanged for the next user
    assert Judge().check("谢绝还价").major()


def test_a_catastrophic_overlay_pattern_is_bounded(tmp_path):
    """Issue 12 item 9: an overlay's '(a|aa)+$' backtracks exponentially on 'aaa…!'; the judge
    runs overlay patterns under a time bound, and a search that runs out of time does not match
    (the match stays flagged)."""
    path = tmp_path / "slow.yaml"
    path.write_text(
        "schema_version: 1\nadd:\n  forbidden:\n    - id: class.slow\n      kind: negative\n"
        "      severity: soft\n      phrases: [绝绝子]\n      message: m\n      suggestion: s\n"
        "      examples: [绝绝子]\n      context:\n        - unless_after: '(a|aa)+$'\n",
        encoding="utf-8")
    judge = Judge(overlay=str(path))
    result = judge.check("绝绝子" + "a" * 60 + "!")
    assert [h.rule.id for h in result.forbidden] == ["class.slow"]
    assert not judge.check("绝绝子aa").forbidden  # the pattern still works where it can
