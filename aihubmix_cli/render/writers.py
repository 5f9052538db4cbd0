"""One writer per output format, each over a view's column specs.

gh's convention: the same columns make a table for people on a terminal and tab-separated
lines for scripts in a pipe; `--json` is one call over the rows' JSON objects.
"""

from __future__ import annotations

from aihubmix_cli.base.jsonout import carries_unicode, to_json
from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.render.columns import layout_table
from aihubmix_cli.render.terminal import draw_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import IO, Any

    from aihubmix_cli.render.columns import Column
    from aihubmix_cli.render.terminal import Terminal

FORMATS = ("table", "plain", "json", "jsonl", "csv", "ids", "markdown")
# The formats each command writes, declared here once: each --format's choices, help and Tab
# completion come from this (cli/command_options.py); `list` and `legacy` write them all.
COMMAND_FORMATS = {
    "list": FORMATS,
    "legacy": FORMATS,
    # `show` is one model: a panel, its fields as lines, or its JSON object.
    "show": ("table", "plain", "json"),
    # `compare` is a small table: every format but ids, which would only repeat the arguments.
    "compare": ("table", "plain", "csv", "json", "markdown"),
    "history": ("table", "plain", "csv", "json"),
    "audit": ("table", "plain", "json", "sarif"),
}
# The formats whose first line is a header `--no-headers` can leave out.
HEADED_FORMATS = ("plain", "csv")


def choose_format(explicit: str | None, stdout_is_terminal: bool) -> str:
    """An explicit --format always wins; otherwise a table for people, plain text for pipes."""
    if explicit:
        return explicit
    return "table" if stdout_is_terminal else "plain"


class View:
    """How one kind of row is shown in every format."""

    __slots__ = ("columns", "id_of", "json_of", "keep_all", "style_of", "table_columns")

    def __init__(
        self,
        columns: Sequence[Column],  # plain, CSV: these, in this order
        json_of: Callable[[Any], Any],  # a row's JSON value
        id_of: Callable[[Any], str],  # a row's id, for `-o ids`
        # The table's columns, where they differ from the machine formats' order.
        table_columns: Sequence[Column] | None = None,
        style_of: Callable[[Any], str | None] | None = None,
        # Columns a person asked for by name: a narrow table cuts them, it never drops one.
        keep_all: bool = False,
    ) -> None:
        self.columns = columns
        self.json_of = json_of
        self.id_of = id_of
        self.table_columns = table_columns
        self.style_of = style_of
        self.keep_all = keep_all

    def _replace(self, **changes: Any) -> View:
        """A copy with `changes`, as NamedTuple's _replace."""
        values = {name: getattr(self, name) for name in self.__slots__}
        return View(**(values | changes))


def plain(columns: Sequence[Column], items: Iterable[Any], *, headers: bool = True) -> str:
    """A header of field names, then one tab-separated line per row, nothing cut.

    Unknown values are "-" so that every line keeps its columns for cut and awk.
    """
    lines = ["\t".join(column.name for column in columns)] if headers else []
    for item in items:
        lines.append("\t".join(column.write(item) or "-" for column in columns))
    return "".join(line + "\n" for line in lines)


# What a spreadsheet reads as the start of a formula (OWASP's list: tab and carriage return
# too, which some spreadsheets strip before looking).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell no spreadsheet runs as a formula: text starting like one gets a leading `'`
    (shown by spreadsheets as text). A number (digits, one point, a leading minus: what aihub
    writes for a price of -0.5) stays as it is: a spreadsheet reads it as the number it is."""
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """Whether `text` is a plain decimal number: `-12`, `-0.5` (ASCII digits only)."""
    whole, _, fraction = text.removeprefix("-").partition(".")
    return all(part.isascii() and part.isdigit() for part in (whole, fraction or "0"))


def csv_text(
    columns: Sequence[Column], items: Iterable[Any], *, headers: bool = True, raw: bool = False
) -> str:
    """Comma-separated rows (RFC 4180), formula-like cells neutralised unless `raw`."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    cell = str if raw else csv_cell
    if headers:
        writer.writerow([cell(column.name) for column in columns])
    for item in items:
        writer.writerow([cell(column.write(item)) for column in columns])
    return buffer.getvalue()


# Backslash-escaped, these ASCII punctuation characters read as themselves in any CommonMark
# cell: no emphasis, code, link, HTML or strikethrough can start inside a value, and `|` no
# longer ends the cell.
_MARKDOWN_SPECIAL = {ord(ch): "\\" + ch for ch in "\\`*_[]<>|~&!#"}


