"""`aihub list`: the catalog, filtered and sorted, in the format asked for."""

from __future__ import annotations

from typing import Any

from aihubmix_cli.errors import ExitCode
from aihubmix_cli.render.models import model_view, models_footer
from aihubmix_cli.render.writers import write

from .runtime import Runtime
from .selection import ListOptions, build_options, select


def run(runtime: Runtime, **options: Any) -> int:
    """`aihub list` with the options as typer or the fast parser read them."""
    return execute(runtime, build_options(**options))


def execute(runtime: Runtime, options: ListOptions) -> int:
    chosen, catalog, costs = select(runtime, options)
    fields = None
    if options.columns:
        from aihubmix_cli.fields import MODEL_NAMES

        fields = MODEL_NAMES.resolve(options.columns, (m.data for m in catalog.models))
    footer = models_footer(chosen, catalog.age)
    write(
        runtime.out,
        runtime.terminal,
        options.output_format,
        model_view(costs, fields),
        chosen,
        footer=footer,
        headers=options.headers,
    )
    return ExitCode.OK
