"""The options several commands share, each declared once for typer, and the parsers their
values go through. Each command's own options are in command_options.py; the help-drawing
classes built on typer's unpublished API (usage lines, bare metavars) in typer_internals.py.

Choices are not written here: they come from the code that gives them meaning (the catalog's
sort keys, the writers' formats), so a new sort key or format reaches help, the fast parser's
table and completion by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from aihubmix_cli.base.units import Rate
from aihubmix_cli.catalog import SERVER_SORT_KEYS, SORT_KEYS
from aihubmix_cli.cli.typer_internals import choice
from aihubmix_cli.render.writers import FORMATS
from aihubmix_cli.store import completion

ORDERS = ("asc", "desc")


def words(values: tuple[str, ...]) -> str:
    """`a, b or c`, for help texts."""
    return f"{', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else values[0]


# -- parsers: a ValueError becomes a usage error (exit 2) naming the option --------------------


def size(text: str) -> int:
    from aihubmix_cli.base.units import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def usd(text: str) -> float:
    from aihubmix_cli.base.units import parse_usd

    try:
        return parse_usd(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def count(text: str) -> int:
    # A parser rather than min=0: the help then reads `N`, not `N [x>=0]`.
    from aihubmix_cli.base.units import parse_count

    if text.strip().startswith("-") and text.strip()[1:].strip().isdigit():
        raise typer.BadParameter(f"{text.strip()} is below 0")
    try:
        return parse_count(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def rate(text: str) -> Rate:
    from aihubmix_cli.base.units import parse_rate

    try:
        return parse_rate(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


# -- how every command fetches -----------------------------------------------------------------

Refresh = Annotated[
    bool, typer.Option("--refresh", help="Revalidate the cached catalog now, whatever its age.")
]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Never touch the network: answer from the cache (or, with nothing cached, the "
        "catalog bundled with aihub).",
    ),
]

Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Only an answer the server vouches for now (fresh, or revalidated): exit 1 rather "
        "than answer from a stale copy or the bundled catalog. Also AIHUBMIX_STRICT=1.",
    ),
]


def format_option(formats: tuple[str, ...]) -> Any:
    return typer.Option(
        "--format",
        "-o",
        metavar="FORMAT",
        click_type=choice(formats),
        help=f"Output format: {words(formats)}. Default: table on a terminal, plain otherwise.",
    )


def columns_option(complete: Callable[..., list[str]], names: str) -> Any:
    """`--columns`, which each command completes and explains with its own names."""
    return typer.Option("--columns", metavar="COL[,COL]", autocompletion=complete, help=names)


Format = Annotated[str | None, format_option(FORMATS)]
Columns = Annotated[
    list[str] | None,
    columns_option(
        completion.complete_columns,
        "Only these columns (JSON: these fields), in this order: JSON field names such "
        "as model_id, context_length, pricing.input, or short ones: id, ctx, in, out, cache. "
        "docs/output.md lists them all.",
    ),
]
NoHeaders = Annotated[
    bool, typer.Option("--no-headers", help="Leave out the header line of plain and csv.")
]
CsvRaw = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="Leave csv cells that a spreadsheet would run as formulas as they are. By "
        "default a cell starting with = + - @ tab or carriage return gets a leading ' "
        "(numbers stay numbers).",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
# For the commands that have no --format: JSON or the text for people, nothing else.
OnlyJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]
# export's own output is the tool's format: only its --check report comes as JSON.
CheckJson = Annotated[
    bool, typer.Option("--json", help="Print --check's report as JSON (only with --check).")
]

# -- the catalog filters: list, changes, export ---------------------------------------------

Types = Annotated[
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
Modalities = Annotated[
    list[str] | None,
    typer.Option(
        "--modalities",
        metavar="MOD[,MOD]",
        autocompletion=completion.complete_modalities,
        help="Models that accept all of these inputs: text, image, audio, video, pdf.",
    ),
]
Features = Annotated[
    list[str] | None,
    typer.Option(
        "--features",
        "-f",
        metavar="FEAT[,FEAT]",
        autocompletion=completion.complete_features,
        help="Models with all of these features: thinking, tools, function_calling, web, "
        "deepsearch, long_context, structured_outputs (tools and function_calling match each "
        "other).",
    ),
]
ModelText = Annotated[
    str | None,
    typer.Option("--model", metavar="TEXT", help="Ids or names containing TEXT (any case)."),
]

# -- what `list` selects by beyond the filters; `export` selects the same way ----------------

Tag = Annotated[
    str | None,
    typer.Option("--tag", metavar="TAG", help="Models the server tags so, e.g. coding."),
]
MaxPrice = Annotated[
    float | None,
    typer.Option(
        "--max-price", metavar="USD", parser=usd, help="Input price at most USD per 1M tokens."
    ),
]
MinContext = Annotated[
    int | None,
    typer.Option(
        "--min-context",
        metavar="N",
        parser=size,
        help="Context window of at least N tokens (128k, 1m, 1.5M).",
    ),
]
Free = Annotated[
    bool, typer.Option("--free", help="Only models whose input and output rates are 0.")
]
Paid = Annotated[
    bool,
    typer.Option(
        "--paid", help="Leave out models whose input and output rates are both 0 (free routes)."
    ),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="PAT[,PAT]",
        help="Leave out ids matching these shell patterns (any case), e.g. '*-free'.",
    ),
]
IncludeUnknown = Annotated[
    bool,
    typer.Option(
        "--include-unknown",
        help="Keep models whose filtered value (type, features, input, context, price, cost) "
        "the catalog does not state; by default they are left out and counted on stderr.",
    ),
]
Mine = Annotated[bool, typer.Option("--mine", help="Only models your AIHUBMIX_API_KEY can call.")]
Limit = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", parser=count, help="At most N models."),
]
_SORT_NOTES = {"cost": "cost (needs --input-tokens or --output-tokens)"}


def sort_option(keys: tuple[str, ...]) -> Any:
    return typer.Option(
        "--sort",
        "-s",
        metavar="KEY",
        click_type=choice(keys + SERVER_SORT_KEYS),
        help="Sort by KEY: "
        + ", ".join(_SORT_NOTES.get(key, key) for key in keys + SERVER_SORT_KEYS)
        + " (the last two are orders only the server knows).",
    )


Sort = Annotated[str, sort_option(SORT_KEYS)]
# export takes no workload, so it has no cost to sort by.
ExportSort = Annotated[str, sort_option(tuple(key for key in SORT_KEYS if key != "cost"))]
Order = Annotated[
    str | None,
    typer.Option(
        "--order",
        metavar="ORDER",
        click_type=choice(ORDERS),
        help="asc or desc. Default: desc for sizes and dates, asc for the rest.",
    ),
]

MaxCost = Annotated[
    float | None,
    typer.Option(
        "--max-cost",
        metavar="USD",
        parser=usd,
        help="Estimated cost at most USD: a month's with --requests, else a request's "
        "(needs --input-tokens or --output-tokens).",
    ),
]

# -- export ----------------------------------------------------------------------------------

Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose",
        help="Name every model a note on stderr concerns, one a line (by default a long "
        "list names the first few and how many more).",
    ),
]

Check = Annotated[
    str | None,
    typer.Option(
        "--check",
        metavar="FILE",
        help="Compare aihub's part of FILE (as --merge finds it) with the catalog: prices, "
        "tiers, limits, models gone. Exit 1 when anything drifted, 0 when nothing did.",
    ),
]

# -- the past: list, show, compare ------------------------------------------------------------

AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Answer from the catalog as it stood then (recorded since November 2025): a "
        "date such as 2026-03-01 (UTC), or 30d, 2w back from now.",
    ),
]

# -- a workload, for cost estimates ------------------------------------------------------------

InputTokens = Annotated[
    int | None,
    typer.Option(
        "--input-tokens",
        metavar="N",
        parser=size,
        help="Estimate the cost of a request with N input tokens (20k, 1.5M).",
    ),
]
OutputTokens = Annotated[
    int | None,
    typer.Option("--output-tokens", metavar="N", parser=size, help="... and N output tokens."),
]
Requests = Annotated[
    Rate | None,
    typer.Option(
        "--requests",
        metavar="RATE",
        parser=rate,
        help="... at RATE requests: N/day, N/week or N/month (a month is 30 days); adds the "
        "monthly cost.",
    ),
]
CachedTokens = Annotated[
    int | None,
    typer.Option(
        "--cached-tokens",
        metavar="N",
        parser=size,
        help="... of which N input tokens are cache reads.",
    ),
]
