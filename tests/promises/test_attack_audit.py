"""Attacks on `aihub audit` (issue 27): hostile trees and signals.

Each test builds the tree or the situation the attack used, then checks what a user gets.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.test_audit import git, validate_sarif
from tests.conftest import Aihub

BAD_NAME = b"bad\xff-name.txt"


@pytest.fixture
def odd_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder (not a git work tree) with a file whose name is not UTF-8, and one whose
    name holds a newline and an escape."""
    root = tmp_path / "odd"
    root.mkdir()
    monkeypatch.chdir(root)
    # Named by bytes, as a user's tool would.
    Path(os.fsdecode(BAD_NAME)).write_bytes(b'model = "gpt-5"\n')
    (root / "line\nbreak\x1b[31m.txt").write_text("o3 here\n")
    return root


def test_sarif_with_a_name_that_is_not_utf8_is_valid(aihub: Aihub, odd_tree: Path) -> None:
    # It was "unexpected error: UnicodeEncodeError".
    result = aihub("audit", "-o", "sarif", ".")
    assert result.code == 0, result.err
    sarif = json.loads(result.out)
    validate_sarif(sarif)
    uris = sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    )
    # The bytes on disk, percent-encoded; decoded, they name the files.
    assert uris == ["bad%FF-name.txt", "line%0Abreak%1B%5B31m.txt"]
    with_exit_code = aihub("audit", "-o", "sarif", "--exit-code", ".")
    assert with_exit_code.code == 0  # gpt-5 and o3 are current: nothing failing
    assert json.loads(with_exit_code.out) == sarif


def test_plain_shows_an_escaped_name_that_finds_the_file(aihub: Aihub, odd_tree: Path) -> None:
    result = aihub("audit", "-o", "plain", ".")
    assert result.code == 0, result.err
    places = sorted(line.split("\t")[0] for line in result.out.splitlines())
    assert places == ["bad\\xff-name.txt:1:10", "line\\x0abreak\\x1b[31m.txt:1:1"]
    if shutil.which("bash") is None:
        pytest.skip("bash (whose printf reads the escapes back) is not installed")
    for place in places:
        name = place.rsplit(":", 2)[0]
        # bash's printf %b reads the escapes back into the name's bytes.
        found = subprocess.run(
            ["bash", "-c", 'test -f "$(printf %b "$1")"', "-", name], check=False
        )
        assert found.returncode == 0, name
    table = aihub("audit", "-o", "table", ".")
    assert "    bad\\xff-name.txt:1:10\n" in table.out
    assert "\x1b" not in table.out


def test_a_fifo_named_is_passed_over_not_waited_on(aihub: Aihub, tmp_path: Path) -> None:
    # `aihub audit FIFO` waited for ever for a writer.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text("gpt-5\n")
    result = aihub.subprocess("audit", "-o", "plain", str(fifo), str(tmp_path / "a.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{tmp_path / 'a.txt'}:1:1\tok\tgpt-5\t")
    assert f"aihub: warning: {fifo}: not a regular file; not audited\n" in result.stderr


def without_root_powers() -> list[str]:
    """A prefix that runs a command without the powers that let root read any folder."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: every folder is readable")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.parametrize("in_git", [False, True])
def test_an_unreadable_folder_is_said_not_skipped_silently(
    aihub: Aihub, tmp_path: Path, in_git: bool
) -> None:
    root = tmp_path / "tree"
    (root / "locked").mkdir(parents=True)
    (root / "a.txt").write_text("gpt-5\n")
    (root / "locked" / "b.txt").write_text("o3\n")
    if in_git:
        git(root, "init", "-q")
        git(root, "add", "a.txt")
    (root / "locked").chmod(0)
    try:
        command = [*without_root_powers(), sys.executable, "-m", "aihubmix_cli"]
        result = subprocess.run(
            [*command, "audit", "-o", "plain", "."],
            cwd=root,
            env={**os.environ, **{k: v for k, v in aihub.env().items() if v is not None}},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        (root / "locked").chmod(0o700)
    # The files that could be read are audited (exit 0, as with an unreadable file); stderr
    # names the folder that was not.
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("a.txt:1:1\tok\tgpt-5\t")
    warning = "aihub: warning: locked: unreadable folder: Permission denied; not audited\n"
    assert warning in result.stderr
    assert "unexpected error" not in result.stderr
