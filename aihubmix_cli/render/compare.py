"""`compare`: models side by side, one row per attribute, the best value of a row marked.

On a terminal the models stand in columns whose headers are their ids, never split; when they
cannot stand side by side in the terminal's width, each model gets a block of its own. In a
pipe the same comparison is tab-separated: a header of ids, then one row per JSON field.
"""

from __future__ import annotations

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import format_monthly, format_tokens, format_usd
from aihubmix_cli.catalog import Model
from aihubmix_cli.catalog.costs import returns_no_output
from aihubmix_cli.render.cells import cell_len
from aihubmix_cli.render.columns import UNKNOWN, fit_list, list_text
from aihubmix_cli.render.models import (
    NON_TOKEN_NOTE,
    PRICE_LABELS,
    data_list,
    model_column,
    price_cell,
    rated,
)
from aihubmix_cli.render.terminal import Terminal, console

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from decimal import Decimal
    from typing import IO, Any

    from aihubmix_cli.render.models import Costs

_GAP = 3  # cells between columns, as between a list table's columns
# A feature the model's features list names, or leaves out; unknown (no list) is UNKNOWN.
HAS = "✓"
LACKS = "✗"


class CompareRow:
    """One attribute of the compared models: its label, and a cell per model."""

    __slots__ = ("best", "cells", "label", "lists", "name", "values")

    def __init__(
        self,
        label: str,
        cells: list[str],
        best: frozenset[int] = frozenset(),  # columns that hold the row's best value
        # What --diff compares: the values themselves, since 1,047,576 and 1,048,576 tokens
        # both show as 1.05M. None: compare the cells.
        values: Sequence[Any] | None = None,
        # A comma list per model, so that a narrow column can name fewer values and count the
        # rest.
        lists: Sequence[Sequence[str]] | None = None,
        name: str = "",  # the field's name for --columns (every feature row is `features`)
    ) -> None:
        self.label = label
        self.cells = cells
        self.best = best
        self.values = values
        self.lists = lists
        self.name = name

    def _replace(self, **changes: Any) -> CompareRow:
        """A copy with `changes`, as NamedTuple's _replace."""
        values = {name: getattr(self, name) for name in self.__slots__}
        return CompareRow(**(values | changes))

    @property
    def agrees(self) -> bool:
        return len(set(self.cells if self.values is None else self.values)) <= 1


def _best(values: Sequence[float | Decimal | None], *, largest: bool) -> frozenset[int]:
    known = [v for v in values if v is not None]
    if len(known) < 2 or len(set(known)) == 1:
        return frozenset()  # nothing to single out
    target = max(known) if largest else min(known)
    return frozenset(i for i, v in enumerate(values) if v == target)


def _list_row(label: str, lists: Sequence[Sequence[str]]) -> CompareRow:
    return CompareRow(label, [list_text(values) for values in lists], lists=lists)


def compare_rows(
    models: Sequence[Model],
    costs: Costs | None,
    features: Sequence[str],
    fields: Sequence[str] | None = None,
) -> list[CompareRow]:
    """The transposed comparison: one row per attribute, one cell per model; with `fields`
    (from --columns), the rows of those fields, in that order."""
    rows = [_list_row("Type", [m.types for m in models])._replace(name="types")]
    for label, attribute in (("Context", "context_length"), ("Max output", "max_output")):
        values = [getattr(m, attribute) for m in models]
        cells = [format_tokens(v) for v in values]
        rows.append(CompareRow(label, cells, _best(values, largest=True), values, name=attribute))
    for field, label in PRICE_LABELS:
        values = [m.prices.get(field) for m in models]
        cells = [price_cell(m, field) for m in models]
        # Only prices in the same unit can be ranked: USD per 1M tokens, not the bare
        # numbers of image or speech models; and an output price only of models that return
        # output tokens (an embedding's is never paid).
        comparable = [
            v if m.token_priced and not (field == "output" and returns_no_output(m)) else None
            for m, v in zip(models, values, strict=True)
        ]
        best = _best(comparable, largest=False)
        heading = f"{label.capitalize()} $/1M"
        rows.append(CompareRow(heading, cells, best, values, name=f"pricing.{field}"))
    if costs is not None:
        values_cost = [costs[m].usd for m in models]
        # An empty cell says briefly why: `> 400K context`, `unit unknown`.
        cells = [
            format_usd(v) if v is not None else short_reason(costs[m].unavailable)
            for m, v in zip(models, values_cost, strict=True)
        ]
        best = _best(values_cost, largest=False)
        rows.append(CompareRow("Est. cost", cells, best, values_cost, name="estimated_cost_usd"))
        if rated(costs):
            monthly = [costs[m].monthly for m in models]
            cells = [format_monthly(v) for v in monthly]
            rows.append(
                CompareRow(
                    "Monthly",
                    cells,
                    _best(monthly, largest=False),
                    monthly,
                    name="estimated_monthly_cost_usd",
                )
            )
    for feature in features:
        label = terminal_safe(feature)  # a feature name is the catalog's text
        # A model whose entry lists no features says nothing of this one: unknown, as `list`
        # and `show` mark it, not the "no" of a features list that leaves it out.
        cells = [_feature_cell(m, feature) for m in models]
        rows.append(CompareRow(label, cells, name="features"))
    for label, field in (
        ("Input", "input_modalities"),
        ("Output", "output_modalities"),
        ("Endpoints", "endpoints"),
    ):
        rows.append(_list_row(label, [data_list(m, field) for m in models])._replace(name=field))
    released = [m.release_date or UNKNOWN for m in models]
    rows.append(CompareRow("Released", released, name="release_date"))
    if not fields:
        return rows
    picked = []
    for field in fields:
        named = [row for row in rows if row.name == field]
        if not named:
            column = model_column(field, costs)
            named = [CompareRow(column.header, [column.show(m) for m in models], name=field)]
        picked += named
    return picked


