"""The package's layers, as aihubmix_cli/__init__.py states them: each package imports only from
the packages below it, no command module imports another, and the package root holds only
__init__.py, __main__.py and packages. Every import counts, wherever it is written: at the top,
under TYPE_CHECKING, or inside a function (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aihubmix_cli

PACKAGE = Path(aihubmix_cli.__file__).parent

# Top to bottom. Packages on one line are siblings: neither imports the other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("commands",),
    ("shared",),
    ("render",),
    ("audit", "export", "shell"),
    ("sources",),
    ("store",),
    ("catalog",),
    ("base",),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
ROOT_FILES = {"__init__.py", "__main__.py"}
NOT_PACKAGES = {"data", "__pycache__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(module: str, source: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """Every aihubmix_cli module `source` imports, with its line: `from x import y` counts as
    x.y, which is the module y when y is one and otherwise a name in x (the layer is the same)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")
                if not is_package:
                    parts.pop()
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, node.module] if node.module else parts)
            else:
                base = node.module or ""
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "aihubmix_cli"]


def _place(module: str) -> tuple[str, str]:
    """(top-level package, command name) of an aihubmix_cli module: ("", "") for the root."""
    parts = module.split(".")[1:]
    top = parts[0] if parts else ""
    command = parts[1] if top == "commands" and len(parts) > 1 else ""
    return top, command


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """The imports in `source` (the text of `module`) that break the layers."""
    top, command = _place(module)
    found: list[str] = []
    for line, name in imported(module, source, is_package=is_package):
        target, target_command = _place(name)
        if target in ("", "__version__"):  # the root package: the version, nothing else
            continue
        where = f"{module}:{line} imports {name}"
        if target not in RANK:
            found.append(f"{where}: {target} is in no layer")
        elif target == top:
            if command and target_command and target_command != command:
                found.append(f"{where}: a command imports another command")
        elif RANK[target] <= RANK[top]:
            found.append(f"{where}: {target} is not below {top}")
    return found


def test_every_import_goes_down_the_layers() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        assert _place(module)[0] in RANK or module == "aihubmix_cli", f"{module}: in no layer"
        is_package = path.name == "__init__.py"
        found += violations(module, path.read_text(encoding="utf-8"), is_package=is_package)
    assert found == []


def test_the_package_root_holds_only_the_entry_points_and_packages() -> None:
    files = {path.name for path in PACKAGE.iterdir() if path.is_file()}
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir()} - NOT_PACKAGES
    assert files == ROOT_FILES
    assert {name for name in folders if (PACKAGE / name / "__init__.py").is_file()} == folders
    assert folders == set(RANK) - {"__main__"}


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "aihubmix_cli.store.cache",
            "def f():\n    from aihubmix_cli.sources import remote\n",
            ["aihubmix_cli.store.cache:2 imports aihubmix_cli.sources.remote:"
             " sources is not below store"],
        ),
        (
            "aihubmix_cli.commands.audit",
            "from .changes import parse_since\n",
            ["aihubmix_cli.commands.audit:1 imports aihubmix_cli.commands.changes.parse_since:"
             " a command imports another command"],
        ),
        (
            "aihubmix_cli.export.codex",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from aihubmix_cli.audit.scan import Hit\n",
            ["aihubmix_cli.export.codex:3 imports aihubmix_cli.audit.scan.Hit:"
             " audit is not below export"],
        ),
        ("aihubmix_cli.render.models", "from ..catalog import Model\nimport json\n", []),
    ],
)  # fmt: skip
def test_the_check_names_each_import_against_the_layers(
    module: str, source: str, expected: list[str]
) -> None:
    assert violations(module, source) == expected
