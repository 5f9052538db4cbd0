"""Start-up discipline: what a warm run imports, and the typer-free fast path's fidelity."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperOption

from aihubmix_cli import render
from aihubmix_cli.catalog import SERVER_SORT_KEYS, SORT_KEYS
from aihubmix_cli.cli import app as cli
from aihubmix_cli.cli import fastpath
from aihubmix_cli.commands import list as list_command
from aihubmix_cli.render import FORMATS
from aihubmix_cli.shared.list_options import ListOptions
from scripts import generate_interface
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


def test_a_cold_run_imports_httpx_and_only_show_imports_rich(aihub: Aihub) -> None:
    assert "httpx" in loaded_heavy_modules(aihub, "list", "--json")
    assert loaded_heavy_modules(aihub, "list", "--format", "table") == []
    assert loaded_heavy_modules(aihub, "compare", "gpt-5", "o3", "--format", "table") == []
    # show's panels are still rich's drawing.
    assert loaded_heavy_modules(aihub, "show", "gpt-5", "--format", "table") == ["rich"]


_TABLE_PROBE = """
import json, sys
from aihubmix_cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({
    "code": code,
    "rich": sorted(m for m in sys.modules if m == "rich" or m.startswith("rich.")),
    "render": sorted(m for m in sys.modules if m.startswith("aihubmix_cli.render")),
}), file=sys.stderr)
"""


def test_a_warm_filtered_table_is_drawn_without_rich(aihub: Aihub) -> None:
    aihub("list")  # warm the cache
    env = {**_base_env(), **{k: v for k, v in aihub.env().items() if v is not None}}
    probe = subprocess.run(
        [sys.executable, "-c", _TABLE_PROBE, "list", "--features", "thinking", "--sort",
         "context_length", "-o", "table"],
        env={**env, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    report = json.loads(probe.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, probe.stderr
    assert report["rich"] == []
    assert "aihubmix_cli.render.screen" in report["render"]  # drawn by aihub's own writer
    lines = probe.stdout.splitlines()
    assert lines[0].startswith("ID ") and set(lines[1]) == {"─"}
    assert max(len(line) for line in lines) <= 100
    footer = next(n for n, line in enumerate(lines) if line.endswith("models") or " · " in line)
    assert lines[footer].startswith(f"{footer - 2} models")
    assert "gpt-5" in probe.stdout


# The render modules every table and every JSON document goes through (and the units they
# format with), and what they may import when they are imported: built-ins a Python start has
# loaded anyway, aihub's own modules, and nothing else (typing alone costs a warm table
# several milliseconds).
_LEAN_MODULES = (
    "render/__init__",
    "render/columns",
    "render/writers",
    "render/terminal",
    "render/models",
    "base/jsonout",
    "render/screen",
    "render/cells",
    "render/compare",
    "base/units",
)
_CHEAP = {"__future__", "os", "sys", "io", "math", "itertools"}


def _imported_at_import_time(path: Path) -> set[str]:
    """The modules `path` imports at its top level, not counting `if TYPE_CHECKING:` blocks
    nor imports inside functions."""
    import ast

    names: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # A relative import is aihub's own.
            names.add("aihubmix_cli" if node.level else node.module or "")
        elif isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue  # for mypy only
        elif not isinstance(node, ast.FunctionDef | ast.ClassDef):
            nested = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
            assert not nested, f"{path.name}:{node.lineno}: an import in a top-level block"
    return names


@pytest.mark.parametrize("module", _LEAN_MODULES)
def test_render_modules_import_only_cheap_built_ins(module: str) -> None:
    path = Path(render.__file__).parent.parent / f"{module}.py"
    imported = _imported_at_import_time(path)
    assert {name for name in imported if not name.startswith("aihubmix_cli")} <= _CHEAP


@pytest.mark.parametrize("args", [[], ["--help"], ["list", "--help"], ["cache"], ["show", "-h"]])
def test_help_imports_nothing_heavy(aihub: Aihub, args: list[str]) -> None:
    assert loaded_heavy_modules(aihub, *args) == []


def test_help_among_other_options_goes_through_typer(aihub: Aihub) -> None:
    assert "typer" in loaded_heavy_modules(aihub, "list", "--json", "--help")


# What a warm run must not import: each of these costs it a tenth of its time or more. The
# probe starts Python without site (-S), so that nothing a machine's .pth files import hides
# what aihub itself imports.
SLOW_MODULES = frozenset(
    {
        "collections",
        "contextlib",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "functools",
        "ipaddress",
        "json",
        "pathlib",
        "re",
        "shlex",
        "tempfile",
        "typing",
        "urllib",
        "httpx",
        "rich",
        "typer",
        "click",
        "pydantic",
        "platformdirs",
    }
)

_LEAN_PROBE = """
import sys
sys.path.insert(0, sys.argv.pop(1))
before = set(sys.modules)
from aihubmix_cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
added = {name.split(".")[0] for name in set(sys.modules) - before}
print(repr((code, sorted(added & SLOW))), file=sys.stderr)
"""


def loaded_slow_modules(aihub: Aihub, *args: str, **env: str) -> list[str]:
    import ast
    from pathlib import Path

    code = _LEAN_PROBE.replace("SLOW", repr(set(SLOW_MODULES)))
    probe = subprocess.run(
        [sys.executable, "-S", "-c", code, str(Path(__file__).resolve().parents[2]), *args],
        env={**_base_env(), **{k: v for k, v in aihub.env().items() if v is not None}, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    exit_code, slow = ast.literal_eval(probe.stderr.strip().splitlines()[-1])
    assert exit_code == 0, probe.stderr
    return list(slow)


JSON = ["collections", "enum", "functools", "json", "re"]


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["list", "--json"], []),
        (["list", "--format", "jsonl"], []),
        (["list", "--features", "thinking", "--sort", "context_length", "--json"], []),
        # Prices are shown from their repr's digits (units._quick_usd_text), exactly as the
        # decimal module would show them: a table and plain text import neither it nor the
        # collections module it needs.
        (["list", "-f", "thinking", "-s", "context_length", "-o", "table"], []),
        (["list", "--type", "llm", "-o", "plain"], []),
        (["list", "-o", "ids"], []),
        # show imports the cost rules (typing, decimal) only for a workload, and its panels
        # no typing. The json module (and the re it needs) writes its JSON, as every --json
        # not read from the parsed copy, and shows the values in plain lines that are not text.
        (["show", "gpt-5", "--json"], JSON),
        (["show", "gpt-5", "-o", "plain"], JSON),
        (["--help"], []),
        (["list", "--help"], []),
    ],
)
def test_a_warm_run_imports_nothing_slow(aihub: Aihub, args: list[str], allowed: list[str]) -> None:
    aihub("list")  # warm the cache
    assert loaded_slow_modules(aihub, *args, COLUMNS="100") == allowed


@pytest.mark.parametrize("line", ["aihub show gpt-", "aihub list --sort ", "aihub list -f t"])
def test_a_tab_press_imports_nothing_slow(aihub: Aihub, line: str) -> None:
    aihub("list")  # the completion index
    env = {"_AIHUB_COMPLETE": "complete_bash", "_AIHUB_COMP_LINE": line}
    assert loaded_slow_modules(aihub, **env) == []


# -- the fast path reads what typer reads ------------------------------------------------------


def _typer_options(command: str) -> dict[str, Any]:
    group = typer.main.get_command(cli.app)
    options: dict[str, Any] = {}
    for param in group.commands[command].params:  # type: ignore[attr-defined]
        if not isinstance(param, TyperOption):
            continue
        for name in param.opts:
            options[name] = param
    return options


def test_the_fast_paths_table_is_generated_from_typer_and_fresh() -> None:
    # Stale after a change to an option in cli.py: run python scripts/generate_interface.py
    assert generate_interface.stored() == generate_interface.interface()
    table = fastpath.commands()
    for command in generate_interface.FAST_COMMANDS:
        options = _typer_options(command)
        assert set(table[command]["options"]) == {n for n in options if n not in ("--help", "-h")}


def test_choices_are_the_catalogs_and_renderers_own() -> None:
    options = _typer_options("list")
    assert tuple(options["--sort"].type.choices) == SORT_KEYS + SERVER_SORT_KEYS
    assert tuple(options["--format"].type.choices) == FORMATS


def _captured(
    monkeypatch: pytest.MonkeyPatch, command: str, argv: list[str]
) -> list[dict[str, Any]]:
    """The values each parser hands the command's function, defaults filled in."""
    module = importlib.import_module(f"aihubmix_cli.commands.{command}")
    signature = inspect.signature(module.run)
    seen: list[dict[str, Any]] = []

    def capture(runtime: Any, *typed: Any, **values: Any) -> int:
        if typed:  # a typed options object: its fields are the values handed on
            (options,) = typed
            names = getattr(options, "_fields", options.__slots__)  # a NamedTuple's or a Record's
            values = {name: getattr(options, name) for name in names}
            fields = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
            seen.append({**fields, "runtime": runtime.mode})
            return 0
        bound = signature.bind(runtime, **values)
        bound.apply_defaults()
        # typer hands repeated values over as a tuple, the fast parser as a list.
        given = {k: list(v) if isinstance(v, tuple) else v for k, v in bound.arguments.items()}
        seen.append({**given, "runtime": runtime.mode})
        return 0

    monkeypatch.setattr(module, "run", capture)
    parsed = fastpath.parse(argv)
    assert parsed is not None
    assert fastpath.run(parsed) == 0
    # standalone_mode=False hands back typer.Exit's code instead of raising it.
    assert typer.main.get_command(cli.app).main(args=argv, standalone_mode=False) == 0
    return seen


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
        ["show", "gpt-5"],
        ["show", "--json", "Qwen/QwQ-32B", "--input-tokens", "20k"],
        ["show", "gpt-5", "-o", "plain", "--offline"],
        ["compare", "gpt-5", "o3"],
        ["compare", "gpt-5", "--diff", "o3", "claude-sonnet-4-5", "--output-tokens=1k"],
        ["list", "--columns", "id,ctx", "--columns=in", "--no-headers", "-o", "csv"],
        ["list", "--json", "--columns", "model_id,pricing.input"],
        ["compare", "gpt-5", "o3", "--columns", "in,out", "-o", "markdown", "--no-headers"],
        ["list", "--as-of", "2026-03-01", "--json", "--sort", "price"],
        ["show", "gpt-5", "--as-of", "30d"],
        ["audit"],
        ["audit", "src", "docs/x.md", "--exit-code", "--fail-on", "repriced", "-o", "sarif"],
        ["audit", "--suggest", "--cheaper", "--since", "7d", "--json", "--offline"],
    ],
)
def test_fast_path_hands_on_the_same_values_as_typer(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _captured(monkeypatch, argv[0], argv)
    assert first == second


def test_fast_path_builds_the_list_options_typer_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[ListOptions] = []
    monkeypatch.setattr(
        list_command, "execute", lambda runtime, options, as_of: seen.append(options)
    )
    argv = ["list", "-f", "thinking", "--sort", "cost", "--input-tokens", "1k"]
    parsed = fastpath.parse(argv)
    assert parsed is not None
    fastpath.run(parsed)
    typer.main.get_command(cli.app).main(args=argv, standalone_mode=False)
    assert len(seen) == 2 and seen[0] == seen[1]
    assert seen[0].filters.features == frozenset({"thinking"})


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
        ["list", "--requests", "100/year"],
        ["list", "-tllm"],
        ["list", "--unknown"],
        ["cache", "info"],
        ["show"],
        ["show", "a", "b"],
        ["show", "--", "-x"],
        ["compare"],
        ["legacy", "gpt-5"],
    ],
)
def test_fast_path_leaves_everything_else_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None