def _feature_cell(model: Model, feature: str) -> str:
    if not model.features:
        return UNKNOWN
    # By the filters' rule: `tools` and `function_calling` are one capability, so the two rows
    # agree as `list --features` does.
    from aihubmix_cli.catalog.filters import matching_features

    return HAS if matching_features([feature]) <= matching_features(model.features) else LACKS


def _widths(
    rows: Sequence[CompareRow], ids: Sequence[str], label_width: int, room: int
) -> list[int] | None:
    """Each model column's width, lists shrunk as far as their id allows; None when the models
    cannot stand side by side in `room` cells."""
    fixed = [cell_len(i) for i in ids]
    natural = list(fixed)
    for row in rows:
        for n, cell in enumerate(row.cells):
            natural[n] = max(natural[n], cell_len(cell))
            if row.lists is None:
                fixed[n] = max(fixed[n], cell_len(cell))
    total = label_width + sum(natural) + _GAP * len(ids)
    widths = list(natural)
    excess = total - room
    # The column with most to spare gives first.
    for n in sorted(range(len(ids)), key=lambda n: fixed[n] - natural[n]):
        if excess > 0:
            give = min(excess, natural[n] - fixed[n])
            widths[n] -= give
            excess -= give
    return widths if excess <= 0 else None


def _cell_text(row: CompareRow, n: int, width: int) -> str:
    if row.lists is not None and cell_len(row.cells[n]) > width:
        return fit_list(row.lists[n], width, cell_len)
    return terminal_safe(row.cells[n])


def _cell_style(row: CompareRow, n: int) -> str | None:
    return "bold green" if n in row.best else None


def print_compare_table(
    models: Sequence[Model],
    out: IO[str],
    *,
    costs: Costs | None,
    diff: bool,
    features: Sequence[str],
    terminal: Terminal | None = None,
    fields: Sequence[str] | None = None,
    tell: Callable[[str], None] | None = None,
    caption: str | None = None,  # `catalog as of 2026-03-01 (...)` for a past catalog
) -> None:
    """The models side by side, or one block per model when they do not fit; written
    without rich (as rich's Table wrote it) wherever `screen` can."""
    from aihubmix_cli.render.screen import Screen

    rows = compare_rows(models, costs, features, fields)
    if diff:
        rows = [row for row in rows if not row.agrees]
    ids = [terminal_safe(model.id) for model in models]
    label_width = max([cell_len(row.label) for row in rows] + [0])
    note = NON_TOKEN_NOTE if any(not m.token_priced and m.prices for m in models) else None
    if caption:
        note = f"{caption} · {note}" if note else caption
    screen = Screen.of(out, terminal)
    width = screen.width if screen is not None else console(out, terminal).width
    widths = _widths(rows, ids, label_width, width)
    if widths is None and tell is not None:
        tell(
            f"the {len(ids)} models do not fit side by side in {width} columns; "
            "showing them one after the other"
        )
    # rich draws a table for an encoding other than UTF-8 with an ASCII box of its own.
    encoding = (getattr(out, "encoding", "utf-8") or "utf-8").lower()
    boxed_in_ascii = widths is not None and not encoding.startswith("utf")
    if screen is not None and rows and label_width and not boxed_in_ascii:
        if widths is None:
            text = screen.segments_text(_block_lines(rows, ids, label_width, width))
        else:
            text = screen.segments_text(_table_lines(rows, ids, label_width, widths))
        if screen.write(out, text, note, None):
            return
    drawing = console(out, terminal)
    if widths is None:
        _print_blocks(drawing, rows, ids, label_width, width)
    else:
        _print_table(drawing, rows, ids, label_width, widths)
    if note is not None:
        from rich.text import Text

        drawing.print(Text(note))


Segments = list[tuple[str, str | None]]


