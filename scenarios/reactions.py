"""How a reply makes the buyer feel: patience points for warmth, relevance, coldness and blame,
read from ``reactions.yaml`` and scaled by the persona's sensitivity."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from scoring.datafile import Checker, load_yaml

REACTIONS_FILE = Path(__file__).parent / "reactions.yaml"
KEYS = ("warmth", "warmth_max", "engaging", "relevant", "dodged", "cold", "plain_address",
        "blame")


@lru_cache(maxsize=1)
def points() -> dict[str, int]:
    doc = load_yaml(REACTIONS_FILE)
    chk = Checker(str(REACTIONS_FILE))
    chk.schema_version(doc, 1)
    table = chk.mapping(doc, "reactions", "reactions") or {}
    chk.unknown_keys(table, set(KEYS), "reactions.")
    out = {k: chk.number(table, k, f"reactions.{k}", -50, 50, integer=True) for k in KEYS}
    chk.raise_if_any()
    return out


def reaction(scenario, node, obs, state) -> tuple[tuple[str, int], ...]:
    """``(reason, points)`` for one reply at ``node``; reasons: warmth, engaging, relevant,
    dodged, cold, plain_address, blame."""
    p = points()
    check = obs.check
    rude = bool(check.major())
    felt: list[tuple[str, int]] = []
    warm = len(check.categories() - {"honorific"})
    if warm and not rude:
        felt.append(("warmth", min(p["warmth_max"], p["warmth"] * warm)))
    if obs.question and not rude:
        felt.append(("engaging", p["engaging"]))
    if node.needs:
        waiting = {s for need in node.needs for s in need}
        if waiting & obs.covered():
            felt.append(("relevant", p["relevant"]))
        elif not (waiting & state.covered):
            felt.append(("dodged", p["dodged"]))
    if not check.categories():  # silence included
        felt.append(("cold", p["cold"]))
    if check.plain_address:
        felt.append(("plain_address", p["plain_address"]))
    if any(h.rule.kind == "blame" for h in check.major()):
        felt.append(("blame", p["blame"]))
    scale = scenario.persona.temperament.sensitivity
    return tuple((why, round(n * scale)) for why, n in felt if round(n * scale))
