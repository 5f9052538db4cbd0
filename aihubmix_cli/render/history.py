"""`aihub history` for people: each state of a model with its dates, what changed, and a step
chart of its prices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import format_tokens, iso_time
from aihubmix_cli.render.changes import change_text
from aihubmix_cli.render.models import rate_text
from aihubmix_cli.render.stepchart import Series, step_chart

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aihubmix_cli.catalog import Model
    from aihubmix_cli.store.story import State, Story

CHARTED = ("input", "output")


def _day(seconds: float) -> str:
    return iso_time(seconds)[:10]


def _span(state: State) -> str:
    days = (state.last - state.first) / 86400
    held = f"{days:.0f} days" if days >= 1 else "under a day"
    return f"{_day(state.first)} to {_day(state.last)}  ({held}, {state.source})"


def summary(model: Model) -> str:
    """`input $0.82  output $3.29  context 262K`: what a state is, in one line."""
    parts = [f"{field} {rate_text(model, model.prices[field])}" for field in model.prices]
    if model.context_length:
        parts.append(f"context {format_tokens(model.context_length)}")
    if model.max_output:
        parts.append(f"max output {format_tokens(model.max_output)}")
    if model.features:
        parts.append(f"features {','.join(model.features)}")
    return terminal_safe("  ".join(parts) or "no prices or limits known")


def history_lines(
    story: Story,
    width: int,
    *,
    chart: bool,
    wrap: bool = False,
    gaps: Sequence[tuple[float, float]] = (),
) -> list[str]:
    """The story in lines, then with `chart` its price charts `width` wide (dotted across
    `gaps`, the stretches of the record with no version); with `wrap` (a terminal that wide)
    the lines of text are broken between words, which the terminal would break anywhere."""
    name = terminal_safe(story.model_id)
    states = story.states
    if not states:
        return _wrapped([f"{name}: no recorded state in that period"], width, wrap)
    if len(states) == 1 and not states[0].returned and story.gone_since is None:
        only = states[0]
        line = f"{name}: no recorded change since {_day(only.first)} ({summary(only.model)})"
        return _wrapped([line], width, wrap)
    # A model gone from the catalog is followed to the last version it was in, not today.
    end = story.gone_since if story.gone_since is not None else story.record_end
    count = f"{len(states)} state{'s' if len(states) != 1 else ''}"
    lines = [f"{name}: {count}, {_day(states[0].first)} to {_day(end)}"]
    for number, state in enumerate(states):
        lines.append(f"  {_span(state)}")
        if state.returned:
            gone = state.absent_from if state.absent_from is not None else state.before
            lines.append(
                "    back in the catalog after an absence from "
                f"{_day(gone or 0)} to {_day(state.first)}"
            )
        if number == 0 or not state.changes:
            lines.append(f"    {summary(state.model)}")
        else:
            lines.extend(f"    {change_text(change, state.model)}" for change in state.changes)
    if story.gone_since is not None:
        lines.append(f"  gone from the catalog after {_day(story.gone_since)}")
    lines = _wrapped(lines, width, wrap)
    if chart:
        lines.extend(["", *_chart(story, width, gaps)])
    return lines


# Where a broken line goes on: deeper than any line's own indent (0, 2 or 4), so that the
# rest of a line is never read as the next state or change.
_GOES_ON = " " * 6


def _wrapped(lines: list[str], width: int, wrap: bool) -> list[str]:
    from aihubmix_cli.base.text import broken_between_words

    return broken_between_words(lines, width, _GOES_ON) if wrap else lines


def _chart(story: Story, width: int, gaps: Sequence[tuple[float, float]]) -> list[str]:
    """One chart per price, each on its own scale: an input price of cents beside an output
    price of dollars would otherwise sit on one flat line."""
    states = story.states
    end = story.gone_since if story.gone_since is not None else story.record_end
    unit = "USD per 1M tokens" if states[-1].model.token_priced else "unit not known"
    lines: list[str] = []
    for field in CHARTED:
        steps = []
        for number, state in enumerate(states):
            # A price holds until the version that shows it changed; not into an absence.
            following = states[number + 1] if number + 1 < len(states) else None
            until = state.last
            if following is not None and not following.returned:
                until = following.first
            steps.append((state.first, until, state.model.prices.get(field)))
        values = {value for _, _, value in steps if value is not None}
        if not values:
            continue
        drawn = step_chart([Series(f"{field} price", steps)], states[0].first, end, width,
                           height=6 if len(values) > 1 else 1, unit=unit, gaps=gaps)  # fmt: skip
        lines.extend([*drawn, ""] if drawn else [])
    return lines[:-1]