def _padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _table_lines(
    rows: Sequence[CompareRow], ids: Sequence[str], label_width: int, widths: Sequence[int]
) -> list[Segments]:
    """The segments rich's Table (SIMPLE_HEAD, no edge, bold header) draws: cells padded to
    their column's width in their own style, one space of padding either side of the
    (blank) divider, the header's padding bold too, a rule under the header."""
    header: Segments = [(" " * label_width, "bold"), (" ", "bold"), (" ", None)]
    for n, (model_id, width) in enumerate(zip(ids, widths, strict=True)):
        header += [(" ", "bold"), (_padded(model_id, width), "bold")]
        if n < len(ids) - 1:
            header += [(" ", "bold"), (" ", None)]
    rule = "─" * (label_width + sum(widths) + _GAP * len(ids))
    lines: list[Segments] = [header, [(rule, None)]]
    for row in rows:
        line: Segments = [(_padded(terminal_safe(row.label), label_width), "bold"), ("   ", None)]
        for n, width in enumerate(widths):
            if n:
                line.append(("   ", None))
            line.append((_padded(_cell_text(row, n, width), width), _cell_style(row, n)))
        lines.append(line)
    return lines


def _print_table(
    drawing: Any,
    rows: Sequence[CompareRow],
    ids: Sequence[str],
    label_width: int,
    widths: Sequence[int],
) -> None:
    """rich's drawing of the table: where `screen` cannot draw, and the reference it draws to."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("", no_wrap=True, width=label_width)
    for model_id, width in zip(ids, widths, strict=True):
        table.add_column(Text(model_id), no_wrap=True, width=width)
    for row in rows:
        cells = [
            Text(_cell_text(row, n, width), style=_cell_style(row, n) or "")
            for n, width in enumerate(widths)
        ]
        table.add_row(Text(terminal_safe(row.label), style="bold"), *cells)
    drawing.print(table)


def _block_cell(row: CompareRow, n: int, room: int) -> str:
    cell = _cell_text(row, n, room)
    if row.lists is None and cell_len(cell) > room:
        cell = cell[: max(room - 1, 1)] + "…"
    return cell


def _block_lines(
    rows: Sequence[CompareRow], ids: Sequence[str], label_width: int, width: int
) -> list[Segments]:
    """One block per model, its rows under its id: what fits when the models do not fit side
    by side."""
    room = max(width - label_width - _GAP - 2, 8)
    lines: list[Segments] = []
    for n, model_id in enumerate(ids):
        if n:
            lines.append([])
        lines.append([(model_id, "bold")])
        for row in rows:
            padding = " " * (label_width - cell_len(row.label) + _GAP)
            label = (f"  {terminal_safe(row.label)}{padding}", "bold")
            lines.append([label, (_block_cell(row, n, room), _cell_style(row, n))])
    return lines


def _print_blocks(
    drawing: Any, rows: Sequence[CompareRow], ids: Sequence[str], label_width: int, width: int
) -> None:
    """rich's drawing of the blocks: where `screen` cannot draw, and the reference."""
    from rich.text import Text

    room = max(width - label_width - _GAP - 2, 8)
    text = Text()
    for n, model_id in enumerate(ids):
        text.append(f"\n{model_id}\n" if n else f"{model_id}\n", style="bold")
        for row in rows:
            padding = " " * (label_width - cell_len(row.label) + _GAP)
            text.append(f"  {terminal_safe(row.label)}{padding}", style="bold")
            text.append(_block_cell(row, n, room) + "\n", style=_cell_style(row, n))
    drawing.print(text, soft_wrap=True, end="")


def short_reason(reason: str | None) -> str:
    """Why a cell has no estimate, in a few characters: `> 400K context`."""
    if not reason:
        return UNKNOWN
    from aihubmix_cli.catalog.costs import NO_OUTPUT

    shorter = (("exceeds the ", "> "), ("price unit not documented", "unit unknown"))
    for long, short in (*shorter, (NO_OUTPUT, "no output")):
        reason = reason.replace(long, short)
    return terminal_safe(reason)


def compare_markdown(
    models: Sequence[Model],
    costs: Costs | None,
    *,
    diff: bool,
    features: Sequence[str],
    fields: Sequence[str] | None = None,
    caption: str | None = None,  # `3 models · catalog as of 2026-12-07 09:15 UTC`, as list's
) -> str:
    """The table for people as Markdown: a row per attribute, a column per model."""
    from aihubmix_cli.render.writers import markdown_cell, markdown_table

    rows = compare_rows(models, costs, features, fields)
    if diff:
        rows = [row for row in rows if not row.agrees]
    text = markdown_table(
        ["", *(model.id for model in models)],
        ([row.label, *row.cells] for row in rows),
        [False] * (len(models) + 1),
    )
    notes = [caption] if caption else []
    if any(not m.token_priced and m.prices for m in models):
        notes.append(NON_TOKEN_NOTE)
    if notes:
        text += "\n" + markdown_cell(" · ".join(notes)) + "\n"
    return text
