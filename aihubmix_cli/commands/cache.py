"""`aihub cache info` and `aihub cache clear`."""

from __future__ import annotations

from typing import Any

from aihubmix_cli.base.errors import ExitCode
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import describe_age, format_bytes
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.store.cache import CacheFile


def _describe(runtime: Runtime, item: CacheFile) -> dict[str, Any]:
    entry = item.entry
    if entry is None:
        return {"file": item.path.name, "size": item.size, "valid": False}
    now = runtime.now()
    return {
        "file": item.path.name,
        "size": item.size,
        "valid": True,
        "request": entry.key,
        "age_seconds": round(entry.age(now), 3),
        "state": entry.freshness(now),
        "max_age": entry.max_age,
        "stale_while_revalidate": entry.swr,
        "etag": entry.etag,
    }


def _bundled_use(runtime: Runtime) -> dict[str, Any] | None:
    """When the bundled snapshot last stood in for the server, if it has since the server
    last answered."""
    from aihubmix_cli.store import bundled

    marker = bundled.read_use(runtime.cache.directory)
    if marker is None:
        return None
    return {
        "age_seconds": round(max(0.0, runtime.now() - marker["used_at"]), 3),
        "taken": marker["taken"],
        "aihub_version": marker.get("version"),
        "reason": marker.get("reason"),
    }


def _state(runtime: Runtime) -> dict[str, Any]:
    """The state folder: where it is, how many catalog versions it keeps, its watchers."""
    from aihubmix_cli.store import history, state

    folder = runtime.state_dir
    return {
        "path": folder,
        "catalog_versions": len(history.versions(folder)),
        "watchers": state.watchers(folder),
    }


class Options(Record):
    """What `aihub cache info` or `aihub cache clear` was asked: info's --json."""

    __slots__ = ("json_output",)

    def __init__(self, *, json_output: bool = False) -> None:
        self.json_output = json_output

    @classmethod
    def from_values(cls, *, json_output: bool = False) -> Options:
        """The one way the parser turns its values into options."""
        return cls(json_output=json_output)


def info(runtime: Runtime, options: Options) -> int:
    json_output = options.json_output
    cache = runtime.cache
    described = [_describe(runtime, item) for item in cache.files()]
    used = _bundled_use(runtime)
    kept = _state(runtime)
    if json_output:
        payload = {
            "path": str(cache.directory),
            "entries": described,
            "bundled_catalog": used,
            "state": kept,
        }
        write_json(runtime.out, payload)
        return ExitCode.OK
    total = sum(item["size"] for item in described)
    lines = [f"path:     {terminal_safe(cache.directory)}"]
    if not described:
        lines.append("entries:  no cached answers")
    else:
        noun = "cached answer" if len(described) == 1 else "cached answers"
        lines.append(f"entries:  {len(described)} {noun}, {format_bytes(total)}")
        lines += _aligned([("REQUEST", "SIZE", "AGE", "STATE")] + [_row(i) for i in described])
    if used is not None:
        taken = str(used["taken"])[:10]
        lines.append(
            f"bundled catalog: answered {describe_age(used['age_seconds'])} ago with the "
            f"snapshot taken {terminal_safe(taken)}: "
            f"{terminal_safe(used['reason'] or 'no server answered')}; "
            "the next answer from the server replaces it"
        )
    versions = kept["catalog_versions"]
    noun = "catalog version" if versions == 1 else "catalog versions"
    watching = ", ".join(terminal_safe(name) for name in kept["watchers"]) or "none"
    lines.append(
        f"state:    {terminal_safe(kept['path'])} ({versions} {noun} kept; watchers: {watching})"
    )
    runtime.out.write("\n".join(lines) + "\n")
    return ExitCode.OK


def _row(item: dict[str, Any]) -> tuple[str, str, str, str]:
    size = format_bytes(item["size"])
    if not item["valid"]:
        return (terminal_safe(item["file"]), size, "-", "unreadable (replaced on next fetch)")
    age = describe_age(item["age_seconds"])
    return (terminal_safe(item["request"]), size, age, item["state"])


def _aligned(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Columns padded to their widest cell, sizes and ages right-aligned as numbers are."""
    from rich.cells import cell_len as display_width

    widths = [max(display_width(row[column]) for row in rows) for column in range(3)]
    lines = []
    for request, size, age, state in rows:
        cells = [
            request + " " * (widths[0] - display_width(request)),
            size.rjust(widths[1]),
            age.rjust(widths[2]),
            state,
        ]
        lines.append("  " + "  ".join(cells))
    return lines


def clear(runtime: Runtime, options: Options) -> int:
    """Remove what aihub wrote in its cache folder, and only that (store/cache_clear.py);
    say how many files really went, and fail when some of aihub's could not."""
    from aihubmix_cli.store.cache_clear import clear as clear_folder

    runtime.state_dir  # noqa: B018 -- a history an earlier release kept here moves out first
    folder = runtime.cache.directory
    cleared = clear_folder(folder)
    noun = "file" if cleared.removed == 1 else "files"
    where = terminal_safe(folder)
    runtime.err.write(f"aihub: removed {cleared.removed} cache {noun} from {where}\n")
    if cleared.failed:
        noun = "file" if cleared.failed == 1 else "files"
        runtime.err.write(
            f"aihub: could not remove {cleared.failed} cache {noun} from {where}: "
            f"{terminal_safe(cleared.reason or 'unknown reason')}\n"
        )
        return ExitCode.FAILURE
    return ExitCode.OK
