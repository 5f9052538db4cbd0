"""`aihub legacy [MODEL]`: the OpenAI-compatible list, which answers "what can this key call"."""

from __future__ import annotations

from typing import Any

from aihubmix_cli import legacy, render
from aihubmix_cli.catalog import not_found_message, suggest
from aihubmix_cli.errors import ExitCode, HttpStatusError, NotFoundError, UsageError

from .runtime import Runtime


def show_list(
    runtime: Runtime,
    *,
    model: str | None,
    owner: str | None,
    sort: str | None,
    descending: bool,
    missing: bool,
    output_format: str | None,
) -> int:
    answer = runtime.load_legacy_list()
    entries = answer.value
    if missing:
        catalog = runtime.load_catalog(needs_server="legacy --missing")
        catalog_ids = {m.id for m in catalog.models}
        entries = [e for e in entries if e["id"] not in catalog_ids]
    chosen = legacy.select(entries, model=model, owner_name=owner, sort=sort, descending=descending)
    chosen_format = render.choose_format(output_format, runtime.stdout_is_terminal)
    if chosen_format == "table":
        keyed = runtime.settings.api_key is not None
        render.print_legacy_table(chosen, runtime.out, age=answer.age, keyed=keyed)
    else:
        runtime.out.write(render.legacy_formatted(chosen, chosen_format))
    return ExitCode.OK


def check_model_options(
    *,
    model_filter: str | None,
    owner: str | None,
    sort: str | None,
    order: str | None,
    missing: bool,
    output_format: str | None,
) -> None:
    """With MODEL, the options that shape a list have nothing to shape: say so."""
    for given, name in (
        (model_filter is not None, "--model"),
        (owner is not None, "--owner"),
        (sort is not None, "--sort"),
        (order is not None, "--order"),
        (missing, "--missing"),
    ):
        if given:
            raise UsageError(f"{name} shapes the list; with MODEL there is one entry to show")
    if output_format not in (None, "table", "json", "jsonl"):
        raise UsageError(
            f"--format {output_format} is for the list; one model shows as a panel or JSON"
        )


def show_model(runtime: Runtime, model_id: str, *, as_json: bool) -> int:
    try:
        entry: dict[str, Any] = runtime.load_legacy_model(model_id)
    except HttpStatusError as error:
        if error.status != 404:
            raise
        ids = [e["id"] for e in runtime.load_legacy_list().value]
        raise NotFoundError(not_found_message(model_id, suggest(ids, model_id))) from None
    if as_json:
        runtime.out.write(render.to_json(entry))
    else:
        render.print_legacy_model(entry, runtime.out)
    return ExitCode.OK
