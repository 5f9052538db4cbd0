"""Every way aihub draws data: rich tables for people, plain text, JSON, JSON lines, CSV, ids.

The only module that knows rich, and it imports rich only inside the functions that draw for
a terminal, so `--json` and the plain formats never pay for it. Server text is made
terminal-safe on every path except JSON, which carries it exactly.
"""

from __future__ import annotations

import io
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple

from .catalog import Model
from .text import terminal_safe
from .units import describe_age, format_tokens, format_usd

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from aihubmix_cli.changes import Change, Report
    from aihubmix_cli.costs import Estimate

FORMATS = ("table", "plain", "json", "jsonl", "csv", "ids")
UNKNOWN = "—"
NON_TOKEN_MARK = "*"


def choose_format(explicit: str | None, stdout_is_terminal: bool) -> str:
    """An explicit --format always wins; otherwise a table for people, plain text for pipes."""
    if explicit:
        return explicit
    return "table" if stdout_is_terminal else "plain"


# -- machine formats -------------------------------------------------------------------------


def to_json(value: Any) -> str:
    """JSON exactly as the contract says: UTF-8 text kept as sent, one line, newline-ended.

    allow_nan=False because NaN is not JSON: a non-finite number the catalog parser did not
    already make null (in an unknown field, say) becomes null here, so the output always
    parses.
    """
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        # NaN or an infinity somewhere the catalog parser does not look (an unknown field,
        # a legacy object): null, which is what JSON can say about it.
        value = _finite(value)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        text.encode("utf-8")
        exact = _stdout_carries_unicode()
    except UnicodeEncodeError:
        exact = False  # a lone surrogate ("\\ud800" in the server's JSON) has no UTF-8 form
    if not exact:
        # Escaped, the output is still valid JSON and decodes to exactly the same text, in
        # any encoding stdout may have (PYTHONIOENCODING=ascii would otherwise turn é into ?).
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text + "\n"


def _stdout_carries_unicode() -> bool:
    import codecs

    try:
        return codecs.lookup(sys.stdout.encoding or "utf-8").name.startswith("utf")
    except (AttributeError, LookupError):
        return True  # not a text stream with an encoding: it takes str as it is


# What a workload would cost on each model, when one was given.
Costs = Mapping[Model, "Estimate"]


def model_object(model: Model, costs: Costs | None = None) -> dict[str, Any]:
    """A model's JSON object; with a workload, `estimated_cost_usd` (a number or null) and,
    when it is null, `estimate_unavailable` saying why."""
    if costs is None:
        return model.data
    usd, reason = costs[model]
    number = None if usd is None else float(usd)
    if number is not None and not math.isfinite(number):
        number = None  # a cost beyond what JSON numbers carry is no estimate
        reason = "too large to estimate"
    if number is None:
        return {**model.data, "estimated_cost_usd": None, "estimate_unavailable": reason}
    return {**model.data, "estimated_cost_usd": number}


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def models_json(models: Sequence[Model], costs: Costs | None = None) -> str:
    return to_json([model_object(model, costs) for model in models])


def models_jsonl(models: Sequence[Model], costs: Costs | None = None) -> str:
    return "".join(to_json(model_object(model, costs)) for model in models)


def models_ids(models: Sequence[Model], costs: Costs | None = None) -> str:
    return "".join(terminal_safe(model.id) + "\n" for model in models)


