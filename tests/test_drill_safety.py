"""Student and scenario text is shown as text: never rich markup, never terminal escapes."""

from __future__ import annotations

import json
import re

EVIL = "[bold red]x[/] 不讲价 \x1b[2J\x1b]0;pwned\x07 您好"
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # colour codes rich itself writes


def shown(text: str) -> str:
    """What the terminal shows once rich's own colour codes are applied."""
    return ANSI_STYLE.sub("", text)


def assert_inert(output: str) -> None:
    assert "[bold red]x[/]" in shown(output)  # the markup is printed literally
    assert "\x1b[2J" not in output and "\x1b]0;" not in output and "\x07" not in output
    assert "[2J" in shown(output)  # what is left of the escape is visible, harmless text


def test_report_card_shows_reply_literally(kefu, tmp_path):
    replies = tmp_path / "r.txt"
    replies.write_text(EVIL + "\n", encoding="utf-8")
    result = kefu("drill", "-s", "bargain_others_discount", "--replies", replies, "--seed", "1",
                  env={"FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    assert "\x1b[" in result.stdout  # colours are on, so markup would have been rendered
    assert_inert(result.stdout)
    assert "不讲价" in shown(result.stdout)


def test_check_output_shows_reply_literally(kefu):
    result = kefu("check", EVIL, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in result.stdout
    assert_inert(result.stdout)


def test_json_keeps_the_reply_exactly(kefu, tmp_path):
    replies = tmp_path / "r.txt"
    replies.write_text(EVIL + "\n", encoding="utf-8")
    result = kefu("drill", "-s", "bargain_others_discount", "--replies", replies, "--json")
    assert "\x1b" not in result.stdout  # escaped as \\u001b by JSON
    assert json.loads(result.stdout)["turns"][0]["reply"] == EVIL


def test_scenario_text_is_not_markup(kefu, tmp_path):
    from scenarios.loader import BUILTIN_DIR

    text = (BUILTIN_DIR / "bargain_others_discount.yaml").read_text(encoding="utf-8")
    text = text.replace("id: bargain_others_discount", "id: evil_shop").replace(
        "name: 爱砍价的小林", 'name: "[blink]小林[/] \\e[2J"')
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "evil.yaml").write_text(text, encoding="utf-8")
    result = kefu("scenarios", "show", "evil_shop", "--scenarios", folder,
                  env={"FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    assert "[blink]小林[/]" in shown(result.stdout)
    assert "\x1b[2J" not in result.stdout
