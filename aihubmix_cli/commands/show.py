"""`aihub show MODEL`: one model in full."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode, check_model_ids
from aihubmix_cli.base.jsonout import write_json
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog.lookup import resolve
from aihubmix_cli.catalog.workload import take_workload
from aihubmix_cli.render.models import model_object
from aihubmix_cli.render.writers import choose_format, resolve_format
from aihubmix_cli.shared.runtime import Runtime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aihubmix_cli.catalog.costs import Workload


class Options(Record):
    """What `aihub show` was asked, as both parsers read it, checked."""

    __slots__ = ("as_of", "model", "output_format", "workload")

    def __init__(
        self,
        *,
        model: str,
        output_format: str | None = None,  # --format and --json together; None: the default
        workload: Workload | None = None,  # the cost options, for an estimate
        as_of: str | None = None,
    ) -> None:
        self.model = model
        self.output_format = output_format
        self.workload = workload
        self.as_of = as_of

    @classmethod
    def from_values(
        cls,
        *,
        model: str,
        output_format: str | None = None,
        json_output: bool = False,
        as_of: str | None = None,
        **values: Any,
    ) -> Options:
        """The one way both parsers turn their values into options."""
        check_model_ids([model])
        chosen_format = resolve_format(output_format, json_output)
        workload = take_workload(values)
        return cls(
            model=model, output_format=chosen_format, workload=workload, as_of=as_of, **values
        )


def run(runtime: Runtime, options: Options) -> int:
    model, workload = options.model, options.workload
    catalog = runtime.catalog.load(as_of=options.as_of)
    (found,) = resolve(catalog.models, [model])
    costs = None
    if workload is not None:
        # costs imports typing and decimal, a sixth of a warm show: only a run with a
        # workload pays for it.
        from aihubmix_cli.catalog.costs import estimates

        costs = estimates([found], workload)
    chosen_format = choose_format(options.output_format, runtime.terminal.is_terminal)
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
