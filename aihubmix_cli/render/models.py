"""The catalog's models as a view: their columns, their JSON objects, the table's footer."""

from __future__ import annotations

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import (
    describe_age,
    format_monthly,
    format_tokens,
    format_usd,
    plain_number,
)
from aihubmix_cli.catalog import Model
from aihubmix_cli.catalog.model import field_values, per_value
from aihubmix_cli.render.columns import UNKNOWN, Column, list_column, list_text
from aihubmix_cli.render.writers import View

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from aihubmix_cli.catalog.costs import Estimate

    # What a workload would cost on each model, when one was given.
    Costs = Mapping[Model, Estimate]
else:
    Costs = "Mapping[Model, Estimate]"  # importable by name; the type is for mypy

# Each price field and how show and compare name it.
PRICE_LABELS = (
    ("input", "input"),
    ("output", "output"),
    ("cache_read", "cache read"),
    ("cache_write", "cache write"),
)
NON_TOKEN_MARK = "*"
NON_TOKEN_NOTE = f"{NON_TOKEN_MARK} price unit not documented (not a token model)"


def rate_text(model: Model, price: float | None) -> str:
    """A price for people: dollars for token models, the bare number when the unit is not
    known (see catalog.MEDIA_TYPES)."""
    if price is None:
        return UNKNOWN
    return format_usd(price) if model.token_priced else plain_number(price)


def price_cell(model: Model, field: str) -> str:
    """A price in a table cell: unknown-unit numbers are marked, so a column of dollars
    never passes off a bare number as one."""
    return _price_cell(model.prices.get(field), model.token_priced)


def _price_cell(price: float | None, token_priced: bool) -> str:
    if price is None:
        return UNKNOWN
    if token_priced:
        return format_usd(price)
    return f"{plain_number(price)}{NON_TOKEN_MARK}"


def _field_cells(field: str, text: Callable[[Any], str]) -> Callable[[Sequence[Model]], list[str]]:
    """A column's cells for many models at once, when they show one field: each distinct
    value (see catalog.per_value) shown once."""
    return lambda models: per_value(text, field_values(models, field))


def _price_cells(field: str) -> Callable[[Sequence[Model]], list[str]]:
    def cells(models: Sequence[Model]) -> list[str]:
        prices = field_values(models, f"prices.{field}")
        # Keyed by type too, as format_usd is: a catalog repeats its prices.
        token_priced = field_values(models, "token_priced")
        keys = list(zip(map(type, prices), prices, token_priced, strict=True))
        shown = {key: _price_cell(*key[1:]) for key in set(keys)}
        return list(map(shown.__getitem__, keys))

    return cells


def _id_cells(models: Sequence[Model]) -> list[str]:
    ids = field_values(models, "id")
    if not "".join(ids).isprintable():  # nearly never: every id checked in one call
        ids = list(map(terminal_safe, ids))
    marks = [" †" if deprecated else "" for deprecated in field_values(models, "deprecated")]
    return list(map(str.__add__, ids, marks))


def model_object(model: Model, costs: Costs | None = None) -> dict[str, Any]:
    """A model's JSON object; with a workload, `estimated_cost_usd` (a number or null), with
    a request rate `estimated_monthly_cost_usd` too, and, when they are null,
    `estimate_unavailable` saying why."""
    if costs is None:
        return model.data
    import math

    cost = costs[model]
    reason = cost.unavailable
    number = None if cost.usd is None else float(cost.usd)
    monthly = None if cost.monthly is None else float(cost.monthly)
    if not all(math.isfinite(n) for n in (number, monthly) if n is not None):
        number = monthly = None  # a cost beyond what JSON numbers carry is no estimate
        reason = "too large to estimate"
    shown: dict[str, Any] = {**model.data, "estimated_cost_usd": number}
    if cost.rate is not None:
        shown["estimated_monthly_cost_usd"] = monthly
    if number is None:
        shown["estimate_unavailable"] = reason
    return shown


def _price_column(name: str, header: str, field: str, drop_rank: int) -> Column:
    return Column(
        name,
        header,
        lambda m: price_cell(m, field),
        lambda m: plain_number(m.prices.get(field)),
        "right",
        drop_rank,
        cells=_price_cells(field),
    )


def _limit_column(name: str, header: str, drop_rank: int) -> Column:
    return Column(
        name,
        header,
        lambda m: format_tokens(getattr(m, name)),
        lambda m: plain_number(getattr(m, name)),
        "right",
        drop_rank,
        cells=_field_cells(name, format_tokens),
    )


