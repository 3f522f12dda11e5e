"""``gc_paused``: no collection inside the block; afterwards the collector is on again and
what the block made is in the oldest generation, so the next collection does not walk it."""

from __future__ import annotations

import gc

from simulator.gcpause import gc_paused


def test_the_block_runs_without_the_collector_and_leaves_its_objects_old():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: only the outer block turns it back on
            pass
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(o) in young for o in made)
    assert any(o is made for o in gc.get_objects(generation=2))
