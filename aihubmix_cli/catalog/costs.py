"""What a workload would cost on a model, in exact decimal arithmetic.

cost = (input - cached) x input rate + cached x cache-read rate + output x output rate,
with rates in USD per 1M tokens. Once the input exceeds a long-context tier's size, that tier's
rates apply to the whole request, as providers bill it. A rate the workload needs but the
catalog does not give makes the estimate unknown (None), never zero; so does a workload the
model cannot run: more tokens than its known context window holds, or more output than its
known maximum, or output from a model that returns none (embeddings, rerankers).
`unavailable` says which, for people and for the JSON contract.

With a request rate (`--requests 100/day`), the monthly cost is the per-request estimate
times the requests in a 30-day month: tiers and cache reads still apply per request.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from aihubmix_cli.base.units import Rate
from aihubmix_cli.catalog import Model

_PER = Decimal(1_000_000)
# Models that answer with vectors or scores: a workload's output tokens never come from them.
_NO_OUTPUT_TYPES = frozenset({"embedding", "rerank"})
NO_OUTPUT = "returns no output tokens"


class Workload(NamedTuple):
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0  # how many of the input tokens are cache reads
    requests: Rate | None = None  # how often, for a monthly cost

    @property
    def given(self) -> bool:
        return bool(self.input_tokens or self.output_tokens)

    def describe(self) -> str:
        from aihubmix_cli.base.units import format_tokens

        parts = [f"{format_tokens(self.input_tokens)} in"]
        if self.cached_tokens:
            parts.append(f"{format_tokens(self.cached_tokens)} of them cached")
        parts.append(f"{format_tokens(self.output_tokens)} out")
        text = ", ".join(parts)
        if self.requests is not None:
            text += f"; {self.requests.describe()}"
        return text


def rates_for(model: Model, input_tokens: int) -> dict[str, float]:
    """The rates that bill a request of `input_tokens`: the base ones, or the largest
    tier's the input exceeds (its listed rates override the base ones)."""
    rates = dict(model.prices)
    for tier in model.tiers:  # sorted by size, smallest first
        if input_tokens > tier.size:
            rates = {**model.prices, **tier.prices}
    return rates


def _billed(workload: Workload) -> tuple[tuple[int, str], ...]:
    """Each part of the workload with the rate that bills it."""
    return (
        (workload.input_tokens - workload.cached_tokens, "input"),
        (workload.cached_tokens, "cache_read"),
        (workload.output_tokens, "output"),
    )


def returns_no_output(model: Model) -> bool:
    """Whether the model answers with vectors or scores only (its every type embedding or
    rerank): no output token ever comes from it, whatever output price it lists."""
    return bool(model.types) and all(t.lower() in _NO_OUTPUT_TYPES for t in model.types)


def unavailable(model: Model, workload: Workload) -> str | None:
    """Why the workload has no cost estimate on `model`, or None when it has one."""
    from aihubmix_cli.base.units import format_tokens

    if not model.token_priced:
        return "price unit not documented"
    if workload.output_tokens and returns_no_output(model):
        return NO_OUTPUT
    # An unknown window excludes nothing: most of the live catalog does not say.
    context = model.context_length
    if context is not None and workload.input_tokens + workload.output_tokens > context:
        return f"exceeds the {format_tokens(context)} context"
    if model.max_output is not None and workload.output_tokens > model.max_output:
        return f"exceeds the {format_tokens(model.max_output)} max output"
    rates = rates_for(model, workload.input_tokens)
    for tokens, field in _billed(workload):
        if tokens and field not in rates:
            return f"no {field.replace('_', ' ')} price"
    return None


def bill(model: Model, workload: Workload) -> Decimal | None:
    """What the workload's tokens come to at the model's rates, whether or not the model can
    run it (what a gateway's price list says); None when a rate or the unit is unknown."""
    if not model.token_priced:
        return None
    rates = rates_for(model, workload.input_tokens)
    total = Decimal(0)
    for tokens, field in _billed(workload):
        if tokens:
            rate = rates.get(field)
            if rate is None:
                return None
            total += tokens * Decimal(repr(rate)) / _PER
    return total


def estimate(model: Model, workload: Workload) -> Decimal | None:
    """The workload's cost in USD on `model`, or None when it cannot be known or the model
    cannot run it (see `unavailable`)."""
    if unavailable(model, workload) is not None:
        return None
    return bill(model, workload)


def workload_from(
    input_tokens: int | None,
    output_tokens: int | None,
    cached_tokens: int | None,
    requests: Rate | None = None,
) -> Workload | None:
    """The workload the cost options describe, or None when none was given."""
    from aihubmix_cli.base.errors import UsageError

    if input_tokens is None and output_tokens is None:
        if requests is not None:
            raise UsageError("--requests needs a workload: --input-tokens and/or --output-tokens")
        if cached_tokens is None:
            return None
    workload = Workload(input_tokens or 0, output_tokens or 0, cached_tokens or 0, requests)
    if workload.cached_tokens > workload.input_tokens:
        raise UsageError("--cached-tokens counts part of --input-tokens, so it cannot be larger")
    return workload


# Every cost aihub gives (JSON, plain, tables) is rounded to this many decimal places, the
# smallest amount a table shows ($0.00000001): a per-request estimate is exact below it, and a
# weekly rate's month (100/week is 428.57... requests) would otherwise carry 28 digits.
PLACES = 8


def rounded(amount: Decimal | None) -> Decimal | None:
    """`amount` rounded to PLACES decimal places (half to even); None stays None."""
    if amount is None or not amount.is_finite():
        return amount
    if amount.as_tuple().exponent >= -PLACES:  # type: ignore[operator]
        return amount
    from decimal import Context

    # Enough precision for the whole part too: quantize fails beyond the context's digits.
    digits = max(28, amount.adjusted() + PLACES + 2)
    return amount.quantize(Decimal(1).scaleb(-PLACES), context=Context(prec=digits))


class Estimate(NamedTuple):
    """What a workload costs on one model: USD, or None and the reason (`unavailable`);
    with a request rate, the monthly cost too. Both are `rounded`."""

    usd: Decimal | None
    unavailable: str | None = None
    rate: Rate | None = None  # the workload's request rate, when one was given
    # The cost of a 30-day month at the rate, from the unrounded estimate; None without a
    # rate or an estimate.
    monthly: Decimal | None = None

    @property
    def ranked(self) -> Decimal | None:
        """What --sort cost and --max-cost weigh: the monthly cost with a rate, else the
        request's (one order either way: the rate is the same for every model)."""
        return self.usd if self.rate is None else self.monthly

    @property
    def impossible(self) -> bool:
        """Whether the model cannot run the workload at all (too big for it, or output it
        never gives), as opposed to a cost the catalog does not let aihub know."""
        reason = self.unavailable or ""
        return reason.startswith("exceeds") or reason == NO_OUTPUT


def estimates(models: list[Model], workload: Workload) -> dict[Model, Estimate]:
    found = {}
    for model in models:
        reason = unavailable(model, workload)
        usd = None if reason else estimate(model, workload)
        rate = workload.requests
        monthly = None if rate is None or usd is None else rounded(usd * rate.per_month())
        found[model] = Estimate(rounded(usd), reason, rate, monthly)
    return found
