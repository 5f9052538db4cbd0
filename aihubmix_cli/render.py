"""Every way aihub draws data: rich tables for people, plain text, JSON, JSON lines, CSV, ids.

The only module that knows rich, and it imports rich only inside the functions that draw for
a terminal, so `--json` and the plain formats never pay for it. Server text is made
terminal-safe on every path except JSON, which carries it exactly.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Literal, NamedTuple

from .catalog import Model
from .text import terminal_safe
from .units import describe_age, format_tokens, format_usd

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console
    from rich.table import Table

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

    allow_nan=False because NaN is not JSON; the catalog parser has already made non-finite
    numbers null, so this only guards the promise that the output always parses.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def models_json(models: Sequence[Model]) -> str:
    return to_json([model.data for model in models])


def models_jsonl(models: Sequence[Model]) -> str:
    return "".join(to_json(model.data) for model in models)


def models_ids(models: Sequence[Model]) -> str:
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


def _plain_row(model: Model) -> list[str]:
    prices = model.prices
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
    ]


def models_plain(models: Sequence[Model]) -> str:
    """gh's convention for pipes: a header, one tab-separated line per model, nothing cut.

    Unknown values are "-" so that every line keeps its columns for cut and awk.
    """
    lines = ["\t".join(PLAIN_HEADER)]
    for model in models:
        lines.append("\t".join(cell or "-" for cell in _plain_row(model)))
    return "\n".join(lines) + "\n"


def models_csv(models: Sequence[Model]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLAIN_HEADER)
    for model in models:
        writer.writerow(_plain_row(model))
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
    cell: Callable[[Model], str]
    justify: Literal["left", "right"] = "left"
    # Columns with a higher rank are dropped first when the terminal is too narrow;
    # 0 never goes.
    drop_rank: int = 0
    # Long comma lists may wrap onto more lines, down to this width, before they are dropped.
    wrap_to: int | None = None


LIST_COLUMNS = (
    ColumnSpec("ID", _id_cell),
    ColumnSpec("Type", lambda m: _list_cell(m.types), drop_rank=3),
    ColumnSpec("Context", lambda m: format_tokens(m.context_length), "right"),
    ColumnSpec("Max out", lambda m: format_tokens(m.max_output), "right", drop_rank=4),
    ColumnSpec("In $/1M", lambda m: _price_cell(m, "input"), "right"),
    ColumnSpec("Out $/1M", lambda m: _price_cell(m, "output"), "right", drop_rank=2),
    ColumnSpec("Cache $/1M", lambda m: _price_cell(m, "cache_read"), "right", drop_rank=5),
    ColumnSpec("Features", lambda m: _list_cell(m.features), drop_rank=6, wrap_to=18),
    ColumnSpec("Input", lambda m: _list_cell(m.input_modalities), drop_rank=7, wrap_to=11),
)

_GAP = 3  # a separator and a space of padding either side, between columns


def fit_columns(widths: Sequence[int], ranks: Sequence[int], available: int) -> list[int]:
    """Indexes of the columns to keep so that the table fits `available` cells.

    Columns go in order of rank, highest first, until the natural widths fit; the columns of
    rank 0 always stay (the ID is then cut with an ellipsis rather than wrapped).
    """
    keep = list(range(len(widths)))
    droppable = sorted((i for i, r in enumerate(ranks) if r), key=lambda i: -ranks[i])

    def total() -> int:
        return sum(widths[i] for i in keep) + _GAP * (len(keep) - 1)

    for index in droppable:
        if total() <= available:
            break
        keep.remove(index)
    return keep


def table_console(out: IO[str]) -> Console:
    from rich.console import Console

    # highlight=False: rich would otherwise colour numbers and URLs inside server text.
    return Console(file=out, highlight=False, soft_wrap=False)


def _cell_width(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def build_table(columns: Sequence[ColumnSpec], models: Sequence[Model], width: int) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[spec.cell(model) for spec in columns] for model in models]
    widths = [
        max([_cell_width(spec.header)] + [_cell_width(row[i]) for row in cells])
        for i, spec in enumerate(columns)
    ]
    fitted = [min(w, spec.wrap_to or w) for w, spec in zip(widths, columns, strict=True)]
    keep = fit_columns(fitted, [spec.drop_rank for spec in columns], width)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for i in keep:
        spec = columns[i]
        wraps = spec.wrap_to is not None and fitted[i] < widths[i]
        table.add_column(
            spec.header,
            justify=spec.justify,
            no_wrap=not wraps,
            overflow="fold" if wraps else "ellipsis",
            # The id column gives way last: it is cut with an ellipsis only when even the
            # columns that can go have gone.
            min_width=widths[i] if i == 0 else fitted[i] if wraps else None,
        )
    for model, row in zip(models, cells, strict=True):
        style = "dim" if model.deprecated else None
        # Text objects, never strings: rich would read markup such as [bold] in server text.
        table.add_row(*(Text(row[i]) for i in keep), style=style)
    return table


def print_models_table(models: Sequence[Model], out: IO[str], *, age: float | None) -> None:
    from rich.text import Text

    console = table_console(out)
    notes = [footer_text(len(models), age)]
    if any(model.deprecated for model in models):
        notes.append("† deprecated")
    if any(not model.token_priced and model.prices for model in models):
        notes.append(f"{NON_TOKEN_MARK} price unit not documented (not a token model)")
    console.print(build_table(LIST_COLUMNS, models, console.width))
    console.print(Text(" · ".join(notes), style="dim"))


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
