"""Documentation meta-tests: every command explains itself, and the README names every command.

Commands added later are held to the same rule: this fails until they have help texts and a
mention in README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command

from simulator.commands import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def walk(cmd, path):
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from walk(sub, [*path, name])


ROOT = get_command(app)
ALL = [(" ".join(path), cmd) for path, cmd in walk(ROOT, []) if path]
TOP = sorted(ROOT.commands)


def test_the_tree_is_found():
    assert {"drill", "resume", "scenarios"} <= set(TOP)


@pytest.mark.parametrize(("name", "command"), ALL, ids=[name for name, _ in ALL])
def test_command_and_its_options_have_help(name, command):
    assert (command.help or "").strip(), f"kefu {name} has no help text"
    for param in command.params:
        if param.param_type_name == "option" and not getattr(param, "hidden", False):
            assert (param.help or "").strip(), f"kefu {name} {param.opts[0]} has no help text"


@pytest.mark.parametrize("name", TOP)
def test_readme_mentions_every_command(name):
    assert f"kefu {name}" in README, f"README.md does not mention `kefu {name}`"


def test_readme_first_commands():
    """The first screen: one command installs and starts a drill, one runs the tests."""
    blocks = README.split("```")[1::2]
    assert "pip install -e ." in blocks[0] and "kefu drill" in blocks[0]
    assert "pip install -e '.[test]'" in blocks[1] and "pytest" in blocks[1]


def test_help_runs_for_every_command(kefu):
    for name, _ in ALL[:1]:  # a smoke test through the real entry point; the rest via click
        assert kefu(*name.split(), "--help").returncode == 0
    from typer.testing import CliRunner

    runner = CliRunner()
    for name, _ in ALL:
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        # in-process, the same CLI users run: named kefu, click's words from the catalogue
        assert result.output.startswith(f"用法: kefu {name}"), (name, result.output[:80])