def plain_number(value: float | int | Decimal | None) -> str:
    """A number for scripts: no units, no thousands separators, no exponent."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    from decimal import Decimal

    number = Decimal(repr(value)) if isinstance(value, float) else value
    return f"{number.normalize():f}"


PLAIN_HEADER = (
    "model_id",
    "types",
    "context_length",
    "max_output",
    "pricing.input",
    "pricing.output",
    "pricing.cache_read",
    "features",
    "input_modalities",
)


def _plain_header(costs: Costs | None) -> tuple[str, ...]:
    return PLAIN_HEADER + (("estimated_cost_usd",) if costs is not None else ())


def _plain_row(model: Model, costs: Costs | None) -> list[str]:
    prices = model.prices
    extra = [plain_number(costs[model].usd)] if costs is not None else []
    return [
        terminal_safe(model.id),
        terminal_safe(",".join(model.types)),
        plain_number(model.context_length),
        plain_number(model.max_output),
        plain_number(prices.get("input")),
        plain_number(prices.get("output")),
        plain_number(prices.get("cache_read")),
        terminal_safe(",".join(model.features)),
        terminal_safe(",".join(model.input_modalities)),
        *extra,
    ]


def models_plain(models: Sequence[Model], costs: Costs | None = None) -> str:
    """gh's convention for pipes: a header, one tab-separated line per model, nothing cut.

    Unknown values are "-" so that every line keeps its columns for cut and awk.
    """
    lines = ["\t".join(_plain_header(costs))]
    for model in models:
        lines.append("\t".join(cell or "-" for cell in _plain_row(model, costs)))
    return "\n".join(lines) + "\n"


def models_csv(models: Sequence[Model], costs: Costs | None = None) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_plain_header(costs))
    for model in models:
        writer.writerow(_plain_row(model, costs))
    return buffer.getvalue()


# -- tables for people -----------------------------------------------------------------------


def footer_text(count: int, age: float | None) -> str:
    noun = "model" if count == 1 else "models"
    text = f"{count} {noun}"
    if age is not None:
        text += " · catalog fetched just now" if age < 1 else f" · catalog {describe_age(age)} old"
    return text


def _price_cell(model: Model, field: str) -> str:
    price = model.prices.get(field)
    if price is None:
        return UNKNOWN
    if model.token_priced:
        return format_usd(price)
    # The unit of image, video and speech prices is not documented: show the number only.
    return f"{plain_number(price)}{NON_TOKEN_MARK}"


def _id_cell(model: Model) -> str:
    return terminal_safe(model.id) + (" †" if model.deprecated else "")


def _list_cell(values: Sequence[str]) -> str:
    return terminal_safe(", ".join(values)) if values else UNKNOWN


class ColumnSpec(NamedTuple):
    header: str
    cell: Callable[[Any], str]  # a row (a Model, a legacy entry...) to its cell text
    justify: Literal["left", "right"] = "left"
    # Columns with a higher rank are dropped first when the terminal is too narrow;
    # 0 never goes. A column with no value in any row goes before all of them.
    drop_rank: int = 0
    # A comma list: the values behind the cell, which may then shrink down to `shrink_to`
    # cells by naming fewer values and counting the rest ("thinking, tools +3").
    values: Callable[[Any], Sequence[str]] | None = None
    shrink_to: int | None = None


def _list_column(
    header: str, values: Callable[[Any], Sequence[str]], drop_rank: int, shrink_to: int
) -> ColumnSpec:
    return ColumnSpec(
        header,
        lambda item: _list_cell(values(item)),
        drop_rank=drop_rank,
        values=values,
        shrink_to=shrink_to,
    )


LIST_COLUMNS = (
    ColumnSpec("ID", _id_cell),
    # The id is cut only when every other column has gone: a cut id cannot be copied.
    _list_column("Type", lambda m: m.types, drop_rank=4, shrink_to=8),
    ColumnSpec("Context", lambda m: format_tokens(m.context_length), "right", drop_rank=2),
    ColumnSpec("Max out", lambda m: format_tokens(m.max_output), "right", drop_rank=5),
    ColumnSpec("In $/1M", lambda m: _price_cell(m, "input"), "right", drop_rank=1),
    ColumnSpec("Out $/1M", lambda m: _price_cell(m, "output"), "right", drop_rank=3),
    ColumnSpec("Cache $/1M", lambda m: _price_cell(m, "cache_read"), "right", drop_rank=6),
    _list_column("Features", lambda m: m.features, drop_rank=7, shrink_to=14),
    _list_column("Input", lambda m: m.input_modalities, drop_rank=8, shrink_to=10),
)

_GAP = "   "


class StyledLine(NamedTuple):
    text: str
    style: str | None = None


def fit_columns(widths: Sequence[int], ranks: Sequence[int], available: int) -> list[int]:
    """Indexes of the columns to keep so that the table fits `available` cells.

    Columns go in order of rank, highest first, until the widths fit; the columns of rank 0
    always stay.
    """
    keep = list(range(len(widths)))
    droppable = sorted((i for i, r in enumerate(ranks) if r), key=lambda i: -ranks[i])

    def total() -> int:
        return sum(widths[i] for i in keep) + len(_GAP) * (len(keep) - 1)

    for index in droppable:
        if total() <= available:
            break
        keep.remove(index)
    return keep


def _cut(text: str, width: int, cell_len: Callable[[str], int]) -> str:
    """`text` in at most `width` cells, an ellipsis marking the cut."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def fit_list(values: Sequence[str], width: int, cell_len: Callable[[str], int] = len) -> str:
    """A comma list in at most `width` cells: as many values as fit, then how many more.

    `thinking, tools, web, deepsearch` in 18 cells is `thinking, tools +2`; one value too long
    for the room is cut with an ellipsis instead.
    """
    if not values:
        return UNKNOWN
    safe = [terminal_safe(value) for value in values]
    whole = ", ".join(safe)
    if cell_len(whole) <= width:
        return whole
    for shown in range(len(safe) - 1, 0, -1):
        text = f"{', '.join(safe[:shown])} +{len(safe) - shown}"
        if cell_len(text) <= width:
            return text
    return _cut(whole, width, cell_len)


