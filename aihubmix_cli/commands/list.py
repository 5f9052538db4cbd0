"""`aihub list`: the catalog, filtered and sorted, in the format asked for."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog.workload import take_workload
from aihubmix_cli.shared.list_options import build_options
from aihubmix_cli.shared.selection import select

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

    from aihubmix_cli.catalog import Model
    from aihubmix_cli.shared.list_options import ListOptions
    from aihubmix_cli.shared.runtime import Runtime
    from aihubmix_cli.sources.catalog import LoadedCatalog


class Options(Record):
    """What `aihub list` was asked: `list`'s selection (shared with export) and --as-of."""

    __slots__ = ("as_of", "selection")

    def __init__(self, selection: ListOptions, as_of: str | None = None) -> None:
        self.selection = selection
        self.as_of = as_of

    @classmethod
    def from_values(cls, *, as_of: str | None = None, **values: Any) -> Options:
        """The one way both parsers turn their values into options."""
        workload = take_workload(values)
        return cls(build_options(workload=workload, **values), as_of)


def run(runtime: Runtime, options: Options) -> int:
    """`aihub list` with the options as typer or the fast parser read them."""
    return execute(runtime, options.selection, options.as_of)


def execute(runtime: Runtime, options: ListOptions, as_of: str | None) -> int:
    selection = select(runtime, options, as_of)
    chosen, catalog, costs = selection.chosen, selection.catalog, selection.costs
    stored = costs is None and not options.columns
    if stored and _write_stored_json(runtime, options.output_format, chosen, catalog):
        return ExitCode.OK
    from aihubmix_cli.render.models import model_view, models_footer
    from aihubmix_cli.render.writers import write

    fields = None
    if options.columns:
        from aihubmix_cli.catalog.fields import MODEL_NAMES

        fields = MODEL_NAMES.resolve(options.columns, (m.data for m in catalog.models))
    dated = options.output_format == "markdown"
    age = None if catalog.as_of else catalog.age
    prices_shown = fields is None or any(field.startswith("pricing.") for field in fields)
    footer = models_footer(
        chosen, age, of=selection.matched, dated=dated, prices_shown=prices_shown
    )
    if catalog.as_of:
        footer = f"{footer} · catalog {catalog.as_of}"
    write(
        runtime.out,
        runtime.terminal,
        options.output_format,
        model_view(costs, fields, options.sort),
        chosen,
        footer=footer,
        headers=options.headers,
        raw_csv=options.raw_csv,
    )
    return ExitCode.OK


def _utf8(out: IO[str]) -> bool:
    """Whether `out` writes UTF-8 (not UTF-16, nor UTF-8 behind a BOM), or takes text only."""
    encoding = getattr(out, "encoding", None)
    if not encoding:
        return True
    import codecs

    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _write_stored_json(
    runtime: Runtime, output_format: str | None, chosen: list[Model], catalog: LoadedCatalog
) -> bool:
    """`--json` and `--format jsonl` from the JSON texts the parsed copy of the catalog keeps:
    the same bytes the writers would make, without encoding the catalog again on every run
    (a 10,000-model catalog takes longer to encode than to load)."""
    if output_format not in ("json", "jsonl") or catalog.parsed is None:
        return False
    if not _utf8(runtime.out):
        return False
    chunks = catalog.parsed.json_chunks(
        [model.position for model in chosen], lines=output_format == "jsonl"
    )
    if chunks is None:
        return False
    buffer = getattr(runtime.out, "buffer", None)
    if buffer is None:  # a text-only stream (a test's StringIO)
        runtime.out.write(b"".join(chunks).decode())
    else:
        runtime.out.flush()
        buffer.writelines(chunks)
    return True
