"""Every rule carries its own examples: what it must catch and the look-alikes it must not.

:func:`verify_examples` runs them through a :class:`~scoring.matcher.Matcher`; the meta-tests
run it on the built-in lexicon, and :func:`load_checked_lexicon` on an overlay's own rules when
the overlay is loaded, so a teacher's rule that misses its examples is a file:line error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .datafile import DataError, Problem
from .lexicon import Lexicon, Rule, load_lexicon
from .matcher import CheckResult, Hit, Matcher


def verify_examples(matcher: Matcher, rules: list[Rule] | None = None) -> list[Problem]:
    """Run each rule's own examples through ``matcher``; return what does not hold.

    A politeness or forbidden rule must catch every one of its ``examples`` and none of its
    ``not`` look-alikes. An ``allow`` example must come out with no forbidden wording at all and a
    ``neutral`` example with no politeness at all.
    """
    problems: list[Problem] = []

    def add(rule: Rule, field: str, message: str) -> None:
        file, _, line = rule.source.rpartition(":")
        problems.append(Problem(file or "?", int(line) if line.isdigit() else 0,
                                f"{rule.id}.{field}", message))

    for rule in matcher.lexicon.rules if rules is None else rules:
        for i, example in enumerate(rule.examples):
            result = matcher.check(example)
            if rule.group == "allow":
                found = [h.rule.id for h in result.forbidden]
                if found:
                    add(rule, f"examples[{i}]", f"{example!r} is still flagged: {', '.join(found)}")
            elif rule.group == "neutral":
                found = [h.phrase for h in result.politeness]
                if found:
                    add(rule, f"examples[{i}]", f"{example!r} still counts as polite: "
                        + ", ".join(found))
            elif not any(h.rule.id == rule.id for h in _all_hits(result)):
                add(rule, f"examples[{i}]", f"{example!r} is not caught by this rule")
        for i, example in enumerate(rule.counterexamples):
            result = matcher.check(example)
            if any(h.rule.id == rule.id for h in _all_hits(result)):
                add(rule, f"not[{i}]", f"{example!r} is caught by this rule but must not be")
    return problems


@lru_cache(maxsize=16)
def load_checked_lexicon(overlay: str | None = None) -> Lexicon:
    """:func:`~scoring.lexicon.load_lexicon`, and an overlay's own rules must catch their
    examples and spare their look-alikes (DataError naming file, line and field otherwise)."""
    lexicon = load_lexicon(overlay)
    if overlay:
        added = [r for r in lexicon.rules if r.source.startswith(f"{Path(overlay)}:")]
        problems = verify_examples(Matcher(lexicon), added)
        if problems:
            raise DataError(problems)
    return lexicon


def _all_hits(result: CheckResult) -> tuple[Hit, ...]:
    return result.politeness + result.forbidden + result.plain_address
