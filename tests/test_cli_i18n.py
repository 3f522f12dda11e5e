"""The message catalogue and the language switch (zh by default, en with --lang or KEFU_LANG)."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.model import PERSONA_TYPES, STAGES
from scoring.rubric import DIMENSIONS
from simulator import i18n
from simulator.messages import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for folder in ("simulator", "scoring", "scenarios")
                 for p in (ROOT / folder).rglob("*.py"))
HEAVY = ("rich", "prompt_toolkit", "yaml", "sqlalchemy", "openpyxl")
CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_chinese_and_english():
    for key, entry in MESSAGES.items():
        assert set(entry) - {"en_one"} == {"zh", "en"}, key
        assert entry["zh"].strip() and entry["en"].strip(), key
        assert fields(entry["zh"]) == fields(entry["en"]), f"{key}: placeholders differ"
        if "en_one" in entry:  # the singular: for n == 1, with the same placeholders
            assert "n" in fields(entry["en"]) and fields(entry["en_one"]) == fields(entry["en"])
        # Chinese in the English text only as an example phrase quoted from the Chinese text
        # (what the student would type), never an untranslated sentence
        for run in re.findall(r"[\u4e00-\u9fff]+", entry["en"]):
            assert run in entry["zh"] and entry["en"] != entry["zh"], \
                f"{key}: the English text contains untranslated Chinese: {run}"


def test_english_says_one_problem_not_one_problems(monkeypatch):
    monkeypatch.setenv("KEFU_LANG", "en")
    assert i18n.t("scenarios.invalid", n=1) == "✗ 1 problem"
    assert i18n.t("scenarios.invalid", n=2) == "✗ 2 problems"
    monkeypatch.setenv("KEFU_LANG", "zh")
    assert i18n.t("scenarios.invalid", n=1) == "✗ 1 个问题"


def used_keys() -> dict[str, str]:
    """Every ``t("literal.key")`` in the sources, with the file it is in."""
    found = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""\bt\(\s*(["'])([A-Za-z0-9_.]+)\1""", text):
            found[match[2]] = str(path.relative_to(ROOT))
    return found


def test_every_key_used_in_the_code_exists():
    used = used_keys()
    assert len(used) > 50  # the scan really finds the calls
    # t("persona." + kind) style prefixes are checked against the data below
    missing = {key: where for key, where in used.items()
               if key not in MESSAGES and not key.endswith(".")}
    assert not missing


@pytest.mark.parametrize(("prefix", "names"), [
    ("persona.", PERSONA_TYPES), ("stage.", tuple(STAGES)), ("dim.", DIMENSIONS),
])
def test_keys_built_from_data_exist(prefix, names):
    """t(f"persona.{type}") and friends: every value the data allows has its message."""
    for name in names:
        assert prefix + name in MESSAGES


def test_language_switch():
    assert i18n.t("drill.help") == MESSAGES["drill.help"]["zh"]
    i18n.set_language("en")
    assert i18n.t("drill.help") == MESSAGES["drill.help"]["en"]


def test_kefu_lang_environment(monkeypatch):
    monkeypatch.setenv("KEFU_LANG", "en_US.UTF-8")
    assert i18n.language() == "en"
    monkeypatch.setenv("KEFU_LANG", "klingon")
    assert i18n.language() == "zh"


@pytest.mark.parametrize("how", ["option", "env"])
def test_help_in_english(kefu, how):
    args, env = (["--lang", "en"], {}) if how == "option" else ([], {"KEFU_LANG": "en"})
    top = kefu(*args, "--help", env=env)
    drill = kefu(*args, "drill", "--help", env=env)
    for result in (top, drill):
        assert result.returncode == 0
        assert not CJK.search(result.stdout), result.stdout
        assert "Show this message and exit" in result.stdout
        assert result.stdout.startswith("Usage: kefu") and "\nOptions:\n" in result.stdout
    assert MESSAGES["drill.help"]["en"].split()[0] in drill.stdout


def test_help_in_chinese_by_default(kefu):
    result = kefu("drill", "--help")
    assert MESSAGES["opt.help"]["zh"] in result.stdout  # not click's English
    assert "Show this message" not in result.stdout
    assert MESSAGES["opt.replies"]["zh"][:8] in result.stdout
    # click's own words come from the catalogue too
    assert result.stdout.startswith("用法: kefu drill")
    assert "\n选项:\n" in result.stdout and "[默认: coach]" in result.stdout
    assert "Usage" not in result.stdout and "Options" not in result.stdout


def test_bad_language(kefu):
    result = kefu("--lang", "fr", "scenarios", "list")
    assert result.returncode == 2 and "fr" in result.stderr


def test_errors_in_english(kefu):
    result = kefu("--lang", "en", "drill", "-s", "no_such_thing", "--replies", "-", input="")
    assert result.returncode == 3
    assert "No scenario called no_such_thing" in result.stderr


def commands() -> list[list[str]]:
    from typer.main import get_command

    from simulator.commands import app

    def walk(cmd, path):
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return list(walk(get_command(app), []))


PROBE = """
import sys
sys.argv = ["kefu", *sys.argv[1:]]
from simulator.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY_NAMES))
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
""".replace("HEAVY_NAMES", repr(HEAVY))


@pytest.mark.parametrize("command", [["--help"], ["drill", "--help"], ["scenarios", "--help"]])
def test_help_does_not_import_heavy_modules(command):
    result = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True,
                            text=True, cwd=ROOT)
    assert "用法" in result.stdout
    assert "HEAVY=\n" in result.stderr, result.stderr


def test_no_command_help_imports_heavy_modules():
    """Every command's --help (including ones added later) stays light."""
    for path in commands():
        result = subprocess.run([sys.executable, "-c", PROBE, *path, "--help"],
                                capture_output=True, text=True, cwd=ROOT)
        assert "HEAVY=\n" in result.stderr, (path, result.stderr)


def test_no_key_is_defined_twice():
    """A repeated key in the dict literal would silently replace the first one."""
    import ast
    from collections import Counter

    tree = ast.parse((ROOT / "simulator" / "messages.py").read_text(encoding="utf-8"))
    literal = next(node.value for node in ast.walk(tree)
                   if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict))
    counts = Counter(key.value for key in literal.keys)
    assert [key for key, n in counts.items() if n > 1] == []
