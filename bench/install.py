"""aihub as a user has it: `pip install .` of this checkout into a fresh virtual environment.

The benchmarks time that install's `aihub` console script and its own interpreter, not the
developer's: an editable install adds a finder to every interpreter start, and a machine's
site-packages may hold `.pth` hooks of its own (a proxy's certificate bundle, say) that cost
more than aihub's whole warm run, before a line of anyone's code runs. `--python` points at an
existing environment instead (its `aihub` must be this checkout's).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def bin_dir(prefix: Path) -> Path:
    return prefix / ("Scripts" if os.name == "nt" else "bin")


def install(folder: Path) -> Path:
    """A new virtual environment in `folder` with this checkout installed (not editable),
    compiled to bytecode as pip does; its interpreter's path."""
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    python = bin_dir(folder) / "python"
    print(f"installing this checkout into {folder} ...", file=sys.stderr)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(REPO)],
        check=True,
    )
    return python


def environment(python: str | None, folder: Path) -> tuple[Path, Path]:
    """(interpreter, aihub console script) of `python`'s environment, or of a new install in
    `folder`."""
    interpreter = Path(python) if python else install(folder)
    script = interpreter.parent / "aihub"
    if not script.exists():
        raise SystemExit(f"{interpreter.parent} has no aihub: install this checkout there first")
    return interpreter, script
