"""The cost options read into one workload, once, for every command that estimates costs.

`--input-tokens`, `--output-tokens`, `--cached-tokens` and `--requests` are declared for
`list`, `show` and `compare`; each command's `Options.from_values` takes them out of the
parser's values here and keeps the one `Workload` they describe (costs.py says what it is and
checks it). Nothing is imported at import time: a run without a workload never loads costs
(nor decimal and typing behind it).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aihubmix_cli.catalog.costs import Workload

# The parsers' names for the cost options.
OPTIONS = ("input_tokens", "output_tokens", "cached_tokens", "requests")


def take_workload(values: dict[str, Any]) -> Workload | None:
    """Take the cost options out of a parser's `values`: the workload they describe, or None
    when none was given; a UsageError when they contradict each other."""
    given = [values.pop(name, None) for name in OPTIONS]
    if given == [None] * len(OPTIONS):
        return None
    from aihubmix_cli.catalog.costs import workload_from

    return workload_from(*given)
