"""`--as-of DATE` on list, show and compare: the catalog as it stood then, from the recorded
history (the bundled record from November 2025, then the versions aihub keeps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aihubmix_cli.errors import UsageError
from aihubmix_cli.units import iso_time

if TYPE_CHECKING:
    from .runtime import LoadedCatalog, Runtime


def parse_when(text: str, now: float, option: str) -> float:
    """A date (`2026-03-01`, UTC midnight), a time, or a span back from now (`30d`)."""
    from .changes import parse_since

    try:
        return parse_since(text, now)
    except UsageError:
        raise UsageError(
            f"{option} takes a date such as 2026-03-01, a time such as 2026-03-01T12:00, or "
            f"a span back from now such as 30d or 2w; not '{text}'"
        ) from None


def past_catalog(runtime: Runtime, text: str) -> LoadedCatalog:
    """The catalog of the newest recorded version at or before `text`, with its caption; a
    warning on stderr when the record has a gap around that moment."""
    from aihubmix_cli import timeline as tl

    from .runtime import LoadedCatalog

    when = parse_when(text, runtime.now(), "--as-of")
    timeline = tl.load(runtime.settings.cache_dir)
    index = timeline.index_at(when)
    if index is None:
        first = iso_time(timeline.times[0])[:10] if timeline.times else "nowhere"
        raise UsageError(f"--as-of {text}: the recorded history of the catalog starts {first}")
    taken = timeline.times[index]
    gap = timeline.gap_around(when)
    if gap is not None:
        before, after = gap
        if after is None:
            runtime.warn(
                f"no version of the catalog is recorded after {iso_time(taken)}; "
                f"--as-of {text} answers from that one"
            )
        else:
            runtime.warn(
                f"the recorded history has a gap around {text}: no version between "
                f"{iso_time(before or taken)} and {iso_time(after)}; answering from the first"
            )
    models = timeline.models_at(index)
    caption = f"as of {iso_time(when)[:10]} ({timeline.sources[index]} version {iso_time(taken)})"
    return LoadedCatalog(models, max(0.0, runtime.now() - taken), as_of=caption)
