"""The change report of `aihub changes`, for people."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import format_percent, format_tokens, format_usd
from aihubmix_cli.catalog import Model
from aihubmix_cli.render.columns import UNKNOWN, StyledLine
from aihubmix_cli.render.models import price_cell, rate_text
from aihubmix_cli.render.terminal import Terminal, draw_lines

if TYPE_CHECKING:
    from aihubmix_cli.catalog.changes import Change, Report

_CHANGE_LABELS = {
    "pricing.input": "input price",
    "pricing.output": "output price",
    "pricing.cache_read": "cache read price",
    "pricing.cache_write": "cache write price",
    "context_length": "context",
    "max_output": "max output",
    "types": "type",
    "features": "features",
    "input_modalities": "input modalities",
    "output_modalities": "output modalities",
    "retire_stage": "status",
}


def change_text(change: Change, model: Model | None) -> str:
    """One change for people: `input price  $1.25 → $1 (-20%)`, `features  + web  - tools`."""
    from aihubmix_cli.catalog.changes import percent_move

    label = _CHANGE_LABELS.get(change.field, change.field)
    old, new = change.old, change.new
    if isinstance(old, list) and isinstance(new, list) and old and new:
        gained = [f"+ {v}" for v in new if v not in old]
        lost = [f"- {v}" for v in old if v not in new]
        return f"{label}  {'  '.join(gained + lost)}"
    if change.field.startswith("pricing."):

        def money(value: Any) -> str:
            if value is None:
                return "none"
            return format_usd(value) if model is None else rate_text(model, value)

        text = f"{label}  {money(old)} → {money(new)}"
    elif isinstance(old, list) or isinstance(new, list):
        # All gained or all lost reads as the other changes do: `type  none → llm`.
        text = f"{label}  {_listed(old)} → {_listed(new)}"
    elif change.field in ("context_length", "max_output"):
        text = f"{label}  {format_tokens(old)} → {format_tokens(new)}"
    else:
        text = f"{label}  {old or UNKNOWN} → {new or UNKNOWN}"
    move = percent_move(old, new)
    if move is not None:
        text += f"  ({format_percent(move)})"
    return terminal_safe(text)


def _listed(values: Any) -> str:
    return ",".join(str(v) for v in values) if values else "none"


def print_changes(
    report: Report, out: IO[str], *, since: str, until: str, terminal: Terminal | None = None
) -> None:
    """The change report: added, removed, then each changed model with its changes."""
    from aihubmix_cli.render.cells import cell_len

    lines = [StyledLine(f"Catalog changes from {since} to {until}", "bold")]
    if report.empty:
        lines.append(StyledLine("No changes."))
    if report.added:
        lines.append(StyledLine(f"Added ({len(report.added)})", "bold green"))
        ids = [terminal_safe(model.id) for model in report.added]
        width = max(cell_len(i) for i in ids)
        for model, shown in zip(report.added, ids, strict=True):
            summary = (
                f"{format_tokens(model.context_length)} context · in {price_cell(model, 'input')}"
            )
            padding = " " * (width - cell_len(shown))
            lines.append(StyledLine(f"  + {shown}{padding}   {summary}", "green"))
    if report.removed:
        lines.append(StyledLine(f"Removed ({len(report.removed)})", "bold red"))
        for model in report.removed:
            lines.append(StyledLine(f"  - {terminal_safe(model.id)}", "red"))
    if report.changed:
        by_model: dict[str, list[Change]] = {}
        for change in report.changed:
            by_model.setdefault(change.model_id, []).append(change)
        lines.append(StyledLine(f"Changed ({len(by_model)})", "bold yellow"))
        for model_id, changes in by_model.items():
            lines.append(StyledLine(f"  {terminal_safe(model_id)}", "bold"))
            current = report.current.get(model_id)
            lines.extend(StyledLine(f"    {change_text(change, current)}") for change in changes)
    # Broken between words only on a terminal: piped, a line stays whole for grep.
    on_terminal = terminal is not None and terminal.is_terminal
    draw_lines(out, terminal, lambda width: _broken(lines, width) if on_terminal else lines)


# Where a broken line goes on: deeper than any line's own indent (0, 2 or 4), so that its rest
# is never read as the next model or change.
_GOES_ON = " " * 6


def _broken(lines: list[StyledLine], width: int) -> list[StyledLine]:
    """The lines broken between words for a terminal `width` wide, each part in its style."""
    from aihubmix_cli.base.text import broken_between_words

    return [
        StyledLine(part, line.style)
        for line in lines
        for part in broken_between_words([line.text], width, _GOES_ON)
    ]
