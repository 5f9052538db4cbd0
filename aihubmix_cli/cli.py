"""The command line: options are parsed here and handed down; nothing else happens here.

Command modules are imported inside the commands so that `aihub --help` and Tab completion
load only what they use.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer._click.core import Context as ClickContext
from typer._click.types import StringParamType
from typer.core import TyperArgument, TyperCommand

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
Shell = Literal["bash", "zsh", "fish"]
OutputFormat = Literal["table", "plain", "json", "jsonl", "csv", "ids"]
ExportTool = Literal["opencode", "litellm", "llm", "claude-code", "codex"]


class _Command(TyperCommand):
    """Usage lines as gh writes them: `aihub show [OPTIONS] MODEL`, not `{MODEL}`."""

    def collect_usage_pieces(self, ctx: ClickContext) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(param.metavar or (param.name or "").upper())
        return pieces


class _Words(StringParamType):
    """Plain text whose help shows only its metavar: no `<str>` beside MODEL."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


WORDS = _Words()

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


def _count(text: str) -> int:
    # A parser rather than min=0: the help then reads `N`, not `N [x>=0]`.
    try:
        count = int(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a whole number") from None
    if count < 0:
        raise typer.BadParameter(f"{count} is below 0")
    return count


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
        "--format",
        "-o",
        metavar="FORMAT",
        help="Output format: table, plain, json, jsonl, csv or ids. Default: table on a "
        "terminal, plain otherwise.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
# For the commands that have no --format: JSON or the text for people, nothing else.
OnlyJsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
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


# What `list` selects by beyond the catalog filters; `export` selects the same way.
TagOption = Annotated[
    str | None,
    typer.Option("--tag", metavar="TAG", help="Models the server tags so, e.g. coding."),
]
MaxPriceOption = Annotated[
    float | None,
    typer.Option(
        "--max-price",
        metavar="USD",
        parser=_usd,
        help="Input price at most USD per 1M tokens.",
    ),
]
MinContextOption = Annotated[
    int | None,
    typer.Option(
        "--min-context",
        metavar="N",
        parser=_size,
        help="Context window of at least N tokens (128k, 1m, 1.5M).",
    ),
]
FreeOption = Annotated[
    bool, typer.Option("--free", help="Only models whose input and output rates are 0.")
]
MineOption = Annotated[
    bool,
    typer.Option("--mine", help="Only models your AIHUBMIX_API_KEY can call."),
]
LimitOption = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", parser=_count, help="At most N models."),
]
SortOption = Annotated[
    SortKey,
    typer.Option(
        "--sort",
        "-s",
        metavar="KEY",
        help="Sort by KEY: order, context_length, max_output, price, output_price, name, "
        "release_date, cost (needs --input-tokens or --output-tokens), model_ratio, "
        "coding (the last two are orders only the server knows).",
    ),
]
OrderOption = Annotated[
    SortOrder | None,
    typer.Option(
        "--order",
        metavar="ORDER",
        help="asc or desc. Default: desc for sizes and dates, asc for the rest.",
    ),
]


