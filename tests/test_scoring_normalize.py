"""Skipping OpenCC for replies with no convertible character never changes what is matched."""

import unicodedata
from pathlib import Path

import opencc
import yaml

from scoring import normalize as N

DATA = Path(__file__).parent / "data"


def reference(text: str) -> str:
    """The normalised text with every step always applied (no fast paths)."""
    out = unicodedata.normalize("NFKC", text)
    dialect = N._dialect()
    if dialect is not None:
        pattern, mapping = dialect
        out = pattern.sub(lambda m: mapping[m.group()], out)
    return N._converter().convert(out).casefold()


def texts() -> list[str]:
    items = [i["text"] for f in sorted(DATA.glob("replies*.yaml"))
             for i in yaml.safe_load(f.read_text(encoding="utf-8"))]
    converters = [opencc.OpenCC(cfg) for cfg in ("s2twp", "s2hk")]
    traditional = [c.convert(t) for c in converters for t in items]
    return items + traditional + ["別著急", "看著辦", "著名品牌", "瞭解一下", "憑藉", "覆蓋"]


def test_fast_path_gives_the_same_text_as_always_converting():
    checked = 0
    for text in texts():
        expected = reference(text)
        if len(expected) == len(text):  # same length: compare character by character
            assert N.normalize(text).text == expected, text
            checked += 1
    assert checked > 2000


def test_most_simplified_replies_skip_the_converter():
    _, triggers, _ = N._hot()
    simplified = [i["text"] for i in yaml.safe_load((DATA / "replies.yaml").read_text("utf-8"))]
    skipped = sum(1 for t in simplified if not triggers.search(t))
    assert skipped > len(simplified) * 0.6
