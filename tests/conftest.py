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


@pytest.fixture
def kefu():
    """Run the real ``kefu`` command in a subprocess (with the test's KEFU_HOME)."""
    import os
    import subprocess
    import sys

    def run(*args, input: str | None = None, env: dict | None = None, timeout: float = 60):
        return subprocess.run(
            [sys.executable, "-m", "simulator", *map(str, args)], input=input,
            capture_output=True, text=True, encoding="utf-8", timeout=timeout,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
        )

    return run
