"""`aihub compare A B [C ...]`: several models side by side."""

from __future__ import annotations

from collections.abc import Sequence

from aihubmix_cli.base.errors import ExitCode, UsageError
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.catalog import DOCUMENTED_VALUES
from aihubmix_cli.catalog.costs import estimates, workload_from
from aihubmix_cli.catalog.fields import MODEL_NAMES, pick
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import check_csv_raw, check_headers, choose_format, resolve_format
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.shared.selection import split_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aihubmix_cli.base.units import Rate


def run(
    runtime: Runtime,
    *,
    models: list[str],
    diff: bool = False,
    output_format: str | None = None,
    json_output: bool = False,
    columns: Sequence[str] = (),  # typer hands an absent list option over as ()
    no_headers: bool = False,
    csv_raw: bool = False,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
    cached_tokens: int | None = None,
    requests: Rate | None = None,
    as_of: str | None = None,
) -> int:
    runtime.as_of = as_of
    if len(models) < 2:
        raise UsageError("compare needs at least two models (aihub show MODEL shows one)")
    chosen_format = resolve_format(output_format, json_output)
    check_headers(chosen_format, not no_headers)
    check_csv_raw(chosen_format, csv_raw)
    workload = workload_from(input_tokens, output_tokens, cached_tokens, requests)
    catalog = runtime.load_catalog()
    found = resolve(catalog.models, models)
    costs = estimates(found, workload) if workload is not None else None
    fields = None
    if columns:
        fields = MODEL_NAMES.resolve(split_values(columns), (m.data for m in catalog.models))
    chosen_format = choose_format(chosen_format, runtime.terminal.is_terminal)
    if chosen_format == "json":
        objects = [model_object(m, costs) for m in found]
        write_json(runtime.out, [pick(o, fields) for o in objects] if fields else objects)
        return ExitCode.OK
    from aihubmix_cli.render import compare, compare_fields

    # The documented features first, in their documented order, then any newer ones.
    documented = DOCUMENTED_VALUES["features"]
    extra = sorted({f for m in found for f in m.features} - set(documented))
    if chosen_format == "markdown":
        features = [*documented, *extra]
        # Read later (pasted into a pull request), so dated as list's markdown is.
        from aihubmix_cli.render.models import footer_text

        caption = footer_text(len(found), None if catalog.as_of else catalog.age, dated=True)
        if catalog.as_of:
            caption += f" · catalog {catalog.as_of}"
        text = compare.compare_markdown(
            found, costs, diff=diff, features=features, fields=fields, caption=caption
        )
        runtime.out.write(text)
        return ExitCode.OK
    if chosen_format != "table":
        text = compare_fields.compare_text(
            found,
            costs,
            diff=diff,
            output_format=chosen_format,
            fields=fields,
            headers=not no_headers,
            raw_csv=csv_raw,
        )
        runtime.out.write(text)
        return ExitCode.OK
    compare.print_compare_table(
        found,
        runtime.out,
        costs=costs,
        diff=diff,
        features=[*documented, *extra],
        terminal=runtime.terminal,
        tell=runtime.hint,
        fields=fields,
        caption=f"catalog {catalog.as_of}" if catalog.as_of else None,
    )
    return ExitCode.OK
