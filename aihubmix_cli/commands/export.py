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
    verbose: bool = False,
    **selecting: Any,
) -> int:
    """`aihub export` with the options as typer read them: the tool, ids or `list`'s
    selection options, --merge and --verbose."""
    check_sort(selecting.get("sort", "order"))
    options = selection.build_options(**selecting)
    return export(
        runtime,
        tool,
        models or [],
        options,
        merge=Path(merge) if merge else None,
        verbose=verbose,
    )


def export(
    runtime: Runtime,
    tool: str,
    ids: Sequence[str],
    options: selection.ListOptions,
    *,
    merge: Path | None = None,
    verbose: bool = False,
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
    models, notes = base.usable(
        models,
        tool,
        accept=module.accept,
        wanted=module.WANTED,
        describe=getattr(module, "describe", None),
        named=bool(ids),
    )
    if module.ONE_MODEL and len(models) != 1:
        held = f"{tool} takes one model at a time; name one id. The selection holds"
        raise UsageError(base.summary(held, [m.id for m in models], verbose_names=False))
    base_url = runtime.settings.base_urls[0]
    endpoint = getattr(module, "ENDPOINT", None)
    if endpoint is not None:
        notes += [line for m in models for line in base.unconfirmed(m, tool, endpoint)]
    if merge is None:
        result: base.Export = module.export(models, base_url)
        runtime.out.write(result.text)
        notes += result.notes
    else:
        found: list[base.Note] = []

        def update(old: str | None) -> str:
            merged: base.Export = module.merge(old, models, base_url)
            found.extend(merged.notes)
            return merged.text

        backup = files.merge_file(merge, update)
        notes += found
        noun = "model" if len(models) == 1 else "models"
        kept = f" (the old one is {backup})" if backup is not None else ""
        notes.append(f"wrote {len(models)} {noun} to {merge}{kept}")
    for note in notes:
        for line in base.note_lines(note, verbose):
            runtime.hint(line)
    return ExitCode.OK


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
