"""The command line: the typer app, and each command's parameters, listed once, here.

A command's function lists its parameters and nothing else: their declarations are in
options.py (what several commands share) and command_options.py (each command's own), the
help-drawing classes in typer_internals.py. Every command body is one call: `_run(ctx,
"list")` builds the command's typed options from the parsed values
(`aihubmix_cli.commands.list.Options.from_values`, as the fast parser does) and passes them to
`aihubmix_cli.commands.list.run`, with a runtime for the asked network mode. The fast parser
(`fastpath`), the completion scripts and the help derive from these declarations. Command
modules are imported only when their command runs, so help and Tab completion load little.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from aihubmix_cli import __version__
from aihubmix_cli.cli import command_options as c
from aihubmix_cli.cli import options as o
from aihubmix_cli.cli.typer_internals import Command

if TYPE_CHECKING:
    from aihubmix_cli.shared.runtime import RuntimeFactory

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


@app.command("list", cls=Command)
def list_command(
    ctx: typer.Context,
    models: c.ListModels = None,
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


@app.command("show", cls=Command)
def show_command(
    ctx: typer.Context,
    model: c.ShowModel,
    output_format: c.ShowFormat = None,
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


@app.command("compare", cls=Command)
def compare_command(
    ctx: typer.Context,
    models: c.CompareModels,
    diff: c.CompareDiff = False,
    output_format: c.CompareFormat = None,
    json_output: o.Json = False,
    columns: c.CompareColumns = None,
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


@app.command("export", cls=Command)
def export_command(
    ctx: typer.Context,
    tool: c.ExportTool,
    models: c.ExportModels = None,
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
    merge: c.ExportMerge = None,
    allow_snapshot: c.ExportAllowSnapshot = False,
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


@app.command("legacy", cls=Command)
def legacy_command(
    ctx: typer.Context,
    model: c.LegacyModel = None,
    model_filter: c.LegacyModelFilter = None,
    owner: c.LegacyOwner = None,
    sort: c.LegacySort = None,
    order: c.LegacyOrder = None,
    missing: c.LegacyMissing = False,
    limit: o.Limit = None,
    output_format: o.Format = None,
    json_output: o.Json = False,
    columns: c.LegacyColumns = None,
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


@app.command("changes", cls=Command)
def changes_command(
    ctx: typer.Context,
    types: o.Types = None,
    modalities: o.Modalities = None,
    features: o.Features = None,
    model: o.ModelText = None,
    exclude: o.Exclude = None,
    include_unknown: o.IncludeUnknown = False,
    since: c.ChangesSince = None,
    watch: c.ChangesWatch = None,
    exit_code: c.ChangesExitCode = False,
    json_output: o.OnlyJson = False,
    refresh: o.Refresh = False,
    offline: o.Offline = False,
    strict: o.Strict = False,
) -> None:
    """What moved in the catalog: models added and removed, price and limit changes.

    Examples: aihub changes --since 7d --type llm; aihub changes --watch daily --exit-code
    """
    _run(ctx, "changes")


@app.command("history", cls=Command)
def history_command(
    ctx: typer.Context,
    models: c.HistoryModels,
    since: c.HistorySince = None,
    output_format: c.HistoryFormat = None,
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


@app.command("audit", cls=Command)
def audit_command(
    ctx: typer.Context,
    paths: c.AuditPaths = None,
    output_format: c.AuditFormat = None,
    json_output: o.Json = False,
    since: c.AuditSince = None,
    suggest: c.AuditSuggest = False,
    cheaper: c.AuditCheaper = False,
    exit_code: c.AuditExitCode = False,
    fail_on: c.AuditFailOn = None,
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


@app.command("completion", cls=Command)
def completion_command(ctx: typer.Context, shell: c.CompletionShell) -> None:
    """Print the Tab completion script for a shell.

    bash: add eval "$(aihub completion bash)" to ~/.bashrc

    zsh: aihub completion zsh > ~/.zfunc/_aihub, with ~/.zfunc on $fpath before compinit

    fish: aihub completion fish > ~/.config/fish/completions/aihub.fish
    """
    _run(ctx, "completion")


@cache_app.command("info", cls=Command)
def cache_info_command(ctx: typer.Context, json_output: o.OnlyJson = False) -> None:
    """Show the cache folder, its entries, their ages and sizes, and the state folder."""
    _run(ctx, "cache", "info")


@cache_app.command("clear", cls=Command)
def cache_clear_command(ctx: typer.Context) -> None:
    """Remove every cached answer and the completion index.

    Only files aihub wrote go, never a folder or a link; in a folder aihub did not create,
    only files that start with aihub's own header. The catalog's history and the watchers
    are state, not cache: they stay. Works on a damaged cache too.
    """
    _run(ctx, "cache", "clear")
