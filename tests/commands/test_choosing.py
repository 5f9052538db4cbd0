"""Choosing a model on the live-shaped catalog: costs at a request rate, --max-cost, free
routes kept apart (--paid, --exclude), models left out for an unknown value said on stderr,
tools = function_calling, named sets, and the numbers people type."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.cli import fastpath
from tests.conftest import Aihub, Outcome
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog import live_catalog

WORKLOAD = ("--input-tokens", "20k", "--output-tokens", "2k")
RATE = ("--requests", "100/day")
UNKNOWN_NOTE = re.compile(
    r"aihub: ([\d,]+) models? left out: the catalog does not state (?:its |their )?(.+); "
    r"--include-unknown lists them\n"
)


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return live_catalog(804)


@pytest.fixture
def live(entries: list[dict[str, Any]], tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(entries) as server:
        yield Aihub(server, tmp_path / "cache")


def ok(result: Outcome) -> Outcome:
    assert result.code == 0, result.err
    return result


def ids(result: Outcome) -> list[str]:
    return [m["model_id"] for m in json.loads(ok(result).out)]


def is_zero_priced(model: dict[str, Any]) -> bool:
    pricing = model.get("pricing") or {}
    return pricing.get("input") == 0 and pricing.get("output") == 0


# -- costs at volume -----------------------------------------------------------------------------


def test_a_monthly_cost_at_100_requests_a_day(live: Aihub) -> None:
    shown = json.loads(ok(live("show", "gpt-5", *WORKLOAD, *RATE, "--json")).out)
    # gpt-5 at $1.25 / $10: 20k in, 2k out is $0.045; 3,000 of them in 30 days, $135.
    assert shown["estimated_cost_usd"] == 0.045
    assert shown["estimated_monthly_cost_usd"] == 135
    plain = ok(live("show", "gpt-5", *WORKLOAD, *RATE, "-o", "plain")).out
    assert "estimated_cost_usd\t0.045\nestimated_monthly_cost_usd\t135\n" in plain
    weekly = json.loads(ok(live("show", "gpt-5", *WORKLOAD, "--requests", "7/week", "--json")).out)
    assert weekly["estimated_monthly_cost_usd"] == pytest.approx(0.045 * 30)
    monthly = json.loads(
        ok(live("show", "gpt-5", *WORKLOAD, "--requests", "1k/month", "--json")).out
    )
    assert monthly["estimated_monthly_cost_usd"] == 45


def test_a_weekly_rate_s_month_is_rounded_as_every_cost_is(live: Aihub) -> None:
    # 100/week is 428.571428... requests a month: $0.045 each is 19.2857142857... USD,
    # rounded to 8 places as every cost aihub gives (docs/costs.md), in JSON and in plain.
    args = ("show", "gpt-5", *WORKLOAD, "--requests", "100/week")
    shown = json.loads(ok(live(*args, "--json")).out)
    assert (shown["estimated_cost_usd"], shown["estimated_monthly_cost_usd"]) == (
        0.045,
        19.28571429,
    )
    plain = ok(live(*args, "-o", "plain")).out
    assert "estimated_cost_usd\t0.045\nestimated_monthly_cost_usd\t19.28571429\n" in plain
    # deepseek-v3.2: $0.006946 a request, 2.976857142857... a month.
    two = ("gpt-5", "deepseek-v3.2")
    listed = ok(live("list", *two, *WORKLOAD, "--requests", "100/week", "--json"))
    assert [m["estimated_monthly_cost_usd"] for m in json.loads(listed.out)] == [
        19.28571429,
        2.97685714,
    ]


def test_monthly_figures_are_cents_from_a_dollar_up(live: Aihub) -> None:
    # One money format for a month: $19.29, not $19.2857; below a dollar the digits that
    # tell amounts apart stay ($0.006946).
    args = ("compare", "gpt-5", "deepseek-v3.2", *WORKLOAD)
    week = ok(live(*args, "--requests", "100/week", "-o", "table")).out
    assert next(line for line in week.splitlines() if line.startswith("Monthly")).split() == [
        "Monthly",
        "$19.29",
        "$2.98",
    ]
    once = ok(live(*args, "--requests", "1/month", "-o", "table")).out
    assert next(line for line in once.splitlines() if line.startswith("Monthly")).split() == [
        "Monthly",
        "$0.045",
        "$0.006946",
    ]
    panel = ok(live("show", "gpt-5", *WORKLOAD, "--requests", "100/week", "-o", "table")).out
    assert "Monthly                     $19.29  (30 days)" in panel


def test_no_estimate_no_monthly_cost_and_the_same_reason(live: Aihub) -> None:
    shown = json.loads(ok(live("show", "gpt-5", "--input-tokens", "2M", *RATE, "--json")).out)
    assert shown["estimated_cost_usd"] is None
    assert shown["estimated_monthly_cost_usd"] is None
    assert shown["estimate_unavailable"] == "exceeds the 400K context"


def test_without_a_rate_the_json_has_no_monthly_field(live: Aihub) -> None:
    shown = json.loads(ok(live("show", "gpt-5", *WORKLOAD, "--json")).out)
    assert "estimated_monthly_cost_usd" not in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (RATE, "aihub: --requests needs a workload: --input-tokens and/or --output-tokens\n"),
        (
            (*WORKLOAD, "--requests", "100/year"),
            "not a request rate (try 100/day, 500/week or 10k/month)",
        ),
    ],
)
def test_a_rate_without_a_workload_or_a_period_is_a_usage_error(
    live: Aihub, args: tuple[str, ...], message: str
) -> None:
    result = live("show", "gpt-5", *args)
    assert result.code == 2 and result.out == ""
    assert message in result.err and result.err.count("\n") <= 2


def test_compare_shows_the_monthly_row_and_why_a_cell_has_none(live: Aihub) -> None:
    three = ("gpt-5", "deepseek-v3.2", "claude-sonnet-4-5")
    table = ok(live("compare", *three, *WORKLOAD, *RATE, "-o", "table")).out
    monthly = next(line for line in table.splitlines() if line.startswith("Monthly"))
    # Cents from a dollar up, as a bill reads (docs/costs.md).
    assert monthly.split() == ["Monthly", "$135.00", "$20.84", "$270.00"]
    big = ok(live("compare", *three, "--input-tokens", "2M", "-o", "table")).out
    cost = next(line for line in big.splitlines() if line.startswith("Est. cost"))
    assert re.split(r"\s{2,}", cost.strip()) == [
        "Est. cost",
        "> 400K context",
        "> 128K context",
        "> 200K context",
    ]
    plain = ok(live("compare", *three, *WORKLOAD, *RATE, "-o", "plain")).out
    assert "estimated_monthly_cost_usd\t135\t20.838\t270\n" in plain


def test_list_adds_a_monthly_column_and_sorts_by_it(live: Aihub) -> None:
    args = ("list", "gpt-5", "deepseek-v3.2", "claude-sonnet-4-5", *WORKLOAD, *RATE)
    plain = ok(live(*args, "--sort", "cost", "-o", "plain")).out.splitlines()
    header = plain[0].split("\t")
    assert header[-2:] == ["estimated_cost_usd", "estimated_monthly_cost_usd"]
    assert [(row.split("\t")[0], row.split("\t")[-1]) for row in plain[1:]] == [
        ("deepseek-v3.2", "20.838"),
        ("gpt-5", "135"),
        ("claude-sonnet-4-5", "270"),
    ]


def test_max_cost_weighs_the_month_with_a_rate_and_the_request_without(live: Aihub) -> None:
    result = live("list", *WORKLOAD, *RATE, "--max-cost", "50", "--json")
    kept = json.loads(ok(result).out)
    listed = [m["model_id"] for m in kept]
    assert "deepseek-v3.2" in listed and "gpt-5" not in listed
    assert all(m["estimated_monthly_cost_usd"] <= 50 for m in kept)
    # Image and speech models have no estimate: left out, and said so.
    note = UNKNOWN_NOTE.fullmatch(result.err)
    assert note and note.group(2) == "price in USD per 1M tokens"
    with_unknown = ids(
        live("list", *WORKLOAD, *RATE, "--max-cost", "50", "--include-unknown", "--json")
    )
    assert len(with_unknown) - len(listed) == int(note.group(1).replace(",", ""))
    assert "V_2" in with_unknown and "gpt-5" not in with_unknown
    per_request = ids(live("list", *WORKLOAD, "--max-cost", "0.01", "--json"))
    assert "deepseek-v3.2" in per_request and "gpt-5" not in per_request


def test_max_cost_needs_a_workload(live: Aihub) -> None:
    result = live("list", "--max-cost", "50")
    assert (result.code, result.err) == (
        2,
        "aihub: --max-cost needs a workload: --input-tokens and/or --output-tokens\n",
    )


# -- free routes kept apart ---------------------------------------------------------------------

QUESTION = ("list", "-f", "thinking,tools", "--min-context", "200k", "--sort", "price", "--json")


def test_paid_leaves_out_the_zero_priced_routes(live: Aihub) -> None:
    everything = json.loads(ok(live(*QUESTION)).out)
    assert "gpt-5-free" in [m["model_id"] for m in everything]
    assert is_zero_priced(everything[0])  # what the question answered before --paid
    paid = json.loads(ok(live(*QUESTION, "--paid")).out)
    assert paid and not any(is_zero_priced(m) for m in paid)
    assert [m for m in everything if not is_zero_priced(m)] == paid


def test_free_and_paid_together_is_a_usage_error(live: Aihub) -> None:
    result = live("list", "--free", "--paid")
    assert (result.code, result.err) == (
        2,
        "aihub: --free and --paid leave nothing between them; give one\n",
    )


def test_exclude_takes_shell_patterns_in_any_case_and_comma_lists(
    live: Aihub, entries: list[dict[str, Any]]
) -> None:
    free_ids = [e["model_id"] for e in entries if e["model_id"].endswith("-free")]
    assert len(free_ids) >= 20
    listed = ids(live(*QUESTION, "--exclude", "*-free"))
    assert listed and not [i for i in listed if i.endswith("-free")]
    assert ids(live(*QUESTION, "--exclude", "*-FREE")) == listed
    both = ids(live("list", "--json", "--exclude", "*-free,*:free", "--exclude", "gpt-5*"))
    assert not [i for i in both if i.endswith(("-free", ":free")) or i.startswith("gpt-5")]
    assert len(both) == len(entries) - len(
        [e for e in entries if re.fullmatch(r".*(-free|:free)|gpt-5.*", e["model_id"].lower())]
    )


def test_exclude_works_for_export_and_changes(live: Aihub) -> None:
    exported = ok(live("export", "litellm", "-f", "thinking,tools", "--exclude", "*-free")).out
    assert "gpt-5-free" not in exported
    assert 'model_name: "gpt-5"\n' in exported
    assert live("changes", "--exclude", "*-free").code == 0


def test_show_names_the_paid_model_of_a_free_route(live: Aihub) -> None:
    out = ok(live("show", "gpt-5-free", "-o", "table")).out
    assert re.search(r"Variant of +gpt-5, the paid model of this free route", out)
    assert "variant_of\tgpt-5\n" in ok(live("show", "gpt-5-free", "-o", "plain")).out


# -- no silent drops ---------------------------------------------------------------------------


def test_unknown_contexts_are_counted_on_stderr(live: Aihub) -> None:
    result = live(*QUESTION)
    note = UNKNOWN_NOTE.fullmatch(result.err)
    assert note, result.err
    parts = re.fullmatch(r"the features of ([\d,]+), the context length of ([\d,]+)", note.group(2))
    assert parts, note.group(2)
    left_out = int(note.group(1).replace(",", ""))
    # Those whose features are known (thinking and tools) but whose context is not.
    context_only = [
        m
        for m in json.loads(ok(live(*QUESTION, "--include-unknown")).out)
        if m.get("context_length") in (None, 0)
        and {"thinking", "tools"}
        <= {f.replace("function_calling", "tools") for f in m.get("features") or []}
    ]
    assert "coding-glm-5.2" in [m["model_id"] for m in context_only]
    assert len(context_only) <= int(parts.group(2).replace(",", "")) <= left_out
    with_unknown = ids(live(*QUESTION, "--include-unknown"))
    assert len(with_unknown) - len(ids(result)) == left_out
    # coding-glm-5.2 has thinking and tools and a context the catalog does not state.
    assert "coding-glm-5.2" in with_unknown and "coding-glm-5.2" not in ids(result)


def test_an_untyped_token_model_is_of_unknown_type_not_another_type(live: Aihub) -> None:
    result = live("list", "-t", "llm", "--json")
    note = UNKNOWN_NOTE.fullmatch(result.err)
    assert note and note.group(2) == "type"
    llm = ids(result)
    assert "deepseek-v3" not in llm and "gpt-4o-mini-global" not in llm
    with_unknown = ids(live("list", "-t", "llm", "--include-unknown", "--json"))
    assert {"deepseek-v3", "gpt-4o-mini-global", "glm-4.5"} <= set(with_unknown)
    assert "V_2" not in with_unknown  # typed image_generation: a mismatch
    assert len(with_unknown) - len(llm) == int(note.group(1).replace(",", ""))


def test_a_filter_nothing_is_unknown_to_says_nothing(live: Aihub) -> None:
    result = live("list", "--exclude", "*-free", "--paid", "--model", "gpt", "--json")
    assert result.code == 0 and result.err == ""


# -- one capability, one filter ----------------------------------------------------------------


def test_tools_and_function_calling_match_each_other(live: Aihub) -> None:
    tools = json.loads(ok(live("list", "-f", "tools", "--json")).out)
    by_id = {m["model_id"]: m for m in tools}
    for only_function_calling in ("gpt-5.1-codex", "grok-4", "kimi-k2.6"):
        assert "tools" not in by_id[only_function_calling]["features"]
    assert by_id["kimi-k2.6"]["features"] == ["function_calling"]  # the catalog's own word
    function_calling = ids(live("list", "-f", "function_calling", "--json"))
    assert sorted(function_calling) == sorted(by_id)
    assert "o4-mini" in function_calling  # it says "tool"


# -- named sets --------------------------------------------------------------------------------


def test_list_named_models_in_the_order_given(live: Aihub) -> None:
    three = ["gpt-5", "deepseek-v3.2", "claude-sonnet-4-5"]
    assert ids(live("list", *three, "--json")) == three
    assert ok(live("list", *three, "-o", "ids", "--sort", "price")).out == (
        "deepseek-v3.2\ngpt-5\nclaude-sonnet-4-5\n"
    )
    assert ok(live("list", *three, "--columns", "id,in", "-o", "csv")).out == (
        "model_id,pricing.input\ngpt-5,1.25\ndeepseek-v3.2,0.302\nclaude-sonnet-4-5,3\n"
    )
    markdown = ok(live("list", *three, "-n", "2", "-o", "markdown")).out.splitlines()
    assert re.fullmatch(
        r"2 of 3 models · catalog as of \d{4}-\d\d-\d\d \d\d:\d\d UTC", markdown[-1]
    ), markdown[-1]


def test_named_models_the_filters_leave_out_are_said(live: Aihub) -> None:
    result = ok(live("list", "gpt-5", "deepseek-v3.2", "--max-price", "1", "-o", "ids"))
    assert result.out == "deepseek-v3.2\n"
    assert result.err == "aihub: 1 of the 2 models named left out by the filters: gpt-5\n"
    alone = ok(live("list", "gpt-5", "--max-price", "1", "-o", "ids"))
    assert alone.out == ""
    assert alone.err.startswith("aihub: the model named left out by the filters: gpt-5\n")
    kept = ok(live("list", "gpt-5", "deepseek-v3.2", "--max-price", "2", "-o", "ids"))
    assert (kept.out, kept.err) == ("gpt-5\ndeepseek-v3.2\n", "")


def test_an_unknown_named_model_exits_3_with_suggestions(live: Aihub) -> None:
    result = live("list", "gpt-5", "deepseek-v3.2x", "claude-sonnet-4-5", "--json")
    assert (result.code, result.out) == (3, "")
    assert result.err.startswith("aihub: no model 'deepseek-v3.2x'; did you mean deepseek-v3.2")


def test_the_fast_parser_reads_named_models_rates_and_separators() -> None:
    parsed = fastpath.parse(["list", "gpt-5", "grok-4", "--requests", "2,000/week", "-n", "1,000"])
    assert parsed is not None
    assert parsed.values["models"] == ["gpt-5", "grok-4"]
    assert (parsed.values["requests"].count, parsed.values["requests"].period) == (2000, "week")
    assert parsed.values["limit"] == 1000


# -- small honest things -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        (("--min-context", "128,000"), ("--min-context", "128k")),
        (("--max-price", "1,000"), ("--max-price", "1000")),
        (("-n", "1,000"), ("-n", "1000")),
    ],
)
def test_thousands_separators_are_read(
    live: Aihub, typed: tuple[str, ...], plain: tuple[str, ...]
) -> None:
    assert ok(live("list", "--json", *typed)).out == ok(live("list", "--json", *plain)).out


def test_a_badly_grouped_number_is_refused(live: Aihub) -> None:
    result = live("list", "--min-context", "1,28000")
    assert result.code == 2 and "'1,28000' is not a token count" in result.err
    shown = json.loads(
        ok(live("show", "gemini-2.5-pro", "--input-tokens", "2,000,000", "--json")).out
    )
    assert shown["estimate_unavailable"] == "exceeds the 1.05M context"


def test_a_truncated_table_says_how_many_matched(
    live: Aihub, entries: list[dict[str, Any]]
) -> None:
    out = ok(live("list", "-n", "25", "-o", "markdown")).out.splitlines()
    assert out[-1].startswith(f"25 of {len(entries)} models · catalog as of ")


def test_suggestions_put_the_newest_version_first(tmp_path: Path) -> None:
    models = [
        {"model_id": model_id, "pricing": {"input": 1, "output": 2}}
        for model_id in (
            "deepseek-ai/deepseek-llm-67b-chat",
            "deepseek-v3",
            "deepseek-v3.2",
            "deepseek-r1",
        )
    ]
    with CatalogServer(models) as server:
        result = Aihub(server, tmp_path / "cache")("show", "deepseek")
    assert (result.code, result.err) == (
        3,
        "aihub: no model 'deepseek'; did you mean deepseek-v3.2, deepseek-v3, deepseek-r1, "
        "deepseek-ai/deepseek-llm-67b-chat?\n",
    )


def test_markdown_captions_give_the_date_not_the_age(live: Aihub) -> None:
    listed = ok(live("list", "gpt-5", "-o", "markdown")).out.splitlines()[-1]
    assert re.fullmatch(r"1 model · catalog as of \d{4}-\d\d-\d\d \d\d:\d\d UTC", listed), listed
    legacy = ok(live("legacy", "-o", "markdown")).out.splitlines()[-1]
    assert re.fullmatch(
        r"\d+ models · list as of \d{4}-\d\d-\d\d \d\d:\d\d UTC · in the default group \(no key\)",
        legacy,
    ), legacy
    table = ok(live("list", "gpt-5", "-o", "table")).out.splitlines()[-1]
    assert re.fullmatch(r"1 model · catalog (fetched just now|\d+ s old)", table), table


def test_compare_markdown_has_list_s_caption(live: Aihub) -> None:
    two = ("gpt-5", "deepseek-v3.2")
    compared = ok(live("compare", *two, "-o", "markdown")).out.splitlines()
    listed = ok(live("list", *two, "-o", "markdown")).out.splitlines()
    assert (compared[-2], compared[-1]) == ("", listed[-1])
    assert re.fullmatch(r"2 models · catalog as of \d{4}-\d\d-\d\d \d\d:\d\d UTC", compared[-1])


def test_a_misspelt_value_among_others_is_named_not_ignored(live: Aihub) -> None:
    llm = live("list", "--type", "llm", "-o", "ids")
    result = live("list", "--type", "llm,embeding", "-o", "ids")
    assert (result.code, result.out) == (0, llm.out)  # what the known value matches
    assert result.err.splitlines()[-1] == (
        "aihub: no model has type 'embeding'; the catalog has: embedding, image_generation, "
        "llm, ocr, rerank, search, stt, tts, video"
    )
    kept = live("list", "--features", "thinkng", "--include-unknown", "-o", "ids")
    assert kept.code == 0 and kept.out  # the models whose features are unknown
    assert "aihub: no model has feature 'thinkng'; the catalog has: " in kept.err


def test_max_price_says_media_prices_are_not_usd_per_1m_tokens(live: Aihub) -> None:
    result = live("list", "--max-price", "100", "--json")
    note = UNKNOWN_NOTE.fullmatch(result.err)
    assert note and note.group(2) == "input price in USD per 1M tokens"
    with_unknown = ids(live("list", "--max-price", "100", "--include-unknown", "--json"))
    assert "V_2" in with_unknown and "V_2" not in ids(result)  # an image model's bare 2
