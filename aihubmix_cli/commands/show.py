"""`aihub show MODEL`: one model in full."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode, check_model_ids
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog.costs import estimates, workload_from
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import choose_format, resolve_format
from aihubmix_cli.shared.runtime import Runtime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aihubmix_cli.base.units import Rate


class Options(Record):
    """What `aihub show` was asked, as both parsers read it."""

    __slots__ = (
        "as_of",
        "cached_tokens",
        "input_tokens",
        "json_output",
        "model",
        "output_format",
        "output_tokens",
        "requests",
    )

    def __init__(
        self,
        *,
        model: str,
        output_format: str | None = None,
        json_output: bool = False,
        input_tokens: int | None = None,
        output_tokens: int | None = None,
        cached_tokens: int | None = None,
        requests: Rate | None = None,
        as_of: str | None = None,
    ) -> None:
        self.model = model
        self.output_format = output_format
        self.json_output = json_output
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.cached_tokens = cached_tokens
        self.requests = requests
        self.as_of = as_of

    @classmethod
    def from_values(cls, **values: Any) -> Options:
        """The one way both parsers turn their values into options."""
        return cls(**values)


def run(runtime: Runtime, options: Options) -> int:
    model, as_of = options.model, options.as_of
    output_format, json_output = options.output_format, options.json_output
    input_tokens, output_tokens = options.input_tokens, options.output_tokens
    cached_tokens, requests = options.cached_tokens, options.requests
    check_model_ids([model])
    chosen_format = resolve_format(output_format, json_output)
    workload = workload_from(input_tokens, output_tokens, cached_tokens, requests)
    catalog = runtime.catalog.load(as_of=as_of)
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