def layout_table(
    columns: Sequence[ColumnSpec],
    items: Sequence[Any],
    width: int,
    cell_len: Callable[[str], int] = len,
    style_of: Callable[[Any], str | None] | None = None,
) -> list[StyledLine]:
    """A borderless table fitted to `width` cells: header, rule, then one line per item.

    aihub lays tables out itself rather than through rich's Table, which takes about 150 ms
    for a few hundred rows; rich still does the styling. Columns that hold nothing go first
    when the terminal is narrow, then the low-value ones; comma lists shrink (naming fewer
    values) before they go; the id gives way last. No row ever takes a second line.
    """
    cells = [[spec.cell(item) for spec in columns] for item in items]
    natural = [
        max([cell_len(spec.header)] + [cell_len(row[i]) for row in cells])
        for i, spec in enumerate(columns)
    ]
    smallest = [
        min(n, max(spec.shrink_to or n, cell_len(spec.header)))
        for n, spec in zip(natural, columns, strict=True)
    ]
    # A column with no value in any row tells nothing: it is the first to go.
    empty_rank = max(spec.drop_rank for spec in columns) + 1
    ranks = [
        empty_rank + i
        if spec.drop_rank and all(row[i] == UNKNOWN for row in cells)
        else spec.drop_rank
        for i, spec in enumerate(columns)
    ]
    keep = fit_columns(smallest, ranks, width)
    widths = {i: natural[i] for i in keep}
    excess = sum(widths.values()) + len(_GAP) * (len(keep) - 1) - width
    # The list with most to spare shrinks first.
    for i in sorted(keep, key=lambda i: smallest[i] - natural[i]):
        if excess > 0 and columns[i].values is not None:
            give = min(excess, widths[i] - smallest[i])
            widths[i] -= give
            excess -= give
    if excess > 0:
        widths[keep[0]] = max(widths[keep[0]] - excess, 1)

    def fitted(item: Any, row: list[str], i: int) -> str:
        spec = columns[i]
        if cell_len(row[i]) <= widths[i]:
            return row[i]
        if spec.values is not None:
            return fit_list(spec.values(item), widths[i], cell_len)
        return _cut(row[i], widths[i], cell_len)

    rows = [[fitted(item, row, i) for i in keep] for item, row in zip(items, cells, strict=True)]
    headers = [_cut(columns[i].header, widths[i], cell_len) for i in keep]
    # Shrunk lists may leave a column narrower than the room it was given; close the gap.
    for n, i in enumerate(keep):
        widths[i] = max([cell_len(headers[n])] + [cell_len(r[n]) for r in rows])

    def line(texts: Sequence[str]) -> str:
        padded = []
        for i, text in zip(keep, texts, strict=True):
            room = " " * (widths[i] - cell_len(text))
            padded.append(room + text if columns[i].justify == "right" else text + room)
        return _GAP.join(padded).rstrip()

    rule = "─" * (sum(widths.values()) + len(_GAP) * (len(keep) - 1))
    lines = [StyledLine(line(headers), "bold"), StyledLine(rule)]
    for item, texts in zip(items, rows, strict=True):
        lines.append(StyledLine(line(texts), style_of(item) if style_of is not None else None))
    return lines


