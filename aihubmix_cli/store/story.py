"""A model's story over the catalog's timeline: each state its prices, limits and features held,
from when to when, and what changed from the state before; and the ids a timeline knows."""

from __future__ import annotations

from typing import Any, NamedTuple

from aihubmix_cli.base.errors import NotFoundError
from aihubmix_cli.base.text import quoted
from aihubmix_cli.base.units import iso_time
from aihubmix_cli.catalog import Model, parse_models, suggest
from aihubmix_cli.catalog.changes import Change, compare
from aihubmix_cli.store import timeline as tl

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
        message = f"no model {quoted(query)} in the catalog's recorded history"
        alternatives = suggest(known, query)
        if alternatives:
            message += f"; did you mean {', '.join(alternatives)}?"
        if message not in misses:
            misses.append(message)
    if misses:
        raise NotFoundError("; ".join(misses))
    return found
