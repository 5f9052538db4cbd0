"""`aihub list`: the catalog, filtered and sorted, in the format asked for."""

from __future__ import annotations

from aihubmix_cli.errors import ExitCode

from .selection import build_options, select

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aihubmix_cli.catalog import Model

    from .runtime import Runtime
    from .selection import ListOptions


def run(runtime: Runtime, **options: Any) -> int:
    """`aihub list` with the options as typer or the fast parser read them."""
    return execute(runtime, build_options(**options))


def execute(runtime: Runtime, options: ListOptions) -> int:
    selection = select(runtime, options)
    chosen, catalog, costs = selection.chosen, selection.catalog, selection.costs
    stored = costs is None and not options.columns
    if stored and _write_stored_json(runtime, options.output_format, chosen):
        return ExitCode.OK
    from aihubmix_cli.render.models import model_view, models_footer
    from aihubmix_cli.render.writers import write

    fields = None
    if options.columns:
        from aihubmix_cli.fields import MODEL_NAMES

        fields = MODEL_NAMES.resolve(options.columns, (m.data for m in catalog.models))
    footer = models_footer(chosen, catalog.age)
    write(
        runtime.out,
        runtime.terminal,
        options.output_format,
        model_view(costs, fields, options.sort),
        chosen,
        footer=footer,
        headers=options.headers,
    )
    return ExitCode.OK


def _write_stored_json(runtime: Runtime, output_format: str | None, chosen: list[Model]) -> bool:
    """`--json` and `--format jsonl` from each model's stored JSON text, when every chosen
    model has one: the same bytes the writers would make, without encoding the catalog
    again on every run (a 10,000-model catalog takes longer to encode than to load)."""
    if output_format not in ("json", "jsonl"):
        return False
    from aihubmix_cli.render.jsonout import carries_unicode

    texts = [model.json_text for model in chosen]
    if None in texts or not carries_unicode(runtime.out):
        return False
    if output_format == "json":
        runtime.out.write("[" + ",".join(texts) + "]\n")  # type: ignore[arg-type]
    else:
        runtime.out.write("".join(f"{text}\n" for text in texts))
    return True
