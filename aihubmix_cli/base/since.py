"""What `--since` takes (changes, history, audit, --as-of): a span back from now or a date."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from aihubmix_cli.base.errors import UsageError

_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([mhdw])")
_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class FutureMoment(UsageError):
    """A --since or --as-of after now."""


# A moment this far ahead of the clock is the clocks disagreeing, not the future.
_SKEW = 300.0


def parse_since(text: str, now: float, option: str = "--since") -> float:
    """`--since 7d` or `--since 2026-11-01` as the latest fetch time that qualifies; a moment
    in the future is a usage error (nothing is recorded there: it could only answer
    "nothing", which would read as "nothing changed")."""
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
    if when.timestamp() > now + _SKEW:
        from aihubmix_cli.base.text import quoted

        raise FutureMoment(f"{option} {quoted(text)} is in the future; give a moment up to now")
    return when.timestamp()
