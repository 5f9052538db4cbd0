"""`aihub show MODEL`: one model in full."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode, UsageError
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.catalog.costs import estimates, workload_from
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import choose_format, resolve_format
from aihubmix_cli.shared.runtime import Runtime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aihubmix_cli.base.units import Rate


def run(
    runtime: Runtime,
    *,
    model: str,
    output_format: str | None = None,
    json_output: bool = False,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
    cached_tokens: int | None = None,
    requests: Rate | None = None,
    as_of: str | None = None,
) -> int:
    runtime.as_of = as_of
    if not model.strip():
        raise UsageError("MODEL is empty; give a model id (aihub list -o ids lists them)")
    chosen_format = resolve_format(output_format, json_output)
    workload = workload_from(input_tokens, output_tokens, cached_tokens, requests)
    catalog = runtime.load_catalog()
    (found,) = resolve(catalog.models, [model])
    costs = estimates([found], workload) if workload is not None else None
    chosen_format = choose_format(chosen_format, runtime.terminal.is_terminal)
    if chosen_format == "json":
        write_json(runtime.out, model_object(found, costs))
    elif chosen_format == "plain":
        from aihubmix_cli.render.panels import model_lines

        runtime.out.write(model_lines(found, costs))
    else:
        from aihubmix_cli.render.panels import print_model_panel

        print_model_panel(
            found,
            runtime.out,
            cost=costs[found] if costs is not None else None,
            workload=workload.describe() if workload is not None else None,
            terminal=runtime.terminal,
            caption=f"catalog {catalog.as_of}" if catalog.as_of else None,
        )
    return ExitCode.OK
