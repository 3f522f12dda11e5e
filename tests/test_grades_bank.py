"""The grade sheet loads only its exam's scenarios (commands.common.LazyBank): the deal values
it finds are those of the whole bank, built-in and teacher scenarios; the exam's limits are
those its stored definition sets, whether or not its scenarios are still in the bank."""

from __future__ import annotations

import pytest

from scenarios.loader import BUILTIN_DIR
from simulator.commands.common import LazyBank, metrics_context, scenario_bank
from simulator.metrics import deal_table
from simulator.storage import Gradebook

LISTED = """schema_version: 1
id: listed
title: 期中
scenarios:
  - bargain_bulk
  - {teacher}
  - no_such_scenario
seed: 1
time_limit: {{per_reply: 75}}
paste_cps: 12
"""
DRAWN = """schema_version: 1
id: drawn
title: 期末
scenarios:
  seed: 3
  draw: {{bargainer: 2}}
seed: 1
time_limit: {{per_reply: 60}}
"""


@pytest.fixture
def teacher(tmp_path):
    """A teacher folder with a copy of a built-in sales scenario under another id, in a file
    not named after it, and a broken file that spells that id."""
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (BUILTIN_DIR / "bargain_bulk.yaml").read_text(encoding="utf-8")
    assert "id: bargain_bulk" in text
    (folder / "zz_copy.yaml").write_text(text.replace("id: bargain_bulk", "id: my_bulk"),
                                         encoding="utf-8")
    (folder / "aa_broken.yaml").write_text("id: my_bulk\ntitle: [\n", encoding="utf-8")
    return str(folder)


def test_lazy_bank_finds_what_the_whole_bank_has(teacher):
    whole = scenario_bank([teacher])
    lazy = LazyBank([teacher])
    deals, table = lazy.deals(), deal_table(whole)
    for sid in [*whole, "no_such_scenario", "my_bulk"]:
        assert (lazy.get(sid) is None) == (sid not in whole)
        if sid in whole:
            assert lazy.get(sid).content_hash == whole[sid].content_hash
        assert deals.get(sid) == table.get(sid)
    assert deals.get("my_bulk")  # the teacher's copy is a sales scenario too


@pytest.mark.parametrize("yaml_text", [LISTED, LISTED.replace("  - no_such_scenario\n", ""),
                                       DRAWN, LISTED.replace("per_reply: 75", "per_reply: .nan")])
def test_limits_and_deals_as_against_the_whole_bank(tmp_path, teacher, yaml_text):
    yaml_text = yaml_text.format(teacher="my_bulk")
    with Gradebook.open(f"sqlite:///{tmp_path / 'g.db'}") as book:
        exam_id = yaml_text.split("id: ")[1].split("\n")[0]
        book.save_exam(exam_id, "t", "h", yaml_text, ["bargain_bulk", "my_bulk"])
        lazy_deals, *lazy_limits = metrics_context(book, exam_id, LazyBank([teacher]))
        whole = scenario_bank([teacher])
        deals, *limits = metrics_context(book, exam_id, whole)
        assert metrics_context(book, "no_such_exam", whole)[1:] == (None, None)
    assert lazy_limits == limits
    # a scenario gone from the bank does not make the sheet forget the exam's limit;
    # an invalid limit (NaN) is no limit
    assert limits == ([60, None] if exam_id == "drawn" else [None, None]
                      if ".nan" in yaml_text else [75, 12])
    for sid in [*whole, "no_such_scenario"]:
        assert lazy_deals.get(sid) == deals.get(sid)
