"""Panels: one thing in full, as labelled rows in a box (`show`, `legacy MODEL`), and the same
rows as `key<TAB>value` lines for a pipe."""

from __future__ import annotations

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import format_monthly, format_tokens, format_usd, plain_number
from aihubmix_cli.catalog import Model, is_free
from aihubmix_cli.render.columns import UNKNOWN, list_text
from aihubmix_cli.render.models import (
    MODEL_COLUMNS,
    PRICE_LABELS,
    model_object,
    rate_text,
    value_text,
)
from aihubmix_cli.render.terminal import Terminal, console

# typing costs a piped `show` a tenth of its time: the types are for mypy only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import IO, Any

    from aihubmix_cli.catalog.costs import Estimate
    from aihubmix_cli.render.models import Costs

    Row = tuple[str, Any]  # (label, text or a rich renderable)

# Below this many cells for the values, a label and its value no longer fit side by side
# without breaking words ("function_call" / "ing"): each value goes under its label instead.
_NARROWEST_VALUES = 30


def print_panel(out: IO[str], terminal: Terminal | None, title: str, rows: Sequence[Row]) -> None:
    """A titled box of rows: labels in bold that never wrap, values that wrap between words."""
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    drawing = console(out, terminal)
    label_width = max((cell_len(label) for label, _ in rows), default=0)
    # 4 cells of border and padding, 2 between the columns.
    stacked = drawing.width - 4 - label_width - 2 < _NARROWEST_VALUES
    grid = Table.grid(padding=(0, 2))
    if stacked:
        grid.add_column(overflow="fold")
    else:
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
    for label, content in rows:
        # Plain strings become Text, never markup: "[bold]" in a name must show as typed.
        value = Text(terminal_safe(content)) if isinstance(content, str) else content
        if not stacked:
            grid.add_row(label, value)
            continue
        if label:
            grid.add_row(Text(label, style="bold"))
        grid.add_row(Padding(value, (0, 0, 0, 2)))
    heading = Text(terminal_safe(title), style="bold")
    drawing.print(Panel(grid, title=heading, title_align="left", expand=False))


def compact(value: Any) -> str:
    """Any JSON value as one line of text for people."""
    if isinstance(value, str):
        return terminal_safe(value)
    import json  # only for a value that is not text

    text = json.dumps(value, ensure_ascii=False)
    return terminal_safe(text)


# -- one catalog model -------------------------------------------------------------------------

# Fields the panel shows in their own rows; everything else goes in "more".
_SHOWN_FIELDS = frozenset(
    {
        "model_id",
        "model_name",
        "desc",
        "types",
        "context_length",
        "max_output",
        "pricing",
        "features",
        "input_modalities",
        "output_modalities",
        "endpoints",
        "release_date",
        "retire_stage",
        "variant_of",
    }
)
_LIST_ROWS = (
    ("Features", "features"),
    ("Input", "input_modalities"),
    ("Output", "output_modalities"),
    ("Endpoints", "endpoints"),
)


def variant_text(model: Model) -> str | None:
    """The paid model a route belongs to, as the catalog links them (`variant_of`): a free
    route is quota-limited, and the paid one is what a user then moves to."""
    paid = model.data.get("variant_of")
    if not isinstance(paid, str) or not paid.strip():
        return None
    paid = terminal_safe(paid)
    if is_free(model):
        return f"{paid}, the paid model of this free route"
    return paid


def _limit_text(value: int | None) -> str:
    return "unknown" if value is None else f"{format_tokens(value)} tokens ({value:,})"


def _joined(values: Any) -> str:
    return list_text(values) if isinstance(values, list) else UNKNOWN


def _estimate_rows(cost: Estimate | None, workload: str | None) -> list[Row]:
    if workload is None or cost is None:
        return []
    if cost.usd is None:
        return [("Est. cost", f"none: {cost.unavailable}  ({workload})")]
    rows: list[Row] = [("Est. cost", f"{format_usd(cost.usd)}  ({workload})")]
    if cost.rate is not None:
        rows.append(("Monthly", f"{format_monthly(cost.monthly)}  (30 days)"))
    return rows


