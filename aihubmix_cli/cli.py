"""The command line: options are parsed here and handed down; nothing else happens here.

Command modules are imported inside the commands so that `aihub --help` and Tab completion
load only what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from . import __version__, completion
from .catalog import Filters

if TYPE_CHECKING:
    from .commands.runtime import Runtime

SortKey = Literal[
    "order",
    "context_length",
    "max_output",
    "price",
    "output_price",
    "name",
    "release_date",
    "cost",
    "model_ratio",
    "coding",
]
SortOrder = Literal["asc", "desc"]
LegacySortKey = Literal["id", "created", "owner"]
OutputFormat = Literal["table", "plain", "json", "jsonl", "csv", "ids"]
AuditFormat = Literal["table", "plain", "json", "sarif"]

app = typer.Typer(
    name="aihub",
    help="Explore the AIHubMix model catalog: find, filter, sort and weigh models.",
    add_completion=True,
    # Pretty tracebacks print local variables, and a local may hold the API key.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(help="Inspect or clear the on-disk cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


def _version(value: bool) -> None:
    if value:
        print(f"aihub {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        print(ctx.get_help())
        raise typer.Exit()


# -- option parsers: a ValueError becomes a usage error (exit 2) naming the option -----------


def _size(text: str) -> int:
    from .units import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _usd(text: str) -> float:
    from .units import parse_usd

    try:
        return parse_usd(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _runtime(refresh: bool = False, offline: bool = False) -> Runtime:
    from .commands.runtime import Runtime

    return Runtime.from_environment(refresh=refresh, offline=offline)


def _finish(code: int) -> NoReturn:
    raise typer.Exit(code)


RefreshOption = Annotated[
    bool, typer.Option("--refresh", help="Revalidate the cached catalog now, whatever its age.")
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Answer from the cache only; never touch the network.")
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format", "-o", help="Output format; default: table on a terminal, plain otherwise."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
# The catalog filters, shared by `list` and `changes`.
TypesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYPE[,TYPE]",
        autocompletion=completion.complete_types,
        help="Models of any of these types: llm, image_generation, video, tts, stt, "
        "embedding, rerank (old names t2t, t2i, t2v, reranking work too).",
    ),
]
ModalitiesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--modalities",
        metavar="MOD[,MOD]",
        autocompletion=completion.complete_modalities,
        help="Models that accept all of these inputs: text, image, audio, video, pdf.",
    ),
]
FeaturesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--features",
        "-f",
        metavar="FEAT[,FEAT]",
        autocompletion=completion.complete_features,
        help="Models with all of these features: thinking, tools, function_calling, web, "
        "deepsearch, long_context, structured_outputs.",
    ),
]
ModelTextOption = Annotated[
    str | None,
    typer.Option("--model", metavar="TEXT", help="Ids or names containing TEXT (any case)."),
]
InputTokens = Annotated[
    int | None,
    typer.Option(
        "--input-tokens",
        metavar="N",
        parser=_size,
        help="Estimate the cost of a request with N input tokens (20k, 1.5M).",
    ),
]
OutputTokens = Annotated[
    int | None,
    typer.Option("--output-tokens", metavar="N", parser=_size, help="... and N output tokens."),
]
CachedTokens = Annotated[
    int | None,
    typer.Option(
        "--cached-tokens",
        metavar="N",
        parser=_size,
        help="... of which N input tokens are cache reads.",
    ),
]


@app.command("list")
def list_command(
    types: TypesOption = None,
    modalities: ModalitiesOption = None,
    features: FeaturesOption = None,
    model: ModelTextOption = None,
    tag: Annotated[
        str | None,
        typer.Option("--tag", metavar="TAG", help="Models the server tags so, e.g. coding."),
    ] = None,
    max_price: Annotated[
        float | None,
        typer.Option(
            "--max-price",
            metavar="USD",
            parser=_usd,
            help="Input price at most USD per 1M tokens.",
        ),
    ] = None,
    min_context: Annotated[
        int | None,
        typer.Option(
            "--min-context",
            metavar="N",
            parser=_size,
            help="Context window of at least N tokens (128k, 1m, 1.5M).",
        ),
    ] = None,
    free: Annotated[
        bool, typer.Option("--free", help="Only models whose input and output rates are 0.")
    ] = False,
    mine: Annotated[
        bool,
        typer.Option("--mine", help="Only models your AIHUBMIX_API_KEY can call."),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N models.")
    ] = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            "-s",
            help="Sort key. cost needs --input-tokens or --output-tokens; model_ratio and "
            "coding are orders only the server knows.",
        ),
    ] = "order",
    order: Annotated[
        SortOrder | None,
        typer.Option(
            "--order", help="asc or desc; sizes and dates default to desc, the rest to asc."
        ),
    ] = None,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    input_tokens: InputTokens = None,
    output_tokens: OutputTokens = None,
    cached_tokens: CachedTokens = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """List catalog models, filtered and sorted.

    Example: aihub list --features thinking --sort context_length
    """
    from .commands import list_models

    options = list_models.build_options(
        types=types,
        modalities=modalities,
        features=features,
        model=model,
        tag=tag,
        max_price=max_price,
        min_context=min_context,
        free=free,
        limit=limit,
        sort=sort,
        order=order,
        format=output_format,
        json_output=json_output,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cached_tokens=cached_tokens,
        mine=mine,
    )
    _finish(list_models.run(_runtime(refresh, offline), options))


@app.command("show")
def show_command(
    model: Annotated[
        str,
        typer.Argument(
            metavar="MODEL", help="A model id (any case).", autocompletion=completion.complete_model
        ),
    ],
    json_output: JsonOption = False,
    input_tokens: InputTokens = None,
    output_tokens: OutputTokens = None,
    cached_tokens: CachedTokens = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """Everything the catalog says about one model.

    Example: aihub show gpt-5 --input-tokens 100k --output-tokens 10k
    """
    from .commands import show
    from .costs import workload_from

    workload = workload_from(input_tokens, output_tokens, cached_tokens)
    runtime = _runtime(refresh, offline)
    _finish(show.show(runtime, model, workload=workload, as_json=json_output))


@app.command("compare")
def compare_command(
    models: Annotated[
        list[str],
        typer.Argument(
            metavar="MODEL MODEL [MODEL...]",
            help="Model ids to compare.",
            autocompletion=completion.complete_model,
        ),
    ],
    diff: Annotated[
        bool, typer.Option("--diff", help="Hide the rows where every model agrees.")
    ] = False,
    json_output: JsonOption = False,
    input_tokens: InputTokens = None,
    output_tokens: OutputTokens = None,
    cached_tokens: CachedTokens = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """Models side by side, the best value of each row highlighted.

    Example: aihub compare gpt-5 claude-sonnet-4-5 --input-tokens 100k --output-tokens 10k
    """
    from .commands import show
    from .costs import workload_from
    from .errors import UsageError

    if len(models) < 2:
        raise UsageError("compare needs at least two models (aihub show MODEL shows one)")
    workload = workload_from(input_tokens, output_tokens, cached_tokens)
    runtime = _runtime(refresh, offline)
    _finish(show.compare(runtime, models, workload=workload, diff=diff, as_json=json_output))


@app.command("legacy")
def legacy_command(
    model: Annotated[
        str | None,
        typer.Argument(
            metavar="[MODEL]",
            help="Show this model's entry instead of the list.",
            autocompletion=completion.complete_legacy_model,
        ),
    ] = None,
    model_filter: Annotated[
        str | None,
        typer.Option("--model", metavar="TEXT", help="Ids containing TEXT (any case)."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Models owned by NAME.")
    ] = None,
    sort: Annotated[
        LegacySortKey | None,
        typer.Option("--sort", "-s", help="Sort key; default: the server's order."),
    ] = None,
    order: Annotated[
        SortOrder | None, typer.Option("--order", help="asc (the default) or desc.")
    ] = None,
    missing: Annotated[
        bool,
        typer.Option("--missing", help="Only ids the key can call that the catalog lacks."),
    ] = False,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """The OpenAI-compatible model list (/v1/models): what your key can call.

    With AIHUBMIX_API_KEY set, the models that key is configured for; without, the default
    group's. Example: aihub legacy --owner openai --sort created --order desc
    """
    from .commands import legacy_models, list_models

    chosen_format = list_models.output_format(output_format, json_output)
    if model is not None:
        legacy_models.check_model_options(
            model_filter=model_filter,
            owner=owner,
            sort=sort,
            order=order,
            missing=missing,
            output_format=chosen_format,
        )
        runtime = _runtime(refresh, offline)
        _finish(
            legacy_models.show_model(runtime, model, as_json=chosen_format in ("json", "jsonl"))
        )
    runtime = _runtime(refresh, offline)
    _finish(
        legacy_models.show_list(
            runtime,
            model=model_filter,
            owner=owner,
            sort=sort,
            descending=order == "desc",
            missing=missing,
            output_format=chosen_format,
        )
    )


@app.command("changes")
def changes_command(
    types: TypesOption = None,
    modalities: ModalitiesOption = None,
    features: FeaturesOption = None,
    model: ModelTextOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Compare with the newest kept version at least this old: 7d, 12h, 2w or a "
            "date such as 2026-11-01. Default: the previous version.",
        ),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when something changed, 0 when nothing did."),
    ] = False,
    json_output: JsonOption = False,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """What moved in the catalog: models added and removed, price and limit changes.

    Example: aihub changes --since 7d --type llm
    """
    from .commands import changes_cmd
    from .commands.list_models import split_values

    filters = Filters.build(
        types=split_values(types),
        modalities=split_values(modalities),
        features=split_values(features),
        model=model,
    )
    runtime = _runtime(refresh, offline)
    _finish(
        changes_cmd.run(
            runtime, filters=filters, since=since, as_json=json_output, exit_code=exit_code
        )
    )


@app.command("audit")
def audit_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="[PATH...]", help="Files and folders to scan; default: ."),
    ] = None,
    output_format: Annotated[
        AuditFormat | None,
        typer.Option(
            "--format",
            "-o",
            help="table (a report grouped by status), plain (path:line:col, status, id, "
            "detail; tab-separated), json or sarif. Default: table on a terminal, plain "
            "otherwise.",
        ),
    ] = None,
    json_output: JsonOption = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Report prices moved since the newest kept catalog version at least this "
            "old (7d, 12h, 2w, 2026-11-01). Default: since the oldest kept version.",
        ),
    ] = None,
    suggest: Annotated[
        bool,
        typer.Option(
            "--suggest",
            help="For deprecated, removed and unknown ids, name the cheapest current model "
            "with at least the same types, features, input modalities and context window.",
        ),
    ] = False,
    cheaper: Annotated[
        bool,
        typer.Option(
            "--cheaper", help="Suggest for ok ids too, when a model covers them for less."
        ),
    ] = False,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when an id is deprecated, removed or unknown, else 0."
        ),
    ] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="STATUS[,STATUS]",
            help="Exit 1 on these statuses too (repriced); implies --exit-code.",
        ),
    ] = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """Find the catalog's model ids in files, and say which are deprecated, removed,
    repriced or misspelt.

    Inside a git work tree only the files git tracks or would track are read (.gitignore is
    honoured); elsewhere hidden folders, virtualenvs, node_modules and __pycache__ are
    skipped. Binary files (a NUL byte in the first 8 KiB) and files over 4 MiB are skipped
    everywhere, and symbolic links are not followed. Example: aihub audit src --exit-code
    """
    from .commands import audit
    from .commands.list_models import output_format as chosen_format
    from .commands.list_models import split_values

    options = audit.Options(
        paths=paths or ["."],
        output_format=chosen_format(output_format, json_output),
        since=since,
        suggest=suggest or cheaper,
        cheaper=cheaper,
        exit_code=exit_code,
        fail_on=frozenset(v.lower() for v in split_values(fail_on)),
    )
    _finish(audit.run(_runtime(refresh, offline), options))


@cache_app.command("info")
def cache_info_command(json_output: JsonOption = False) -> None:
    """Show the cache folder, its entries, their ages and sizes."""
    from .commands import cache_admin

    _finish(cache_admin.info(_runtime(), as_json=json_output))


@cache_app.command("clear")
def cache_clear_command() -> None:
    """Remove every cached answer, the completion index and the catalog history.

    Works on a damaged cache too.
    """
    from .commands import cache_admin

    _finish(cache_admin.clear(_runtime()))
