"""`aihub compare A B [C ...]`: several models side by side."""

from __future__ import annotations

from aihubmix_cli.catalog import DOCUMENTED_VALUES
from aihubmix_cli.costs import estimates, workload_from
from aihubmix_cli.errors import ExitCode, UsageError
from aihubmix_cli.render.jsonout import write_json
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import choose_format, resolve_format

from .runtime import Runtime
from .show import resolve


def run(
    runtime: Runtime,
    *,
    models: list[str],
    diff: bool = False,
    output_format: str | None = None,
    json_output: bool = False,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
    cached_tokens: int | None = None,
) -> int:
    if len(models) < 2:
        raise UsageError("compare needs at least two models (aihub show MODEL shows one)")
    chosen_format = resolve_format(output_format, json_output)
    workload = workload_from(input_tokens, output_tokens, cached_tokens)
    catalog = runtime.load_catalog()
    found = resolve(catalog.models, models)
    costs = estimates(found, workload) if workload is not None else None
    chosen_format = choose_format(chosen_format, runtime.terminal.is_terminal)
    if chosen_format == "json":
        write_json(runtime.out, [model_object(m, costs) for m in found])
        return ExitCode.OK
    from aihubmix_cli.render import compare

    if chosen_format != "table":
        text = compare.compare_text(found, costs, diff=diff, output_format=chosen_format)
        runtime.out.write(text)
        return ExitCode.OK
    # The documented features first, in their documented order, then any newer ones.
    documented = DOCUMENTED_VALUES["features"]
    extra = sorted({f for m in found for f in m.features} - set(documented))
    compare.print_compare_table(
        found,
        runtime.out,
        costs=costs,
        diff=diff,
        features=[*documented, *extra],
        terminal=runtime.terminal,
    )
    return ExitCode.OK
