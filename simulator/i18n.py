"""Message lookup: zh-CN by default, English with ``--lang en`` or ``KEFU_LANG=en``.

All user-facing strings live in :mod:`simulator.messages`.
"""

from __future__ import annotations

import os

from .messages import MESSAGES

LANGUAGES = ("zh", "en")
_current: str | None = None


def set_language(lang: str | None) -> None:
    global _current
    _current = normalise(lang) if lang else None


def normalise(lang: str) -> str:
    lang = lang.lower().replace("_", "-")
    if lang.startswith("en"):
        return "en"
    if lang.startswith("zh"):
        return "zh"
    raise ValueError(lang)


def language() -> str:
    if _current:
        return _current
    env = os.environ.get("KEFU_LANG")
    if env:
        try:
            return normalise(env)
        except ValueError:
            return "zh"
    return "zh"


def t(key: str, **params) -> str:
    """The message ``key`` in the current language, with ``{params}`` filled in. English has
    plurals: an entry's ``en_one`` is used when ``n`` is 1 ("1 problem", not "1 problems");
    Chinese needs none."""
    entry = MESSAGES[key]
    lang = language()
    text = entry.get(lang) or entry["zh"]
    if lang == "en" and params.get("n") == 1 and "en_one" in entry:
        text = entry["en_one"]
    return text.format(**params) if params else text