def markdown_cell(text: str) -> str:
    """Text for a GitHub-flavoured Markdown table cell: one line, terminal-safe, escaped.

    Line breaks become spaces (a cell is one line of the table's source)."""
    return terminal_safe(text).translate(_MARKDOWN_SPECIAL).strip() or " "


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[bool]
) -> str:
    """A GitHub-flavoured Markdown table: header, alignment row (`---:` for numbers), rows."""

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |"

    lines = [line(headers), "| " + " | ".join("---:" if r else "---" for r in right) + " |"]
    lines += [line(row) for row in rows]
    return "".join(text + "\n" for text in lines)


def markdown(columns: Sequence[Column], items: Iterable[Any], footer: str | None = None) -> str:
    """The table for people (its headers, units and cells), as Markdown for a document."""
    text = markdown_table(
        [column.header for column in columns],
        ([column.show(item) for column in columns] for item in items),
        [column.justify == "right" for column in columns],
    )
    if footer:
        text += "\n" + markdown_cell(footer) + "\n"
    return text


def ids(view: View, items: Iterable[Any]) -> str:
    return "".join(terminal_safe(view.id_of(item)) + "\n" for item in items)


def json_array(view: View, items: Iterable[Any], *, ascii_only: bool = False) -> str:
    return to_json([view.json_of(item) for item in items], ascii_only=ascii_only)


def json_lines(view: View, items: Iterable[Any], *, ascii_only: bool = False) -> str:
    return "".join(to_json(view.json_of(item), ascii_only=ascii_only) for item in items)


def machine_text(
    output_format: str,
    view: View,
    items: Sequence[Any],
    ascii_only: bool,
    *,
    headers: bool = True,
    footer: str | None = None,
    raw_csv: bool = False,
) -> str:
    if output_format == "json":
        return json_array(view, items, ascii_only=ascii_only)
    if output_format == "jsonl":
        return json_lines(view, items, ascii_only=ascii_only)
    if output_format == "csv":
        return csv_text(view.columns, items, headers=headers, raw=raw_csv)
    if output_format == "ids":
        return ids(view, items)
    if output_format == "markdown":
        return markdown(view.table_columns or view.columns, items, footer)
    return plain(view.columns, items, headers=headers)


def table(
    out: IO[str], terminal: Terminal | None, view: View, items: Sequence[Any], footer: str | None
) -> None:
    """The table for people, fitted to the terminal's width, then the footer."""
    from aihubmix_cli.render.cells import cell_len

    columns = view.table_columns or view.columns
    draw_lines(
        out,
        terminal,
        lambda width: layout_table(
            columns, items, width, cell_len, view.style_of, keep_all=view.keep_all
        ),
        footer,
    )


def write(
    out: IO[str],
    terminal: Terminal,
    output_format: str | None,
    view: View,
    items: Sequence[Any],
    *,
    footer: str | None = None,
    headers: bool = True,
    raw_csv: bool = False,
) -> None:
    """`items` in the format asked for (None: a table on a terminal, plain text otherwise).

    `headers=False` (--no-headers) leaves out the header line of plain and CSV; `raw_csv`
    (--csv-raw) keeps CSV cells that a spreadsheet would run as formulas as they are."""
    chosen = choose_format(output_format, terminal.is_terminal)
    if chosen == "table":
        table(out, terminal, view, items, footer)
    else:
        ascii_only = not carries_unicode(out)
        text = machine_text(
            chosen, view, items, ascii_only, headers=headers, footer=footer, raw_csv=raw_csv
        )
        out.write(text)


def check_headers(output_format: str | None, headers: bool) -> None:
    """--no-headers is for the formats that have a header line to leave out."""
    from aihubmix_cli.base.errors import UsageError

    if not headers and output_format not in (None, *HEADED_FORMATS):
        raise UsageError(f"--no-headers is for plain and csv, not --format {output_format}")


def check_columns(output_format: str | None, columns: bool) -> None:
    """--columns chooses what each line holds; `ids` holds the id alone, whatever is asked."""
    from aihubmix_cli.base.errors import UsageError

    if columns and output_format == "ids":
        raise UsageError("--columns is not for --format ids, which prints the ids alone")


def check_csv_raw(output_format: str | None, raw: bool) -> None:
    """--csv-raw is for CSV: anywhere else it would promise what it does not do."""
    from aihubmix_cli.base.errors import UsageError

    if raw and output_format != "csv":
        raise UsageError(f"--csv-raw is for --format csv, not {output_format or 'the default'}")


def resolve_format(explicit: str | None, json_output: bool) -> str | None:
    """The format `--format` and `--json` ask for together (None: the default)."""
    from aihubmix_cli.base.errors import UsageError

    if json_output and explicit not in (None, "json"):
        raise UsageError(f"--json and --format {explicit} ask for different formats")
    return "json" if json_output else explicit
