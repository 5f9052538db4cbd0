"""What aihub takes from typer beyond its published API, in one place.

typer vendors click as `typer._click` (from 0.26 on) and re-exports little of it. aihub needs
the unpublished parts for three jobs:
- help as gh writes it: usage lines with bare metavars (`Command`), and no `<str>` or crammed
  choice list beside a metavar (`WORDS`, `choice`), built on click's context and parameter types;
- one line on stderr and an exit code instead of click's own error handling (`__main__`: the
  exception types, and the stdout wrapper typer leaves behind when the reader went away);
- the generated option table (scripts/generate_interface.py): an option's default as help
  shows it (`help_default`), which value types Tab needs no completer for (`plain_type`), the
  completer a parameter declares (`declared_completers`).
The rest of aihub imports these names from here, never from `typer._*`, and never calls a
private method of typer's objects itself. One module keeps its own: shell/shell_completion.py
subclasses typer's completion classes (from `typer._completion_classes` and
`typer._click.shell_completion`). shell/ sits below cli/ in the layers, so it cannot import
from here, and moving this module lower would put typer into base/, which holds only
standard-library code. tests/units/cli/test_typer_internals.py fails when a third module
reaches into typer.

On a typer upgrade (pyproject.toml pins the range), check that this module and
shell/shell_completion.py still import; that `python scripts/generate_interface.py --check`,
`python scripts/generate_reference.py --check` and `python completions/generate.py --check` pass
(the option table, the help and the reference come out the same); and tests/units/cli,
tests/commands/test_completion.py and tests/promises/test_startup.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typer._click.core import Context
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.types import BoolParamType, FuncParamType, IntParamType, StringParamType
from typer._click.utils import PacifyFlushWrapper
from typer._types import TyperChoice
from typer.core import TyperArgument, TyperCommand

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "WORDS",
    "ClickException",
    "Command",
    "Context",
    "NoArgsIsHelpError",
    "PacifyFlushWrapper",
    "TyperChoice",
    "UsageError",
    "choice",
    "declared_completers",
    "help_default",
    "plain_type",
]


class Command(TyperCommand):
    """Usage lines as gh writes them: `aihub show [OPTIONS] MODEL`, not `{MODEL}`."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(param.metavar or (param.name or "").upper())
        return pieces


class _Words(StringParamType):
    """Plain text whose help shows only its metavar: no `<str>` beside MODEL."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


class _Choice(TyperChoice[str]):
    """A choice whose help shows only its metavar: the choices are listed in the help text,
    where they wrap between words (`<order|context_length|ma` / `x_output|…` did not)."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


WORDS = _Words()


def choice(values: tuple[str, ...]) -> TyperChoice[str]:
    return _Choice(values)


# -- for scripts/generate_interface.py ---------------------------------------------------------


def help_default(param: Any, ctx: Context) -> str | None:
    """An option's default as `--help` shows it (`[default: order]`), or None when help shows
    none. click's own two steps, which typer's help calls too."""
    value = param._extract_default_help_str(ctx=ctx)
    if value is None or not (param.show_default or ctx.show_default):
        return None
    text: str = param._get_default_string(ctx=ctx, show_default_is_str=False, default_value=value)
    return text


def plain_type(param_type: object) -> bool:
    """Text, numbers, flags and values a parser reads: Tab has nothing to offer for these."""
    return type(param_type) in (StringParamType, FuncParamType, IntParamType, BoolParamType)


def declared_completers(command: Any) -> dict[str, Callable[..., Any]]:
    """The function each parameter of a typer-made command names at `autocompletion=`, by
    parameter name.

    Read off the declaration itself (the `Annotated[..., typer.Option(autocompletion=...)]`
    of the command's function, which typer's click command keeps as its callback's
    `__wrapped__`), not out of the closures typer wraps the function in."""
    import inspect
    import typing

    callback = getattr(command, "callback", None)
    if callback is None:
        return {}
    hints = typing.get_type_hints(inspect.unwrap(callback), include_extras=True)
    found: dict[str, Callable[..., Any]] = {}
    for name, hint in hints.items():
        for info in getattr(hint, "__metadata__", ()):
            complete = getattr(info, "autocompletion", None)
            if complete is not None:
                found[name] = complete
    return found
