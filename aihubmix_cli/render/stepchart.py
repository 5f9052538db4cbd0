"""A step chart of prices over time, drawn with box characters: one line per row of text.

Prices hold between changes, so each series is flat until the catalog moves it, then jumps.
Small enough to need no plotting library (`aihub history` is its only user).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class Series(NamedTuple):
    name: str
    # (from, to, value) in seconds since the epoch; None where the value is unknown or the
    # model was not in the catalog.
    steps: Sequence[tuple[float, float, float | None]]


# Level and jump characters for up to three series; later series draw over earlier ones.
GLYPHS = (("━", "┃"), ("─", "│"), ("┄", "┆"))
# A level held across a stretch where nothing was recorded: the last known value, dotted.
UNRECORDED = "┈"


def _label(value: float, digits: int = 6) -> str:
    return f"{value:.{digits}g}"


def _value_at(series: Series, when: float) -> float | None:
    # At the moment one step ends and the next begins, the next is in force.
    for start, end, value in reversed(series.steps):
        if start <= when <= end:
            return value
    return None


def step_chart(
    series: Sequence[Series],
    start: float,
    end: float,
    width: int,
    height: int = 8,
    unit: str = "",
    gaps: Sequence[tuple[float, float]] = (),
) -> list[str]:
    """The chart's lines, none wider than `width`; [] when there is nothing to draw. The last
    column shows the value at `end`, so the newest step is seen however short it is; a
    level is dotted in a column whose whole stretch lies in one of `gaps` (from, to): nothing
    was recorded then."""
    values = [v for s in series for _, _, v in s.steps if v is not None]
    if not values or end <= start:
        return []
    low, high = min(values), max(values)
    labels = [_label(high), _label((low + high) / 2, 3), _label(low)]
    margin = max(len(label) for label in labels) + 1
    columns = max(10, width - margin - 1)
    rows = height if high > low else 1
    grid = [[" "] * columns for _ in range(rows)]

    def row_of(value: float) -> int:
        if high == low:
            return 0
        return round((high - value) / (high - low) * (rows - 1))

    samples = [start + (column + 0.5) * (end - start) / columns for column in range(columns)]
    samples[-1] = end
    # Dotted only where the column's whole stretch of time saw no version: a gap of a few
    # days inside a column of weeks would dot the chart where the record is close enough.
    step = (end - start) / columns
    unrecorded = [
        any(a < start + column * step and start + (column + 1) * step < b for a, b in gaps)
        for column in range(columns)
    ]
    dotted = False
    for number, one in enumerate(series[: len(GLYPHS)]):
        level, jump = GLYPHS[number]
        shown = [_value_at(one, when) for when in samples]
        # The newest value gets a column of its own after its jump, however short its step.
        if shown[-1] is not None and shown[-2] != shown[-1]:
            shown[-2] = shown[-1]
        previous: int | None = None
        for column, value in enumerate(shown):
            if value is None:
                previous = None
                continue
            row = row_of(value)
            if previous is not None and previous != row:
                for between in range(min(previous, row), max(previous, row) + 1):
                    grid[between][column] = jump
            elif unrecorded[column]:
                grid[row][column] = UNRECORDED
                dotted = True
            else:
                grid[row][column] = level
            previous = row
    lines = []
    for number, cells in enumerate(grid):
        if number == 0:
            label = labels[0]
        elif number == rows - 1:
            label = labels[2]
        elif number == rows // 2 and rows > 2:
            label = labels[1]
        else:
            label = ""
        lines.append(f"{label:>{margin - 1}} ┤{''.join(cells)}".rstrip())
    lines.append(f"{'':>{margin - 1}} └{'─' * columns}")
    first, last = _day(start), _day(end)
    pad = max(1, columns - len(first) - len(last))
    lines.append(f"{'':>{margin}}{first}{' ' * pad}{last}")
    legend = "  ".join(f"{GLYPHS[n][0] * 2} {s.name}" for n, s in enumerate(series[: len(GLYPHS)]))
    gap_note = f"  {UNRECORDED * 2} nothing recorded" if dotted else ""
    lines.append(f"{'':>{margin}}{legend}{'  ' + unit if unit else ''}{gap_note}")
    return [line[:width] for line in lines]


def _day(seconds: float) -> str:
    from aihubmix_cli.base.units import iso_time

    return iso_time(seconds)[:10]
