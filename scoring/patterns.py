"""Phrase templates and context patterns: the two small notations a lexicon rule is written in.

A phrase may be a template, ``(我|我们)(也)?不管``, that stands for several plain phrases
(:func:`expand_template`, at load time). A rule's ``context`` patterns are regular expressions
around a match (:func:`compile_pattern`, :func:`search`); an overlay's run on the ``regex``
engine under a time bound.
"""

from __future__ import annotations

import re

import regex

MAX_EXPANSION = 500  # plain phrases one template may stand for
PATTERN_TIMEOUT = 0.05  # seconds one context pattern may run on one match
_GROUP = re.compile(r"\(([^()]*)\)(\?)?")


def expand_template(template: str) -> list[str]:
    """The plain phrases a phrase template stands for, in order, without duplicates.

    ``(a|b|c)`` is one of the alternatives, ``(a|b)?`` one of them or nothing, ``(x)?`` x or
    nothing; groups do not nest. Raises ValueError (the message names the problem) for
    unbalanced or nested parentheses, an empty alternative, a template that can stand for the
    empty phrase, or more than MAX_EXPANSION phrases.
    """
    if "(" not in template and ")" not in template and "|" not in template:
        return [template]
    parts: list[list[str]] = []
    pos = 0
    for group in _GROUP.finditer(template):
        _check_plain(template[pos:group.start()])
        choices = group.group(1).split("|")
        if any(not c.strip() for c in choices):
            raise ValueError(f"empty alternative in {group.group(0)!r}")
        parts.append([template[pos:group.start()]])
        parts.append(choices + [""] if group.group(2) else choices)
        pos = group.end()
    _check_plain(template[pos:])
    parts.append([template[pos:]])
    total = 1
    for choices in parts:
        total *= len(choices)
    if total > MAX_EXPANSION:
        raise ValueError(f"template stands for {total} phrases (at most {MAX_EXPANSION}); "
                         "split it into several templates")
    phrases = [""]
    for choices in parts:
        phrases = [p + c for p in phrases for c in choices]
    if any(not p.strip() for p in phrases):
        raise ValueError("template can stand for an empty phrase")
    return list(dict.fromkeys(phrases))


def compile_pattern(pattern: str, trusted: bool = False):
    """A context pattern compiled for :func:`search` (ValueError naming the problem).

    Built-in patterns (``trusted``: shipped with kefu and meta-tested) use ``re``. An overlay's
    patterns are written by teachers and compiled by the ``regex`` engine, whose searches run
    under a time bound (:data:`PATTERN_TIMEOUT`): ``unless_after: '(a|aa)+$'`` cannot stall a
    judge."""
    try:
        if trusted:
            return re.compile(pattern)
        return regex.compile(pattern, regex.VERSION0)
    except (re.error, regex.error, ValueError, TypeError) as exc:
        raise ValueError(f"bad regular expression: {exc}") from None


def search(pattern, text: str) -> bool:
    """Whether ``pattern`` matches in ``text``; an overlay pattern that runs out of time does
    not."""
    if type(pattern) is re.Pattern:
        return pattern.search(text) is not None
    try:
        return pattern.search(text, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        return False


def _check_plain(text: str) -> None:
    for char, problem in (("(", "unbalanced or nested '('"), (")", "unbalanced ')'"),
                          ("|", "'|' outside parentheses")):
        if char in text:
            raise ValueError(problem)
