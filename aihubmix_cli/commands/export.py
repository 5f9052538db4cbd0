"""`aihub export TOOL [MODEL...]`: the selected models as another tool's configuration.

Models come from exact ids (as `show` resolves them) or from `list`'s filters, never from
neither: a whole catalog in a config file is never what someone meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aihubmix_cli.base.errors import (
    AihubError,
    ExitCode,
    NotFoundError,
    UsageError,
    check_model_ids,
    empty_value,
)
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.text import LINE, cut, summary
from aihubmix_cli.catalog import Model
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.export import base, files, target
from aihubmix_cli.shared import list_options, selection
from aihubmix_cli.shared.runtime import Runtime


class Options(Record):
    """What `aihub export` was asked: the tool, ids or `list`'s selection, and its own flags."""

    __slots__ = (
        "allow_snapshot",
        "check",
        "json_output",
        "merge",
        "models",
        "selection",
        "tool",
        "verbose",
    )

    def __init__(
        self,
        *,
        tool: str,
        selection: list_options.ListOptions,
        models: Sequence[str] | None = None,
        merge: str | None = None,
        allow_snapshot: bool = False,
        verbose: bool = False,
        check: str | None = None,
        json_output: bool = False,
    ) -> None:
        self.tool = tool
        self.selection = selection
        self.models = models
        self.merge = merge
        self.allow_snapshot = allow_snapshot
        self.verbose = verbose
        self.check = check
        self.json_output = json_output

    @classmethod
    def from_values(
        cls,
        *,
        tool: str,
        models: Sequence[str] | None = None,
        merge: str | None = None,
        allow_snapshot: bool = False,
        verbose: bool = False,
        check: str | None = None,
        json_output: bool = False,
        **selecting: Any,
    ) -> Options:
        """The one way both parsers turn their values into options."""
        check_model_ids(models or ())
        if merge == "":
            raise empty_value("--merge", "the config file to merge into")
        if check == "":
            raise empty_value("--check", "the config file to check")
        return cls(
            tool=tool,
            selection=list_options.build_options(**selecting),
            models=models,
            merge=merge,
            allow_snapshot=allow_snapshot,
            verbose=verbose,
            check=check,
            json_output=json_output,
        )


def run(runtime: Runtime, typed: Options) -> int:
    """`aihub export` with the options as typer read them: the tool, ids or `list`'s
    selection options, --merge, --verbose, --check and --json."""
    tool, models, merge, check = typed.tool, typed.models, typed.merge, typed.check
    allow_snapshot, verbose, json_output = typed.allow_snapshot, typed.verbose, typed.json_output
    options = typed.selection
    if check is not None:
        if models or merge is not None or _selecting(options):
            raise UsageError(
                "--check reads the models from FILE: give it no ids, filters or --merge"
            )
        return check_file(runtime, tool, Path(check), json_output)
    if json_output:
        raise UsageError("--json goes with --check FILE; an export is the tool's own format")
    return export(
        runtime,
        tool,
        models or [],
        options,
        merge=Path(merge) if merge else None,
        verbose=verbose,
        allow_snapshot=allow_snapshot,
    )


def export(
    runtime: Runtime,
    tool: str,
    ids: Sequence[str],
    options: list_options.ListOptions,
    *,
    merge: Path | None = None,
    verbose: bool = False,
    allow_snapshot: bool = False,
) -> int:
    module = target(tool)
    selecting = _selecting(options)
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
    if merge is not None and runtime.catalog.used_bundled and not allow_snapshot:
        # A team's config rewritten from a months-old snapshot, and silently: never by default.
        raise AihubError(
            f"left {merge} as it was: the server did not answer and the catalog bundled with "
            "aihub is no basis for rewriting a config; --allow-snapshot writes it anyway"
        )
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
        raise UsageError(summary(held, [m.id for m in models], verbose_names=False))
    base_url, stripped = _without_userinfo(runtime.settings.base_urls[0])
    if stripped:
        notes.append(
            "left the user name and password of AIHUBMIX_BASE_URL out of the export: a config "
            "file is no place for them"
        )
    endpoint = getattr(module, "ENDPOINT", None)
    if endpoint is not None:
        notes += [line for m in models for line in base.unconfirmed(m, tool, endpoint)]
    if merge is None:
        result: base.Export = module.export(models, base_url)
        runtime.out.write(result.text)
        notes += result.notes
    else:
        found: list[base.Note] = []
        earlier: list[str] = []

        def update(old: str | None) -> str:
            merged: base.Export = module.merge(old, models, base_url)
            found.extend(merged.notes)
            earlier.extend(_written(tool, old))
            return merged.text

        merged = files.merge_file(merge, update, getattr(module, "KIND", None))
        notes += found
        notes += _removed(tool, earlier, models)
        noun = "model" if len(models) == 1 else "models"
        if not merged.written:
            notes.append(f"{merge} unchanged: {len(models)} {noun} already up to date")
        else:
            kept = f" (the old one is {merged.backup})" if merged.backup is not None else ""
            notes.append(f"wrote {len(models)} {noun} to {merge}{kept}")
    for note in notes:
        for line in base.note_lines(note, verbose):
            runtime.hint(line)
    return ExitCode.OK