def table_console(out: IO[str]) -> Console:
    from rich.console import Console

    # highlight=False: rich would otherwise colour numbers and URLs inside server text.
    return Console(file=out, highlight=False, soft_wrap=False)


def print_lines(console: Console, lines: Sequence[StyledLine]) -> None:
    """Lines as they are (no wrapping, no markup), styled where the terminal has colour."""
    from rich.text import Text

    text = Text()
    for styled in lines:
        # Cells are made safe where they are built; this is the last door, for any line
        # built from server text that a future change forgets to clean.
        text.append(terminal_safe(styled.text), style=styled.style)
        text.append("\n")
    console.print(text, soft_wrap=True, end="")


def print_footer(console: Console, note: str) -> None:
    """The line under a table, wrapped between words to the terminal's width."""
    from rich.text import Text

    console.print(Text(note, style="dim"))


def print_models_table(
    models: Sequence[Model], out: IO[str], *, age: float | None, costs: Costs | None = None
) -> None:
    from rich.cells import cell_len

    console = table_console(out)
    notes = [footer_text(len(models), age)]
    if any(model.deprecated for model in models):
        notes.append("† deprecated")
    if any(not model.token_priced and model.prices for model in models):
        notes.append(f"{NON_TOKEN_MARK} price unit not documented (not a token model)")
    columns: Sequence[ColumnSpec] = LIST_COLUMNS
    if costs is not None:
        cost_column = ColumnSpec("Est. cost", lambda m: format_usd(costs[m].usd), "right")
        columns = (*LIST_COLUMNS[:1], cost_column, *LIST_COLUMNS[1:])
    lines = layout_table(
        columns, models, console.width, cell_len, lambda m: "dim" if m.deprecated else None
    )
    print_lines(console, lines)
    print_footer(console, " · ".join(notes))


# -- one model, and several side by side ------------------------------------------------------

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
    }
)
_PRICE_LABELS = (
    ("input", "input"),
    ("output", "output"),
    ("cache_read", "cache read"),
    ("cache_write", "cache write"),
)


def _limit_text(value: int | None) -> str:
    return "unknown" if value is None else f"{format_tokens(value)} tokens ({value:,})"


def _rate(model: Model, price: float | None) -> str:
    if price is None:
        return UNKNOWN
    return format_usd(price) if model.token_priced else plain_number(price)


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return terminal_safe(text)


def _estimate_rows(cost: Estimate | None, workload: str | None) -> list[tuple[str, str]]:
    if workload is None or cost is None:
        return []
    if cost.usd is not None:
        return [("Est. cost", f"{format_usd(cost.usd)}  ({workload})")]
    return [("Est. cost", f"none: {cost.unavailable}  ({workload})")]


