"""Attacks on Tab completion (issue 27): ids with escapes, C1 controls, bidi characters, NUL
or a newline reached the shell raw; an id with a newline became two candidates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer

HOSTILE_IDS = [
    "evil\x1b]0;pwned\x07-1",
    "evil\x9b31m-2",
    "evil\u202eid-3",
    "evil\u2066id-4",
    "evil\x00id-5",
    "evil\nrm -rf ~",
    "evil\u2028sep-6",
]


@pytest.fixture
def hostile(cache_dir: Path) -> Iterator[Aihub]:
    models = [{"model_id": i, "types": ["llm"]} for i in [*HOSTILE_IDS, "evil-fine"]]
    # The loopback server writes the legacy list as UTF-8: no lone surrogate there.
    legacy = [{"id": i, "owned_by": "x\x1b[2Jo", "object": "model"} for i in HOSTILE_IDS[:-1]]
    legacy.append({"id": "evil-legacy", "owned_by": "owner", "object": "model"})
    with CatalogServer(models=models, legacy=legacy) as running:
        aihub = Aihub(running, cache_dir)
        assert aihub("list").code == 0  # each writes the completion index
        assert aihub("legacy").code == 0
        yield aihub


def shells(line: str) -> dict[str, dict[str, str]]:
    """The requests each shipped script sends for `line` (the quick path), and typer's own
    script's request for bash (typer's path)."""
    words = line.split(" ")
    return {
        "bash": {"_AIHUB_COMPLETE": "complete_bash", "_AIHUB_COMP_LINE": line},
        "bash-typer": {
            "_AIHUB_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        },
        "zsh": {
            "_AIHUB_COMPLETE": "complete_zsh",
            "_AIHUB_PLAIN": "1",
            "_TYPER_COMPLETE_ARGS": line,
        },
        "zsh-typer": {"_AIHUB_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line},
        "fish": {
            "_AIHUB_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": line,
        },
    }


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("aihub show evil", "evil-fine"),
        ("aihub compare gpt-5 evil", "evil-fine"),
        ("aihub legacy evil", "evil-legacy"),
        ("aihub legacy --owner ", "owner"),
    ],
)
def test_tab_never_prints_a_control_or_bidi_character(
    hostile: Aihub, line: str, offered: str
) -> None:
    for shell, env in shells(line).items():
        result = hostile.subprocess(env=env)
        assert result.returncode == 0, (shell, result.stderr)
        assert result.stderr == ""
        # Candidates are separated by newlines, a help text by a tab: nothing else that
        # does not print, and no part of a hostile id offered as a candidate of its own.
        for candidate in result.stdout.split("\n"):
            assert candidate.replace("\t", " ").isprintable(), (shell, candidate)
            assert "rm -rf" not in candidate and "sep-6" not in candidate, (shell, candidate)
        assert offered in result.stdout, (shell, result.stdout)