def _tiers_table(model: Model) -> Any:
    from rich.table import Table

    tiers = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    tiers.add_column("input above")
    for _, label in PRICE_LABELS:
        tiers.add_column(label, justify="right")
    for tier in model.tiers:
        rates = [rate_text(model, tier.prices.get(field)) for field, _ in PRICE_LABELS]
        tiers.add_row(f"{format_tokens(tier.size)} tokens", *rates)
    return tiers


def model_rows(model: Model, cost: Estimate | None, workload: str | None) -> list[Row]:
    """The show panel's rows."""
    from rich.text import Text

    data = model.data
    rows: list[Row] = []
    unit = "USD per 1M tokens" if model.token_priced else "unit not documented"
    if model.bare:
        # A quarter of the live catalog is an id and a price: say that, not a wall of dashes.
        known = [(field, label) for field, label in PRICE_LABELS if field in model.prices]
        prices = " · ".join(
            f"{label} {rate_text(model, model.prices[field])}" for field, label in known
        )
        rows.append((f"Prices ({unit})", prices or UNKNOWN))
        rows.extend(_estimate_rows(cost, workload))
        rows.append(("", Text("The catalog lists no more for this model.", style="dim")))
        return rows
    if model.name:
        rows.append(("Name", model.name))
    route = variant_text(model)
    if route:
        rows.append(("Variant of", route))
    rows.append(("Type", ", ".join(model.types) or UNKNOWN))
    desc = data.get("desc")
    if isinstance(desc, str) and desc.strip():
        rows.append(("Description", Text(terminal_safe(desc.strip(), keep_newlines=True))))
    rows.append(("Context", _limit_text(model.context_length)))
    rows.append(("Max output", _limit_text(model.max_output)))
    prices = " · ".join(
        f"{label} {rate_text(model, model.prices.get(field))}" for field, label in PRICE_LABELS
    )
    rows.append((f"Prices ({unit})", prices if model.prices else UNKNOWN))
    if model.tiers:
        rows.append(("Long context", _tiers_table(model)))
    rows.extend(_estimate_rows(cost, workload))
    for label, field in _LIST_ROWS:
        if _joined(data.get(field)) != UNKNOWN:
            rows.append((label, _joined(data.get(field))))
    if model.release_date:
        rows.append(("Released", model.release_date))
    stage = data.get("retire_stage")
    if isinstance(stage, str) and stage:
        rows.append(("Status", "deprecated †" if model.deprecated else stage))
    more = [f"{key}: {compact(value)}" for key, value in data.items() if key not in _SHOWN_FIELDS]
    if more:
        rows.append(("More", " · ".join(more)))
    return rows


def print_model_panel(
    model: Model,
    out: IO[str],
    *,
    cost: Estimate | None = None,
    workload: str | None = None,
    terminal: Terminal | None = None,
    caption: str | None = None,  # `catalog as of 2026-03-01 (...)` for a past catalog
) -> None:
    rows = model_rows(model, cost, workload)
    if caption:
        rows = [*rows, ("", caption)]
    print_panel(out, terminal, model.id, rows)


