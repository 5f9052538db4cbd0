"""The wheel, as `pip install .` builds it: every module, the completion scripts, a working
command. An editable install hides a package left out of the build; this does not."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from aihubmix_cli.catalog import parse_envelope, parse_models
from tests.conftest import REPO, SKIP_WARNING
from tests.support.bundled_catalog import (
    NOT_OLDER_THAN,
    PLACEHOLDER_CONTEXT,
    SNAPSHOT_FILE,
    bundled_warning,
    snapshot_ids_output,
)
from tests.support.catalog_server import CatalogServer

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
        "share/man/man1/aihub.1": (REPO / "man" / "aihub.1").read_bytes(),
    }


def test_the_wheel_carries_the_snapshot_and_its_notice(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = archive.read("aihubmix_cli/data/catalog-snapshot.json.gz")
        notices = [n for n in names if n.endswith(("/NOTICE", "/Apache-2.0.txt"))]
        notice = archive.read(next(n for n in notices if n.endswith("NOTICE"))).decode()
    assert shipped == SNAPSHOT_FILE.read_bytes()
    assert len(notices) == 2 and all(".dist-info/" in n for n in notices)
    assert "ThinkInAIXYZ/PublicProviderConf" in notice and "Apache License" in notice
    # The wheel's copy, read with the parser that reads the live answer.
    models, problems = parse_models(parse_envelope(gzip.decompress(shipped)))
    assert problems == [] and len(models) >= 500
    assert all(m.context_length != PLACEHOLDER_CONTEXT for m in models)
    taken = json.loads(gzip.decompress(shipped))["aihub_snapshot"]["taken"]
    assert date.fromisoformat(taken[:10]) >= NOT_OLDER_THAN


def install(wheel: Path, tmp_path: Path) -> dict[str, str]:
    """Install the wheel into a folder of its own; return the environment that runs it."""
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
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("AIHUBMIX_")},
        "PYTHONPATH": os.pathsep.join([str(target), *site.getsitepackages()]),
        "AIHUBMIX_CACHE_DIR": str(tmp_path / "cache"),
    }


def run_installed(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`aihub ARGS` from the installed copy, printing first where that copy lives."""
    return subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            "import aihubmix_cli, sys; print(aihubmix_cli.__file__); "
            "from aihubmix_cli.__main__ import main; "
            "sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_installed_wheel_lists_models(wheel: Path, tmp_path: Path) -> None:
    env = install(wheel, tmp_path)
    with CatalogServer() as server:
        env["AIHUBMIX_BASE_URL"] = server.url
        result = run_installed(env, tmp_path, "show", "gpt-5", "--json")
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first.startswith(str(tmp_path / "site"))
    assert '"model_id":"gpt-5"' in rest


def test_the_installed_wheel_answers_from_its_snapshot_on_a_first_run_without_network(
    wheel: Path, tmp_path: Path
) -> None:
    env = install(wheel, tmp_path)
    with CatalogServer() as gone:
        closed = gone.url
    env["AIHUBMIX_BASE_URL"] = closed
    first = run_installed(env, tmp_path, "list")
    assert first.returncode == 0, first.stderr
    where, listing = first.stdout.split("\n", 1)
    assert where.startswith(str(tmp_path / "site"))
    lines = listing.splitlines()
    assert lines[0].startswith("model_id\t")
    assert [line.split("\t", 1)[0] for line in lines[1:]] == snapshot_ids_output().split()
    assert len(lines) > 500
    assert first.stderr == bundled_warning(
        f"127.0.0.1 unreachable (cannot reach {closed}/api/v1/models: connection refused)"
    )
    # The next run against a working server shows the server's catalog, not the snapshot.
    with CatalogServer() as server:
        env["AIHUBMIX_BASE_URL"] = server.url
        second = run_installed(env, tmp_path, "list", "-o", "ids")
    assert second.returncode == 0, second.stderr
    served = [e["model_id"] for e in server.models if isinstance(e.get("model_id"), str)]
    assert second.stdout.split("\n", 1)[1].split() == served
    assert second.stderr == SKIP_WARNING