def _list_view_column(field: str, header: str, *, drop_rank: int, shrink_to: int) -> Column:
    """The column of one of a model's list views (types, features, input modalities)."""
    return list_column(
        field,
        header,
        lambda m: getattr(m, field),
        drop_rank=drop_rank,
        shrink_to=shrink_to,
        cells=_field_cells(field, list_text),
    )


MODEL_COLUMNS = (
    # The id is cut only when every other column has gone: a cut id cannot be copied.
    Column(
        "model_id",
        "ID",
        lambda m: terminal_safe(m.id) + (" †" if m.deprecated else ""),
        lambda m: terminal_safe(m.id),
        cells=_id_cells,
    ),
    _list_view_column("types", "Type", drop_rank=4, shrink_to=8),
    _limit_column("context_length", "Context", drop_rank=2),
    _limit_column("max_output", "Max out", drop_rank=5),
    _price_column("pricing.input", "In $/1M", "input", drop_rank=1),
    _price_column("pricing.output", "Out $/1M", "output", drop_rank=3),
    _price_column("pricing.cache_read", "Cache $/1M", "cache_read", drop_rank=6),
    _list_view_column("features", "Features", drop_rank=7, shrink_to=14),
    _list_view_column("input_modalities", "Input", drop_rank=8, shrink_to=10),
)


def cost_column(costs: Costs) -> Column:
    return Column(
        "estimated_cost_usd",
        "Est. cost",
        lambda m: format_usd(costs[m].usd),
        lambda m: plain_number(costs[m].usd),
        "right",
    )


def monthly_column(costs: Costs) -> Column:
    return Column(
        "estimated_monthly_cost_usd",
        "Monthly",
        lambda m: format_monthly(costs[m].monthly),
        lambda m: plain_number(costs[m].monthly),
        "right",
    )


def rated(costs: Costs | None) -> bool:
    """Whether the workload has a request rate (every estimate carries the same one)."""
    return costs is not None and any(cost.rate is not None for cost in costs.values())


def data_list(model: Model, field: str) -> list[str]:
    """A list field of the model's JSON object, [] when absent."""
    values = model.data.get(field)
    return values if isinstance(values, list) else []


def _text_column(name: str, header: str) -> Column:
    return Column(
        name,
        header,
        lambda m: value_text(m.data.get(name)) or UNKNOWN,
        lambda m: value_text(m.data.get(name)),
    )


def value_text(value: Any) -> str:
    """Any JSON value in one terminal-safe line: text as it is, the rest as compact JSON."""
    if value is None:
        return ""
    if not isinstance(value, str):
        import json

        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return terminal_safe(value)


def data_column(name: str, data_of: Callable[[Any], Mapping[str, Any]]) -> Column:
    """A column for a field aihub has no spec for, read from each row's JSON object."""
    from aihubmix_cli.catalog.fields import lookup

    # A table's header starts with a capital as every other does (`vendor`: `Vendor`); plain,
    # csv and JSON keep the field's own name.
    return Column(
        name,
        terminal_safe(name[:1].upper() + name[1:]),
        lambda row: value_text(lookup(data_of(row), name)) or UNKNOWN,
        lambda row: value_text(lookup(data_of(row), name)),
    )


def _data_list_column(field: str, header: str) -> Column:
    """The column of a list field only the model's JSON object carries."""
    return list_column(field, header, lambda m: data_list(m, field), drop_rank=0, shrink_to=10)


def _other_columns() -> dict[str, Column]:
    """The known fields the default list leaves out."""
    return {
        column.name: column
        for column in (
            _text_column("model_name", "Name"),
            _price_column("pricing.cache_write", "Cache write $/1M", "cache_write", 0),
            _data_list_column("output_modalities", "Output"),
            _data_list_column("endpoints", "Endpoints"),
            Column(
                "release_date",
                "Released",
                lambda m: m.release_date or UNKNOWN,
                lambda m: m.release_date or "",
            ),
            _text_column("retire_stage", "Stage"),
            _text_column("desc", "Description"),
        )
    }