def model_lines(model: Model, costs: Costs | None = None) -> str:
    """`show` in a pipe: one `field<TAB>value` line per field, named as in the JSON contract,
    lists comma-joined and numbers raw as in `list`'s plain output, "-" when unknown."""
    fields = [(column.name, column.write(model)) for column in MODEL_COLUMNS]
    fields.insert(7, ("pricing.cache_write", plain_number(model.prices.get("cache_write"))))
    for field in ("output_modalities", "endpoints"):
        values = model.data.get(field)
        fields.append((field, terminal_safe(",".join(values)) if isinstance(values, list) else ""))
    named = {name for name, _ in fields}
    for key, value in model.data.items():
        name = terminal_safe(key).strip()
        # A field name with no text left is nothing a script could ask for.
        if name and key not in named and key != "pricing" and value is not None:
            fields.append((name, value_text(value)))
    if model.tiers:
        fields.append(("pricing.tiers", value_text(model.data["pricing"]["tiers"])))
    if costs is not None:
        shown = model_object(model, costs)
        fields.append(("estimated_cost_usd", plain_number(shown["estimated_cost_usd"])))
        if "estimated_monthly_cost_usd" in shown:
            monthly = plain_number(shown["estimated_monthly_cost_usd"])
            fields.append(("estimated_monthly_cost_usd", monthly))
        if "estimate_unavailable" in shown:
            fields.append(("estimate_unavailable", terminal_safe(shown["estimate_unavailable"])))
    return "".join(f"{name}\t{value or '-'}\n" for name, value in fields)


# -- one entry of the OpenAI-compatible list ---------------------------------------------------


def legacy_rows(entry: dict[str, Any]) -> list[Row]:
    from aihubmix_cli.catalog.legacy import created

    when = created(entry)
    rows: list[Row] = [
        ("Object", compact(entry.get("object", UNKNOWN))),
        ("Owner", compact(entry.get("owned_by") or UNKNOWN)),
        ("Created", f"{when:%Y-%m-%d %H:%M:%S} UTC" if when else UNKNOWN),
    ]
    # The documented object sends `"parent": null` and the like: absent says the same, better.
    for field in ("root", "parent"):
        if entry.get(field) is not None:
            rows.append((field.capitalize(), compact(entry[field])))
    permissions = entry.get("permission")
    if isinstance(permissions, list) and permissions:
        rows.append(("Permission", _permission_grid(permissions)))
    elif isinstance(permissions, list):
        rows.append(("Permission", "none"))
    elif permissions is not None:
        rows.append(("Permission", compact(permissions)))
    known = {"id", "object", "owned_by", "created", "root", "parent", "permission"}
    more = [
        f"{key}: {compact(value)}"
        for key, value in entry.items()
        if key not in known and value is not None
    ]
    if more:
        rows.append(("More", " · ".join(more)))
    return rows


def legacy_lines(entry: dict[str, Any]) -> str:
    """`legacy MODEL` in a pipe: one `field<TAB>value` line per field the server sent, as
    `show` writes them ("-" when null)."""
    from aihubmix_cli.catalog.legacy import created
    from aihubmix_cli.render.legacy import created_time

    lines = []
    for key, value in entry.items():
        name = terminal_safe(key).strip()
        if name:
            # A time as the list writes it; a `created` that is no sane time as sent.
            shown = (key == "created" and created_time(created(entry))) or value_text(value)
            lines.append(f"{name}\t{shown or '-'}\n")
    return "".join(lines)


def print_legacy_model(
    entry: dict[str, Any], out: IO[str], *, terminal: Terminal | None = None
) -> None:
    print_panel(out, terminal, entry["id"], legacy_rows(entry))


def _permission_grid(blocks: list[Any]) -> Any:
    """Each permission object as `allow sampling  yes` lines, a blank line between objects."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    first = True
    for block in blocks:
        if not isinstance(block, dict):
            continue
        if not first:
            grid.add_row("", "")
        first = False
        for key, value in block.items():
            if value is None:
                continue
            grid.add_row(
                Text(terminal_safe(key).replace("_", " ")), Text(_permission_value(key, value))
            )
    return grid


def _permission_value(key: str, value: Any) -> str:
    from datetime import datetime, timezone

    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "created" and isinstance(value, int) and 0 < value < 2**33:
        return f"{datetime.fromtimestamp(value, timezone.utc):%Y-%m-%d %H:%M:%S} UTC"
    return compact(value)
