"""aihub: explore the AIHubMix model catalog from the terminal.

The package is built in layers; each imports only from the layers below it (siblings on one
line not from each other), and no command module imports another. Top to bottom:

    __main__   the entry point: failures become exit codes and one line on stderr
    cli/       the command line: typer app, option declarations, fast path, help
    commands/  one module per command, glue only: read the options, call below, write
    shared/    what commands run on and share: the Runtime, list/export selection
    render/    every way aihub shows data (tables, CSV, JSON, panels, reports)
    audit/ | export/ | shell/   the audit engine; the exports; Tab answers and shell scripts
    sources/   where a catalog comes from: HTTP, the caching rules, the recorded past, and
               the catalog source over them (a library: no command line needed)
    store/     the files aihub keeps and ships: cache, parsed copies, history, state
    catalog/   the catalog as plain data and its pure rules: models, costs, changes, fields
    base/      errors and exit codes, settings, text, units, records, JSON text

Where new code goes: in the lowest layer that has everything it needs. A rule about models
that reads no file goes in catalog/; anything that reads or writes aihub's files in store/;
a helper two commands share in shared/ (or lower), never in one of the commands. A module
needing a layer above it is a sign it mixes two jobs: split it. pyproject.toml's
[tool.importlinter] and tests/promises/test_layers.py fail on an import against these rules.
"""

__version__ = "0.1.0"
