"""Checking the shape of a JSON document read from a file, reporting every problem at once.

A :class:`Reader` walks the document and records a :class:`Problem` (a message code, the
field's path such as ``turns[3].latency``, and parameters) for each value that is missing or
of the wrong kind, instead of stopping at the first one. The codes are keys of the one
message catalogue (:mod:`simulator.messages`): nothing here is translated, :func:`explain`
does that where the problems are shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .stamps import parse
from .text import one_line

Params = dict[str, "str | int | float"]


@dataclass(frozen=True)
class Problem:
    code: str  # a message key, e.g. "file.not_text"
    path: str  # the field, e.g. "turns[3].latency" ("" for the whole document)
    params: Params = field(default_factory=dict)


class FileProblems(ValueError):
    """A document that does not have the shape it should: every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.path or '.'}: {p.code} {p.params}" for p in problems))
        self.problems = tuple(problems)


def explain(problems: tuple[Problem, ...] | list[Problem]) -> list[str]:
    """Each problem as one translated line: the field, then what is wrong with it."""
    from .i18n import t

    lines = []
    for problem in problems:
        what = t(problem.code, **problem.params)
        lines.append(t("file.problem", field=problem.path, problem=what) if problem.path
                     else what)
    return lines


def shown(value: object) -> str:
    """A value as quoted in a problem: one line, at most 40 characters."""
    return one_line(repr(value))[:40]


def _whole(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Reader:
    """Reads typed values out of JSON objects, recording a problem for each bad one."""

    def __init__(self, owned: bool = False) -> None:
        self.problems: list[Problem] = []
        self.owned = owned  # the document is the reader's to keep: its parts need no copy

    def add(self, code: str, path: str, **params: str | int | float) -> None:
        self.problems.append(Problem(code, path, dict(params)))

    def done(self) -> None:
        if self.problems:
            raise FileProblems(self.problems)

    def _get(self, obj: dict[str, Any], key: str, path: str, required: bool) -> Any:
        value = obj.get(key)
        if value is None and required:
            self.add("file.missing", at(path, key))
        return value

    def _typed(self, obj: dict[str, Any], key: str, path: str, required: bool,
               ok: Callable[[Any], bool], code: str) -> Any:
        value = self._get(obj, key, path, required)
        if value is None:
            return None
        if not ok(value):
            self.add(code, at(path, key), value=shown(value))
            return None
        return value

    def text(self, obj: dict[str, Any], key: str, path: str,
             required: bool = False) -> str | None:
        value: str | None = self._typed(obj, key, path, required,
                                        lambda v: isinstance(v, str), "file.not_text")
        return value

    def flag(self, obj: dict[str, Any], key: str, path: str) -> bool | None:
        value: bool | None = self._typed(obj, key, path, False,
                                         lambda v: isinstance(v, bool), "file.not_bool")
        return value

    def mapping(self, obj: dict[str, Any], key: str, path: str,
                required: bool = False) -> dict[str, Any] | None:
        value: dict[str, Any] | None = self._typed(
            obj, key, path, required, lambda v: isinstance(v, dict), "file.not_object")
        return value

    def items(self, obj: dict[str, Any], key: str, path: str, required: bool = False,
              nonempty: bool = False) -> list[Any] | None:
        value: list[Any] | None = self._typed(obj, key, path, required,
                                              lambda v: isinstance(v, list), "file.not_list")
        if value is not None and nonempty and not value:
            self.add("file.empty", at(path, key))
            return None
        return value

    def integer(self, obj: dict[str, Any], key: str, path: str, required: bool = False,
                low: int | None = None, high: int | None = None) -> int | None:
        value: int | None = self._typed(
            obj, key, path, required,
            lambda v: isinstance(v, int) and not isinstance(v, bool), "file.not_int")
        if value is not None and not ((low is None or value >= low)
                                      and (high is None or value <= high)):
            self.add("file.range", at(path, key), value=shown(value),
                     low=shown(low), high=shown(high))
            return None
        return value

    def number(self, obj: dict[str, Any], key: str, path: str, required: bool = False,
               low: float | None = None, high: float | None = None) -> float | int | None:
        value: float | int | None = self._typed(
            obj, key, path, required,
            lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "file.not_number")
        if value is None:
            return None
        if not math.isfinite(value):
            self.add("file.not_finite", at(path, key), value=shown(value))
            return None
        if not ((low is None or value >= low) and (high is None or value <= high)):
            self.add("file.range", at(path, key), value=shown(value),
                     low=shown(_whole(low)), high=shown(_whole(high)))
            return None
        return value

    def stamp(self, obj: dict[str, Any], key: str, path: str,
              required: bool = False) -> str | None:
        value: str | None = self._typed(obj, key, path, required,
                                        lambda v: parse(v) is not None, "file.not_stamp")
        return value

    def check_stamp(self, value: object, path: str) -> bool:
        if parse(value) is None:
            self.add("file.not_stamp", path, value=shown(value))
            return False
        return True
