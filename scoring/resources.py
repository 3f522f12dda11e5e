"""Where the scoring data lives, and the language tables every stage reads.

The first stage of the pipeline (normalise → clauses → match → constructions → judge) imports
nothing else from ``scoring``; each later stage imports only earlier ones and this module.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .datafile import Checker, Node, load_yaml

LEXICON_DIR = Path(__file__).parent / "lexicons"
LANGUAGE_FILE = LEXICON_DIR / "language.yaml"


@lru_cache(maxsize=1)
def language() -> Node:
    """``lexicons/language.yaml`` parsed once (each reader validates its own section)."""
    return load_yaml(LANGUAGE_FILE)


def checker() -> Checker:
    """A fresh problem collector naming the language file."""
    return Checker(str(LANGUAGE_FILE))