def _written(tool: str, old: str | None) -> list[str]:
    from aihubmix_cli.export import check

    return check.written(tool, old)


def _removed(tool: str, earlier: Sequence[str], models: Sequence[Model]) -> list[base.Note]:
    """What stderr says of the models aihub wrote in the file before and this merge removed:
    `--merge` makes aihub's part today's selection, and no model leaves a config unsaid."""
    kept = {model.id for model in models}
    removed = [model_id for model_id in dict.fromkeys(earlier) if model_id not in kept]
    if not removed:
        return []
    if target(tool).ONE_MODEL:
        return [f"replaced {removed[0]}, the model aihub wrote earlier ({tool} takes one)"]
    noun = "model" if len(removed) == 1 else "models"
    what = f"removed {len(removed)} {noun} aihub wrote earlier"
    it = "it" if len(removed) == 1 else "them"
    return [base.Listed(what, removed, then=f" (name {it} too to keep {it})")]


def _selecting(options: list_options.ListOptions) -> bool:
    chosen = options.filters.active or bool(options.tag) or options.mine
    return chosen or options.limit is not None


def check_file(runtime: Runtime, tool: str, path: Path, as_json: bool) -> int:
    """`--check FILE`: each model of aihub's part of FILE against the catalog; 1 when
    anything drifted, 0 when nothing did."""
    from aihubmix_cli.base.text import terminal_safe
    from aihubmix_cli.export import check

    if tool not in check.READERS:
        raise UsageError(f"--check does not apply to {tool}: it prints {target(tool).WHAT}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"cannot check {path}: no such file") from None
    except IsADirectoryError:  # worded as --merge words it
        raise UsageError(f"cannot check {path}: it is a folder") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot check {path}: {reason}") from None
    catalog = {model.id: model for model in runtime.catalog.load().models}
    try:
        found = check.drifts(tool, text, catalog)
    except ValueError as error:
        raise UsageError(f"cannot check {path}: {error}") from None
    drifted = [d for d in found if d.gone or d.changes]
    if as_json:
        from aihubmix_cli.base.jsonout import write_json

        write_json(runtime.out, check.report(tool, str(path), found))
    else:
        for line in check.lines(found):
            runtime.out.write((terminal_safe(line) if runtime.stdout_is_terminal else line) + "\n")
        noun = "model" if len(found) == 1 else "models"
        if drifted:
            said = f"{len(drifted)} of {len(found)} {noun} in {path} drifted from the catalog; "
            said = _fix(said, tool, path, [d.model_id for d in found if not d.gone])
        else:
            said = f"nothing in {path} drifted from the catalog ({len(found)} {noun})"
        runtime.hint(cut(said))
    return ExitCode.FAILURE if drifted else ExitCode.OK


def _fix(said: str, tool: str, path: Path, kept: list[str]) -> str:
    """`said` and the command that writes today's values: naming every model of aihub's in
    the file that the catalog still has, since `--merge` removes the ones it is not given."""
    import shlex

    if not kept:
        return f"{said}none of them is in the catalog now"
    named = " ".join(shlex.quote(model_id) for model_id in kept)
    whole = f"{said}aihub export {tool} {named} --merge {shlex.quote(str(path))} writes "
    whole += "today's values"
    if len(whole) <= LINE - len("aihub: "):
        return whole
    return (
        f"{said}aihub export {tool} --merge FILE naming all {len(kept)} of its models the "
        "catalog still has writes today's values (a merge removes those it is not given)"
    )


def _without_userinfo(base_url: str) -> tuple[str, bool]:
    """The base URL without a `user:password@` part, and whether it had one."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(base_url)
    if "@" not in parts.netloc:
        return base_url, False
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), True


def _chosen(runtime: Runtime, ids: Sequence[str], options: list_options.ListOptions) -> list[Model]:
    if ids:
        catalog = runtime.catalog.load()
        named = list(dict.fromkeys(resolve(catalog.models, ids)))
        # In the order `list` gives the same ids: as named, unless --sort or --order.
        return selection.order_and_limit(named, options.replace(ids=tuple(ids)))
    chosen = selection.select(runtime, options).chosen
    if not chosen:
        raise NotFoundError("no model matches these filters; nothing to export")
    return chosen
