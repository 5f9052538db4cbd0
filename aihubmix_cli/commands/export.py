"""`aihub export TOOL [MODEL...]`: the selected models as another tool's configuration.

Models come from exact ids (as `show` resolves them) or from `list`'s filters, never from
neither: a whole catalog in a config file is never what someone meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aihubmix_cli.catalog import Model
from aihubmix_cli.errors import ExitCode, NotFoundError, UsageError
from aihubmix_cli.export import base, files, target

from . import selection, show
from .runtime import Runtime


def run(
    runtime: Runtime,
    *,
    tool: str,
    models: Sequence[str] | None = None,
    merge: str | None = None,
    **selecting: Any,
) -> int:
    """`aihub export` with the options as typer read them: the tool, ids or `list`'s
    selection options, and --merge."""
    check_sort(selecting.get("sort", "order"))
    options = selection.build_options(**selecting)
    return export(runtime, tool, models or [], options, merge=Path(merge) if merge else None)


def export(
    runtime: Runtime,
    tool: str,
    ids: Sequence[str],
    options: selection.ListOptions,
    *,
    merge: Path | None = None,
) -> int:
    module = target(tool)
    selecting = options.filters.active or bool(options.tag) or options.mine
    selecting = selecting or options.limit is not None
    if ids and selecting:
        raise UsageError("give model ids or list filters, not both")
    if not ids and not selecting:
        raise UsageError(
            f"name the models to export: ids (aihub export {tool} MODEL...) or list "
            "filters (--features tools, --max-price 1, --mine, ...)"
        )
    if merge is not None and getattr(module, "MERGE", True) is False:
        raise UsageError(f"--merge does not apply to {tool}: it prints {module.WHAT}")
    models = _chosen(runtime, ids, options)
    models, note = base.usable(
        models,
        tool,
        accept=module.accept,
        wanted=module.WANTED,
        describe=getattr(module, "describe", None),
        named=bool(ids),
    )
    if module.ONE_MODEL and len(models) != 1:
        listed = ", ".join(m.id for m in models[:5]) + (", ..." if len(models) > 5 else "")
        raise UsageError(
            f"{tool} takes one model at a time; the selection holds {listed}: name one id"
        )
    base_url, stripped = _without_userinfo(runtime.settings.base_urls[0])
    notes = [note] if note else []
    if stripped:
        notes.append(
            "left the user name and password of AIHUBMIX_BASE_URL out of the export: a config "
            "file is no place for them"
        )
    if merge is None:
        result: base.Export = module.export(models, base_url)
        runtime.out.write(result.text)
        notes += result.notes
    else:
        found: list[str] = []

        def update(old: str | None) -> str:
            merged: base.Export = module.merge(old, models, base_url)
            found.extend(merged.notes)
            return merged.text

        backup = files.merge_file(merge, update, getattr(module, "KIND", None))
        notes += found
        noun = "model" if len(models) == 1 else "models"
        kept = f" (the old one is {backup})" if backup is not None else ""
        notes.append(f"wrote {len(models)} {noun} to {merge}{kept}")
    for line in notes:
        runtime.hint(line)
    return ExitCode.OK


def _without_userinfo(base_url: str) -> tuple[str, bool]:
    """The base URL without a `user:password@` part, and whether it had one."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base_url)
    if "@" not in parts.netloc:
        return base_url, False
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), True


def check_sort(sort: str) -> None:
    if sort == "cost":
        raise UsageError("export takes no workload, so it cannot sort by cost; try --sort price")


def _chosen(runtime: Runtime, ids: Sequence[str], options: selection.ListOptions) -> list[Model]:
    if ids:
        catalog = runtime.load_catalog()
        return list(dict.fromkeys(show.resolve(catalog.models, ids)))
    chosen = selection.select(runtime, options).chosen
    if not chosen:
        raise NotFoundError("no model matches these filters; nothing to export")
    return chosen
