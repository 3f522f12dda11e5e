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
    for name in ("KEFU_LANG", "KEFU_SCENARIOS", "KEFU_DB", "KEFU_STUDENT"):  # the developer's own
        monkeypatch.delenv(name, raising=False)
    i18n.set_language(None)
    yield home
    i18n.set_language(None)


@pytest.fixture
def kefu():
    """Run the real ``kefu`` command in a subprocess (with the test's KEFU_HOME)."""
    import os
    import subprocess
    import sys

    # the streams' encoding: UTF-8, or GBK in CI's second pass (PYTHONIOENCODING=gbk)
    encoding = (os.environ.get("PYTHONIOENCODING") or "utf-8").split(":")[0] or "utf-8"

    def run(*args, input: str | None = None, env: dict | None = None, timeout: float = 60):
        return subprocess.run(
            [sys.executable, "-m", "simulator", *map(str, args)], input=input,
            capture_output=True, text=True, encoding=encoding, timeout=timeout,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
        )

    return run


@pytest.fixture(params=__import__("storage_backends").BACKENDS)
def db_url(request, tmp_path, monkeypatch):
    """A fresh gradebook database URL, once on SQLite and once on PostgreSQL (when
    KEFU_TEST_PG_URL is set); also exported as KEFU_DB so CLI commands use it."""
    from storage_backends import make_db_url

    url, drop = make_db_url(request.param, tmp_path)
    monkeypatch.setenv("KEFU_DB", url)
    yield url
    drop()
