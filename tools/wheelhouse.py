"""Build an offline bundle for lab PCs without internet: kefu's wheel and every dependency,
as binary wheels, for Windows and Linux.

    python tools/wheelhouse.py [--out wheelhouse] [--platform windows linux]
                               [--python 3.11] [--postgres]

Writes ``OUT/<platform>/`` (one folder per platform, each complete on its own). Copy a folder
to the lab (USB stick, shared drive) and install with no network::

    py -m venv .venv                                   (Windows)
    .venv\\Scripts\\pip install --no-index --find-links wheelhouse\\windows kefu
    python3 -m venv .venv                              (Linux)
    .venv/bin/pip install --no-index --find-links wheelhouse/linux kefu

Only pip is used (``pip wheel`` for kefu itself, ``pip download --only-binary=:all:
--platform ...`` for the dependencies), so nothing here needs kefu installed. The bundle is for
one Python minor version (``--python``, default: the one running this script) — the version
the lab PCs have.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORMS = {
    "windows": ["win_amd64"],
    "linux": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
}
# pip download judges environment markers by the machine it runs on, so a dependency only
# Windows needs (typer -> colorama) is found by reading the downloaded wheels' metadata.
_WINDOWS_ONLY = re.compile(r"^Requires-Dist: ([A-Za-z0-9_.\-]+)[^;\n]*;\s*"
                           r"(?:platform_system\s*==\s*.Windows.|sys_platform\s*==\s*.win32.)"
                           r"\s*$", re.M)


def dependencies(postgres: bool) -> list[str]:
    """The ``dependencies`` (and the postgres extra) of pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    def listed(name: str) -> list[str]:
        block = re.search(rf"^{name}\s*=\s*\[(.*?)\]", text, re.S | re.M)
        return re.findall(r'"([^"]+)"', block.group(1)) if block else []

    return listed("dependencies") + (listed("postgres") if postgres else [])


def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)


def build(out: Path, platforms: list[str], python: str, postgres: bool) -> None:
    own = out / "_kefu"
    pip("wheel", "--no-deps", "--quiet", "--wheel-dir", str(own), str(ROOT))
    for name in platforms:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for wheel in own.glob("*.whl"):
            (folder / wheel.name).write_bytes(wheel.read_bytes())
        tags = [arg for tag in PLATFORMS[name] for arg in ("--platform", tag)]
        wanted, fetched = dependencies(postgres), set()
        while wanted:
            pip("download", "--quiet", "--only-binary=:all:", *tags, "--python-version",
                python, "--implementation", "cp", "--dest", str(folder), *wanted)
            fetched.update(wanted)
            wanted = sorted(set(windows_only(folder)) - fetched) if name == "windows" else []
        print(f"{folder}: {len(list(folder.glob('*.whl')))} wheels", flush=True)


def windows_only(folder: Path) -> list[str]:
    """Requirements the wheels in ``folder`` declare for Windows only (no extras)."""
    found = []
    for wheel in folder.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.endswith(".dist-info/METADATA"):
                    found += _WINDOWS_ONLY.findall(archive.read(member).decode("utf-8"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--platform", nargs="+", choices=sorted(PLATFORMS),
                        default=sorted(PLATFORMS))
    parser.add_argument("--python", default=f"{sys.version_info[0]}.{sys.version_info[1]}")
    parser.add_argument("--postgres", action="store_true",
                        help="include the PostgreSQL driver (psycopg)")
    args = parser.parse_args()
    build(args.out, args.platform, args.python, args.postgres)


if __name__ == "__main__":
    main()
