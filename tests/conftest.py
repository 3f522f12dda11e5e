"""Shared test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def kefu_home(tmp_path, monkeypatch):
    """Every test gets its own data dir (KEFU_HOME) and the default language."""
    from simulator import i18n

    home = tmp_path / "kefu_home"
    home.mkdir()
    monkeypatch.setenv("KEFU_HOME", str(home))
    monkeypatch.delenv("KEFU_LANG", raising=False)
    i18n.set_language(None)
    yield home
    i18n.set_language(None)
