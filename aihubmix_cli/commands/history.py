"""`aihub history MODEL...`: each state a model's prices, limits and features held, when, and
for how long, from the bundled record of the catalog (November 2025 on) and aihub's own."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any, NamedTuple

from aihubmix_cli import timeline as tl
from aihubmix_cli.catalog import Model, parse_models, suggest
from aihubmix_cli.changes import Change, compare
from aihubmix_cli.errors import AihubError, AuthError, ExitCode, NotFoundError, UsageError
from aihubmix_cli.render.jsonout import write_json
from aihubmix_cli.render.writers import choose_format, resolve_format
from aihubmix_cli.units import iso_time

from .runtime import Runtime

DAY = 86400.0


class State(NamedTuple):
    model: Model  # the state as a catalog entry
    first: float  # the first version it was seen in
    last: float  # the last version it was seen in
    until: float | None  # the next version, where it was gone or had changed; None: current
    before: float | None  # the version before `first` (the change happened in between)
    source: str  # bundled or observed: where the first version comes from
    returned: bool  # the model was absent just before this state
    changes: list[Change]  # against the state before (none for the first)
    # When returned: the last version it was in before the absence.
    absent_from: float | None = None

    def as_json(self) -> dict[str, Any]:
        data = dict(self.model.data)
        data.pop("model_id", None)
        return {
            "first_seen": iso_time(self.first),
            "last_seen": iso_time(self.last),
            "previous_version": iso_time(self.before) if self.before is not None else None,
            "source": self.source,
            "returned": self.returned,
            "days": round((self.last - self.first) / DAY, 2),
            **data,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
        }


class Story(NamedTuple):
    model_id: str
    states: list[State]
    gone_since: float | None  # last seen, when the newest version no longer has it
    record_end: float  # the newest version of the timeline

    def as_json(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id,
            "present": self.gone_since is None,
            "gone_since": iso_time(self.gone_since) if self.gone_since is not None else None,
            "states": [state.as_json() for state in self.states],
        }


def story(timeline: tl.Timeline, model_id: str, since: float | None = None) -> Story:
    """Every state of `model_id`, oldest first (from the one in force at `since`)."""
    times, sources = timeline.times, timeline.sources
    runs = timeline.runs.get(model_id, [])
    states: list[State] = []
    previous: Model | None = None
    for number, run in enumerate(runs):
        (model,) = parse_models([{"model_id": model_id, **run.state}])[0]
        changes = compare([previous], [model]).changed if previous is not None else []
        later = run.last + 1 < len(times)
        states.append(
            State(
                model,
                times[run.first],
                times[run.last],
                times[run.last + 1] if later else None,
                times[run.first - 1] if run.first > 0 else None,
                sources[run.first],
                number > 0 and runs[number - 1].last + 1 < run.first,
                changes,
                times[runs[number - 1].last] if number > 0 else None,
            )
        )
        previous = model
    if since is not None:
        states = [s for s in states if s.until is None or s.until > since]
    end = times[-1] if times else 0.0
    gone = runs[-1].last < len(times) - 1 if runs else False
    return Story(model_id, states, times[runs[-1].last] if gone else None, end)


def resolve_ids(timeline: tl.Timeline, queries: list[str]) -> list[str]:
    """The ids the queries name (exact, else the one id equal but for case)."""
    found, misses = [], []
    known = list(timeline.runs)
    for query in queries:
        if query in timeline.runs:
            found.append(query)
            continue
        alike = [i for i in known if i.casefold() == query.casefold()]
        if len(alike) == 1:
            found.append(alike[0])
            continue
        message = f"no model '{query}' in the catalog's recorded history"
        alternatives = suggest(known, query)
        if alternatives:
            message += f"; did you mean {', '.join(alternatives)}?"
        if message not in misses:
            misses.append(message)
    if misses:
        raise NotFoundError("; ".join(misses))
    return found


_NEEDS = "today's catalog"


def bring_up_to_date(runtime: Runtime) -> None:
    """Fetch by the usual rules so that aihub's own record holds today's catalog; the past
    needs no server, so failing to reach it costs one line (none under --offline)."""
    from aihubmix_cli.remote import Mode

    try:
        runtime.load_catalog(needs_server=_NEEDS)
    except AuthError:
        raise
    except AihubError as error:
        if runtime.mode != Mode.OFFLINE:
            reason = str(error).split(f"; {_NEEDS} needs the server", 1)[0]
            runtime.hint(f"{reason}; the history ends with the newest version recorded")


def run(
    runtime: Runtime,
    *,
    models: list[str],
    since: str | None = None,
    output_format: str | None = None,
    json_output: bool = False,
) -> int:
    from .changes import parse_since

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
        for number, one in enumerate(stories):
            if number:
                runtime.out.write("\n")
            lines = history_lines(one, width or 80, chart=chart)
            runtime.out.write("".join(f"{line}\n" for line in lines))
    return ExitCode.OK


def record_json(timeline: tl.Timeline) -> dict[str, Any]:
    """What the timeline covers: its versions by source and its gaps."""
    times = timeline.times
    gaps = [
        {"from": iso_time(a), "to": iso_time(b)}
        for a, b in itertools.pairwise(times)
        if b - a > tl.GAP
    ]
    return {
        "first": iso_time(times[0]) if times else None,
        "last": iso_time(times[-1]) if times else None,
        "versions": {
            tl.BUNDLED: timeline.sources.count(tl.BUNDLED),
            tl.OBSERVED: timeline.sources.count(tl.OBSERVED),
        },
        "gaps": gaps,
    }


CSV_FIELDS = ("input", "output", "cache_read", "cache_write")


def csv_rows(stories: list[Story]) -> str:
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
        ]
    )
    for one in stories:
        for state in one.states:
            data = state.model.data
            sent = data.get("pricing")
            pricing: dict[str, Any] = sent if isinstance(sent, dict) else {}
            writer.writerow(
                [
                    one.model_id,
                    iso_time(state.first),
                    iso_time(state.last),
                    state.source,
                    "yes" if state.returned else "no",
                    *("" if pricing.get(f) is None else f"{pricing[f]}" for f in CSV_FIELDS),
                    data.get("context_length", ""),
                    data.get("max_output", ""),
                    ",".join(state.model.features),
                    " ".join(c.field for c in state.changes),
                ]
            )
    return buffer.getvalue()
