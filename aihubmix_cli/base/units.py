"""Token counts and prices: reading them from people, writing them for people."""

from __future__ import annotations

# decimal and re are imported where money is formatted or sizes are parsed, not by every run
# that loads this (every table does).
from aihubmix_cli.base.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

# A number as people write it: `128000`, `128,000`, `1.5`, `.5`. Commas only ever group
# thousands (`1,5` is refused, not read as 1.5 or 15).
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)"
_SIZE = r"\s*" + _NUMBER + r"\s*([kKmMbB]?)\s*"
_MULTIPLIER = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_MOST_TOKENS = 10**15  # a bound far above any window, below where float arithmetic breaks


def _shown(text: str) -> str:
    from aihubmix_cli.base.text import quoted  # only a bad value pays for it

    return quoted(text)


def parse_size(text: str) -> int:
    """Parse a token count such as `128000`, `128,000`, `128k`, `1m` or `1.5M`.

    Suffixes are decimal (k = 1,000): people read "128K context" off model cards that mean
    roughly 128,000 tokens, and a 131,072-token window should pass `--min-context 128k`.
    """
    import re
    from decimal import Decimal

    match = re.fullmatch(_SIZE, text)
    if not match:
        raise ValueError(f"{_shown(text)} is not a token count (try 128000, 128k or 1.5M)")
    number = Decimal(match.group(1).replace(",", "")) * _MULTIPLIER[match.group(2).lower()]
    if number != number.to_integral_value():
        raise ValueError(f"{_shown(text)} is not a whole number of tokens")
    if number > _MOST_TOKENS:
        raise ValueError(f"{_shown(text)} is more tokens than any model takes")
    return int(number)


def parse_count(text: str) -> int:
    """Parse a whole number such as `25` or `2,000`."""
    import re

    match = re.fullmatch(r"\s*" + _NUMBER + r"\s*", text)
    digits = match.group(1).replace(",", "") if match else ""
    if not digits.isdigit():
        raise ValueError(f"{_shown(text)} is not a whole number")
    return int(digits)


def parse_usd(text: str) -> float:
    """Parse a non-negative dollar amount such as `2`, `0.5`, `$1.25` or `1,000`.

    A float, like the catalog's prices it is compared with: both come from decimal text
    through float(), so equal amounts compare equal.
    """
    import re
    from decimal import Decimal

    match = re.fullmatch(r"\s*\$?\s*" + _NUMBER + r"\s*", text)
    if not match:
        raise ValueError(f"{_shown(text)} is not an amount in USD (try 2 or 0.5)")
    value = Decimal(match.group(1).replace(",", ""))
    if value > _LARGEST_USD:
        raise ValueError(f"{_shown(text)} is more than any price or bill aihub can weigh")
    return float(value)


_LARGEST_USD = 10**15

# How many requests a month a period's count makes: a month is 30 days.
_PER_MONTH = {"day": (30, 1), "week": (30, 7), "month": (1, 1)}


class Rate(Record):
    """A request rate: `count` requests each `period` (day, week or month)."""

    __slots__ = ("count", "period")

    def __init__(self, count: int, period: str) -> None:
        self.count = count
        self.period = period

    def per_month(self) -> Decimal:
        """Requests in a 30-day month, exactly when it is whole (100/week is 428.57...)."""
        from decimal import Decimal

        times, days = _PER_MONTH[self.period]
        return Decimal(self.count) * times / days

    def describe(self) -> str:
        return f"{self.count:,} requests a {self.period}"


def parse_rate(text: str) -> Rate:
    """Parse a request rate such as `100/day`, `2,000/week`, `50k/month`."""
    count, slash, period = text.partition("/")
    period = period.strip().lower()
    if not slash or period not in _PER_MONTH:
        raise ValueError(
            f"{_shown(text)} is not a request rate (try 100/day, 500/week or 10k/month)"
        )
    try:
        number = parse_size(count)
    except ValueError:
        raise ValueError(
            f"{_shown(text)} is not a request rate (try 100/day, 500/week or 10k/month)"
        ) from None
    return Rate(number, period)


def _significant(value: float, digits: int) -> str:
    """`value` to `digits` significant digits (`1.05`, `-12.5`), whole with thousands
    separators from 10**digits up (`5,900`): never an exponent, which `g` writes from there
    (`5.9e+03`) and for the tiny."""
    if abs(value) >= 10**digits:
        return f"{value:,.0f}"
    text = f"{value:.{digits}g}"
    if "e" not in text:
        return text
    if abs(float(text)) >= 1:  # 999.6 rounds up to 1e+03
        return f"{float(text):,.0f}"
    from decimal import Decimal

    return f"{Decimal(text):f}"


def format_percent(move: float) -> str:
    """A relative move for people, signed: `+20%`, `-12.5%`, `+5,900%`."""
    return f"{'+' if move > 0 else '-'}{_significant(abs(move), 3)}%"


def format_tokens(count: int | float | None) -> str:
    """400000 -> '400K', 1048576 -> '1.05M', None -> '—' (unknown)."""
    if count is None:
        return "—"
    for limit, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")):
        if count >= limit:
            return _significant(count / limit, 3) + suffix
    return _significant(count, 3)


