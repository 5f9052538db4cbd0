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


def _wrap(text: str, width: int, cell_len: Callable[[str], int]) -> list[str]:
    """A comma list broken after its commas into lines of at most `width` cells."""
    lines: list[str] = []
    current = ""
    for part in text.split(", "):
        candidate = f"{current}, {part}" if current else part
        if current and cell_len(candidate + ",") > width:
            lines.append(current + ",")
            current = part
        else:
            current = candidate
    lines.append(current)
    return [_cut(line, width, cell_len) for line in lines]


def layout_table(
    columns: Sequence[ColumnSpec],
    models: Sequence[Model],
    width: int,
    cell_len: Callable[[str], int] = len,
) -> list[StyledLine]:
    """A borderless table fitted to `width` cells: header, rule, then each model's lines.

    aihub lays tables out itself rather than through rich's Table, which takes about 150 ms
    for a few hundred rows; rich still does the styling. Low-value columns go first when the
    terminal is narrow, comma lists wrap before they go, and the id gives way last.
    """
    cells = [[spec.cell(model) for spec in columns] for model in models]
    natural = [
        max([cell_len(spec.header)] + [cell_len(row[i]) for row in cells])
        for i, spec in enumerate(columns)
    ]
    smallest = [min(n, spec.wrap_to or n) for n, spec in zip(natural, columns, strict=True)]
    keep = fit_columns(smallest, [spec.drop_rank for spec in columns], width)
    widths = {i: natural[i] for i in keep}
    excess = sum(widths.values()) + len(_GAP) * (len(keep) - 1) - width
    # The list with most to spare wraps first.
    for i in sorted(keep, key=lambda i: smallest[i] - natural[i]):
        if excess > 0 and columns[i].wrap_to is not None:
            give = min(excess, widths[i] - smallest[i])
            widths[i] -= give
            excess -= give
    if excess > 0:
        widths[keep[0]] = max(widths[keep[0]] - excess, 8)

    rows = [
        [
            _wrap(row[i], widths[i], cell_len)
            if columns[i].wrap_to is not None
            else [_cut(row[i], widths[i], cell_len)]
            for i in keep
        ]
        for row in cells
    ]
    headers = [_cut(columns[i].header, widths[i], cell_len) for i in keep]
    # Wrapping may leave a column narrower than the room it was given; close the gap.
    for n, i in enumerate(keep):
        widths[i] = max([cell_len(headers[n])] + [cell_len(t) for r in rows for t in r[n]])

    def line(texts: Sequence[str]) -> str:
        padded = []
        for i, text in zip(keep, texts, strict=True):
            room = " " * (widths[i] - cell_len(text))
            padded.append(room + text if columns[i].justify == "right" else text + room)
        return _GAP.join(padded).rstrip()

    rule = "─" * (sum(widths.values()) + len(_GAP) * (len(keep) - 1))
    lines = [StyledLine(line(headers), "bold"), StyledLine(rule)]
    for model, parts in zip(models, rows, strict=True):
        style = "dim" if model.deprecated else None
        for k in range(max(len(p) for p in parts)):
            lines.append(StyledLine(line([p[k] if k < len(p) else "" for p in parts]), style))
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
        text.append(styled.text, style=styled.style)
        text.append("\n")
    console.print(text, soft_wrap=True, end="")


def print_models_table(models: Sequence[Model], out: IO[str], *, age: float | None) -> None:
    from rich.cells import cell_len

    console = table_console(out)
    notes = [footer_text(len(models), age)]
    if any(model.deprecated for model in models):
        notes.append("† deprecated")
    if any(not model.token_priced and model.prices for model in models):
        notes.append(f"{NON_TOKEN_MARK} price unit not documented (not a token model)")
    lines = layout_table(LIST_COLUMNS, models, console.width, cell_len)
    print_lines(console, [*lines, StyledLine(" · ".join(notes), "dim")])


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
