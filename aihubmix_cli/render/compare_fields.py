"""`compare` for machines: a row per JSON field, a column per model, written by the writers
every command uses (tab-separated lines, CSV)."""

from __future__ import annotations

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import plain_number
from aihubmix_cli.catalog import Model
from aihubmix_cli.render.columns import Column
from aihubmix_cli.render.models import MODEL_COLUMNS, data_list, model_column, rated

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from aihubmix_cli.render.models import Costs


def compare_fields(
    models: Sequence[Model], costs: Costs | None, fields: Sequence[str] | None = None
) -> list[tuple[str, list[str]]]:
    """The comparison for machines: one (field, value per model) pair per JSON field, values
    written as `list`'s plain output writes them ("" when unknown); with `fields`, those."""
    if fields:
        return [(f, [model_column(f, costs).write(m) for m in models]) for f in fields]
    rows = [(column.name, [column.write(m) for m in models]) for column in MODEL_COLUMNS[1:]]
    rows.insert(
        6, ("pricing.cache_write", [plain_number(m.prices.get("cache_write")) for m in models])
    )
    for field in ("output_modalities", "endpoints"):
        rows.append((field, [terminal_safe(",".join(data_list(m, field))) for m in models]))
    rows.append(("release_date", [m.release_date or "" for m in models]))
    if costs is not None:
        rows.append(("estimated_cost_usd", [plain_number(costs[m].usd) for m in models]))
        if rated(costs):
            monthly = [plain_number(costs[m].monthly) for m in models]
            rows.append(("estimated_monthly_cost_usd", monthly))
    return rows


def compare_text(
    models: Sequence[Model],
    costs: Costs | None,
    *,
    diff: bool,
    output_format: str,
    fields: Sequence[str] | None = None,
    headers: bool = True,
    raw_csv: bool = False,
) -> str:
    """`compare` as tab-separated lines (plain: unknown is "-") or CSV, by the writers every
    command uses: a row per field, a column per model."""
    from aihubmix_cli.render.writers import csv_text, plain

    rows = compare_fields(models, costs, fields)
    if diff:
        rows = [(name, values) for name, values in rows if len(set(values)) > 1]
    if output_format == "csv":
        return csv_text(_field_columns(models), rows, headers=headers, raw=raw_csv)
    return plain(_field_columns(models), rows, headers=headers)


def _field_columns(models: Sequence[Model]) -> list[Column]:
    """The columns of the comparison for machines: the field's name, then each model's value."""

    def value_of(n: int) -> Callable[[tuple[str, list[str]]], str]:
        return lambda row: row[1][n]

    columns = [Column("field", "Field", lambda row: row[0], lambda row: row[0])]
    for n, model in enumerate(models):
        model_id = terminal_safe(model.id)
        columns.append(Column(model_id, model_id, value_of(n), value_of(n)))
    return columns
