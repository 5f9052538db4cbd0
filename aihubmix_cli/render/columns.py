"""Column specs and the table layout every terminal table shares.

A `Column` says once how one value of a row is named for machines (the JSON contract's field
name, dotted for nested ones), headed for people, shown for people and written for machines.
`layout_table` fits any list of columns to a terminal's width: one line per row, always.
"""

from __future__ import annotations

from aihubmix_cli.base.text import terminal_safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Literal

UNKNOWN = "—"
_GAP = "   "


def list_text(values: Sequence[str]) -> str:
    """A list for people: comma-separated, terminal-safe, UNKNOWN when empty."""
    return terminal_safe(", ".join(values)) if values else UNKNOWN


class Column:
    """One value of a row, in every format (a plain class rather than a NamedTuple: the
    typing module costs a table's start more than the rest of this module)."""

    __slots__ = (
        "cells",
        "drop_rank",
        "header",
        "justify",
        "name",
        "show",
        "shrink_to",
        "values",
        "write",
    )

    def __init__(
        self,
        name: str,  # for machines: the JSON contract's field name, the header of plain and CSV
        header: str,  # for people
        show: Callable[[Any], str],  # a row to its text for people ("400K", "$1.25", UNKNOWN)
        write: Callable[[Any], str],  # ... for machines ("400000", "1.25"; "" when unknown)
        justify: Literal["left", "right"] = "left",
        # Columns with a higher rank are dropped first when the terminal is too narrow;
        # 0 never goes. A column with no value in any row goes before all of them.
        drop_rank: int = 0,
        # A comma list: the values behind the cell, which may then shrink down to `shrink_to`
        # cells by naming fewer values and counting the rest ("thinking, tools +3").
        values: Callable[[Any], Sequence[str]] | None = None,
        shrink_to: int | None = None,
        # `show` of many rows at once, for views that make long tables (the list of models):
        # a column of 2,000 rows has few distinct values, each worth showing once.
        cells: Callable[[Sequence[Any]], list[str]] | None = None,
    ) -> None:
        self.name = name
        self.header = header
        self.show = show
        self.write = write
        self.justify = justify
        self.drop_rank = drop_rank
        self.values = values
        self.shrink_to = shrink_to
        self.cells = cells

    def texts(self, rows: Sequence[Any]) -> list[str]:
        """`show` of each of `rows`."""
        return self.cells(rows) if self.cells is not None else list(map(self.show, rows))

    def _replace(self, **changes: Any) -> Column:
        """A copy with `changes`, as NamedTuple's _replace."""
        values = {name: getattr(self, name) for name in self.__slots__}
        return Column(**(values | changes))

    def __repr__(self) -> str:
        return f"Column({self.name!r}, {self.header!r})"


def list_column(
    name: str,
    header: str,
    values: Callable[[Any], Sequence[str]],
    *,
    drop_rank: int,
    shrink_to: int,
    cells: Callable[[Sequence[Any]], list[str]] | None = None,
) -> Column:
    """A column of comma lists: shown with ", ", written with ",", shrinking by count."""
    return Column(
        name,
        header,
        lambda row: list_text(values(row)),
        lambda row: terminal_safe(",".join(values(row))),
        drop_rank=drop_rank,
        values=values,
        shrink_to=shrink_to,
        cells=cells,
    )


class StyledLine:
    """One line of a table or report, in one style (a rich style name; None: plain)."""

    __slots__ = ("style", "text")

    def __init__(self, text: str, style: str | None = None) -> None:
        self.text = text
        self.style = style

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StyledLine):
            return NotImplemented
        return (self.text, self.style) == (other.text, other.style)

    def __hash__(self) -> int:
        return hash((self.text, self.style))

    def __repr__(self) -> str:
        return f"StyledLine({self.text!r}, {self.style!r})"


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


