"""The names of the numbers a grade sheet adds up, stored with each attempt since migration 7
(:func:`.records.sheet_facts`; columns in :mod:`.schema`). A module of its own so that the
schema and the records both name them without importing each other."""

from __future__ import annotations

FACTS = ("first_response", "latency_sum", "timed_turns", "answered_in", "slowest",
         "buyer_lines", "agent_messages", "paste_bound")