def model_rows(model: Model, cost: Estimate | None, workload: str | None) -> list[tuple[str, Any]]:
    """(label, content) pairs for the show panel; content is text or a rich renderable."""
    from rich.table import Table
    from rich.text import Text

    data = model.data
    rows: list[tuple[str, Any]] = []
    unit = "USD per 1M tokens" if model.token_priced else "unit not documented"
    if model.bare:
        # A quarter of the live catalog is an id and a price: say that, not a wall of dashes.
        known = [(field, label) for field, label in _PRICE_LABELS if field in model.prices]
        prices = " · ".join(
            f"{label} {_rate(model, model.prices[field])}" for field, label in known
        )
        rows.append((f"Prices ({unit})", prices or UNKNOWN))
        rows.extend(_estimate_rows(cost, workload))
        rows.append(("", Text("The catalog lists no more for this model.", style="dim")))
        return rows
    if model.name:
        rows.append(("Name", model.name))
    rows.append(("Type", ", ".join(model.types) or UNKNOWN))
    desc = data.get("desc")
    if isinstance(desc, str) and desc.strip():
        rows.append(("Description", Text(terminal_safe(desc.strip(), keep_newlines=True))))
    rows.append(("Context", _limit_text(model.context_length)))
    rows.append(("Max output", _limit_text(model.max_output)))
    prices = " · ".join(
        f"{label} {_rate(model, model.prices.get(field))}" for field, label in _PRICE_LABELS
    )
    rows.append((f"Prices ({unit})", prices if model.prices else UNKNOWN))
    if model.tiers:
        tiers = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
        tiers.add_column("input above")
        for _, label in _PRICE_LABELS:
            tiers.add_column(label, justify="right")
        for tier in model.tiers:
            rates = [_rate(model, tier.prices.get(field)) for field, _ in _PRICE_LABELS]
            tiers.add_row(f"{format_tokens(tier.size)} tokens", *rates)
        rows.append(("Long context", tiers))
    rows.extend(_estimate_rows(cost, workload))
    for label, field in (
        ("Features", "features"),
        ("Input", "input_modalities"),
        ("Output", "output_modalities"),
        ("Endpoints", "endpoints"),
    ):
        if _joined(data.get(field)) != UNKNOWN:
            rows.append((label, _joined(data.get(field))))
    if model.release_date:
        rows.append(("Released", model.release_date))
    stage = data.get("retire_stage")
    if isinstance(stage, str) and stage:
        rows.append(("Status", "deprecated †" if model.deprecated else stage))
    more = [f"{key}: {_compact(value)}" for key, value in data.items() if key not in _SHOWN_FIELDS]
    if more:
        rows.append(("More", " · ".join(more)))
    return rows


def print_model_panel(
    model: Model, out: IO[str], *, cost: Estimate | None = None, workload: str | None = None
) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, content in model_rows(model, cost, workload):
        # Plain strings become Text, never markup: "[bold]" in a name must show as typed.
        grid.add_row(label, Text(terminal_safe(content)) if isinstance(content, str) else content)
    title = Text(terminal_safe(model.id), style="bold")
    table_console(out).print(Panel(grid, title=title, title_align="left", expand=False))


class CompareRow(NamedTuple):
    label: str
    cells: list[str]
    best: frozenset[int] = frozenset()  # columns that hold the row's best value
    # What --diff compares: the values themselves, since 1,047,576 and 1,048,576 tokens
    # both show as 1.05M. None: compare the cells.
    values: Sequence[Any] | None = None

    @property
    def agrees(self) -> bool:
        return len(set(self.cells if self.values is None else self.values)) <= 1


def _best(values: Sequence[float | Decimal | None], *, largest: bool) -> frozenset[int]:
    known = [v for v in values if v is not None]
    if len(known) < 2 or len(set(known)) == 1:
        return frozenset()  # nothing to single out
    target = max(known) if largest else min(known)
    return frozenset(i for i, v in enumerate(values) if v == target)


def _joined(values: Any) -> str:
    return _list_cell(values) if isinstance(values, list) else UNKNOWN


