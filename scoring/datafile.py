"""Line-aware YAML loading and problem reporting for kefu's data files.

Every mapping read through :func:`load_yaml` is a :class:`Node` (a ``dict``) that remembers the
line of each key, so validators can report ``file:line: field: what is wrong``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class DataError(Exception):
    """One or more problems in a data file; ``str()`` lists them one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Node(dict):
    """A YAML mapping that knows where it and each of its keys stood."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    """A YAML sequence that knows the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~7x faster
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Node:
    loader.flatten_mapping(node)
    result = Node()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain values", key_node.start_mark
            )
        if key in result.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    result = Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


MAX_INT = 10**18  # no number in kefu's files is this large (and it still prints)


def _checked(construct):
    """A scalar constructor whose value errors (a 4,301-digit integer, 2026-13-45, 25:00)
    become a YAML error at the value's line instead of escaping as a ValueError."""

    def wrapper(loader: _Loader, node: yaml.ScalarNode):
        try:
            value = construct(loader, node)
            if isinstance(value, int) and abs(value) >= MAX_INT:
                raise ValueError("too large")
            return value
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value[:40]!r} is not a usable value ({str(exc)[:80]})",
                node.start_mark) from None

    return wrapper


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
for _tag in ("int", "float", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                            _checked(_Loader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))


def parse_yaml(text: str, name: str):
    """Parse YAML text; syntax errors become a :class:`DataError` naming ``name`` and the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.reader.ReaderError as exc:  # a control character: name its line
        where = text.find(chr(exc.character))
        line = text[:where].count("\n") + 1 if where >= 0 else 0
        raise DataError([Problem(name, line, "yaml", f"control character {chr(exc.character)!r} "
                                 "is not allowed")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise DataError([Problem(name, line, "yaml", str(exc.problem or exc))]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, 0, "yaml", str(exc))]) from None


def load_yaml(path: str | Path):
    """Read and parse one YAML file; unreadable or undecodable files become a DataError."""
    return parse_yaml(read_source(path).text, str(path))


def read_source(path: str | Path, limit: int | None = None):
    """A data file as text (UTF-8, UTF-8 with BOM, UTF-16 or GBK: :mod:`scoring.textfile`);
    unreadable, too large (``limit`` bytes) or undecodable files become a DataError."""
    from .textfile import TextFileError, read_text

    try:
        return read_text(path, limit)
    except TextFileError as exc:
        raise DataError([Problem(str(path), exc.line, "file",
                                 f"not UTF-8 or GBK text (byte 0x{exc.byte:02x}); "
                                 "save the file as UTF-8")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), 0, "file", exc.strerror or str(exc))]) from None
    except ValueError:
        raise DataError([Problem(str(path), 0, "file", f"larger than {limit:,} bytes")]) from None


class Checker:
    """Collects problems while validating one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, where, key, field: str, message: str) -> None:
        if isinstance(where, Node) or isinstance(where, Seq) and isinstance(key, int):
            line = where.line_of(key)
        else:
            line = getattr(where, "line", 0)
        self.problems.append(Problem(self.file, line, field, message))

    def mapping(self, parent, key, field: str, required: bool = True) -> Node | None:
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(parent, key, field, "is required")
            return None
        if not isinstance(value, Node):
            self.add(parent, key, field, "must be a mapping")
            return None
        return value

    def seq(self, parent, key, field: str, required: bool = True) -> Seq | None:
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(parent, key, field, "is required")
            return None
        if not isinstance(value, Seq):
            self.add(parent, key, field, "must be a list")
            return None
        return value

    def text(self, parent, key, field: str, required: bool = True) -> str | None:
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(parent, key, field, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(parent, key, field, "must be text")
            return None
        value = str(value)
        if not value.strip():
            self.add(parent, key, field, "must not be empty")
            return None
        return value

    def texts(self, parent, key, field: str, required: bool = True) -> list[str]:
        """A list of non-empty strings (a single string is accepted as a one-item list)."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(parent, key, field, "is required")
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.add(parent, key, field, "must be a list of text")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                self.add(value if isinstance(value, Seq) else parent, i if isinstance(value, Seq) else key,
                         f"{field}[{i}]", "must be non-empty text")
            else:
                out.append(str(item))
        if not out and required:
            self.add(parent, key, field, "must list at least one item")
        return out

    def number(self, parent, key, field: str, lo=None, hi=None, required: bool = True,
               integer: bool = False):
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(parent, key, field, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            integer and not isinstance(value, int)
        ):
            self.add(parent, key, field, "must be a whole number" if integer else "must be a number")
            return None
        if isinstance(value, float) and not math.isfinite(value):  # .nan, .inf: never a score
            self.add(parent, key, field, f"must be a finite number, not {value}")
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            self.add(parent, key, field, f"must be between {lo} and {hi}, not {value}")
            return None
        return value

    def unknown_keys(self, node, allowed: set[str], prefix: str) -> None:
        if not isinstance(node, dict):
            return
        for key in node:
            if key not in allowed:
                self.add(node, key, f"{prefix}{key}" if prefix else str(key),
                         "unknown field (allowed: " + ", ".join(sorted(allowed)) + ")")

    def schema_version(self, doc, supported: int) -> None:
        """Check the file's ``schema_version``: missing, too new or unsupported."""
        version = doc.get("schema_version")
        if version is None:
            self.add(doc, "schema_version", "schema_version", "is required")
        elif version != supported:
            word = "too new" if isinstance(version, int) and version > supported else "unsupported"
            self.add(doc, "schema_version", "schema_version",
                     f"{word}: {version!r} (this kefu reads version {supported})")

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
