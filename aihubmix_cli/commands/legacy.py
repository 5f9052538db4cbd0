"""`aihub legacy [MODEL]`: the OpenAI-compatible list, which answers "what can this key call"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aihubmix_cli.base.errors import (
    ExitCode,
    HttpStatusError,
    NotFoundError,
    UsageError,
    check_model_ids,
)
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.text import quoted
from aihubmix_cli.catalog import legacy, not_found_message, suggest
from aihubmix_cli.render.writers import (
    check_columns,
    check_csv_raw,
    check_headers,
    choose_format,
    resolve_format,
)
from aihubmix_cli.shared.list_options import column_names
from aihubmix_cli.shared.runtime import Runtime


class Options(Record):
    """What `aihub legacy` was asked, as both parsers read it."""

    __slots__ = (
        "columns",
        "csv_raw",
        "json_output",
        "limit",
        "missing",
        "model",
        "model_filter",
        "no_headers",
        "order",
        "output_format",
        "owner",
        "sort",
    )

    def __init__(
        self,
        *,
        model: str | None = None,
        model_filter: str | None = None,
        owner: str | None = None,
        sort: str | None = None,
        order: str | None = None,
        missing: bool = False,
        limit: int | None = None,
        output_format: str | None = None,
        json_output: bool = False,
        columns: Sequence[str] = (),  # typer hands an absent list option over as ()
        no_headers: bool = False,
        csv_raw: bool = False,
    ) -> None:
        self.model = model
        self.model_filter = model_filter
        self.owner = owner
        self.sort = sort
        self.order = order
        self.missing = missing
        self.limit = limit
        self.output_format = output_format
        self.json_output = json_output
        self.columns = columns
        self.no_headers = no_headers
        self.csv_raw = csv_raw

    @classmethod
    def from_values(cls, **values: Any) -> Options:
        """The one way both parsers turn their values into options."""
        return cls(**values)


def run(runtime: Runtime, options: Options) -> int:
    model = options.model
    model_filter = options.model_filter
    owner = options.owner
    sort = options.sort
    order = options.order
    missing = options.missing
    output_format = options.output_format
    json_output = options.json_output
    columns = options.columns
    no_headers = options.no_headers
    csv_raw = options.csv_raw
    chosen_format = resolve_format(output_format, json_output)
    check_headers(chosen_format, not no_headers)
    check_csv_raw(chosen_format, csv_raw)
    names = column_names(columns)
    check_columns(chosen_format, bool(names))
    if model is not None:
        check_model_ids([model])
        check_model_options(
            model_filter=model_filter,
            owner=owner,
            sort=sort,
            order=order,
            missing=missing,
            output_format=chosen_format,
            columns=bool(columns),
            no_headers=no_headers,
            limit=options.limit is not None,
        )
        return show_model(runtime, model, output_format=chosen_format)
    return show_list(
        runtime,
        model=model_filter,
        owner=owner,
        sort=sort,
        descending=order == "desc",
        missing=missing,
        limit=options.limit,
        output_format=chosen_format,
        columns=names,
        headers=not no_headers,
        raw_csv=csv_raw,
    )


def show_list(
    runtime: Runtime,
    *,
    model: str | None,
    owner: str | None,
    sort: str | None,
    descending: bool,
    missing: bool,
    output_format: str | None,
    limit: int | None = None,
    columns: list[str] | None = None,
    headers: bool = True,
    raw_csv: bool = False,
) -> int:
    answer = runtime.catalog.load_legacy_list()
    entries = answer.value
    if missing:
        catalog = runtime.catalog.load(needs_server="legacy --missing")
        catalog_ids = {m.id for m in catalog.models}
        entries = [e for e in entries if e.id not in catalog_ids]
    chosen = legacy.select(entries, model=model, owner_name=owner, sort=sort, descending=descending)
    if not chosen and entries and owner:
        owners = sorted({e.owner for e in entries if e.owner}, key=str.casefold)
        runtime.hint(f"no model is owned by {quoted(owner)}; owners: {', '.join(owners)}")
    from aihubmix_cli.catalog.fields import LEGACY_NAMES
    from aihubmix_cli.render.legacy import legacy_view
    from aihubmix_cli.render.models import footer_text
    from aihubmix_cli.render.writers import write

    whose = (
        "callable with your key" if runtime.settings.api_key else "in the default group (no key)"
    )
    dated = output_format == "markdown"  # pasted and read later: a date, not an age
    matched = len(chosen)
    chosen = chosen if limit is None else chosen[:limit]
    footer = f"{footer_text(len(chosen), answer.age, 'list', of=matched, dated=dated)} · {whose}"
    fields = LEGACY_NAMES.resolve(columns, (e.data for e in answer.value)) if columns else None
    view = legacy_view(fields)
    out, terminal = runtime.out, runtime.terminal
    write(
        out, terminal, output_format, view, chosen, footer=footer, headers=headers, raw_csv=raw_csv
    )
    return ExitCode.OK


def check_model_options(
    *,
    model_filter: str | None,
    owner: str | None,
    sort: str | None,
    order: str | None,
    missing: bool,
    output_format: str | None,
    columns: bool = False,
    no_headers: bool = False,
    limit: bool = False,
) -> None:
    """With MODEL, the options that shape a list have nothing to shape: say so."""
    for given, name in (
        (model_filter is not None, "--model"),
        (owner is not None, "--owner"),
        (sort is not None, "--sort"),
        (order is not None, "--order"),
        (missing, "--missing"),
        (columns, "--columns"),
        (no_headers, "--no-headers"),
        (limit, "--limit"),
    ):
        if given:
            raise UsageError(f"{name} shapes the list; with MODEL there is one entry to show")
    if output_format not in (None, "table", "plain", "json", "jsonl"):
        raise UsageError(
            f"--format {output_format} is for the list; one model shows as a panel, "
            "field lines or JSON"
        )


def show_model(runtime: Runtime, model_id: str, *, output_format: str | None) -> int:
    entry = _entry(runtime, model_id)
    return _print_model(runtime, entry, output_format)


def _entry(runtime: Runtime, model_id: str) -> dict[str, Any]:
    """The entry for `model_id`: from `/v1/models/{id}`, or from the list where that path
    cannot answer. The live path answers 404 for an id with a `/` (`Qwen/QwQ-32B`), even
    encoded as one segment, so such ids are answered from the list (cached like any answer);
    any other 404 is checked against the list before it is believed."""
    if "/" not in model_id:
        try:
            return runtime.catalog.load_legacy_model(model_id)
        except HttpStatusError as error:
            if error.status != 404:
                raise
    entries = runtime.catalog.load_legacy_list().value
    for entry in entries:
        if entry.id == model_id:
            return entry.data
    ids = [e.id for e in entries]
    raise NotFoundError(not_found_message(model_id, suggest(ids, model_id)))


def _print_model(runtime: Runtime, entry: dict[str, Any], output_format: str | None) -> int:
    chosen = choose_format(output_format, runtime.terminal.is_terminal)
    if chosen in ("json", "jsonl"):
        write_json(runtime.out, entry)
    elif chosen == "plain":
        from aihubmix_cli.render.panels import legacy_lines

        runtime.out.write(legacy_lines(entry))
    else:
        from aihubmix_cli.render.panels import print_legacy_model

        print_legacy_model(entry, runtime.out, terminal=runtime.terminal)
    return ExitCode.OK
