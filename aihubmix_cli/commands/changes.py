"""`aihub changes`: what moved in the catalog since the previous version, or since a date."""

from __future__ import annotations

from collections.abc import Iterator

from aihubmix_cli.base.errors import AihubError, ExitCode, UsageError
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.since import parse_since
from aihubmix_cli.base.units import iso_time
from aihubmix_cli.catalog import Filters, Model, filter_models, parse_models, unknown_note
from aihubmix_cli.catalog.changes import Report, compare
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.store import history
from aihubmix_cli.store.history import readable_versions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Options(Record):
    """What `aihub changes` was asked, as both parsers read it."""

    __slots__ = (
        "exclude",
        "exit_code",
        "features",
        "include_unknown",
        "json_output",
        "modalities",
        "model",
        "since",
        "types",
        "watch",
    )

    def __init__(
        self,
        *,
        types: list[str] | None = None,
        modalities: list[str] | None = None,
        features: list[str] | None = None,
        model: str | None = None,
        exclude: list[str] | None = None,
        include_unknown: bool = False,
        since: str | None = None,
        watch: str | None = None,
        exit_code: bool = False,
        json_output: bool = False,
    ) -> None:
        self.types = types
        self.modalities = modalities
        self.features = features
        self.model = model
        self.exclude = exclude
        self.include_unknown = include_unknown
        self.since = since
        self.watch = watch
        self.exit_code = exit_code
        self.json_output = json_output

    @classmethod
    def from_values(cls, **values: Any) -> Options:
        """The one way both parsers turn their values into options."""
        return cls(**values)


def run(runtime: Runtime, options: Options) -> int:
    types = options.types
    modalities = options.modalities
    features = options.features
    model = options.model
    exclude = options.exclude
    since = options.since
    watch = options.watch
    exit_code = options.exit_code
    json_output = options.json_output
    from aihubmix_cli.shared.list_options import read_filters

    filters = read_filters(
        types=types,
        modalities=modalities,
        features=features,
        model=model,
        exclude=exclude,
        include_unknown=options.include_unknown,
    )
    return report(
        runtime, filters=filters, since=since, as_json=json_output, exit_code=exit_code, watch=watch
    )


def report(
    runtime: Runtime,
    *,
    filters: Filters,
    since: str | None,
    as_json: bool,
    exit_code: bool,
    watch: str | None = None,
) -> int:
    if watch is not None:
        from aihubmix_cli.store.state import check_watcher

        check_watcher(watch)
        if since is not None:
            raise UsageError("--watch and --since cannot be used together")
    cutoff = parse_since(since, runtime.now()) if since is not None else None
    _check_state(runtime, watch)
    catalog = runtime.catalog.load()  # refreshes by the usual rules, which records a version
    state_dir = runtime.state_dir
    kept = history.versions(state_dir)
    if not kept and catalog.body:
        # A cache filled before there was a history: its copy is the first version.
        history.record(state_dir, catalog.body, runtime.now() - catalog.age)
        kept = history.versions(state_dir)
    if cutoff is not None and since is not None:
        from aihubmix_cli.sources.past import recorded_base

        past = recorded_base(runtime.catalog, cutoff, since, kept[0].fetched_at if kept else None)
        if past is not None:
            until = kept[-1].fetched_at if kept else runtime.now() - catalog.age
            moved = _from_the_record(runtime, past, catalog.models, filters)
            return _write(runtime, moved, (past[0], "bundled"), until, as_json, exit_code)
    loaded = readable_versions(reversed(kept))
    latest = next(loaded, None)
    newest = latest[0] if latest else None
    earlier = None
    if watch is not None:
        earlier = _watched(runtime, watch, latest, loaded)
    elif cutoff is None:
        earlier = next(loaded, None)
    elif latest is not None and latest[0].fetched_at <= cutoff:
        # The catalog has not moved since then: the newest version is the one to compare.
        earlier = latest
    else:
        oldest = None
        for oldest in loaded:
            if oldest[0].fetched_at <= cutoff:
                earlier = oldest
                break
        else:
            if oldest is not None:
                earlier = oldest
                runtime.hint(
                    "no kept version of the catalog is that old; comparing with the oldest, "
                    f"from {iso_time(oldest[0].fetched_at)}"
                )
    if latest is None or earlier is None:
        if since is not None and kept:
            oldest_time = iso_time(kept[0].fetched_at)
            runtime.hint(
                f"no kept version of the catalog is that old; the only one is from {oldest_time}"
            )
        elif newest is not None:
            runtime.hint(
                f"only one version of the catalog so far (fetched {iso_time(newest.fetched_at)}); "
                "nothing to compare yet"
            )
        else:
            runtime.hint("no version of the catalog is kept yet; nothing to compare")
        if watch is not None and newest is not None:
            _remember(runtime, watch, newest)
        if as_json:
            to = iso_time(newest.fetched_at) if newest else None
            write_json(
                runtime.out,
                {
                    "from": None,
                    "to": to,
                    "from_source": None,
                    "added": [],
                    "removed": [],
                    "changed": [],
                },
            )
        return ExitCode.OK
    (base, old_models), (newest, new_models) = earlier, latest
    moved = _scoped(runtime, old_models, new_models, new_models, filters)
    code = _write(
        runtime, moved, (base.fetched_at, "observed"), newest.fetched_at, as_json, exit_code
    )
    if watch is not None:
        _remember(runtime, watch, newest)  # said: the next run reports only what is new
    return code


