"""In a real terminal the buyer answers what was said: a need already met is acknowledged and
passed over, the date the student gave comes back in the buyer's words, and after a good ending
the student sends the last word, which the report card scores."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_drill_pty import reply, spawn, transcripts

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty

README = Path(__file__).parent.parent / "scenarios" / "README.md"


def test_the_buyer_listens_and_the_student_has_the_last_word(tmp_path):
    block = re.search(r"## A full example\n\n```yaml\n(.*?)```",
                      README.read_text(encoding="utf-8"), re.S).group(1)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "gift.yaml").write_text(block, encoding="utf-8")
    home = tmp_path / "home"
    child = spawn("drill", "--scenarios", folder, "-s", "gift_wrap_friday", "--seed", "0",
                  home=home)
    child.expect("礼盒包装吗|包成礼物吗")
    # the wrap AND the date in one reply: the buyer does not ask the date again
    reply(child, "亲,您好!可以免费礼盒包装,还能写贺卡,顺丰预计周四送到哦~")
    child.expect_exact("买家的感受:热情 +")  # the coach says how the reply landed
    child.expect_exact("周四能到就行")
    child.expect_exact("回一句收尾")
    reply(child, "感谢您的信任,祝阿姨生日快乐,有问题随时找我!")
    child.expect_exact("顾客放心下单")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [path] = transcripts(home)
    text = path.read_text(encoding="utf-8")
    assert "那周五前能送到吗" not in text and "什么时候能到" not in text
    assert "祝阿姨生日快乐" in text
