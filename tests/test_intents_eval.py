"""Intent precision and recall on the blind labelled reply sets in tests/data (written by a helper
who never read the intent library), gated at what each set honestly reaches now. First figures,
measured while each set was still blind: set 4 micro precision 0.685, recall 0.767 (then tuned on
it: 0.937 / 0.959); set 5 0.796 / 0.630 (not tuned on); set 6 0.804 / 0.547 (then tuned on it once: 0.855 / 0.635;
most of what it still misses is `greet` for a bare 亲 opening, which this library decides is no
greeting — see the intent's comment); set 7 0.831 / 0.842 (then tuned on it once: 0.835 / 0.868;
its writer counts reassurance such as 别着急 as `empathise`, which this library does not). Every labelled set found must have a
gate, so a new set cannot slip in unmeasured."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from scoring import Judge

DATA = Path(__file__).parent / "data"
# set -> (micro precision, micro recall) it must keep
GATES = {
    "replies_blind4.yaml": (0.93, 0.95),  # tuned on
    "replies_blind5.yaml": (0.78, 0.62),  # held out
    "replies_blind6.yaml": (0.85, 0.63),  # tuned on (first measured 0.804 / 0.547, header)
    "replies_blind7.yaml": (0.83, 0.86),  # tuned on (first measured 0.831 / 0.842, header)
    # sets 8-15: their forbidden wording was tuned on (stop 19), their intents were not
    "replies_blind8.yaml": (0.79, 0.70),  # first measured 0.812 / 0.725
    "replies_blind9.yaml": (0.74, 0.68),  # 0.762 / 0.700
    "replies_blind10.yaml": (0.72, 0.74),  # 0.746 / 0.760
    "replies_blind11.yaml": (0.72, 0.70),  # 0.748 / 0.727
    "replies_blind12.yaml": (0.74, 0.65),  # 0.760 / 0.677
    "replies_blind13.yaml": (0.73, 0.64),  # 0.757 / 0.669
    "replies_blind14.yaml": (0.78, 0.77),  # first 0.803 / 0.723; its intents tuned on (stop 20)
    "replies_blind15.yaml": (0.72, 0.64),  # first 0.737 / 0.641; its intents tuned on a little (stop 20)
    "replies_blind16.yaml": (0.74, 0.66),  # first 0.768 / 0.668; its intents tuned on a little (stop 21)
    "replies_blind17.yaml": (0.74, 0.68),  # first 0.769 / 0.704; not tuned on
    "replies_blind18.yaml": (0.60, 0.68),  # first 0.627 / 0.704; not tuned on
    "replies_blind19.yaml": (0.62, 0.63),  # first B 0.639 / 0.767, A 0.649 / 0.617; not tuned on
    "replies_blind20.yaml": (0.58, 0.62),  # first 0.603 / 0.643; not tuned on
    "replies_blind21.yaml": (0.61, 0.54),  # first 0.636 / 0.563; not tuned on
}


def labelled_sets() -> list[str]:
    names = []
    for path in sorted(DATA.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(items, list) and any(isinstance(i, dict) and "intents" in i for i in items):
            names.append(path.name)
    return names


def measure(name: str) -> tuple[float, float, Counter, Counter]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    judge = Judge()
    tp, fp, fn = Counter(), Counter(), Counter()
    for item in items:
        gold = set(item.get("intents") or ())
        done = judge.observe(item["text"]).done_intents()
        tp.update(gold & done)
        fp.update(done - gold)
        fn.update(gold - done)
    hits, false, missed = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return hits / (hits + false), hits / (hits + missed), fp, fn


def test_every_labelled_set_has_a_gate():
    assert set(labelled_sets()) <= set(GATES)


@pytest.mark.parametrize("name", labelled_sets())
def test_intents_on_blind_replies(name):
    precision, recall, fp, fn = measure(name)
    want_p, want_r = GATES[name]
    assert precision >= want_p and recall >= want_r, (
        f"{name}: precision {precision:.3f} (gate {want_p}), recall {recall:.3f} (gate {want_r}); "
        f"false: {fp.most_common(5)}; missed: {fn.most_common(5)}")
