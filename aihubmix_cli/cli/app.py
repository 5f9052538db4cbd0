"""The command line: each command declares its options once, here, and hands them on.

Every command body is one call: `_run(ctx, "list")` builds the command's typed options from
the parsed values (`aihubmix_cli.commands.list.Options.from_values`, as the fast parser does)
and passes them to `aihubmix_cli.commands.list.run`, with a runtime for the asked network
mode. The fast parser (`fastpath`), the completion scripts and the help derive from these
declarations. Command modules are imported only when their command runs, so help and Tab
completion load little.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from aihubmix_cli import __version__
from aihubmix_cli.catalog.legacy import SORT_KEYS as LEGACY_SORT_KEYS
from aihubmix_cli.cli import options as o
from aihubmix_cli.export import TOOLS
from aihubmix_cli.render.writers import COMMAND_FORMATS
from aihubmix_cli.shell.shell_completion import SHELLS
from aihubmix_cli.store import completion

if TYPE_CHECKING:
    from aihubmix_cli.shared.runtime import RuntimeFactory

EXPORT_TOOLS = tuple(TOOLS)

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


def _run(ctx: typer.Context, command: str, function: str = "run") -> NoReturn:
    """Hand the command's typed options, built from the parsed values, to its function; exit
    with its code."""
    import importlib

    from aihubmix_cli.shared.runtime import Runtime, mode_of

    params = dict(ctx.params)
    mode = mode_of(params.pop("refresh", False), params.pop("offline", False))
    strict = params.pop("strict", False)
    make: RuntimeFactory = ctx.find_root().obj or Runtime.from_environment
    module = importlib.import_module(f"aihubmix_cli.commands.{command}")
    runtime = make(mode)
    if strict:
        runtime.settings = runtime.settings.replace(strict=True)
    raise typer.Exit(getattr(module, function)(runtime, module.Options.from_values(**params)))


@app.command("list", cls=o.Command)
def list_command(
    ctx: typer.Context,
    models: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[MODEL...]",
            click_type=o.WORDS,
            help="Exactly these model ids, in this order (unless --sort).",
            autocompletion=completion.complete_model,
        ),
    ] = None,
    types: o.Types = None,
    modalities: o.Modalities = None,
    features: o.Features = None,
    model: o.ModelText = None,
    tag: o.Tag = None,
    max_price: o.MaxPrice = None,
    min_context: o.MinContext = None,
    free: o.Free = False,
    paid: o.Paid = False,
    exclude: o.Exclude = None,
    include_unknown: o.IncludeUnknown = False,
    mine: o.Mine = False,
    limit: o.Limit = None,
    sort: o.Sort = "order",
    order: o.Order = None,
    output_format: o.Format = None,
    json_output: o.Json = False,
    columns: o.Columns = None,
    no_headers: o.NoHeaders = False,
    csv_raw: o.CsvRaw = False,
    input_tokens: o.InputTokens = None,
    output_tokens: o.OutputTokens = None,
    cached_tokens: o.CachedTokens = None,
    requests: o.Requests = None,
    max_cost: o.MaxCost = None,
    as_of: o.AsOf = None,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """List catalog models, filtered and sorted.

    Example: aihub list --features thinking --sort context_length
    """
    _run(ctx, "list")


ModelArgument = Annotated[
    str,
    typer.Argument(
        metavar="MODEL",
        click_type=o.WORDS,
        help="A model id (any case).",
        autocompletion=completion.complete_model,
    ),
]


@app.command("show", cls=o.Command)
def show_command(
    ctx: typer.Context,
    model: ModelArgument,
    output_format: Annotated[str | None, o.format_option(COMMAND_FORMATS["show"])] = None,
    json_output: o.Json = False,
    input_tokens: o.InputTokens = None,
    output_tokens: o.OutputTokens = None,
    cached_tokens: o.CachedTokens = None,
    requests: o.Requests = None,
    as_of: o.AsOf = None,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """Everything the catalog says about one model.

    Example: aihub show gpt-5 --input-tokens 100k --output-tokens 10k
    """
    _run(ctx, "show")


@app.command("compare", cls=o.Command)
def compare_command(
    ctx: typer.Context,
    models: Annotated[
        list[str],
        typer.Argument(
            metavar="MODEL MODEL [MODEL...]",
            click_type=o.WORDS,
            help="Model ids to compare.",
            autocompletion=completion.complete_model,
        ),
    ],
    diff: Annotated[
        bool, typer.Option("--diff", help="Hide the rows where every model agrees.")
    ] = False,
    output_format: Annotated[str | None, o.format_option(COMMAND_FORMATS["compare"])] = None,
    json_output: o.Json = False,
    columns: Annotated[
        list[str] | None,
        o.columns_option(
            completion.complete_columns,
            "Only these rows (JSON: these fields), in this order, named as list's "
            "--columns names them: context_length, pricing.input, features, or ctx, in...",
        ),
    ] = None,
    no_headers: o.NoHeaders = False,
    csv_raw: o.CsvRaw = False,
    input_tokens: o.InputTokens = None,
    output_tokens: o.OutputTokens = None,
    cached_tokens: o.CachedTokens = None,
    requests: o.Requests = None,
    as_of: o.AsOf = None,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """Models side by side, the best value of each row highlighted.

    Example: aihub compare gpt-5 claude-sonnet-4-5 --input-tokens 100k --output-tokens 10k
    """
    _run(ctx, "compare")


@app.command("export", cls=o.Command)
def export_command(
    ctx: typer.Context,
    tool: Annotated[
        str,
        typer.Argument(
            metavar="TOOL", click_type=o.choice(EXPORT_TOOLS), help=f"{o.words(EXPORT_TOOLS)}."
        ),
    ],
    models: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[MODEL...]",
            click_type=o.WORDS,
            help="Exact model ids; or leave them out and select with the list filters.",
            autocompletion=completion.complete_model,
        ),
    ] = None,
    types: o.Types = None,
    modalities: o.Modalities = None,
    features: o.Features = None,
    model: o.ModelText = None,
    tag: o.Tag = None,
    max_price: o.MaxPrice = None,
    min_context: o.MinContext = None,
    free: o.Free = False,
    paid: o.Paid = False,
    exclude: o.Exclude = None,
    include_unknown: o.IncludeUnknown = False,
    mine: o.Mine = False,
    limit: o.Limit = None,
    sort: o.ExportSort = "order",
    order: o.Order = None,
    merge: Annotated[
        str | None,
        typer.Option(
            "--merge",
            metavar="FILE",
            autocompletion=completion.complete_files,
            help="Update FILE in place (only aihub's part of it; the old file is kept as "
            "FILE.bak) instead of printing.",
        ),
    ] = None,
    allow_snapshot: Annotated[
        bool,
        typer.Option(
            "--allow-snapshot",
            help="Let --merge write FILE from the catalog bundled with aihub when the server "
            "cannot answer (without it, that exits 1 and leaves FILE as it was).",
        ),
    ] = False,
    verbose: o.Verbose = False,
    check: o.Check = None,
    json_output: o.CheckJson = False,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """Write TOOL's configuration for the chosen models: limits, prices, capabilities.

    The API key is never written, only a reference to AIHUBMIX_API_KEY. Examples:
    aihub export opencode gpt-5 claude-sonnet-4-5;
    aihub export litellm --features tools --max-price 1 --merge config.yaml;
    aihub export opencode --check opencode.json
    """
    _run(ctx, "export")


@app.command("legacy", cls=o.Command)
def legacy_command(
    ctx: typer.Context,
    model: Annotated[
        str | None,
        typer.Argument(
            metavar="[MODEL]",
            click_type=o.WORDS,
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
        str | None,
        typer.Option(
            "--sort",
            "-s",
            metavar="KEY",
            click_type=o.choice(LEGACY_SORT_KEYS),
            help=f"Sort by KEY: {o.words(LEGACY_SORT_KEYS)}. Default: the server's order.",
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            metavar="ORDER",
            click_type=o.choice(o.ORDERS),
            help="asc (the default) or desc.",
        ),
    ] = None,
    missing: Annotated[
        bool,
        typer.Option("--missing", help="Only ids the key can call that the catalog lacks."),
    ] = False,
    output_format: o.Format = None,
    json_output: o.Json = False,
    columns: Annotated[
        list[str] | None,
        o.columns_option(
            completion.complete_legacy_columns,
            "Only these columns (JSON: these fields), in this order: id, owned_by "
            "(owner), created, object, or any other field the list carries.",
        ),
    ] = None,
    no_headers: o.NoHeaders = False,
    csv_raw: o.CsvRaw = False,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """The OpenAI-compatible model list (/v1/models): what your key can call.

    With AIHUBMIX_API_KEY set, the models that key is configured for; without, the default group's.

    Example: aihub legacy --owner openai --sort created --order desc
    """
    _run(ctx, "legacy")


@app.command("changes", cls=o.Command)
def changes_command(
    ctx: typer.Context,
    types: o.Types = None,
    modalities: o.Modalities = None,
    features: o.Features = None,
    model: o.ModelText = None,
    exclude: o.Exclude = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Compare with the catalog as it was then: 7d, 12h, 30m, 2w or a date such "
            "as 2026-11-01. Default: the previous version.",
        ),
    ] = None,
    watch: Annotated[
        str | None,
        typer.Option(
            "--watch",
            metavar="NAME",
            help="Compare with the version the watcher NAME last reported (the oldest kept "
            "one the first time), then remember the newest: each change is reported once.",
        ),
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when something changed, 0 when nothing did."),
    ] = False,
    json_output: o.OnlyJson = False,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """What moved in the catalog: models added and removed, price and limit changes.

    Examples: aihub changes --since 7d --type llm; aihub changes --watch daily --exit-code
    """
    _run(ctx, "changes")


@app.command("history", cls=o.Command)
def history_command(
    ctx: typer.Context,
    models: Annotated[
        list[str],
        typer.Argument(
            metavar="MODEL [MODEL...]",
            click_type=o.WORDS,
            help="Model ids, as the catalog has or had them.",
            autocompletion=completion.complete_history_model,
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Only the states in force from then on: 30d, 2w or a date such as 2026-03-01.",
        ),
    ] = None,
    output_format: Annotated[str | None, o.format_option(COMMAND_FORMATS["history"])] = None,
    json_output: o.Json = False,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """Each price, limit and feature change of models since November 2025, with dates.

    From the record of the catalog bundled with aihub and the versions aihub keeps; on a
    terminal with a step chart of the prices. Example: aihub history qwen3-max --since 2026-01-01
    """
    _run(ctx, "history")


@app.command("audit", cls=o.Command)
def audit_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH...]",
            help="Files and folders to scan; default: .",
            autocompletion=completion.complete_files,
        ),
    ] = None,
    output_format: Annotated[str | None, o.format_option(COMMAND_FORMATS["audit"])] = None,
    json_output: o.Json = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Report prices moved since the catalog as it was then: the newest version at "
            "least this old, kept by aihub or in the bundled history (7d, 12h, 2w, "
            "2026-11-01). Default: since the oldest kept version.",
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
            autocompletion=completion.complete_fail_on,
            help="Exit 1 on these statuses too (repriced); implies --exit-code.",
        ),
    ] = None,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """Find the catalog's model ids in files, and say which are deprecated, removed,
    repriced or misspelt.

    Inside a git work tree only the files git tracks or would track are read (.gitignore is
    honoured); elsewhere hidden folders, virtualenvs, node_modules and __pycache__ are
    skipped. Binary files (a NUL byte in the first 8 KiB) and files over 4 MiB are skipped
    everywhere, and symbolic links are not followed. Example: aihub audit src --exit-code
    """
    _run(ctx, "audit")


@app.command("completion", cls=o.Command)
def completion_command(
    ctx: typer.Context,
    shell: Annotated[
        str,
        typer.Argument(metavar="SHELL", click_type=o.choice(SHELLS), help=f"{o.words(SHELLS)}."),
    ],
) -> None:
    """Print the Tab completion script for a shell.

    bash: add eval "$(aihub completion bash)" to ~/.bashrc

    zsh: aihub completion zsh > ~/.zfunc/_aihub, with ~/.zfunc on $fpath before compinit

    fish: aihub completion fish > ~/.config/fish/completions/aihub.fish
    """
    _run(ctx, "completion")


@cache_app.command("info", cls=o.Command)
def cache_info_command(ctx: typer.Context, json_output: o.OnlyJson = False) -> None:
    """Show the cache folder, its entries, their ages and sizes, and the state folder."""
    _run(ctx, "cache", "info")


@cache_app.command("clear", cls=o.Command)
def cache_clear_command(ctx: typer.Context) -> None:
    """Remove every cached answer and the completion index.

    Only files aihub wrote go, never a folder or a link; in a folder aihub did not create,
    only files that start with aihub's own header. The catalog's history and the watchers
    are state, not cache: they stay. Works on a damaged cache too.
    """
    _run(ctx, "cache", "clear")
