"""What `--since` takes (changes, history, audit, --as-of): a span back from now or a date."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from aihubmix_cli.base.errors import UsageError

_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([mhdw])")
_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, now: float) -> float:
    """`--since 7d` or `--since 2026-11-01` as the latest fetch time that qualifies."""
    span = _SPAN.fullmatch(text.strip().lower())
    if span:
        return now - float(span.group(1)) * _SECONDS[span.group(2)]
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        from aihubmix_cli.base.text import quoted

        raise UsageError(
            f"--since takes a span such as 7d, 12h or 2w, or a date such as 2026-11-01; "
            f"not {quoted(text)}"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()
