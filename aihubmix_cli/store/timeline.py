"""The catalog's past as one timeline: the history bundled with aihub and the versions aihub
recorded itself, each version marked with where it comes from.

`data/catalog-history.json.gz` (scripts/build_history.py makes it; NOTICE says from what) holds
the copies PublicProviderConf took of the catalog several times a day from November 2025: per
model id each distinct state of its prices, types, features, input modalities and limits, with
the first and last version it was seen in, and the catalog's order in every version. The
versions aihub keeps (aihubmix_cli.store.history) follow it. Only the commands that ask about the
past read any of this: `history`, `--as-of`, `changes --since`, `audit`.

Both sources are compared through `comparable`: what the bundled record could see of an entry.
Its copies lost some limits (an unknown context became 8192; max_output survived only above the
context), so a limit aihub sees today but the record could not is not a change.
"""

from __future__ import annotations

import bisect
import gzip
import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from aihubmix_cli.base.errors import BadResponseError
from aihubmix_cli.catalog import Model, parse_models, split_list
from aihubmix_cli.catalog.parse import json_number

if TYPE_CHECKING:
    from _typeshed import StrPath

HISTORY_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog-history.json.gz"
BUNDLED = "bundled"
OBSERVED = "observed"
# The record has a copy several times a day; two days without one is a hole in it.
GAP = 2 * 86400
# What a state keeps: what prices, filters, sorts and limits read. A new description is not a
# new state.
STATE_FIELDS = ("pricing", "types", "features", "input_modalities", "context_length", "max_output")
LIST_STATE_FIELDS = ("types", "features", "input_modalities")
# PublicProviderConf's stand-in for an unknown context window.
PLACEHOLDER_CONTEXT = 8192


def comparable(entry: dict[str, Any]) -> dict[str, Any]:
    """The state of a live-shape entry as the bundled record could have seen it."""
    state: dict[str, Any] = {}
    pricing = entry.get("pricing")
    if isinstance(pricing, dict):
        state["pricing"] = pricing
    for field in LIST_STATE_FIELDS:
        values = split_list(entry.get(field))
        if values:
            state[field] = ",".join(values)
    context = json_number(entry.get("context_length"))
    known = isinstance(context, int) and context > 0 and context != PLACEHOLDER_CONTEXT
    if known:
        state["context_length"] = context
    output = json_number(entry.get("max_output"))
    # The record kept max(max_output, context or the placeholder): only a larger output shows.
    ceiling = context if known and isinstance(context, int) else PLACEHOLDER_CONTEXT
    if isinstance(output, int) and output > ceiling:
        state["max_output"] = output
    return state


class Run(NamedTuple):
    """A state one model held over consecutive versions `first`..`last` (indexes)."""

    first: int
    last: int
    state: dict[str, Any]


