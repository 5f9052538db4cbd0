"""Attacks on `aihub audit` (issue 27): hostile trees and signals.

Each test builds the tree or the situation the attack used, then checks what a user gets.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Aihub
from tests.test_audit import validate_sarif

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
