"""The built distribution: what ``pip install kefu`` puts into site-packages.

The top level is fixed by the design as three packages, ``simulator``, ``scoring`` and
``scenarios``, plus one console script, ``kefu`` (README, Development). The wheel is built from
a copy of the source tree, with no index and no build isolation, and read as a zip.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("simulator", "scoring", "scenarios")


def _source_files(package: str) -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, src / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-index",
         "--no-build-isolation", "-w", str(out), str(src)],
        check=True, capture_output=True, timeout=300,
    )
    (built,) = out.glob("kefu-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def test_the_wheel_installs_exactly_the_three_packages(wheel):
    top = {name.split("/")[0] for name in wheel.namelist()
           if not name.split("/")[0].endswith(".dist-info")}
    assert top == set(PACKAGES)
    top_level = next(name for name in wheel.namelist() if name.endswith(".dist-info/top_level.txt"))
    assert set(wheel.read(top_level).decode().split()) == set(PACKAGES)


def test_every_module_and_data_file_of_the_tree_is_installed(wheel):
    """A subpackage without ``__init__.py`` or a data file outside ``package-data`` would be
    missing from a lab PC's install while every test run from the tree still passes."""
    installed = set(wheel.namelist())
    for package in PACKAGES:
        missing = sorted(_source_files(package) - installed)
        assert not missing, f"not in the wheel: {missing}"


def test_the_only_console_script_is_kefu(wheel):
    name = next(name for name in wheel.namelist() if name.endswith(".dist-info/entry_points.txt"))
    entry_points = configparser.ConfigParser()
    entry_points.read_string(wheel.read(name).decode())
    assert entry_points.sections() == ["console_scripts"]
    assert dict(entry_points["console_scripts"]) == {"kefu": "simulator.cli:main"}
