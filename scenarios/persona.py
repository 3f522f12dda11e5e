"""A scenario's buyer: the ``persona`` block and the persona types' default 催 (nudges.yaml)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scoring.datafile import Checker, DataError, Node, Problem, load_yaml

from .model import PERSONA_TYPES, Persona, Temperament

NUDGES_FILE = Path(__file__).parent / "nudges.yaml"
MAX_WAIT = 600  # seconds: a buyer who waits longer than this never 催s within a reply's time


def read_persona(chk: Checker, doc) -> Persona | None:
    node = chk.mapping(doc, "persona", "persona")
    if node is None:
        return None
    chk.unknown_keys(node, {"type", "name", "temperament", "style", "nudge"}, "persona.")
    ptype = chk.text(node, "type", "persona.type") or ""
    if ptype and ptype not in PERSONA_TYPES:
        chk.add(node, "type", "persona.type", f"must be one of {', '.join(PERSONA_TYPES)}")
    name = chk.text(node, "name", "persona.name") or ""
    style = chk.text(node, "style", "persona.style", required=False) or ""
    temp = chk.mapping(node, "temperament", "persona.temperament")
    default = nudge_defaults().get(ptype, Nudging(45.0, ("在吗?",)))
    patience, decay, sensitivity, wait = 60, 5, 1.0, None
    if temp is not None:
        chk.unknown_keys(temp, {"patience", "decay", "sensitivity", "wait"},
                         "persona.temperament.")
        patience = chk.number(temp, "patience", "persona.temperament.patience", 1, 100,
                              integer=True) or patience
        decay = chk.number(temp, "decay", "persona.temperament.decay", 0, 100, integer=True)
        decay = 5 if decay is None else decay
        sensitivity = chk.number(temp, "sensitivity", "persona.temperament.sensitivity", 0, 3,
                                 required=False)
        sensitivity = 1.0 if sensitivity is None else float(sensitivity)
        wait = chk.number(temp, "wait", "persona.temperament.wait", 1, MAX_WAIT, required=False)
    nudge = default.lines
    if "nudge" in node:  # the scenario's own 催 lines
        nudge = tuple(chk.texts(node, "nudge", "persona.nudge")) or nudge
    temperament = Temperament(patience, decay, sensitivity, float(wait or default.wait))
    return Persona(ptype, name, temperament, style, nudge)


@dataclass(frozen=True)
class Nudging:
    """A persona type's default 催: seconds it waits and the lines it sends."""

    wait: float
    lines: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def nudge_defaults() -> dict[str, Nudging]:
    """scenarios/nudges.yaml: every persona type's default wait and 催 lines."""
    doc = load_yaml(NUDGES_FILE)
    chk = Checker(str(NUDGES_FILE))
    if not isinstance(doc, Node):
        raise DataError([Problem(str(NUDGES_FILE), 1, "(top)", "must be a mapping")])
    chk.schema_version(doc, 1)
    chk.unknown_keys(doc, {"schema_version", "types"}, "")
    types = chk.mapping(doc, "types", "types") or {}
    out = {}
    for ptype in PERSONA_TYPES:
        item = chk.mapping(types, ptype, f"types.{ptype}")
        if item is None:
            continue
        chk.unknown_keys(item, {"wait", "lines"}, f"types.{ptype}.")
        wait = chk.number(item, "wait", f"types.{ptype}.wait", 1, MAX_WAIT)
        lines = chk.texts(item, "lines", f"types.{ptype}.lines")
        out[ptype] = Nudging(float(wait or 45), tuple(lines))
    chk.unknown_keys(types, set(PERSONA_TYPES), "types.")
    chk.raise_if_any()
    return out
