"""The catalog as it stood at a past moment, from the recorded history (the bundled record
from November 2025, then the versions aihub keeps): `--as-of DATE` on list, show and compare,
and what `changes --since` and `audit --since` compare with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.base.units import iso_time

if TYPE_CHECKING:
    from collections.abc import Mapping

    from aihubmix_cli.catalog import Model
    from aihubmix_cli.sources.catalog import CatalogSource, LoadedCatalog
    from aihubmix_cli.store.timeline import Timeline


def parse_when(text: str, now: float, option: str) -> float:
    """A date (`2026-03-01`, UTC midnight), a time, or a span back from now (`30d`)."""
    from aihubmix_cli.base.since import FutureMoment, parse_since
    from aihubmix_cli.base.text import quoted

    try:
        return parse_since(text, now, option)
    except FutureMoment:
        raise
    except UsageError:
        raise UsageError(
            f"{option} takes a date such as 2026-03-01, a time such as 2026-03-01T12:00, or "
            f"a span back from now such as 30d or 2w; not {quoted(text)}"
        ) from None


def past_catalog(source: CatalogSource, text: str) -> LoadedCatalog:
    """The catalog of the newest recorded version at or before `text`, with its caption; a
    warning on stderr when the record has a gap around that moment."""
    from aihubmix_cli.sources.catalog import LoadedCatalog
    from aihubmix_cli.store import timeline as tl

    when = parse_when(text, source.now(), "--as-of")
    timeline = tl.load(source.state_dir)
    index = timeline.index_at(when)
    if index is None:
        first = iso_time(timeline.times[0])[:10] if timeline.times else "nowhere"
        raise UsageError(f"--as-of {text}: the recorded history of the catalog starts {first}")
    taken = timeline.times[index]
    _warn_of_gap(source, timeline, when, f"--as-of {text}")
    models = timeline.models_at(index)
    caption = f"as of {iso_time(when)[:10]} ({timeline.sources[index]} version {iso_time(taken)})"
    return LoadedCatalog(models, max(0.0, source.now() - taken), as_of=caption)


def _warn_of_gap(source: CatalogSource, timeline: Timeline, when: float, asked: str) -> None:
    gap = timeline.gap_around(when)
    if gap is None:
        return
    before, after = gap
    index = timeline.index_at(when)
    taken = timeline.times[index] if index is not None else when
    if after is None:
        source.notices.warn(
            f"no version of the catalog is recorded after {iso_time(taken)}; "
            f"{asked} answers from that one"
        )
    else:
        source.notices.warn(
            f"the recorded history has a gap around {iso_time(when)[:10]}: no version between "
            f"{iso_time(before or taken)} and {iso_time(after)}; answering from the earlier one"
        )


def recorded_base(
    source: CatalogSource, cutoff: float, text: str, kept_from: float | None
) -> tuple[float, list[Model]] | None:
    """The bundled record's catalog at `cutoff` (when taken, its models) for `--since`, when
    no version aihub kept (the oldest fetched at `kept_from`) is that old; None when aihub's
    own versions can answer. A moment in the gap between the record's end and aihub's first
    version is answered from the record's last version, with a warning."""
    from aihubmix_cli.store import timeline as tl

    timeline = tl.load_bundled()
    if not timeline.times:
        return None
    end = timeline.times[-1]
    if cutoff > end + tl.GAP:
        if kept_from is not None and kept_from <= cutoff:
            return None
        if kept_from is None:
            source.notices.warn(
                f"no version of the catalog is recorded after {iso_time(end)}; "
                f"--since {text} answers from that one"
            )
        else:
            source.notices.warn(
                f"the recorded history has a gap around {iso_time(cutoff)[:10]}: no version "
                f"between {iso_time(end)} and {iso_time(kept_from)}; answering from the earlier one"
            )
        return end, timeline.models_at(len(timeline.times) - 1)
    index = timeline.index_at(cutoff)
    if index is None:
        source.notices.hint(
            f"the recorded history of the catalog starts {iso_time(timeline.times[0])}; "
            "comparing with its first version"
        )
        index = 0
    else:
        _warn_of_gap(source, timeline, cutoff, f"--since {text}")
    return timeline.times[index], timeline.models_at(index)


def removed_in_record(
    current: Mapping[str, Model], kept: list[float], fetched_now: float
) -> dict[str, tuple[Model, float]]:
    """Every model of the bundled record that today's catalog lacks, each with the first
    version (bundled or aihub's: `kept`, their fetch times, oldest first; else the fetch of
    today's catalog) in which it was missing."""
    from aihubmix_cli.base.errors import BadResponseError
    from aihubmix_cli.catalog import parse_models
    from aihubmix_cli.store import timeline as tl

    try:
        record = tl.load_bundled()
    except BadResponseError:
        return {}
    if not record.times:
        return {}
    end = record.times[-1]
    after = next((fetched for fetched in kept if fetched > end), fetched_now)
    removed: dict[str, tuple[Model, float]] = {}
    for model_id, runs in record.runs.items():
        if model_id in current or not runs:
            continue
        last = runs[-1]
        following = last.last + 1
        gone = record.times[following] if following < len(record.times) else after
        (model,) = parse_models([{"model_id": model_id, **last.state}])[0]
        removed[model_id] = (model, gone)
    return removed
