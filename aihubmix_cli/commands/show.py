"""`aihub show MODEL`: one model in full."""

from __future__ import annotations

from collections.abc import Sequence

from aihubmix_cli.catalog import Model, find_model, not_found_message, suggest
from aihubmix_cli.costs import estimates, workload_from
from aihubmix_cli.errors import ExitCode, NotFoundError, UsageError
from aihubmix_cli.render.jsonout import write_json
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import choose_format, resolve_format

from .runtime import Runtime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aihubmix_cli.units import Rate


def resolve(models: list[Model], queries: Sequence[str]) -> list[Model]:
    """The models the queries name, in order; NotFoundError naming every miss otherwise."""
    found: list[Model] = []
    misses: dict[str, list[str]] = {}
    ids = [model.id for model in models]
    for query in queries:
        model = find_model(models, query)
        if model is not None:
            found.append(model)
        elif query not in misses:
            misses[query] = suggest(ids, query)
    if misses:
        raise NotFoundError(not_found_line(misses))
    return found


def not_found_line(misses: dict[str, list[str]]) -> str:
    """Every miss with what was perhaps meant; when that makes a line too long for stderr,
    each miss with its likeliest match, summarised by the export notes' rule."""
    whole = "; ".join(not_found_message(query, close) for query, close in misses.items())
    from aihubmix_cli.export.base import summary
    from aihubmix_cli.text import LINE

    if len(f"aihub: {whole}") <= LINE or len(misses) == 1:
        return whole  # one miss too long is a long query: the line is cut where it is said
    # A query is cut to 60 characters: a pasted paragraph must not crowd out the others.
    items = [f"{q[:60]} ({close[0]}?)" if close else q[:60] for q, close in misses.items()]
    return summary(f"{len(misses)} models not found", items, verbose_names=False)


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
