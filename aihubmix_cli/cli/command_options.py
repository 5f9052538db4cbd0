"""Each command's own arguments and options, declared once for typer, grouped by command.

What several commands share (the filters, the output options, the workload, how to fetch) is
in options.py; app.py lists each command's parameters from both. A name here starts with its
command's: `CompareDiff` is compare's --diff. As in options.py, choices come from the code that
gives them meaning (the export tools, the shells, the legacy sort keys, the writers' formats).
"""

from __future__ import annotations

from typing import Annotated

import typer

from aihubmix_cli.catalog.legacy import SORT_KEYS as LEGACY_SORT_KEYS
from aihubmix_cli.cli import options as o
from aihubmix_cli.cli.typer_internals import WORDS, choice
from aihubmix_cli.export import TOOLS
from aihubmix_cli.render.writers import COMMAND_FORMATS
from aihubmix_cli.shell.shell_completion import SHELLS
from aihubmix_cli.store import completion

EXPORT_TOOLS = tuple(TOOLS)

# -- list --------------------------------------------------------------------------------------

ListModels = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[MODEL...]",
        click_type=WORDS,
        help="Exactly these model ids, in this order (unless --sort).",
        autocompletion=completion.complete_model,
    ),
]

# -- show --------------------------------------------------------------------------------------

ShowModel = Annotated[
    str,
    typer.Argument(
        metavar="MODEL",
        click_type=WORDS,
        help="A model id (any case).",
        autocompletion=completion.complete_model,
    ),
]
ShowFormat = Annotated[str | None, o.format_option(COMMAND_FORMATS["show"])]

# -- compare -----------------------------------------------------------------------------------

CompareModels = Annotated[
    list[str],
    typer.Argument(
        metavar="MODEL MODEL [MODEL...]",
        click_type=WORDS,
        help="Model ids to compare.",
        autocompletion=completion.complete_model,
    ),
]
CompareDiff = Annotated[
    bool, typer.Option("--diff", help="Hide the rows where every model agrees.")
]
CompareFormat = Annotated[str | None, o.format_option(COMMAND_FORMATS["compare"])]
CompareColumns = Annotated[
    list[str] | None,
    o.columns_option(
        completion.complete_columns,
        "Only these rows (JSON: these fields), in this order, named as list's "
        "--columns names them: context_length, pricing.input, features, or ctx, in...",
    ),
]

# -- export ------------------------------------------------------------------------------------

ExportTool = Annotated[
    str,
    typer.Argument(
        metavar="TOOL", click_type=choice(EXPORT_TOOLS), help=f"{o.words(EXPORT_TOOLS)}."
    ),
]
ExportModels = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[MODEL...]",
        click_type=WORDS,
        help="Exact model ids; or leave them out and select with the list filters.",
        autocompletion=completion.complete_model,
    ),
]
ExportMerge = Annotated[
    str | None,
    typer.Option(
        "--merge",
        metavar="FILE",
        autocompletion=completion.complete_files,
        help="Update FILE in place (only aihub's part of it; the old file is kept as "
        "FILE.bak) instead of printing.",
    ),
]
ExportAllowSnapshot = Annotated[
    bool,
    typer.Option(
        "--allow-snapshot",
        help="Let --merge write FILE from the catalog bundled with aihub when the server "
        "cannot answer (without it, that exits 1 and leaves FILE as it was).",
    ),
]

# -- legacy ------------------------------------------------------------------------------------

LegacyModel = Annotated[
    str | None,
    typer.Argument(
        metavar="[MODEL]",
        click_type=WORDS,
        help="Show this model's entry instead of the list.",
        autocompletion=completion.complete_legacy_model,
    ),
]
LegacyModelFilter = Annotated[
    str | None,
    typer.Option("--model", metavar="TEXT", help="Ids containing TEXT (any case)."),
]
LegacyOwner = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar="NAME",
        autocompletion=completion.complete_legacy_owner,
        help="Models owned by NAME.",
    ),
]
LegacySort = Annotated[
    str | None,
    typer.Option(
        "--sort",
        "-s",
        metavar="KEY",
        click_type=choice(LEGACY_SORT_KEYS),
        help=f"Sort by KEY: {o.words(LEGACY_SORT_KEYS)}. Default: the server's order.",
    ),
]
LegacyOrder = Annotated[
    str | None,
    typer.Option(
        "--order",
        metavar="ORDER",
        click_type=choice(o.ORDERS),
        help="asc (the default) or desc.",
    ),
]
LegacyMissing = Annotated[
    bool,
    typer.Option("--missing", help="Only ids the key can call that the catalog lacks."),
]
LegacyColumns = Annotated[
    list[str] | None,
    o.columns_option(
        completion.complete_legacy_columns,
        "Only these columns (JSON: these fields), in this order: id, owned_by "
        "(owner), created, object, or any other field the list carries.",
    ),
]

# -- changes -----------------------------------------------------------------------------------

ChangesSince = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="Compare with the catalog as it was then: 7d, 12h, 30m, 2w or a date such "
        "as 2026-11-01. Default: the previous version.",
    ),
]
ChangesWatch = Annotated[
    str | None,
    typer.Option(
        "--watch",
        metavar="NAME",
        help="Compare with the version the watcher NAME last reported (the oldest kept "
        "one the first time), then remember the newest: each change is reported once.",
    ),
]
ChangesExitCode = Annotated[
    bool,
    typer.Option("--exit-code", help="Exit 1 when something changed, 0 when nothing did."),
]

# -- history -----------------------------------------------------------------------------------

HistoryModels = Annotated[
    list[str],
    typer.Argument(
        metavar="MODEL [MODEL...]",
        click_type=WORDS,
        help="Model ids, as the catalog has or had them.",
        autocompletion=completion.complete_history_model,
    ),
]
HistorySince = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="Only the states in force from then on: 30d, 2w or a date such as 2026-03-01.",
    ),
]
HistoryFormat = Annotated[str | None, o.format_option(COMMAND_FORMATS["history"])]

# -- audit -------------------------------------------------------------------------------------

AuditPaths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[PATH...]",
        help="Files and folders to scan; default: .",
        autocompletion=completion.complete_files,
    ),
]
AuditFormat = Annotated[str | None, o.format_option(COMMAND_FORMATS["audit"])]
AuditSince = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="Report prices moved since the catalog as it was then: the newest version at "
        "least this old, kept by aihub or in the bundled history (7d, 12h, 2w, "
        "2026-11-01). Default: since the oldest kept version.",
    ),
]
AuditSuggest = Annotated[
    bool,
    typer.Option(
        "--suggest",
        help="For deprecated, removed and unknown ids, name the cheapest current model "
        "with at least the same types, features, input modalities and context window.",
    ),
]
AuditCheaper = Annotated[
    bool,
    typer.Option("--cheaper", help="Suggest for ok ids too, when a model covers them for less."),
]
AuditExitCode = Annotated[
    bool,
    typer.Option(
        "--exit-code", help="Exit 1 when an id is deprecated, removed or unknown, else 0."
    ),
]
AuditFailOn = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-on",
        metavar="STATUS[,STATUS]",
        autocompletion=completion.complete_fail_on,
        help="Exit 1 on these statuses too (repriced); implies --exit-code.",
    ),
]

# -- completion --------------------------------------------------------------------------------

CompletionShell = Annotated[
    str,
    typer.Argument(metavar="SHELL", click_type=choice(SHELLS), help=f"{o.words(SHELLS)}."),
]
