"""The wheel, as `pip install .` builds it: every module, the completion scripts, a working
command. An editable install hides a package left out of the build; this does not."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.catalog_server import CatalogServer
from tests.conftest import REPO

COMPLETIONS = REPO / "completions"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a copy without build/ or *.egg-info: setuptools reuses what an earlier build
    # left in the tree, which would hide a module the configuration leaves out.
    source = tmp_path_factory.mktemp("source") / "aihub"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = folder.glob("*.whl")
    yield built


def test_the_wheel_holds_every_module(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.endswith(".py")}
    source = {str(path.relative_to(REPO)) for path in (REPO / "aihubmix_cli").rglob("*.py")}
    assert shipped == source


def test_the_wheel_ships_the_scripts_where_shells_look(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            n.split(".data/data/", 1)[1]: archive.read(n)
            for n in archive.namelist()
            if ".data/data/" in n
        }
    assert shipped == {
        "share/bash-completion/completions/aihub.bash": (COMPLETIONS / "aihub.bash").read_bytes(),
        "share/zsh/site-functions/_aihub": (COMPLETIONS / "_aihub").read_bytes(),
        "share/fish/vendor_completions.d/aihub.fish": (COMPLETIONS / "aihub.fish").read_bytes(),
    }


def test_the_installed_wheel_lists_models(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # The installed copy first on the path, the dependencies from this environment. python -S
    # skips the .pth files through which an editable install of the checkout would answer
    # for any module the wheel lacks; the run starts outside the checkout for the same reason.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), *site.getsitepackages()]),
        "AIHUBMIX_CACHE_DIR": str(tmp_path / "cache"),
    }
    with CatalogServer() as server:
        env["AIHUBMIX_BASE_URL"] = server.url
        result = subprocess.run(
            [
                sys.executable,
                "-S",
                "-c",
                "import aihubmix_cli, sys; print(aihubmix_cli.__file__); "
                "from aihubmix_cli.__main__ import main; "
                "sys.exit(main(['show', 'gpt-5', '--json']))",
            ],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first.startswith(str(target))
    assert '"model_id":"gpt-5"' in rest