class Timeline:
    """Every known version of the catalog, oldest first, and each model's runs over them."""

    def __init__(
        self,
        times: list[float],
        sources: list[str],
        runs: dict[str, list[Run]],
        ids: list[str],
        orders: list[tuple[int, list[int]]],
        about: dict[str, Any],
        bodies: dict[int, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.times = times
        self.sources = sources
        self.runs = runs
        self.ids = ids
        # (first version index, the server's order from then on as indexes into `ids`)
        self.orders = orders
        self.about = about
        self.bodies = bodies or {}  # observed versions' entries as the server sent them

    def index_at(self, when: float) -> int | None:
        """The newest version taken at or before `when`; None before the first."""
        index = bisect.bisect_right(self.times, when) - 1
        return index if index >= 0 else None

    def gap_around(self, when: float) -> tuple[float | None, float | None] | None:
        """The versions either side of `when` when they are more than GAP apart (None for a
        side with no version at all); None when the record is close around `when`."""
        index = self.index_at(when)
        before = self.times[index] if index is not None else None
        after = self.times[index + 1] if index is not None and index + 1 < len(self.times) else None
        if index is None and self.times:
            after = self.times[0]
        if before is not None and after is not None and after - before <= GAP:
            return None
        if before is not None and after is None and when - before <= GAP:
            return None
        return before, after

    def entries_at(self, index: int) -> list[dict[str, Any]]:
        """The catalog of version `index` in the live shape, in the server's order then."""
        if index in self.bodies:
            return self.bodies[index]
        position = bisect.bisect_right([first for first, _ in self.orders], index) - 1
        ids = [self.ids[i] for i in self.orders[position][1]] if position >= 0 else []
        entries = []
        for model_id in ids:
            run = self.run_at(model_id, index)
            if run is not None:
                entries.append({"model_id": model_id, **run.state})
        return entries

    def models_at(self, index: int) -> list[Model]:
        return parse_models(self.entries_at(index))[0]

    def run_at(self, model_id: str, index: int) -> Run | None:
        for run in self.runs.get(model_id, ()):
            if run.first <= index <= run.last:
                return run
        return None

    @property
    def bundled_end(self) -> int:
        """The index of the last bundled version (-1 without any)."""
        return self.sources.count(BUNDLED) - 1


def load_bundled(path: StrPath = HISTORY_PATH) -> Timeline:
    """The history shipped with aihub; BadResponseError when it is missing or damaged."""
    try:
        document = json.loads(gzip.decompress(Path(path).read_bytes()))
        about = document["aihub_history"]
        times: list[float] = []
        total = 0
        for delta in document["versions"]:
            total += int(delta)
            times.append(float(total))
        ids: list[str] = list(document["ids"])
        orders = [(int(first), list(order)) for first, order in document["orders"]]
        runs = {
            model_id: [Run(int(a), int(b), dict(state)) for a, b, state in model_runs]
            for model_id, model_runs in document["models"].items()
        }
    except (OSError, EOFError, zlib.error, ValueError, KeyError, TypeError, IndexError) as error:
        raise BadResponseError(f"the history bundled with aihub cannot be read ({error})") from None
    return Timeline(times, [BUNDLED] * len(times), runs, ids, orders, dict(about))


def observed_versions(state_dir: StrPath) -> list[tuple[float, list[dict[str, Any]]]]:
    """The versions aihub recorded itself that still read, oldest first, as raw entries."""
    from aihubmix_cli.catalog import parse_envelope
    from aihubmix_cli.store import history

    found = []
    for version in history.versions(state_dir):
        body = version.read()
        if body is None:
            continue
        try:
            entries = [e for e in parse_envelope(body) if isinstance(e, dict)]
        except BadResponseError:
            continue
        found.append((version.fetched_at, entries))
    return found


def load(state_dir: StrPath | None, path: StrPath = HISTORY_PATH) -> Timeline:
    """The bundled history followed by the versions aihub recorded (none when `state_dir` is
    None). Recorded versions not newer than the bundled record's last add nothing to it."""
    timeline = load_bundled(path)
    observed = observed_versions(state_dir) if state_dir is not None else []
    end = timeline.times[-1] if timeline.times else float("-inf")
    number = {model_id: n for n, model_id in enumerate(timeline.ids)} if observed else {}
    for fetched_at, entries in observed:
        if fetched_at <= end:
            continue
        index = len(timeline.times)
        timeline.times.append(fetched_at)
        timeline.sources.append(OBSERVED)
        timeline.bodies[index] = entries
        order: list[int] = []
        seen: set[str] = set()
        for entry in entries:
            model_id = entry.get("model_id")
            if not isinstance(model_id, str) or not model_id.strip() or model_id in seen:
                continue
            seen.add(model_id)
            if model_id not in number:
                number[model_id] = len(timeline.ids)
                timeline.ids.append(model_id)
            order.append(number[model_id])
            state = comparable(entry)
            model_runs = timeline.runs.setdefault(model_id, [])
            last = model_runs[-1] if model_runs else None
            if last is not None and last.last == index - 1 and last.state == state:
                model_runs[-1] = last._replace(last=index)
            else:
                model_runs.append(Run(index, index, state))
        timeline.orders.append((index, order))
        end = fetched_at
    return timeline