@app.command("list", cls=_Command)
def list_command(
    types: TypesOption = None,
    modalities: ModalitiesOption = None,
    features: FeaturesOption = None,
    model: ModelTextOption = None,
    tag: TagOption = None,
    max_price: MaxPriceOption = None,
    min_context: MinContextOption = None,
    free: FreeOption = False,
    mine: MineOption = False,
    limit: LimitOption = None,
    sort: SortOption = "order",
    order: OrderOption = None,
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


@app.command("show", cls=_Command)
def show_command(
    model: Annotated[
        str,
        typer.Argument(
            metavar="MODEL",
            click_type=WORDS,
            help="A model id (any case).",
            autocompletion=completion.complete_model,
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


@app.command("compare", cls=_Command)
def compare_command(
    models: Annotated[
        list[str],
        typer.Argument(
            metavar="MODEL MODEL [MODEL...]",
            click_type=WORDS,
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


@app.command("export", cls=_Command)
def export_command(
    tool: Annotated[
        ExportTool,
        typer.Argument(metavar="TOOL", help="opencode, litellm, llm, claude-code or codex."),
    ],
    models: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[MODEL...]",
            help="Exact model ids; or leave them out and select with the list filters.",
            autocompletion=completion.complete_model,
        ),
    ] = None,
    types: TypesOption = None,
    modalities: ModalitiesOption = None,
    features: FeaturesOption = None,
    model: ModelTextOption = None,
    tag: TagOption = None,
    max_price: MaxPriceOption = None,
    min_context: MinContextOption = None,
    free: FreeOption = False,
    mine: MineOption = False,
    limit: LimitOption = None,
    sort: SortOption = "order",
    order: OrderOption = None,
    merge: Annotated[
        Path | None,
        typer.Option(
            "--merge",
            metavar="FILE",
            dir_okay=False,
            help="Update FILE in place (only aihub's part of it; the old file is kept as "
            "FILE.bak) instead of printing.",
        ),
    ] = None,
    refresh: RefreshOption = False,
    offline: OfflineOption = False,
) -> None:
    """Write TOOL's configuration for the chosen models: limits, prices, capabilities.

    The API key is never written, only a reference to AIHUBMIX_API_KEY. Examples:
    aihub export opencode gpt-5 claude-sonnet-4-5;
    aihub export litellm --features tools --max-price 1 --merge config.yaml
    """
    from .commands import export, list_models

    export.check_sort(sort)
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
        mine=mine,
    )
    runtime = _runtime(refresh, offline)
    _finish(export.run(runtime, tool, models or [], options, merge=merge))


@app.command("legacy", cls=_Command)
def legacy_command(
    model: Annotated[
        str | None,
        typer.Argument(
            metavar="[MODEL]",
            click_type=WORDS,
            help="Show this model's entry instead of the list.",
            autocompletion=completion.complete_legacy_model,
        ),
    ] = None,
    model_filter: Annotated[
        str | None,
        typer.Option("--model", metavar="TEXT", help="Ids containing TEXT (any case)."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            metavar="NAME",
            autocompletion=completion.complete_legacy_owner,
            help="Models owned by NAME.",
        ),
    ] = None,
    sort: Annotated[
        LegacySortKey | None,
        typer.Option(
            "--sort",
            "-s",
            metavar="KEY",
            help="Sort by KEY: id, created or owner. Default: the server's order.",
        ),
    ] = None,
    order: Annotated[
        SortOrder | None,
        typer.Option("--order", metavar="ORDER", help="asc (the default) or desc."),
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

    With AIHUBMIX_API_KEY set, the models that key is configured for; without, the default group's.

    Example: aihub legacy --owner openai --sort created --order desc
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


@app.command("changes", cls=_Command)
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
    json_output: OnlyJsonOption = False,
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


@app.command("completion", cls=_Command)
def completion_command(
    shell: Annotated[
        Shell,
        typer.Argument(metavar="SHELL", help="bash, zsh or fish."),
    ],
) -> None:
    """Print the Tab completion script for a shell.

    bash: add eval "$(aihub completion bash)" to ~/.bashrc

    zsh: aihub completion zsh > ~/.zfunc/_aihub, with ~/.zfunc on $fpath before compinit

    fish: aihub completion fish > ~/.config/fish/completions/aihub.fish
    """
    from .shell_completion import script

    sys.stdout.write(script(shell))


@cache_app.command("info", cls=_Command)
def cache_info_command(json_output: OnlyJsonOption = False) -> None:
    """Show the cache folder, its entries, their ages and sizes."""
    from .commands import cache_admin

    _finish(cache_admin.info(_runtime(), as_json=json_output))


@cache_app.command("clear", cls=_Command)
def cache_clear_command() -> None:
    """Remove every cached answer, the completion index and the catalog history.

    Works on a damaged cache too.
    """
    from .commands import cache_admin

    _finish(cache_admin.clear(_runtime()))
