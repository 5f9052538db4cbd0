"""Start-up discipline: what a warm run imports, and the typer-free fast path's fidelity."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
import typer

from aihubmix_cli import cli, fastpath
from aihubmix_cli.catalog import SERVER_SORT_KEYS, SORT_KEYS
from aihubmix_cli.commands import list_models
from aihubmix_cli.render import FORMATS
from tests.conftest import Aihub

_PROBE = """
import json, sys
from aihubmix_cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"httpx", "rich", "typer", "pydantic"})
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def loaded_heavy_modules(aihub: Aihub, *args: str) -> list[str]:
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        env={**_base_env(), **{k: v for k, v in aihub.env().items() if v is not None}},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report: dict[str, Any] = json.loads(probe.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, probe.stderr
    heavy: list[str] = report["heavy"]
    return heavy


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("AIHUBMIX_")}


def test_warm_list_json_imports_neither_httpx_nor_rich_nor_typer(aihub: Aihub) -> None:
    aihub("list")  # warm the cache
    assert loaded_heavy_modules(aihub, "list", "--json") == []
    assert loaded_heavy_modules(aihub, "list", "--features", "thinking", "-o", "plain") == []


def test_a_cold_run_imports_httpx_and_a_table_imports_rich(aihub: Aihub) -> None:
    assert "httpx" in loaded_heavy_modules(aihub, "list", "--json")
    assert loaded_heavy_modules(aihub, "list", "--format", "table") == ["rich"]


def test_help_goes_through_typer(aihub: Aihub) -> None:
    assert "typer" in loaded_heavy_modules(aihub, "list", "--help")


# -- the fast path reads what typer reads ------------------------------------------------------


def _typer_list_options() -> dict[str, Any]:
    command = typer.main.get_command(cli.app)
    list_command = command.commands["list"]  # type: ignore[attr-defined]
    options: dict[str, Any] = {}
    for param in list_command.params:
        for name in param.opts:
            options[name] = param
    return options


def test_fast_path_knows_exactly_the_options_typer_defines() -> None:
    typer_options = _typer_list_options()
    typer_names = {n for n in typer_options if n not in ("--help", "-h")}
    assert set(fastpath.LIST_OPTIONS) == typer_names
    for name, spec in fastpath.LIST_OPTIONS.items():
        param = typer_options[name]
        assert param.is_flag == (spec.kind == "flag"), name
        assert param.multiple == (spec.kind == "multi"), name
        choices = getattr(param.type, "choices", None)
        if choices is not None:
            assert tuple(choices) == spec.choices, name


def test_choices_are_the_catalogs_and_renderers_own() -> None:
    options = _typer_list_options()
    assert tuple(options["--sort"].type.choices) == SORT_KEYS + SERVER_SORT_KEYS
    assert tuple(options["--format"].type.choices) == FORMATS


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["list", "--features", "thinking", "--sort", "context_length"],
        ["list", "-f", "thinking,tools", "-t", "llm", "--type=t2i", "-n", "3", "-o", "csv"],
        ["list", "--modalities", "text", "--model", "gpt", "--tag", "coding", "--free"],
        ["list", "--max-price", "0.5", "--min-context", "128k", "--order", "asc", "-s", "price"],
        ["list", "--refresh", "--format=jsonl"],
        ["list", "--offline", "--limit", "0"],
    ],
)
def test_fast_path_builds_the_same_options_as_typer(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = fastpath.parse(argv)
    assert parsed is not None

    seen: list[tuple[list_models.ListOptions, bool, bool]] = []

    def capture(runtime: Any, options: list_models.ListOptions) -> int:
        seen.append((options, runtime.mode.value == "refresh", runtime.mode.value == "offline"))
        return 0

    monkeypatch.setattr(list_models, "run", capture)
    assert fastpath.run(parsed) == 0
    # standalone_mode=False hands back typer.Exit's code instead of raising it.
    assert typer.main.get_command(cli.app).main(args=argv, standalone_mode=False) == 0
    assert len(seen) == 2
    assert seen[0] == seen[1]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["list", "--help"],
        ["list", "-h"],
        ["list", "--sort", "speed"],
        ["list", "--limit", "-1"],
        ["list", "--limit", "x"],
        ["list", "--min-context", "lots"],
        ["list", "--json=yes"],
        ["list", "--features"],
        ["list", "extra-word"],
        ["list", "-tllm"],
        ["list", "--unknown"],
        ["cache", "info"],
        ["show", "gpt-5"],
    ],
)
def test_fast_path_leaves_everything_else_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None
