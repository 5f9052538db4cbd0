"""Cost estimates: `aihubmix_cli.catalog.costs` on models read by the real catalog parser.

Every expected figure is worked out by hand in the comment beside it (prices are USD per 1M
tokens, so a term is tokens x price / 1,000,000) and written as a Decimal literal: the
estimate is exact decimal arithmetic, so it must equal the hand figure to the last digit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from aihubmix_cli.base.errors import ExitCode, UsageError
from aihubmix_cli.base.units import format_usd
from aihubmix_cli.catalog import Model, parse_models
from aihubmix_cli.catalog.costs import Workload, estimate, unavailable, workload_from
from aihubmix_cli.catalog.workload import take_workload


def model(pricing: Any, types: Any = "llm", **fields: Any) -> Model:
    """One model as the catalog would send it, through the real parser."""
    raw = {"model_id": "example-model", "types": types, "pricing": pricing, **fields}
    models, warnings = parse_models([raw])
    assert warnings == []
    (parsed,) = models
    return parsed


# Claude Sonnet 4.5's rates in the fixture: a long-context tier above 200K input tokens.
TIERED = {
    "input": 3,
    "output": 15,
    "cache_read": 0.3,
    "cache_write": 3.75,
    "tiers": [
        {"tier": {"size": 200000}, "input": 6, "output": 22.5, "cache_read": 0.6},
    ],
}


# -- the formula -------------------------------------------------------------------------------


def test_plain_input_and_output() -> None:
    gpt5 = model({"input": 1.25, "output": 10, "cache_read": 0.125})
    cost = estimate(gpt5, Workload(input_tokens=100_000, output_tokens=10_000))
    # 100000 x 1.25 / 1e6 = 0.125; 10000 x 10 / 1e6 = 0.1; 0.125 + 0.1 = 0.225
    assert cost == Decimal("0.225")
    assert isinstance(cost, Decimal)


def test_cached_tokens_are_billed_at_the_cache_read_rate() -> None:
    sonnet = model({"input": 3, "output": 15, "cache_read": 0.3})
    cost = estimate(sonnet, Workload(100_000, 2_000, cached_tokens=80_000))
    # uncached 20000 x 3 / 1e6 = 0.06; cached 80000 x 0.3 / 1e6 = 0.024;
    # output 2000 x 15 / 1e6 = 0.03; 0.06 + 0.024 + 0.03 = 0.114
    assert cost == Decimal("0.114")


def test_all_input_cached_needs_no_input_rate() -> None:
    cache_only = model({"cache_read": 0.5, "output": 2})
    # 40000 x 0.5 / 1e6 = 0.02; the uncached part is 0 tokens, so no input rate is needed
    assert estimate(cache_only, Workload(40_000, 0, 40_000)) == Decimal("0.02")


def test_input_above_the_tier_size_bills_the_whole_request_at_the_tier_rates() -> None:
    sonnet = model(TIERED)
    cost = estimate(sonnet, Workload(300_000, 10_000))
    # 300000 x 6 / 1e6 = 1.8; 10000 x 22.5 / 1e6 = 0.225; 1.8 + 0.225 = 2.025
    # (not 200000 x 3 + 100000 x 6: the tier prices the whole request)
    assert cost == Decimal("2.025")


def test_input_exactly_at_the_tier_size_keeps_the_base_rates() -> None:
    sonnet = model(TIERED)
    # 200000 x 3 / 1e6 = 0.6; 10000 x 15 / 1e6 = 0.15; 0.6 + 0.15 = 0.75
    assert estimate(sonnet, Workload(200_000, 10_000)) == Decimal("0.75")
    # One token more crosses it: 200001 x 6 / 1e6 = 1.200006; 10000 x 22.5 / 1e6 = 0.225;
    # 1.200006 + 0.225 = 1.425006
    assert estimate(sonnet, Workload(200_001, 10_000)) == Decimal("1.425006")


def test_the_tier_is_chosen_by_all_input_tokens_and_prices_cache_reads_too() -> None:
    sonnet = model(TIERED)
    cost = estimate(sonnet, Workload(300_000, 0, cached_tokens=150_000))
    # 300000 input tokens > 200000, so the tier applies although only 150000 are uncached:
    # 150000 x 6 / 1e6 = 0.9; 150000 x 0.6 / 1e6 = 0.09; 0.9 + 0.09 = 0.99
    assert cost == Decimal("0.99")


def test_the_largest_tier_exceeded_applies_whatever_order_the_server_lists_them() -> None:
    two_tiers = model(
        {
            "input": 1,
            "output": 4,
            "tiers": [
                {"tier": {"size": "500000"}, "input": 3, "output": 12},
                {"tier": {"size": 128000}, "input": 2, "output": 8},
            ],
        }
    )
    # 100000 x 1 / 1e6 = 0.1; 1000 x 4 / 1e6 = 0.004; 0.1 + 0.004 = 0.104
    assert estimate(two_tiers, Workload(100_000, 1_000)) == Decimal("0.104")
    # 200000 x 2 / 1e6 = 0.4; 1000 x 8 / 1e6 = 0.008; 0.4 + 0.008 = 0.408
    assert estimate(two_tiers, Workload(200_000, 1_000)) == Decimal("0.408")
    # 600000 x 3 / 1e6 = 1.8; 1000 x 12 / 1e6 = 0.012; 1.8 + 0.012 = 1.812
    assert estimate(two_tiers, Workload(600_000, 1_000)) == Decimal("1.812")


def test_a_rate_the_tier_omits_falls_back_to_the_base_rate() -> None:
    # Gemini 2.5 Pro's shape: the tier names a new input rate only.
    gemini = model(
        {
            "input": 1.25,
            "output": 10,
            "cache_read": 0.31,
            "tiers": [{"tier": {"size": 200000}, "input": 2.5}],
        }
    )
    cost = estimate(gemini, Workload(300_000, 10_000, cached_tokens=100_000))
    # tier input 200000 x 2.5 / 1e6 = 0.5; base cache read 100000 x 0.31 / 1e6 = 0.031;
    # base output 10000 x 10 / 1e6 = 0.1; 0.5 + 0.031 + 0.1 = 0.631
    assert cost == Decimal("0.631")


# -- unknown is unknown, free is free -----------------------------------------------------------


def test_missing_output_price_with_output_tokens_is_unknown() -> None:
    embedding_large = model({"input": 0.13}, types="embedding")
    assert estimate(embedding_large, Workload(1_000, 1)) is None


def test_missing_output_price_with_no_output_tokens_is_known() -> None:
    embedding_large = model({"input": 0.13}, types="embedding")
    # 1000000 x 0.13 / 1e6 = 0.13; no output tokens, so no output rate is needed
    assert estimate(embedding_large, Workload(1_000_000)) == Decimal("0.13")


def test_missing_cache_read_price_with_cached_tokens_is_unknown() -> None:
    pro = model({"input": 15, "output": 120})  # gpt-5-pro offers no cache reads
    assert estimate(pro, Workload(10_000, 0, cached_tokens=5_000)) is None
    # Without cached tokens it is known: 10000 x 15 / 1e6 = 0.15
    assert estimate(pro, Workload(10_000)) == Decimal("0.15")


def test_missing_tier_rate_with_no_base_rate_is_unknown() -> None:
    # Neither the tier nor the base gives cache_read.
    tiered = model({"input": 1, "output": 2, "tiers": [{"tier": {"size": 1000}, "input": 2}]})
    assert estimate(tiered, Workload(5_000, 0, cached_tokens=1)) is None


@pytest.mark.parametrize(
    "pricing",
    [None, {}, {"input": "free", "output": 2}, {"input": -1, "output": 2}],
    ids=["null", "empty", "not-a-number", "negative"],
)
def test_a_price_that_is_absent_or_unusable_is_unknown_never_zero(pricing: Any) -> None:
    assert estimate(model(pricing), Workload(1_000, 1_000)) is None


@pytest.mark.parametrize(
    "types", ["image_generation", "t2i", "video", "t2v", "tts", "stt", "image_generation,video"]
)
def test_media_only_types_are_not_priced_per_token(types: str) -> None:
    # dall-e-3 has numbers, but not per 1M tokens: multiplying them by tokens means nothing.
    dalle = model({"input": 40, "output": 80}, types=types)
    assert estimate(dalle, Workload(1_000, 1_000)) is None
    assert unavailable(dalle, Workload(1_000, 1_000)) == "price unit not documented"


@pytest.mark.parametrize("types", [None, "", "ocr", "search", "image_generation,llm"])
def test_untyped_and_non_media_types_are_priced_per_token(types: str | None) -> None:
    # The live catalog sends no types for 40% of its models, nearly all of them chat models
    # such as gpt-4o-mini-global (0.15 / 0.6).
    mini = model({"input": 0.15, "output": 0.6}, types=types)
    # 10000 x 0.15 / 1e6 = 0.0015; 1000 x 0.6 / 1e6 = 0.0006; 0.0015 + 0.0006 = 0.0021
    assert estimate(mini, Workload(10_000, 1_000)) == Decimal("0.0021")


def test_a_workload_beyond_the_context_window_has_no_estimate() -> None:
    mini = model({"input": 0.15, "output": 0.6}, types="llm", context_length=128_000)
    assert estimate(mini, Workload(300_000)) is None
    assert unavailable(mini, Workload(300_000)) == "exceeds the 128K context"
    # Input and output share the window: 120K + 10K does not fit in 128K.
    assert unavailable(mini, Workload(120_000, 10_000)) == "exceeds the 128K context"
    # 100000 x 0.15 / 1e6 = 0.015; 10000 x 0.6 / 1e6 = 0.006
    assert estimate(mini, Workload(100_000, 10_000)) == Decimal("0.021")


def test_an_output_beyond_the_max_output_has_no_estimate() -> None:
    capped = model({"input": 1, "output": 2}, context_length=200_000, max_output=8_192)
    assert unavailable(capped, Workload(1_000, 10_000)) == "exceeds the 8.19K max output"


def test_an_unknown_context_excludes_nothing() -> None:
    untold = model({"input": 1, "output": 2}, context_length=0)
    # 5000000 x 1 / 1e6 = 5
    assert estimate(untold, Workload(5_000_000)) == Decimal(5)


def test_a_missing_rate_is_named() -> None:
    no_out = model({"input": 1})
    assert unavailable(no_out, Workload(1_000, 1_000)) == "no output price"
    no_cache = model({"input": 1, "output": 2})
    assert unavailable(no_cache, Workload(1_000, 0, cached_tokens=500)) == "no cache read price"


def test_embedding_is_priced_per_token() -> None:
    small = model({"input": 0.02, "output": 0}, types="embedding")
    # 500000 x 0.02 / 1e6 = 0.01; 0 output tokens
    assert estimate(small, Workload(500_000)) == Decimal("0.01")


def test_a_model_of_several_types_including_llm_is_priced() -> None:
    sonar = model({"input": 3, "output": 15}, types="llm , search")
    # 1000 x 3 / 1e6 = 0.003; 1000 x 15 / 1e6 = 0.015; 0.003 + 0.015 = 0.018
    assert estimate(sonar, Workload(1_000, 1_000)) == Decimal("0.018")


def test_a_price_sent_as_a_numeric_string_counts() -> None:
    glm_air = model({"input": "0.5", "output": " 1.1 "})
    # 200000 x 0.5 / 1e6 = 0.1; 100000 x 1.1 / 1e6 = 0.11; 0.1 + 0.11 = 0.21
    assert estimate(glm_air, Workload(200_000, 100_000)) == Decimal("0.21")


def test_zero_prices_are_free_not_unknown() -> None:
    free = model({"input": 0, "output": 0})
    cost = estimate(free, Workload(1_000_000, 1_000_000))
    assert cost is not None
    assert cost == Decimal(0)
    assert format_usd(cost) == "$0"


def test_the_sum_is_exact_decimal_not_float() -> None:
    tenth_fifth = model({"input": 0.1, "output": 0.2})
    cost = estimate(tenth_fifth, Workload(1_000_000, 1_000_000))
    # 1000000 x 0.1 / 1e6 = 0.1; 1000000 x 0.2 / 1e6 = 0.2; 0.1 + 0.2 = 0.3 exactly
    # (in floats 0.1 + 0.2 is 0.30000000000000004)
    assert cost == Decimal("0.3")
    assert cost is not None and f"{cost.normalize():f}" == "0.3"
    assert format_usd(cost) == "$0.30"


def test_one_token_keeps_every_digit() -> None:
    nano = model({"input": 0.05, "output": 0.4})
    # 1 x 0.05 / 1e6 = 0.00000005; 3 x 0.4 / 1e6 = 0.0000012; sum 0.00000125
    cost = estimate(nano, Workload(1, 3))
    assert cost == Decimal("0.00000125")
    assert format_usd(cost) == "$0.00000125"


# -- formatting costs for people -----------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0.0042"), "$0.0042"),
        (Decimal("0.0049"), "$0.0049"),
        (Decimal("0.225"), "$0.225"),
        (Decimal("0.0055"), "$0.0055"),
        (Decimal("0.45"), "$0.45"),
        (Decimal("0.5"), "$0.50"),
        (Decimal("2.025"), "$2.025"),
        (Decimal("2.7"), "$2.70"),
        (Decimal("10"), "$10"),
        (Decimal("1234.5"), "$1,234.50"),
        (Decimal("0.000123456"), "$0.0001235"),  # four significant digits
        (Decimal("0.00000001"), "$0.00000001"),
        (Decimal("0.000000004"), "<$0.00000001"),
        (Decimal(0), "$0"),
        (None, "—"),
    ],
)
def test_format_usd(amount: Decimal | None, text: str) -> None:
    assert format_usd(amount) == text


@pytest.mark.parametrize("places", range(1, 9))
def test_a_small_cost_never_reads_as_zero_dollars(places: int) -> None:
    amount = Decimal(f"4.2E-{places}")
    text = format_usd(amount)
    assert text.startswith("$")
    assert any(digit in text for digit in "123456789"), text
    assert Decimal(text.removeprefix("$")) > 0


# -- the options that describe a workload ------------------------------------------------------


def test_no_cost_option_means_no_workload() -> None:
    assert workload_from(None, None, None) is None


@pytest.mark.parametrize(
    ("options", "workload"),
    [
        ((100_000, None, None), Workload(100_000, 0, 0)),
        ((None, 10_000, None), Workload(0, 10_000, 0)),
        ((20_000, 1_000, 20_000), Workload(20_000, 1_000, 20_000)),  # all of it cached
    ],
)
def test_workload_from_options(
    options: tuple[int | None, int | None, int | None], workload: Workload
) -> None:
    assert workload_from(*options) == workload


@pytest.mark.parametrize(
    "options",
    [(1_000, None, 2_000), (None, 500, 1), (None, None, 1)],
    ids=["more-cached-than-input", "cached-without-input", "cached-alone"],
)
def test_more_cached_tokens_than_input_tokens_is_a_usage_error(
    options: tuple[int | None, int | None, int | None],
) -> None:
    with pytest.raises(UsageError, match="--cached-tokens") as raised:
        workload_from(*options)
    assert raised.value.exit_code == ExitCode.USAGE


def test_each_command_reads_the_cost_options_into_one_workload() -> None:
    from aihubmix_cli.commands import compare, show
    from aihubmix_cli.commands import list as list_command

    cost: dict[str, Any] = {"input_tokens": 20_000, "output_tokens": 1_000, "cached_tokens": 5_000}
    expected = Workload(20_000, 1_000, 5_000)
    assert show.Options.from_values(model="gpt-5", **cost).workload == expected
    assert compare.Options.from_values(models=["a", "b"], **cost).workload == expected
    assert list_command.Options.from_values(**cost).selection.workload == expected
    assert show.Options.from_values(model="gpt-5").workload is None
    values: dict[str, Any] = {"requests": None, "sort": "price"}
    assert take_workload(values) is None
    assert values == {"sort": "price"}  # the cost options taken out, the rest left


def test_workload_describes_itself_for_the_panel() -> None:
    assert Workload(300_000, 10_000).describe() == "300K in, 10K out"
    assert Workload(300_000, 1_000, 100_000).describe() == "300K in, 100K of them cached, 1K out"


def test_output_from_an_embedding_or_reranking_model_has_no_estimate() -> None:
    embedder = model({"input": 0.02, "output": 0.02}, types="embedding")
    reranker = model({"input": 0.02, "output": 0.02}, types="reranking")  # the old name
    both = model({"input": 0.02, "output": 0.02}, types="embedding,rerank")
    for returns_vectors in (embedder, reranker, both):
        assert returns_vectors.token_priced  # per-token models, unlike images and speech
        assert unavailable(returns_vectors, Workload(10_000, 1_000)) == "returns no output tokens"
        assert estimate(returns_vectors, Workload(10_000, 1_000)) is None
        # 10000 x 0.02 / 1e6 = 0.0002: input alone is what they bill.
        assert estimate(returns_vectors, Workload(10_000)) == Decimal("0.0002")
    # A chat model that also embeds does give output tokens.
    chat = model({"input": 1, "output": 2}, types="llm,embedding")
    assert unavailable(chat, Workload(10_000, 1_000)) is None