def cut(text: str, width: int, cell_len: Callable[[str], int] = len) -> str:
    """`text` in at most `width` cells, an ellipsis marking the cut.

    Linear in the text, and only the part that can show is measured: a 1 MB description in
    a 40-cell column costs what 40 cells cost. Characters are measured one at a time until
    the room is gone, then the prefix that stays is measured as a whole (a ZWJ sequence or a
    VS16 can make a run of characters narrower or wider than its parts).
    """
    if len(text) <= width and cell_len(text) <= width:
        return text  # no longer than the width: one measure of a short text
    room = width - 1  # for the text before the ellipsis
    used = 0
    end = -1  # the longest prefix that fits `room` by the characters' own widths
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > room and end < 0:
            end = index
        if used > width:
            break
    else:
        # The characters fit the whole width one by one: measure the whole to be sure.
        if cell_len(text) <= width:
            return text
        if end < 0:
            end = len(text)
    if cell_len(text[:end]) <= room:
        return text[:end] + "…"
    # Measured whole, the prefix exceeds the room after all; the longest one that does not
    # is found by halving, never one character at a time.
    low, high = 0, end - 1
    while low < high:
        middle = (low + high + 1) // 2
        if cell_len(text[:middle]) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def fit_list(values: Sequence[str], width: int, cell_len: Callable[[str], int] = len) -> str:
    """A comma list in at most `width` cells: as many values as fit, then how many more.

    `thinking, tools, web, deepsearch` in 18 cells is `thinking, tools +2`; one value too long
    for the room is cut with an ellipsis instead.
    """
    if not values:
        return UNKNOWN
    safe = [terminal_safe(value) for value in values]
    # Only the values that can show are joined and measured: the first ones, while their
    # widths add up to the room (a list of 100,000 values costs what its first few cost).
    shown, used = 0, -2
    while shown < len(safe):
        used += 2 + cell_len(safe[shown])
        if used > width:
            break
        shown += 1
    whole = ", ".join(safe)
    if shown == len(safe):
        if cell_len(whole) <= width:
            return whole
        shown -= 1
    for count in range(shown, 0, -1):
        text = f"{', '.join(safe[:count])} +{len(safe) - count}"
        if cell_len(text) <= width:
            return text
    return cut(whole, width, cell_len)


def layout_table(
    columns: Sequence[Column],
    items: Sequence[Any],
    width: int,
    cell_len: Callable[[str], int] = len,
    style_of: Callable[[Any], str | None] | None = None,
    *,
    keep_all: bool = False,
) -> list[StyledLine]:
    """A borderless table fitted to `width` cells: header, rule, then one line per item.

    aihub lays tables out itself rather than through rich's Table, which takes about 150 ms
    for a few hundred rows, and draws them without rich (terminal.draw_lines). Columns that
    hold nothing go first when the terminal is narrow, then the low-value ones; comma lists
    shrink (naming fewer values) before they go; the first column gives way last. No row
    takes a second line.

    With `keep_all` (columns a person named, all of rank 0 so that none goes) lists shrink
    first, then the widest columns are cut, one cell at a time.
    """
    # One tuple for every column: it cannot change, so what the columns of a view read about
    # the rows can be worked out once (catalog.model.field_values).
    items = tuple(items)
    texts = [spec.texts(items) for spec in columns]
    sizes = [_cell_sizes(column, cell_len) for column in texts]
    natural = [
        max(cell_len(spec.header), max(size, default=0))
        for spec, size in zip(columns, sizes, strict=True)
    ]
    smallest = [
        min(n, max(spec.shrink_to or n, cell_len(spec.header)))
        for n, spec in zip(natural, columns, strict=True)
    ]
    # A column with no value in any row tells nothing: it goes as soon as the table does not
    # fit as it is, before any list shrinks or any column of value goes.
    keep = list(range(len(columns)))
    empty = [
        i
        for i, spec in enumerate(columns)
        if spec.drop_rank and texts[i].count(UNKNOWN) == len(texts[i])
    ]
    for i in sorted(empty, key=lambda i: -columns[i].drop_rank):
        if sum(natural[k] for k in keep) + len(_GAP) * (len(keep) - 1) <= width:
            break
        keep.remove(i)
    chosen = fit_columns([smallest[i] for i in keep], [columns[i].drop_rank for i in keep], width)
    keep = [keep[n] for n in chosen]
    widths = {i: natural[i] for i in keep}
    excess = sum(widths.values()) + len(_GAP) * (len(keep) - 1) - width
    # The list of least value (the first to be dropped) shrinks first.
    for i in sorted(keep, key=lambda i: -columns[i].drop_rank):
        if excess > 0 and columns[i].values is not None:
            give = min(excess, widths[i] - smallest[i])
            widths[i] -= give
            excess -= give
    if excess > 0 and keep_all:
        _shrink_widest(widths, keep, excess)
    elif excess > 0:
        widths[keep[0]] = max(widths[keep[0]] - excess, 1)

    for i in keep:
        if natural[i] > widths[i]:
            _fit_column(columns[i], items, texts[i], sizes[i], widths[i], cell_len)
    headers = [cut(columns[i].header, widths[i], cell_len) for i in keep]
    header_sizes = [cell_len(text) for text in headers]
    # Shrunk lists may leave a column narrower than the room it was given; close the gap.
    for header_size, i in zip(header_sizes, keep, strict=True):
        widths[i] = max(header_size, max(sizes[i], default=0))
    right = [columns[i].justify == "right" for i in keep]

    def line(cells: Sequence[str], cell_sizes: Sequence[int]) -> str:
        padded = []
        for text, size, i, to_right in zip(cells, cell_sizes, keep, right, strict=True):
            spaces = " " * (widths[i] - size)
            padded.append(spaces + text if to_right else text + spaces)
        return _GAP.join(padded).rstrip()

    # The body column by column: each padded in one go, then the rows joined.
    padded = [
        _padded(texts[i], sizes[i], widths[i], to_right)
        for i, to_right in zip(keep, right, strict=True)
    ]
    rows = zip(*padded, strict=True) if padded else [()] * len(items)
    body = [row.rstrip() for row in map(_GAP.join, rows)]
    rule = "─" * (sum(widths.values()) + len(_GAP) * (len(keep) - 1))
    lines = [StyledLine(line(headers, header_sizes), "bold"), StyledLine(rule)]
    styles = map(style_of, items) if style_of is not None else [None] * len(items)
    lines.extend(map(StyledLine, body, styles))
    return lines