def compare_rows(
    models: Sequence[Model], costs: Costs | None, features: Sequence[str]
) -> list[CompareRow]:
    """The transposed comparison: one row per attribute, one cell per model."""
    rows = [CompareRow("Type", [", ".join(m.types) or UNKNOWN for m in models])]
    for label, attribute in (("Context", "context_length"), ("Max output", "max_output")):
        values = [getattr(m, attribute) for m in models]
        cells = [format_tokens(v) for v in values]
        rows.append(CompareRow(label, cells, _best(values, largest=True), values))
    for field, label in _PRICE_LABELS:
        values = [m.prices.get(field) for m in models]
        cells = [_price_cell(m, field) for m in models]
        # Only prices in the same unit can be ranked: USD per 1M tokens, not the bare
        # numbers of image or speech models.
        comparable = [v if m.token_priced else None for m, v in zip(models, values, strict=True)]
        best = _best(comparable, largest=False)
        rows.append(CompareRow(f"{label.capitalize()} $/1M", cells, best, values))
    if costs is not None:
        values_cost = [costs[m].usd for m in models]
        cells = [format_usd(v) for v in values_cost]
        rows.append(CompareRow("Est. cost", cells, _best(values_cost, largest=False), values_cost))
    for feature in features:
        rows.append(CompareRow(feature, ["✓" if feature in m.features else "—" for m in models]))
    for label, field in (
        ("Input", "input_modalities"),
        ("Output", "output_modalities"),
        ("Endpoints", "endpoints"),
    ):
        rows.append(CompareRow(label, [_joined(model.data.get(field)) for model in models]))
    rows.append(CompareRow("Released", [m.release_date or UNKNOWN for m in models]))
    return rows


