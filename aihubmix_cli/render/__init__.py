"""Every way aihub shows data, in one package.

A view is a list of column specs (`columns.Column`): a machine name (the JSON contract's field
name), a header for people, and how to write a row's value for people and for machines. Each
format is one writer over column specs (`writers`): a table fitted to the terminal, plain
tab-separated lines, CSV, ids, JSON, JSON lines. Panels (`panels`), the comparison
(`compare`) and the change report (`changes`) are views of their own; `terminal` holds the
console and the spinner.

Tables and reports made of lines are written by `screen` (cell widths from `cells`) with the
bytes rich would write, without importing rich; only show's panels and the spinner import it,
inside the functions that draw them. Server text is made terminal-safe on every path except
JSON, which carries it exactly.
"""

from __future__ import annotations

from aihubmix_cli.base.jsonout import to_json
from aihubmix_cli.render.writers import FORMATS, choose_format

__all__ = ["FORMATS", "choose_format", "to_json"]
