"""Help printed without typer, from the table generated off the typer commands: every command
and option typer knows is there, in its own words, wrapped to the terminal between words."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.core import TyperOption as Option  # typer vendors click: no click installed

from aihubmix_cli.cli import app as cli
from aihubmix_cli.cli import helptext
from tests.conftest import Aihub


def typer_commands() -> dict[str, Any]:
    """Every command typer defines, by its path ("" is aihub itself)."""
    found: dict[str, Any] = {}

    def visit(command: Any, path: list[str]) -> None:
        found[" ".join(path)] = command
        for name, sub in getattr(command, "commands", {}).items():
            visit(sub, [*path, name])

    visit(typer.main.get_command(cli.app), [])
    return found


COMMANDS = typer_commands()


def test_every_command_has_help_in_the_table() -> None:
    assert set(helptext.table()) == set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
@pytest.mark.parametrize("columns", [40, 80, 132])
def test_help_names_every_option_in_typers_words(path: str, columns: int) -> None:
    command = COMMANDS[path]
    text = helptext.render(helptext.table()[path], columns)
    lines = text.splitlines()
    assert all(len(line) <= columns and line == line.rstrip() for line in lines)
    words = text.split()
    joined = " ".join(words)
    options = [p for p in command.params if isinstance(p, Option)]
    assert options or not command.params or path == "completion"  # the check below runs
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        for name in [*param.opts, *param.secondary_opts]:
            if isinstance(param, Option):
                assert name in words or f"{name}," in words
        if getattr(param, "help", None):
            # Wrapped between words only: the help reads the same, word for word.
            assert " ".join(param.help.split()) in joined
    for name in getattr(command, "commands", {}):
        assert f"  {name} " in text or f"  {name}\n" in text


@pytest.mark.parametrize(
    ("args", "first"),
    [
        ((), "Explore the AIHubMix model catalog: find, filter, sort and weigh models."),
        (("-h",), "Explore the AIHubMix model catalog: find, filter, sort and weigh models."),
        (("cache",), "Inspect or clear the on-disk cache."),
        (("cache", "clear", "--help"), "Remove every cached answer and the completion index."),
    ],
)
def test_help_without_typer_answers_the_plain_requests(
    aihub: Aihub, args: tuple[str, ...], first: str
) -> None:
    result = aihub.subprocess(*args, env={"COLUMNS": "60"})
    assert (result.returncode, result.stderr) == (0, "")
    assert " ".join(result.stdout.split()).startswith(first)
    assert "USAGE" in result.stdout.splitlines()


def test_help_after_other_options_is_still_typers(aihub: Aihub) -> None:
    result = aihub.subprocess("list", "--json", "--help", env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.returncode == 0
    assert "Usage: aihub list [OPTIONS]" in result.stdout


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--json"], ["nosuch", "--help"], ["list", "-x", "--help"]]
)
def test_other_lines_are_not_help_requests(args: list[str]) -> None:
    assert helptext.requested(args, helptext.table()) is None


def test_wrap_breaks_between_words_only() -> None:
    text = "alpha beta gamma delta epsilon"
    for size in range(7, 31):
        lines = helptext.wrap(text, size)
        assert all(len(line) <= size for line in lines)
        assert " ".join(lines).split() == text.split()


def test_export_help_offers_only_what_export_takes(aihub: Aihub) -> None:
    result = aihub.subprocess("export", "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    # export takes no workload: no cost to sort by, no --input-tokens to point at.
    assert "Sort by KEY: order, context_length, max_output, price, output_price, name, " in text
    assert "cost" not in text.split("Sort by KEY:")[1].split("--")[0]
    assert "--input-tokens" not in text
    assert "--json Print --check's report as JSON (only with --check)." in text
    by_cost = aihub("export", "opencode", "--sort", "cost")
    assert by_cost.code == 2
    assert by_cost.err.startswith("aihub: Invalid value for '--sort' / '-s': 'cost' is not one of")
    plain = aihub("export", "opencode", "gpt-5", "--json")
    assert (plain.code, plain.out) == (2, "")
    assert plain.err == "aihub: --json goes with --check FILE; an export is the tool's own format\n"