def _scoped(
    runtime: Runtime,
    old_models: list[Model],
    new_models: list[Model],
    compared: list[Model],
    filters: Filters,
) -> Report:
    """What moved among the models the filters keep in either version (gpt-5 gaining "web"
    is a change under --features web, not an addition), `compared` standing for the newer
    version (the same models, maybe seen through another lens). The models whose changes
    were left out only because a filtered value is unknown are counted on stderr, as list
    counts the models it leaves out; those that did not move are not: nothing was hidden."""
    old, new = filter_models(old_models, filters), filter_models(new_models, filters)
    scope = {m.id for m in old.kept} | {m.id for m in new.kept}
    moved = compare(
        [m for m in old_models if m.id in scope], [m for m in compared if m.id in scope]
    )
    unknown: dict[str, tuple[Model, tuple[str, ...]]] = {}
    for model, labels in [*new.unknown.items(), *old.unknown.items()]:
        if model.id not in scope:
            unknown.setdefault(model.id, (model, labels))
    if unknown:
        hidden = compare(
            [m for m in old_models if m.id in unknown], [m for m in compared if m.id in unknown]
        )
        ids = {m.id for m in (*hidden.added, *hidden.removed)}
        ids.update(change.model_id for change in hidden.changed)
        note = unknown_note(dict(unknown[i] for i in unknown if i in ids))
        if note:
            runtime.hint(note)
    # A misspelt value (`--type embeding`) matches nothing in either version: a watcher would
    # report "no changes" for ever. Named as list names it.
    from aihubmix_cli.shared.selection import missing_value_hints

    for hint in missing_value_hints([*old_models, *new_models], filters):
        runtime.hint(hint)
    return moved


def _from_the_record(
    runtime: Runtime, base: tuple[float, list[Model]], new_models: list[Model], filters: Filters
) -> Report:
    """The report from a version of the bundled record to today's catalog. The record lost
    some limits (see timeline.comparable), so today's models are seen as it would have seen
    them: a limit only aihub knows is no change. Added models are shown in full."""
    from aihubmix_cli.store.timeline import comparable

    seen = parse_models([{"model_id": m.id, **comparable(m.data)} for m in new_models])[0]
    moved = _scoped(runtime, base[1], new_models, seen, filters)
    current = {m.id: m for m in new_models}
    return Report([current[m.id] for m in moved.added], moved.removed, moved.changed, current)


def _write(
    runtime: Runtime,
    moved: Report,
    base: tuple[float, str],
    until: float,
    as_json: bool,
    exit_code: bool,
) -> int:
    if as_json:
        write_json(
            runtime.out,
            {
                "from": iso_time(base[0]),
                "to": iso_time(until),
                "from_source": base[1],
                "added": [m.data for m in moved.added],
                "removed": [m.data for m in moved.removed],
                "changed": [c.as_json() for c in moved.changed],
            },
        )
    else:
        from aihubmix_cli.render.changes import print_changes

        print_changes(
            moved,
            runtime.out,
            since=iso_time(base[0]),
            until=iso_time(until),
            terminal=runtime.terminal,
        )
    return ExitCode.FAILURE if exit_code and not moved.empty else ExitCode.OK


Loaded = tuple[history.Version, list[Model]]


def _watched(
    runtime: Runtime, name: str, latest: Loaded | None, older: Iterator[Loaded]
) -> Loaded | None:
    """The version watcher `name` last reported (the newest itself when nothing moved since),
    or the oldest kept one when it has reported none, or one no longer kept."""
    from aihubmix_cli.store.state import last_seen

    if latest is None:
        return None
    seen = last_seen(runtime.state_dir, name)
    if seen is None:
        *_, oldest = [latest, *older]
        return oldest

    def matches(version: history.Version) -> bool:
        return version.digest == seen.digest and abs(version.fetched_at - seen.fetched_at) < 1e-3

    if matches(latest[0]):
        return latest
    candidate = latest
    for candidate in older:
        if matches(candidate[0]):
            return candidate
    runtime.hint(
        f"the version watcher '{name}' last reported (fetched {iso_time(seen.fetched_at)}) is "
        f"no longer kept; comparing with the oldest kept, from {iso_time(candidate[0].fetched_at)}"
    )
    return candidate


def _check_state(runtime: Runtime, watch: str | None) -> None:
    """Say, before anything, that the state folder cannot be written: `changes` compares the
    versions kept there, and a watcher that cannot be remembered fails (exit 1) rather than
    report the same changes on every run."""
    from aihubmix_cli.store.state import unwritable, unwritable_warning

    problem = unwritable(runtime.state_dir)
    if problem is None:
        return
    if watch is not None:
        raise AihubError(_unremembered(runtime, watch, problem))
    runtime.warn(unwritable_warning(runtime.state_dir, problem))


def _unremembered(runtime: Runtime, name: str, problem: str) -> str:
    return (
        f"cannot remember what watcher '{name}' has reported ({problem}) in "
        f"{runtime.state_dir}; its next run would report the same changes again"
    )


def _remember(runtime: Runtime, name: str, newest: history.Version) -> None:
    from aihubmix_cli.store.state import remember

    problem = remember(runtime.state_dir, name, newest)
    if problem is not None:
        raise AihubError(_unremembered(runtime, name, problem))