def print_compare_table(
    models: Sequence[Model],
    out: IO[str],
    *,
    costs: Costs | None,
    diff: bool,
    features: Sequence[str],
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rows = compare_rows(models, costs, features)
    if diff:
        rows = [row for row in rows if not row.agrees]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("")
    for model in models:
        table.add_column(Text(terminal_safe(model.id)), overflow="fold")
    for row in rows:
        cells = [
            Text(terminal_safe(cell), style="bold green" if i in row.best else "")
            for i, cell in enumerate(row.cells)
        ]
        table.add_row(Text(terminal_safe(row.label), style="bold"), *cells)
    console = table_console(out)
    console.print(table)
    if any(not m.token_priced and m.prices for m in models):
        console.print(Text(f"{NON_TOKEN_MARK} price unit not documented (not a token model)"))


# -- the OpenAI-compatible list -----------------------------------------------------------------


def _legacy_date(entry: dict[str, Any], *, full: bool = False) -> str:
    from aihubmix_cli.legacy import created

    when = created(entry)
    if when is None:
        return ""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ" if full else "%Y-%m-%d")


def _legacy_owner(entry: dict[str, Any]) -> str:
    from aihubmix_cli.legacy import owner

    return terminal_safe(owner(entry) or UNKNOWN)


def _legacy_row(entry: dict[str, Any]) -> list[str]:
    from aihubmix_cli.legacy import owner

    return [
        terminal_safe(entry["id"]),
        terminal_safe(owner(entry) or ""),
        _legacy_date(entry, full=True),
    ]


LEGACY_HEADER = ("id", "owned_by", "created")

LEGACY_COLUMNS = (
    ColumnSpec("ID", lambda e: terminal_safe(e["id"])),
    ColumnSpec("Owner", _legacy_owner, drop_rank=1),
    ColumnSpec("Created", lambda e: _legacy_date(e) or UNKNOWN, drop_rank=2),
)


def legacy_formatted(entries: Sequence[dict[str, Any]], output_format: str) -> str:
    """The machine formats of a /v1/models list; JSON carries the objects as received."""
    if output_format == "json":
        return to_json(list(entries))
    if output_format == "jsonl":
        return "".join(to_json(entry) for entry in entries)
    if output_format == "ids":
        return "".join(terminal_safe(entry["id"]) + "\n" for entry in entries)
    if output_format == "csv":
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(LEGACY_HEADER)
        writer.writerows(_legacy_row(entry) for entry in entries)
        return buffer.getvalue()
    lines = ["\t".join(LEGACY_HEADER)]
    lines += ["\t".join(cell or "-" for cell in _legacy_row(entry)) for entry in entries]
    return "\n".join(lines) + "\n"


def print_legacy_table(
    entries: Sequence[dict[str, Any]], out: IO[str], *, age: float | None, keyed: bool
) -> None:
    from rich.cells import cell_len

    console = table_console(out)
    lines = layout_table(LEGACY_COLUMNS, entries, console.width, cell_len)
    whose = "callable with your key" if keyed else "in the default group (no key)"
    note = footer_text(len(entries), age).replace("catalog", "list")
    print_lines(console, lines)
    print_footer(console, f"{note} · {whose}")


def print_legacy_model(entry: dict[str, Any], out: IO[str]) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from aihubmix_cli.legacy import created

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    when = created(entry)
    rows: list[tuple[str, Any]] = [
        ("Object", _compact(entry.get("object", UNKNOWN))),
        ("Owner", _compact(entry.get("owned_by") or UNKNOWN)),
        ("Created", f"{when:%Y-%m-%d %H:%M:%S} UTC" if when else UNKNOWN),
    ]
    # The documented object sends `"parent": null` and the like: absent says the same, better.
    for field in ("root", "parent"):
        if entry.get(field) is not None:
            rows.append((field.capitalize(), _compact(entry[field])))
    permissions = entry.get("permission")
    if isinstance(permissions, list) and permissions:
        rows.append(("Permission", _permission_grid(permissions)))
    elif isinstance(permissions, list):
        rows.append(("Permission", "none"))
    elif permissions is not None:
        rows.append(("Permission", _compact(permissions)))
    known = {"id", "object", "owned_by", "created", "root", "parent", "permission"}
    more = [
        f"{key}: {_compact(value)}"
        for key, value in entry.items()
        if key not in known and value is not None
    ]
    if more:
        rows.append(("More", " · ".join(more)))
    for label, content in rows:
        grid.add_row(label, Text(terminal_safe(content)) if isinstance(content, str) else content)
    title = Text(terminal_safe(entry["id"]), style="bold")
    table_console(out).print(Panel(grid, title=title, title_align="left", expand=False))


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
    return _compact(value)


# -- what changed -----------------------------------------------------------------------------

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
    from aihubmix_cli.changes import percent_move

    label = _CHANGE_LABELS.get(change.field, change.field)
    old, new = change.old, change.new
    if isinstance(old, list) and isinstance(new, list):
        gained = [f"+ {v}" for v in new if v not in old]
        lost = [f"- {v}" for v in old if v not in new]
        return f"{label}  {'  '.join(gained + lost)}"
    if change.field.startswith("pricing."):

        def money(value: Any) -> str:
            if value is None:
                return "none"
            return format_usd(value) if model is None else _rate(model, value)

        text = f"{label}  {money(old)} → {money(new)}"
    elif change.field in ("context_length", "max_output"):
        text = f"{label}  {format_tokens(old)} → {format_tokens(new)}"
    else:
        text = f"{label}  {old or UNKNOWN} → {new or UNKNOWN}"
    move = percent_move(old, new)
    if move is not None:
        text += f"  ({'+' if move > 0 else '-'}{abs(move):.3g}%)"
    return terminal_safe(text)


def print_changes(report: Report, out: IO[str], *, since: str, until: str) -> None:
    """The change report: added, removed, then each changed model with its changes."""
    lines = [StyledLine(f"Catalog changes from {since} to {until}", "bold")]
    if report.empty:
        lines.append(StyledLine("No changes."))
    if report.added:
        lines.append(StyledLine(f"Added ({len(report.added)})", "bold green"))
        from rich.cells import cell_len

        ids = [terminal_safe(model.id) for model in report.added]
        width = max(cell_len(i) for i in ids)
        for model, shown in zip(report.added, ids, strict=True):
            summary = (
                f"{format_tokens(model.context_length)} context · in {_price_cell(model, 'input')}"
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
    print_lines(table_console(out), lines)


# -- progress --------------------------------------------------------------------------------


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner on stderr while waiting on the network, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    with console.status(terminal_safe(message), spinner="dots"):
        yield
