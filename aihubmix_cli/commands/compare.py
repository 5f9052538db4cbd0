"""`aihub compare A B [C ...]`: several models side by side."""

from __future__ import annotations

from collections.abc import Sequence

from aihubmix_cli.base.errors import ExitCode, UsageError, check_model_ids
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog import DOCUMENTED_VALUES
from aihubmix_cli.catalog.costs import estimates
from aihubmix_cli.catalog.fields import MODEL_NAMES, pick
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.catalog.workload import take_workload
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import check_csv_raw, check_headers, choose_format, resolve_format
from aihubmix_cli.shared.list_options import column_names
from aihubmix_cli.shared.runtime import Runtime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aihubmix_cli.catalog.costs import Workload


class Options(Record):
    """What `aihub compare` was asked, as both parsers read it, checked."""

    __slots__ = (
        "as_of",
        "columns",
        "csv_raw",
        "diff",
        "models",
        "no_headers",
        "output_format",
        "workload",
    )

    def __init__(
        self,
        *,
        models: list[str],
        diff: bool = False,
        output_format: str | None = None,  # --format and --json together; None: the default
        columns: Sequence[str] = (),  # typer hands an absent list option over as ()
        no_headers: bool = False,
        csv_raw: bool = False,
        workload: Workload | None = None,  # the cost options, for estimates
        as_of: str | None = None,
    ) -> None:
        self.models = models
        self.diff = diff
        self.output_format = output_format
        self.columns = columns
        self.no_headers = no_headers
        self.csv_raw = csv_raw
        self.workload = workload
        self.as_of = as_of

    @classmethod
    def from_values(
        cls,
        *,
        models: list[str],
        output_format: str | None = None,
        json_output: bool = False,
        **values: Any,
    ) -> Options:
        """The one way both parsers turn their values into options."""
        if len(models) < 2:
            raise UsageError("compare needs at least two models (aihub show MODEL shows one)")
        check_model_ids(models)
        chosen_format = resolve_format(output_format, json_output)
        workload = take_workload(values)
        return cls(models=models, output_format=chosen_format, workload=workload, **values)


def run(runtime: Runtime, options: Options) -> int:
    models, diff, workload = options.models, options.diff, options.workload
    columns, no_headers, csv_raw = options.columns, options.no_headers, options.csv_raw
    check_headers(options.output_format, not no_headers)
    check_csv_raw(options.output_format, csv_raw)
    names = column_names(columns)
    catalog = runtime.catalog.load(as_of=options.as_of)
    found = resolve(catalog.models, models)
    costs = estimates(found, workload) if workload is not None else None
    fields = None
    if names:
        fields = MODEL_NAMES.resolve(names, (m.data for m in catalog.models))
    chosen_format = choose_format(options.output_format, runtime.terminal.is_terminal)
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