def model_column(field: str, costs: Costs | None) -> Column:
    """The column `--columns` names by `field` (a name fields.MODEL_NAMES resolved)."""
    if field in ("estimated_cost_usd", "estimate_unavailable", "estimated_monthly_cost_usd"):
        if field == "estimated_monthly_cost_usd" and not rated(costs):
            from aihubmix_cli.base.errors import UsageError

            raise UsageError(f"the {field} column needs a request rate: --requests")
        if costs is None:
            from aihubmix_cli.base.errors import UsageError

            raise UsageError(
                f"the {field} column needs a workload: --input-tokens and/or --output-tokens"
            )
        if field == "estimate_unavailable":
            return Column(
                field,
                "No estimate",
                lambda m: terminal_safe(costs[m].unavailable or "") or UNKNOWN,
                lambda m: terminal_safe(costs[m].unavailable or ""),
            )
        return monthly_column(costs) if field.endswith("monthly_cost_usd") else cost_column(costs)
    known = {column.name: column for column in MODEL_COLUMNS} | _other_columns()
    if field in known:
        return known[field]
    return data_column(field, lambda m: m.data)


def picked_view(view: View, columns: Sequence[Column], fields: Sequence[str]) -> View:
    """`view` narrowed to the asked columns: in every format, in the asked order, and in a
    table cut rather than dropped; JSON objects narrowed to the same fields."""
    from aihubmix_cli.catalog.fields import pick

    json_of = view.json_of
    return view._replace(
        columns=[column._replace(drop_rank=0) for column in columns],
        json_of=lambda row: pick(json_of(row), fields),
        table_columns=None,
        keep_all=True,
    )


# The column each sort key sorts by: a table sorted by it always shows it.
_SORTED_BY = {
    "context_length": "context_length",
    "max_output": "max_output",
    "price": "pricing.input",
    "output_price": "pricing.output",
    "release_date": "release_date",
}


def model_view(
    costs: Costs | None = None, fields: Sequence[str] | None = None, sort: str | None = None
) -> View:
    """The list of models; with a workload, the estimate comes second in the table (it is
    what the person asked about) and last in the machine formats (after the fixed fields).
    With `fields` (from --columns), those columns only. A table sorted by a column keeps it
    whatever the width, next to the id when the default table has no such column."""
    if fields:
        picked = [model_column(field, costs) for field in fields]
        return picked_view(model_view(costs), picked, fields)
    columns: Sequence[Column] = MODEL_COLUMNS
    table_columns: list[Column] = list(MODEL_COLUMNS)
    if costs is not None:
        cost = cost_column(costs)
        columns = (*MODEL_COLUMNS, cost)
        table_columns.insert(1, cost)
        if rated(costs):
            monthly = monthly_column(costs)
            columns = (*columns, monthly)
            table_columns.insert(2, monthly)
    sorted_by = _SORTED_BY.get(sort or "")
    if sorted_by is not None:
        names = [column.name for column in table_columns]
        if sorted_by in names:
            at = names.index(sorted_by)
            table_columns[at] = table_columns[at]._replace(drop_rank=0)
        else:
            table_columns.insert(1, model_column(sorted_by, costs)._replace(drop_rank=0))
    return View(
        columns,
        lambda m: model_object(m, costs),
        lambda m: m.id,
        table_columns,
        lambda m: "dim" if m.deprecated else None,
    )


def footer_text(
    count: int,
    age: float | None,
    what: str = "catalog",
    *,
    of: int | None = None,
    dated: bool = False,
) -> str:
    """`25 of 191 models · catalog 4 min old`; `dated` gives the catalog's date (UTC) instead
    of its age, for text that is read later (a markdown table pasted into a pull request)."""
    noun = "model" if (count if of is None else of) == 1 else "models"
    text = f"{count} {noun}" if of is None or of == count else f"{count} of {of} {noun}"
    if age is not None:
        if dated:
            import time

            from aihubmix_cli.base.units import iso_time

            when = iso_time(time.time() - age)
            text += f" · {what} as of {when[:10]} {when[11:16]} UTC"
        elif age < 1:
            text += f" · {what} fetched just now"
        else:
            text += f" · {what} {describe_age(age)} old"
    return text


def models_footer(
    models: Sequence[Model],
    age: float | None,
    *,
    of: int | None = None,
    dated: bool = False,
    prices_shown: bool = True,  # False: --columns left every price out, and the * with them
) -> str:
    notes = [footer_text(len(models), age, of=of, dated=dated)]
    if any(model.deprecated for model in models):
        notes.append("† deprecated")
    if not prices_shown:
        return " · ".join(notes)
    tokens = field_values(models, "token_priced")
    if any(not token and model.prices for model, token in zip(models, tokens, strict=True)):
        notes.append(NON_TOKEN_NOTE)
    return " · ".join(notes)
