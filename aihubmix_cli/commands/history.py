"""`aihub history MODEL...`: each state a model's prices, limits and features held, when, and
for how long, from the bundled record of the catalog (November 2025 on) and aihub's own."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from aihubmix_cli.base.errors import AihubError, AuthError, ExitCode, UsageError
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.units import iso_time
from aihubmix_cli.render.writers import choose_format, resolve_format
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.store import timeline as tl
from aihubmix_cli.store.story import Story, resolve_ids, story

_NEEDS = "today's catalog"


def bring_up_to_date(runtime: Runtime) -> None:
    """Fetch by the usual rules so that aihub's own record holds today's catalog; the past
    needs no server, so failing to reach it costs one line (none under --offline)."""
    from aihubmix_cli.sources.remote import Mode

    try:
        runtime.catalog.load(needs_server=_NEEDS)
    except AuthError:
        raise
    except AihubError as error:
        if runtime.mode != Mode.OFFLINE:
            reason = str(error).split(f"; {_NEEDS} needs the server", 1)[0]
            runtime.hint(f"{reason}; the history ends with the newest version recorded")


class Options(Record):
    """What `aihub history` was asked, as both parsers read it."""

    __slots__ = (
        "json_output",
        "models",
        "output_format",
        "since",
    )

    def __init__(
        self,
        *,
        models: list[str],
        since: str | None = None,
        output_format: str | None = None,
        json_output: bool = False,
    ) -> None:
        self.models = models
        self.since = since
        self.output_format = output_format
        self.json_output = json_output

    @classmethod
    def from_values(cls, **values: Any) -> Options:
        """The one way both parsers turn their values into options."""
        return cls(**values)


def run(runtime: Runtime, options: Options) -> int:
    models = options.models
    since = options.since
    output_format = options.output_format
    json_output = options.json_output
    from aihubmix_cli.base.since import parse_since

    if not models or any(not m.strip() for m in models):
        raise UsageError("give one or more model ids (aihub list -o ids lists them)")
    chosen = resolve_format(output_format, json_output)
    cutoff = parse_since(since, runtime.now()) if since is not None else None
    bring_up_to_date(runtime)
    timeline = tl.load(runtime.state_dir)
    stories = [story(timeline, i, cutoff) for i in resolve_ids(timeline, models)]
    chosen = choose_format(chosen, runtime.terminal.is_terminal)
    if chosen == "json":
        write_json(
            runtime.out,
            {
                "since": iso_time(cutoff) if cutoff is not None else None,
                "record": record_json(timeline),
                "models": [s.as_json() for s in stories],
            },
        )
    elif chosen == "csv":
        runtime.out.write(csv_rows(stories))
    else:
        from aihubmix_cli.render.history import history_lines

        width = runtime.terminal.width
        if width is None and runtime.terminal.is_terminal:
            import shutil

            width = shutil.get_terminal_size().columns
        chart = chosen == "table"
        gaps = record_gaps(timeline)
        for number, one in enumerate(stories):
            if number:
                runtime.out.write("\n")
            # Broken between words only on a terminal of known width: a pipe keeps a line
            # whole for grep.
            lines = history_lines(one, width or 80, chart=chart, wrap=width is not None, gaps=gaps)
            runtime.out.write("".join(f"{line}\n" for line in lines))
    return ExitCode.OK


def record_json(timeline: tl.Timeline) -> dict[str, Any]:
    """What the timeline covers: its versions by source and its gaps."""
    times = timeline.times
    gaps = [{"from": iso_time(a), "to": iso_time(b)} for a, b in record_gaps(timeline)]
    return {
        "first": iso_time(times[0]) if times else None,
        "last": iso_time(times[-1]) if times else None,
        "versions": {
            tl.BUNDLED: timeline.sources.count(tl.BUNDLED),
            tl.OBSERVED: timeline.sources.count(tl.OBSERVED),
        },
        "gaps": gaps,
    }


def record_gaps(timeline: tl.Timeline) -> list[tuple[float, float]]:
    """The stretches with no version for over tl.GAP: (the one before, the one after)."""
    return [(a, b) for a, b in itertools.pairwise(timeline.times) if b - a > tl.GAP]


CSV_FIELDS = ("input", "output", "cache_read", "cache_write")


def csv_rows(stories: list[Story]) -> str:
    """One row per state; numbers as list's CSV writes them (1, not 1.0), lists comma-joined.
    The columns added later (types, input_modalities) go last: a script reading by position
    keeps working."""
    from aihubmix_cli.base.units import plain_number

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "model_id",
            "first_seen",
            "last_seen",
            "source",
            "returned",
            *(f"pricing.{f}" for f in CSV_FIELDS),
            "context_length",
            "max_output",
            "features",
            "changes",
            "types",
            "input_modalities",
        ]
    )
    for one in stories:
        for state in one.states:
            model = state.model
            writer.writerow(
                [
                    one.model_id,
                    iso_time(state.first),
                    iso_time(state.last),
                    state.source,
                    "yes" if state.returned else "no",
                    *(plain_number(model.prices.get(f)) for f in CSV_FIELDS),
                    plain_number(model.context_length),
                    plain_number(model.max_output),
                    ",".join(model.features),
                    " ".join(c.field for c in state.changes),
                    ",".join(model.types),
                    ",".join(model.input_modalities),
                ]
            )
    return buffer.getvalue()
