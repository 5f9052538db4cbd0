"""`aihub audit [PATH...]`: the model ids a codebase names, and which ones are in trouble."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from aihubmix_cli.audit.files import Listing, shown
from aihubmix_cli.audit.judge import FAILING, Catalogs, Finding, judge, since_text
from aihubmix_cli.audit.scan import Matcher, scan_files
from aihubmix_cli.base.errors import ExitCode, UsageError, empty_value
from aihubmix_cli.base.units import iso_time
from aihubmix_cli.catalog.changes import FAIL_ON
from aihubmix_cli.render import audit as audit_report
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.store import history

if TYPE_CHECKING:
    from aihubmix_cli.catalog import Model


class Options(NamedTuple):
    paths: list[str]
    output_format: str | None  # None: table on a terminal, plain otherwise
    since: str | None
    suggest: bool = False
    cheaper: bool = False
    exit_code: bool = False
    fail_on: frozenset[str] = frozenset()

    @classmethod
    def from_values(
        cls,
        *,
        paths: list[str] | None = None,
        output_format: str | None = None,
        json_output: bool = False,
        since: str | None = None,
        suggest: bool = False,
        cheaper: bool = False,
        exit_code: bool = False,
        fail_on: list[str] | None = None,
    ) -> Options:
        """The one way both parsers turn their values into options."""
        from aihubmix_cli.render.writers import resolve_format

        if "" in (paths or ()):
            raise empty_value("PATH", "a file or folder (. is the current folder)")
        return cls(
            paths=list(paths or ["."]),
            output_format=resolve_format(output_format, json_output),
            since=since,
            suggest=suggest or cheaper,
            cheaper=cheaper,
            exit_code=exit_code,
            fail_on=frozenset(v.lower() for v in _split(fail_on)),
        )


def run(runtime: Runtime, options: Options) -> int:
    """`aihub audit` with the options as both parsers read them."""
    return audit(runtime, options)


def _split(values: list[str] | None) -> list[str]:
    if not values:
        return []  # without importing what reads them
    from aihubmix_cli.shared.list_options import given_values

    # An unset variable (`--fail-on "$STATUSES"`) must not quietly turn the check off.
    return given_values(values, "--fail-on", f"statuses: {', '.join(FAIL_ON)}")


def audit(runtime: Runtime, options: Options) -> int:
    unknown_statuses = options.fail_on - set(FAIL_ON)
    if unknown_statuses:
        raise UsageError(f"--fail-on takes {', '.join(FAIL_ON)}; not {min(unknown_statuses)}")
    from aihubmix_cli.render.writers import choose_format

    chosen = choose_format(options.output_format, runtime.stdout_is_terminal)
    cutoff = None
    if options.since is not None:
        from aihubmix_cli.base.since import parse_since

        cutoff = parse_since(options.since, runtime.now())
    # A bad PATH fails before any request; the files are listed meanwhile.
    with Listing(options.paths or ["."]) as listing:
        catalogs = _catalogs(runtime, cutoff, options.since)
        matcher = _matcher(runtime, [*catalogs.current, *catalogs.removed], list(catalogs.current))
        files = listing.files()
    cwd = Path.cwd()
    for passed, reason in listing.unreadable:
        from aihubmix_cli.render.audit import path_text

        runtime.warn(f"{path_text(shown(passed, cwd))}: {reason}; not audited")
    findings: list[Finding] = []
    verdicts: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
    skipped: dict[str, int] = {}
    # The progress line is cleared however the scan ends: Ctrl-C, an error, or done.
    with _Progress(len(files)) as progress:
        for number, (file, hits) in enumerate(scan_files(matcher, files)):
            progress.show(number)
            if isinstance(hits, str):
                skipped[hits] = skipped.get(hits, 0) + 1
                if hits.startswith("unreadable"):
                    progress.clear()  # a warning on a line of its own
                    runtime.warn(f"{shown(file, cwd)}: {hits}")
                continue
            if hits:
                path = shown(file, cwd)
                for hit in hits:
                    # A tree names the same few ids again and again: judge each spelling once.
                    verdict = verdicts.get((hit.text, hit.kind))
                    if verdict is None:
                        verdict = verdicts[hit.text, hit.kind] = judge(
                            hit, catalogs, suggest=options.suggest, cheaper=options.cheaper
                        )
                    findings.append(
                        Finding(path, hit.line, hit.column, verdict[0], hit.text, *verdict[1:])
                    )
    summary = {"files": len(files) - sum(skipped.values()), "skipped": skipped}
    limitation = _limitation(runtime, catalogs)
    if limitation is not None:
        runtime.warn(limitation)
    import shutil

    width = runtime.terminal.width or shutil.get_terminal_size().columns
    audit_report.write(
        runtime.out,
        chosen,
        findings,
        summary,
        since=since_text(catalogs),
        width=width,
        limitation=limitation,
    )
    failing = FAILING | options.fail_on
    if (options.exit_code or options.fail_on) and any(f.status in failing for f in findings):
        return ExitCode.FAILURE
    return ExitCode.OK


# What a matcher is made of is kept in the cache folder, derived data under a key of its own.
MATCHER_KEY = "aihub:audit-matcher"
MATCHER_FORMAT = 1


def _matcher(runtime: Runtime, ids: list[str], near_ids: list[str]) -> Matcher:
    """The matcher for these ids, made again from what the cache folder keeps of the one the
    same code worked out for the same ids (Matcher.spec): derived data, a miss at any doubt
    (a damaged, foreign or older file), then worked out and kept for the next run."""
    digest = _matcher_digest(ids, near_ids)
    if digest is not None:
        derived = runtime.cache.load_derived(MATCHER_KEY, digest, MATCHER_FORMAT)
        spec = derived.part(0) if derived is not None else None
        if spec is not None:
            try:
                return Matcher.from_spec(spec)
            except ValueError:
                pass  # worked out again below, and the file replaced
    matcher = Matcher(ids, near_ids)
    if digest is not None:
        runtime.cache.store_derived(MATCHER_KEY, digest, MATCHER_FORMAT, [matcher.spec()])
    return matcher


def _matcher_digest(ids: list[str], near_ids: list[str]) -> str | None:
    """A checksum of the ids and of the code that works a matcher out, as it is on disk: an
    aihub changed in any way never takes an older matcher for its own. None when that code
    cannot be read (then the matcher is worked out every run)."""
    from aihubmix_cli.audit import scan as audit
    from aihubmix_cli.audit import typos as audit_typos
    from aihubmix_cli.store.cache_io import checksum

    try:
        code = [Path(module.__file__ or "").read_bytes() for module in (audit, audit_typos)]
    except OSError:
        return None
    text = "\n".join(ids) + "\0" + "\n".join(near_ids)
    return checksum(b"\0".join([*code, text.encode("utf-8", "surrogatepass")]))


def _limitation(runtime: Runtime, catalogs: Catalogs) -> str | None:
    """What the verdicts cannot say for lack of an earlier catalog version, or None when one
    is known: an id added after the bundled record and gone before the only version at hand
    looks like any other word (neither `removed` nor `unknown`); no price is said not to move."""
    if catalogs.baseline is not None:
        return None
    from aihubmix_cli.store import timeline

    times = timeline.load_bundled().times
    end = iso_time(times[-1])[:10] if times else None
    # Said in one line of stderr (at most 300 characters, the state folder's path included).
    bundled = f" (the bundled history ends {end})" if end else ""
    among = " among those added since" if end else ""
    return (
        f"no earlier catalog version is kept{bundled}: cannot tell removed ids from unknown "
        f"ones{among}, nor say a price did not move; keep the state folder "
        f"({runtime.state_dir}) between runs"
    )


def _catalogs(runtime: Runtime, cutoff: float | None, since: str | None) -> Catalogs:
    catalog = runtime.catalog.load()
    current = {model.id: model for model in catalog.models}
    state_dir = runtime.state_dir
    kept = history.versions(state_dir)
    if not kept and catalog.body:
        history.record(state_dir, catalog.body, runtime.now() - catalog.age)
        kept = history.versions(state_dir)
    fetched_now = runtime.now() - catalog.age
    # The bundled record knows the models removed before aihub first ran, and a --since
    # before aihub's first version reaches back into it; aihub's own versions come after it.
    from aihubmix_cli.sources.past import recorded_base, removed_in_record

    removed = removed_in_record(current, [v.fetched_at for v in kept], fetched_now)
    recorded = None
    if cutoff is not None and since is not None:
        recorded = recorded_base(
            runtime.catalog, cutoff, since, kept[0].fetched_at if kept else None
        )
    from aihubmix_cli.store.history import readable_versions

    if len(kept) < 2:
        if recorded is not None:
            return _recorded(current, removed, recorded, list(readable_versions(kept)), fetched_now)
        if since is not None:
            runtime.hint("only one version of the catalog is kept so far: prices are not compared")
        return Catalogs(current, removed, {}, None)
    versions = list(reversed(list(readable_versions(reversed(kept)))))  # oldest first, all readable
    for index, (_, models) in enumerate(versions):
        gone_since = versions[index + 1][0].fetched_at if index + 1 < len(versions) else fetched_now
        for model in models:
            if model.id not in current:
                removed[model.id] = (model, gone_since)
    if recorded is not None and (
        not versions or cutoff is None or versions[0][0].fetched_at > cutoff
    ):
        return _recorded(current, removed, recorded, versions, fetched_now)
    if cutoff is None:
        base = versions[0] if versions else None
    else:
        base = next((v for v in reversed(versions) if v[0].fetched_at <= cutoff), None)
        if base is None and versions:
            oldest = iso_time(versions[0][0].fetched_at)
            runtime.hint(
                f"no kept version of the catalog is as old as --since {since}; "
                f"the oldest is from {oldest}: prices are not compared"
            )
    if base is None:
        return Catalogs(current, removed, {}, None)
    start = next(index for index, version in enumerate(versions) if version is base)
    later = [(v.fetched_at, {m.id: m for m in models}) for v, models in versions[start:]]
    previous = dict(later[0][1])
    later.append((fetched_now, current))  # the newest kept version, or the one read since
    return Catalogs(current, removed, previous, base[0].fetched_at, later)


def _recorded(
    current: dict[str, Model],
    removed: dict[str, tuple[Model, float]],
    recorded: tuple[float, list[Model]],
    versions: list[tuple[history.Version, list[Model]]],
    fetched_now: float,
) -> Catalogs:
    """Prices compared with the bundled record's version `recorded`: a new price is dated by
    the first version known to carry it, aihub's kept ones (`versions`, oldest first) and
    today's, then back into the record when all of them carry it."""
    from aihubmix_cli.store.timeline import load_bundled

    later = [(v.fetched_at, {m.id: m for m in models}) for v, models in versions]
    later.append((fetched_now, current))
    record = load_bundled()
    index = record.index_at(recorded[0])
    return Catalogs(
        current,
        removed,
        {m.id: m for m in recorded[1]},
        recorded[0],
        later,
        (record, index) if index is not None else None,
    )


class _Progress:
    """`aihub: scanning 1200/10000 files` on stderr, for scans that take a while, only on a
    terminal; the line is cleared before a warning and when the scan ends, however it ends
    (`aihub: interrupted` after Ctrl-C is a line of its own)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.started = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.clear()

    def show(self, number: int) -> None:
        if not self.enabled or number % 200 or time.monotonic() - self.started < 1:
            return
        # Marked before it is written: a Ctrl-C the moment it shows must still clear it.
        self.shown = True
        sys.stderr.write(f"\raihub: scanning {number}/{self.total} files")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False
