"""typer's unpublished API is reached from two modules only, so a typer upgrade has two
places to check: cli/typer_internals.py and shell/shell_completion.py (the first one's
docstring says why the second keeps its own). Every reach counts, wherever it is written: an
import of `typer._*` at the top or inside a function, or a private attribute of typer's objects
read directly or by name."""

from __future__ import annotations

import ast
from pathlib import Path

import aihubmix_cli

REPO = Path(aihubmix_cli.__file__).parent.parent
# What the generated option table once read off typer's objects by hand.
PRIVATE_ATTRIBUTES = {
    "_extract_default_help_str",
    "_get_default_string",
    "_custom_shell_complete",
    "__closure__",
}


def _reaches_into_typer(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("typer._"):
                return True
            if node.module == "typer" and any(a.name.startswith("_") for a in node.names):
                return True
        if isinstance(node, ast.Import) and any(a.name.startswith("typer._") for a in node.names):
            return True
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE_ATTRIBUTES:
            return True
        if isinstance(node, ast.Constant) and node.value in PRIVATE_ATTRIBUTES:
            return True
    return False


def test_only_two_modules_reach_into_typer() -> None:
    reaching = sorted(
        path.relative_to(REPO).as_posix()
        for folder in ("aihubmix_cli", "scripts", "completions", "bench")
        for path in (REPO / folder).rglob("*.py")
        if _reaches_into_typer(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert reaching == [
        "aihubmix_cli/cli/typer_internals.py",
        "aihubmix_cli/shell/shell_completion.py",
    ]


def test_the_old_ways_of_reaching_in_are_seen() -> None:
    # The check above passes on nothing only if it can see a reach: the forms the code used.
    assert _reaches_into_typer(ast.parse("from typer._click.core import Context"))
    assert _reaches_into_typer(ast.parse("def f():\n    from typer import _click as click"))
    assert _reaches_into_typer(ast.parse("import typer._types"))
    assert _reaches_into_typer(ast.parse("param._extract_default_help_str(ctx=ctx)"))
    assert _reaches_into_typer(ast.parse('getattr(param, "_custom_shell_complete", None)'))
    assert not _reaches_into_typer(ast.parse("from typer.core import TyperOption"))