# A catalog repeats its prices, and tables show them all: each amount is formatted once, kept
# by type too (1 and 1.0 and Decimal(1) are one key to a dict, not to a person reading them).
_USD_TEXTS: dict[tuple[type, float | Decimal | None], str] = {}


def format_usd(amount: float | Decimal | None) -> str:
    """A price or cost for people: $10, $1.25, $0.40, $0.0042; None -> '—'.

    Never rounds a small amount to $0.00: at least two significant digits survive.
    """
    key = (type(amount), amount)
    text = _USD_TEXTS.get(key)
    if text is None:
        if len(_USD_TEXTS) >= 4096:
            _USD_TEXTS.clear()
        text = _USD_TEXTS[key] = _usd_text(amount)
    return text


def format_monthly(amount: Decimal | None) -> str:
    """A month's cost for people: cents from a dollar up ($135.00, $20.84, $1,234.50), as a
    bill reads; below a dollar, format_usd's significant digits ($0.42, $0.0042)."""
    if amount is None or abs(amount) < 1:
        return format_usd(amount)
    return f"${amount:,.2f}"


def _usd_text(amount: float | Decimal | None) -> str:
    if amount is None:
        return "—"
    quick = _quick_usd_text(amount)
    if quick is not None:
        return quick
    from decimal import Decimal

    value = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
    if value == value.to_integral_value():
        return f"${value:,.0f}"
    if abs(value) < Decimal("0.00000001"):
        return "<$0.00000001"
    carried = _decimal_places(value)
    # Up to four significant digits below a dollar, never fewer than the two that tell
    # $0.0042 from $0.0049, eight places at most; four places above a dollar.
    places = min(carried, 4) if abs(value) >= 1 else min(carried, -value.adjusted() + 3, 8)
    text = f"{value:,.{max(places, 2)}f}"
    # Rounding may leave zeros the value did not carry (0.99999 -> 1.0000): two places do.
    whole, _, fraction = text.partition(".")
    return f"${whole}.{fraction.rstrip('0').ljust(2, '0')}"


def _quick_usd_text(amount: float | Decimal) -> str | None:
    """_usd_text of a price as the catalog's prices are (an int, or a float written without
    an exponent, not below zero), by the same rule on the digits of its repr: the decimal
    module costs a warm table a twentieth of its time to import. None for anything else."""
    if type(amount) is int and amount >= 0:
        return f"${amount:,}"
    text = repr(amount) if type(amount) is float else ""
    whole, dot, fraction = text.partition(".")
    if not (dot and whole.isdigit() and fraction.isdigit()):
        return None  # an exponent, a sign, inf, nan; or not a float
    fraction = fraction.rstrip("0")
    carried = len(fraction)
    if not carried:
        return f"${int(whole):,}"
    # As _usd_text: four places from a dollar up; below, four significant digits (the
    # leading zeros of the fraction not counted), eight places at most. A float's repr has
    # no exponent from 0.0001 up, so never falls under <$0.00000001.
    if whole != "0":
        places = min(carried, 4)
    else:
        places = min(carried, len(fraction) - len(fraction.lstrip("0")) + 4, 8)
    number = int(whole + fraction)
    if carried > places:  # rounded half to even, as Decimal's format rounds
        unit = 10 ** (carried - places)
        number, rest = divmod(number, unit)
        if 2 * rest > unit or (2 * rest == unit and number % 2):
            number += 1
    integral, cents = divmod(number, 10**places)
    shown = str(cents).rjust(places, "0").rstrip("0").ljust(2, "0")
    return f"${integral:,}.{shown}"


def _decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def describe_age(seconds: float) -> str:
    """How old something is, the way a person says it: '12 s', '4 min', '3 h', '9 days'."""
    if seconds < 1:
        return "0 s"
    if seconds < 60:
        return f"{int(seconds)} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"


def format_bytes(size: int) -> str:
    """A file size for people: 512 -> '512 B', 2048 -> '2.0 KB', 3 MiB -> '3.0 MB'."""
    for limit, unit in ((1024 * 1024, "MB"), (1024, "KB")):
        if size >= limit:
            return f"{size / limit:.1f} {unit}"
    return f"{size} B"


def iso_time(seconds: float) -> str:
    """Unix seconds as an ISO 8601 UTC time to the second: '2026-05-01T12:00:00Z'."""
    # datetime is imported here: most runs that load this module never write a time.
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_number(value: float | int | Decimal | None) -> str:
    """A number for scripts: no units, no thousands separators, no exponent."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if type(value) is float:
        # The repr's digits without trailing zeros, as Decimal's normalize() writes them, for
        # a float written without an exponent or a sign (every price of the catalog's).
        whole, dot, fraction = repr(value).partition(".")
        if dot and whole.isdigit() and fraction.isdigit():
            fraction = fraction.rstrip("0")
            return f"{whole}.{fraction}" if fraction else whole
    from decimal import Decimal

    number = Decimal(repr(value)) if isinstance(value, float) else value
    return f"{number.normalize():f}"