def _shrink_widest(widths: dict[int, int], keep: Sequence[int], excess: int) -> None:
    """Take `excess` cells off the widest columns, as taking one at a time off the widest
    (the first of equals) would, but a level at a time: an excess of a million cells (a 1 MB
    description) costs a few steps, not a million."""
    while excess > 0:
        top = max(widths[i] for i in keep)
        if top <= 1:
            return  # a column per cell already: the lines run past the terminal's edge
        tops = [i for i in keep if widths[i] == top]
        below = max([widths[i] for i in keep if widths[i] < top] + [1])
        step = min(top - below, excess // len(tops))
        if step == 0:  # fewer cells to give than columns at the top: the first ones give
            for i in tops[:excess]:
                widths[i] -= 1
            return
        for i in tops:
            widths[i] -= step
        excess -= step * len(tops)


def _cell_sizes(texts: list[str], cell_len: Callable[[str], int]) -> list[int]:
    """The cells each text takes: its length, for a column of printable ASCII (nearly all)."""
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():
        return list(map(len, texts))
    sizes = {text: cell_len(text) for text in set(texts)}  # "—" in every other row
    return list(map(sizes.__getitem__, texts))


def _fit_column(
    spec: Column,
    items: Sequence[Any],
    texts: list[str],
    sizes: list[int],
    width: int,
    cell_len: Callable[[str], int],
) -> None:
    """Shorten, in place, the cells of a column wider than `width`: a list names fewer values,
    other text is cut."""
    for n, size in enumerate(sizes):
        if size > width:
            if spec.values is not None:
                text = fit_list(spec.values(items[n]), width, cell_len)
            else:
                text = cut(texts[n], width, cell_len)
            texts[n], sizes[n] = text, cell_len(text)


def _padded(texts: list[str], sizes: list[int], width: int, to_right: bool) -> list[str]:
    """Each text padded with spaces to `width` cells, on the left for a right-aligned column."""
    if all(map(int.__eq__, sizes, map(len, texts))):  # a cell per character: str can pad it
        return (
            [text.rjust(width) for text in texts] if to_right else [t.ljust(width) for t in texts]
        )
    spaces = [" " * (width - size) for size in sizes]
    if to_right:
        return list(map(str.__add__, spaces, texts))
    return list(map(str.__add__, texts, spaces))
