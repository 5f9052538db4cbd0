"""`aihub show`, `aihub compare` and cost estimates, through the real CLI and catalog server.

The pinned renderings were checked value by value against tests/fixtures/catalog.json; the
cost figures are worked out by hand beside them (prices are USD per 1M tokens).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import COLOUR_TERMINAL, TERMINAL, Aihub, Outcome

BOLD_GREEN = "\x1b[1;32m"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HIGHLIGHTED = re.compile(r"\x1b\[1;32m([^\x1b]*?) *\x1b\[0m")

FIXTURE = Path(__file__).parents[1] / "fixtures" / "catalog.json"


def fixture_entry(model_id: str) -> dict[str, Any]:
    data: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["data"]
    return next(entry for entry in data if entry.get("model_id") == model_id)


def succeeded(result: Outcome) -> str:
    assert result.code == 0, result.err
    return result.out


def as_json(result: Outcome) -> Any:
    return json.loads(succeeded(result))


def listed(aihub: Aihub, *args: str) -> list[dict[str, Any]]:
    models: list[dict[str, Any]] = as_json(aihub("list", "--json", *args))
    return models


def row(table: str, label: str) -> str:
    """The raw (possibly styled) line of a compare table whose label is `label`."""
    for line in table.splitlines():
        text = _ANSI.sub("", line)
        if text.startswith(label) and text[len(label) : len(label) + 2] == "  ":
            return line
    raise AssertionError(f"no row {label!r} in:\n{_ANSI.sub('', table)}")


def highlighted(line: str) -> list[str]:
    """The cells of a styled line drawn bold green, in order, without their padding."""
    return _HIGHLIGHTED.findall(line)


def failed_with(result: Outcome, code: int) -> str:
    """The one error line of a failed run (warnings about the catalog may come before it)."""
    assert result.code == code, result.err
    assert result.out == ""
    *before, last = result.err.splitlines()
    assert all(line.startswith("aihub: warning: ") for line in before), result.err
    assert last.startswith("aihub: ")
    return last


# -- show: the panel --------------------------------------------------------------------------

GPT5_PANEL = """\
╭─ gpt-5 ──────────────────────────────────────────────────────────────────────────────────────────╮
│ Name                        GPT-5                                                                │
│ Type                        llm                                                                  │
│ Description                 GPT-5 is OpenAI flagship model for coding, reasoning, and agentic    │
│                             tasks across domains.                                                │
│ Context                     400K tokens (400,000)                                                │
│ Max output                  128K tokens (128,000)                                                │
│ Prices (USD per 1M tokens)  input $1.25 · output $10 · cache read $0.125 · cache write —         │
│ Features                    thinking, tools, function_calling, structured_outputs                │
│ Input                       text, image                                                          │
│ Output                      text                                                                 │
│ Endpoints                   chat_completions, responses                                          │
│ Released                    2025-08-07                                                           │
│ Status                      active                                                               │
│ More                        developer_id: 1 · vendor: OpenAI · reasoning: true · tool_call: true │
│                             · reasoning_options: ["minimal", "low", "medium", "high"] ·          │
│                             last_updated: 2025-08-07 · open_weights: false · pricing_source:     │
│                             official                                                             │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
"""

# 300K input tokens would be billed at the tier's rates, but they do not fit the 200K window:
# no estimate, and the reason instead.
SONNET_PANEL_300K = """\
╭─ claude-sonnet-4-5 ──────────────────────────────────────────────────────────────────────────────╮
│ Name                        Claude Sonnet 4.5                                                    │
│ Type                        llm                                                                  │
│ Description                 Claude Sonnet 4.5 is Anthropic's best model for complex agents and   │
│                             coding, with extended thinking.                                      │
│ Context                     200K tokens (200,000)                                                │
│ Max output                  64K tokens (64,000)                                                  │
│ Prices (USD per 1M tokens)  input $3 · output $15 · cache read $0.30 · cache write $3.75         │
│ Long context                input above  input  output  cache read  cache write                  │
│                             200K tokens     $6  $22.50       $0.60        $7.50                  │
│ Est. cost                   none: exceeds the 200K context  (300K in, 10K out)                   │
│ Features                    thinking, tools, function_calling                                    │
│ Input                       text, image, pdf                                                     │
│ Endpoints                   chat_completions, claude_api                                         │
│ Released                    2025-09-29                                                           │
│ Status                      active                                                               │
│ More                        developer_id: 2 · vendor: Anthropic · reasoning: true · tool_call:   │
│                             true · last_updated: 2025-09-29 · open_weights: false ·              │
│                             pricing_source: official                                             │
╰──────────────────────────────────────────────────────────────────────────────────────────────────╯
"""


def test_show_draws_everything_the_catalog_says(aihub: Aihub) -> None:
    assert succeeded(aihub("show", "gpt-5", terminal=TERMINAL)) == GPT5_PANEL


def test_show_draws_long_context_tiers_and_the_estimate(aihub: Aihub) -> None:
    result = aihub(
        "show",
        "claude-sonnet-4-5",
        "--input-tokens",
        "300k",
        "--output-tokens",
        "10k",
        terminal=TERMINAL,
    )
    assert succeeded(result) == SONNET_PANEL_300K


def test_a_long_context_tier_bills_the_whole_request(aihub: Aihub) -> None:
    result = aihub(
        "show", "gemini-2.5-pro", "--input-tokens", "300k", "--output-tokens", "10k", "--json"
    )
    # 300K input exceeds the 200K tier and fits the 1.05M window, so the tier's rates bill it:
    # 300000 x 2.5 / 1e6 = 0.75; 10000 x 15 / 1e6 = 0.15; 0.75 + 0.15 = 0.9
    assert as_json(result)["estimated_cost_usd"] == 0.9


def test_a_workload_beyond_the_context_has_no_estimate_and_says_why(aihub: Aihub) -> None:
    # gpt-4o-mini: a 128K window.
    result = aihub("show", "gpt-4o-mini", "--input-tokens", "300k", "--json")
    shown = as_json(result)
    assert shown["estimated_cost_usd"] is None
    assert shown["estimate_unavailable"] == "exceeds the 128K context"
    out = succeeded(aihub("show", "gpt-4o-mini", "--input-tokens", "300k", terminal=TERMINAL))
    assert "│ Est. cost                   none: exceeds the 128K context  (300K in, 0 out)" in out
    assert "$0.045" not in out


def test_show_says_unknown_for_what_the_catalog_does_not_know(aihub: Aihub) -> None:
    # mistral-large-latest: max_output 0 and pricing null.
    out = succeeded(
        aihub("show", "mistral-large-latest", "--input-tokens", "1k", terminal=TERMINAL)
    )
    assert "│ Max output                  unknown  " in out
    assert "│ Prices (USD per 1M tokens)  —  " in out
    assert "│ Est. cost                   none: no input price  (1K in, 0 out)  " in out
    assert "$0" not in out  # unknown is never shown as free


def test_show_claims_no_unit_for_image_prices_and_estimates_nothing(aihub: Aihub) -> None:
    out = succeeded(aihub("show", "dall-e-3", "--input-tokens", "1k", terminal=TERMINAL))
    assert "Prices (unit not documented)  input 40 · output 80 · cache read —" in out
    assert "Est. cost                     none: price unit not documented  (1K in, 0 out)" in out
    assert "$" not in out and "USD" not in out


def test_show_marks_a_deprecated_model(aihub: Aihub) -> None:
    out = succeeded(aihub("show", "gpt-4-32k", terminal=TERMINAL))
    assert "│ Status                      deprecated †" in out
    assert "│ Released                    2023-03-14" in out


# -- show: which model ------------------------------------------------------------------------


def test_show_near_miss_exits_3_with_suggestions(aihub: Aihub) -> None:
    error = failed_with(aihub("show", "gpt-5-min", terminal=TERMINAL), 3)
    assert error == "aihub: no model 'gpt-5-min'; did you mean gpt-5-mini, gpt-4o-mini, gpt-5-nano?"


def test_show_offers_both_ids_that_differ_only_in_case(aihub: Aihub) -> None:
    error = failed_with(aihub("show", "QWEN/QWQ-32B"), 3)
    assert error == "aihub: no model 'QWEN/QWQ-32B'; did you mean Qwen/QwQ-32B, qwen/qwq-32b?"


@pytest.mark.parametrize(
    ("query", "model_id", "context_length"),
    [
        ("qwen/qwq-32b", "qwen/qwq-32b", 32768),  # exact, though a case twin exists
        ("Qwen/QwQ-32B", "Qwen/QwQ-32B", 131072),
        ("GPT-5", "gpt-5", 400000),  # the only id equal to it but for case
        ("Claude-Sonnet-4-5", "claude-sonnet-4-5", 200000),
    ],
)
def test_show_resolves_exact_ids_then_a_unique_match_in_any_case(
    aihub: Aihub, query: str, model_id: str, context_length: int
) -> None:
    shown = as_json(aihub("show", query, "--json"))
    assert (shown["model_id"], shown["context_length"]) == (model_id, context_length)
    panel = succeeded(aihub("show", query, terminal=TERMINAL))
    assert panel.startswith(f"╭─ {model_id} ─")


# -- show and compare: JSON ----------------------------------------------------------------------


def test_show_json_is_the_same_object_as_list_json(aihub: Aihub) -> None:
    shown = as_json(aihub("show", "claude-sonnet-4-5", "--json"))
    (listed_model,) = [m for m in listed(aihub) if m["model_id"] == "claude-sonnet-4-5"]
    assert shown == listed_model
    assert "estimated_cost_usd" not in shown  # no workload, no estimate


def test_show_json_gains_the_estimate_with_a_workload(aihub: Aihub) -> None:
    shown = as_json(
        aihub("show", "gpt-5", "--json", "--input-tokens", "100k", "--output-tokens", "10k")
    )
    # 100000 x 1.25 / 1e6 = 0.125; 10000 x 10 / 1e6 = 0.1; 0.125 + 0.1 = 0.225
    assert shown["estimated_cost_usd"] == 0.225
    (listed_model,) = [m for m in listed(aihub) if m["model_id"] == "gpt-5"]
    assert {k: v for k, v in shown.items() if k != "estimated_cost_usd"} == listed_model


def test_compare_json_is_an_array_in_the_asked_order_with_estimates(aihub: Aihub) -> None:
    compared = as_json(
        aihub(
            "compare",
            "claude-sonnet-4-5",
            "gpt-5",
            "mistral-large-latest",
            "dall-e-3",
            "--json",
            "--input-tokens",
            "100k",
            "--output-tokens",
            "10k",
        )
    )
    assert [m["model_id"] for m in compared] == [
        "claude-sonnet-4-5",
        "gpt-5",
        "mistral-large-latest",
        "dall-e-3",
    ]
    assert [m["estimated_cost_usd"] for m in compared] == [
        0.45,  # 100000 x 3 / 1e6 = 0.3; 10000 x 15 / 1e6 = 0.15; 0.3 + 0.15 = 0.45
        0.225,  # 100000 x 1.25 / 1e6 = 0.125; 10000 x 10 / 1e6 = 0.1
        None,  # pricing null: unknown, not free
        None,  # an image model: its prices are not per token
    ]
    by_id = {m["model_id"]: m for m in listed(aihub)}
    assert [m.get("estimate_unavailable") for m in compared] == [
        None,
        None,
        "no input price",
        "price unit not documented",
    ]
    for model in compared:
        model.pop("estimated_cost_usd")
        model.pop("estimate_unavailable", None)
        assert model == by_id[model["model_id"]]


def test_compare_json_without_workload_is_the_list_objects(aihub: Aihub) -> None:
    compared = as_json(aihub("compare", "gpt-5", "o3", "--json"))
    by_id = {m["model_id"]: m for m in listed(aihub)}
    assert compared == [by_id["gpt-5"], by_id["o3"]]


# -- compare: the table -------------------------------------------------------------------------


def test_compare_table(aihub: Aihub) -> None:
    result = aihub(
        "compare",
        "gpt-5",
        "claude-sonnet-4-5",
        "--input-tokens",
        "100k",
        "--output-tokens",
        "10k",
        terminal=TERMINAL,
    )
    # Est. cost: gpt-5 100000 x 1.25 / 1e6 + 10000 x 10 / 1e6 = 0.125 + 0.1 = $0.225;
    # claude-sonnet-4-5 100000 x 3 / 1e6 + 10000 x 15 / 1e6 = 0.3 + 0.15 = $0.45.
    assert succeeded(result) == (
        "                     gpt-5                         claude-sonnet-4-5           \n"
        "───────────────────────────────────────────────────────────────────────────────\n"
        "Type                 llm                           llm                         \n"
        "Context              400K                          200K                        \n"
        "Max output           128K                          64K                         \n"
        "Input $/1M           $1.25                         $3                          \n"
        "Output $/1M          $10                           $15                         \n"
        "Cache read $/1M      $0.125                        $0.30                       \n"
        "Cache write $/1M     —                             $3.75                       \n"
        "Est. cost            $0.225                        $0.45                       \n"
        "thinking             ✓                             ✓                           \n"
        "tools                ✓                             ✓                           \n"
        "function_calling     ✓                             ✓                           \n"
        "web                  ✗                             ✗                           \n"
        "deepsearch           ✗                             ✗                           \n"
        "long_context         ✗                             ✗                           \n"
        "structured_outputs   ✓                             ✗                           \n"
        "Input                text, image                   text, image, pdf            \n"
        "Output               text                          —                           \n"
        "Endpoints            chat_completions, responses   chat_completions, claude_api\n"
        "Released             2025-08-07                    2025-09-29                  \n"
    )


def test_compare_highlights_the_largest_window_and_the_cheapest_price(aihub: Aihub) -> None:
    table = succeeded(
        aihub(
            "compare",
            "gpt-5",
            "claude-sonnet-4-5",
            "--input-tokens",
            "100k",
            "--output-tokens",
            "10k",
            terminal=COLOUR_TERMINAL,
        )
    )
    assert highlighted(row(table, "Context")) == ["400K"]
    assert highlighted(row(table, "Max output")) == ["128K"]
    assert highlighted(row(table, "Input $/1M")) == ["$1.25"]
    assert f"{BOLD_GREEN}$1.25" in row(table, "Input $/1M")
    assert highlighted(row(table, "Cache read $/1M")) == ["$0.125"]
    assert highlighted(row(table, "Est. cost")) == ["$0.225"]
    # Only claude-sonnet-4-5 has a cache write price: nothing to single out.
    assert highlighted(row(table, "Cache write $/1M")) == []
    # Rows where both agree, and rows that are not numbers, stay plain.
    assert highlighted(row(table, "Type")) == []
    assert highlighted(row(table, "thinking")) == []
    assert highlighted(row(table, "structured_outputs")) == []


def test_compare_highlights_every_model_sharing_the_best_value(aihub: Aihub) -> None:
    table = succeeded(
        aihub("compare", "gpt-5", "claude-sonnet-4-5", "gpt-5-codex", terminal=COLOUR_TERMINAL)
    )
    assert highlighted(row(table, "Input $/1M")) == ["$1.25", "$1.25"]
    assert highlighted(row(table, "Context")) == ["400K", "400K"]


def test_compare_highlights_nothing_when_every_model_agrees(aihub: Aihub) -> None:
    table = succeeded(aihub("compare", "gpt-5", "gpt-5-codex", terminal=COLOUR_TERMINAL))
    assert "\x1b[1m" in table  # colour is on: the labels are bold
    assert BOLD_GREEN not in table


def test_compare_highlights_nothing_when_only_one_value_is_known(aihub: Aihub) -> None:
    # mistral-large-latest has no prices and no max output.
    table = succeeded(
        aihub(
            "compare",
            "gpt-5",
            "mistral-large-latest",
            "--input-tokens",
            "1k",
            terminal=COLOUR_TERMINAL,
        )
    )
    for label in ("Max output", "Input $/1M", "Output $/1M", "Est. cost"):
        assert highlighted(row(table, label)) == [], label
    assert highlighted(row(table, "Context")) == ["400K"]  # 400K against 131K


def test_compare_does_not_rank_token_prices_against_prices_of_unknown_unit(aihub: Aihub) -> None:
    table = succeeded(aihub("compare", "gpt-5", "dall-e-3", terminal=COLOUR_TERMINAL))
    assert highlighted(row(table, "Input $/1M")) == []
    assert highlighted(row(table, "Output $/1M")) == []


def test_compare_diff_keeps_only_the_rows_that_differ(aihub: Aihub) -> None:
    full = succeeded(aihub("compare", "gpt-5", "gpt-5-codex", terminal=TERMINAL))
    assert len(full.splitlines()) == 20  # header, rule and 18 rows
    # gpt-5-codex is gpt-5 with other endpoints, no output modalities listed, a later date.
    assert succeeded(aihub("compare", "gpt-5", "gpt-5-codex", "--diff", terminal=TERMINAL)) == (
        "            gpt-5                         gpt-5-codex\n"
        "─────────────────────────────────────────────────────\n"
        "Output      text                          —          \n"
        "Endpoints   chat_completions, responses   responses  \n"
        "Released    2025-08-07                    2025-09-15 \n"
    )


def test_compare_diff_keeps_a_row_where_one_model_of_three_differs(aihub: Aihub) -> None:
    table = succeeded(
        aihub("compare", "gpt-5", "gpt-5-codex", "gpt-5-mini", "--diff", terminal=TERMINAL)
    )
    labels = [line.split("  ")[0] for line in table.splitlines()[2:]]
    assert labels == [
        "Input $/1M",
        "Output $/1M",
        "Cache read $/1M",
        "Output",
        "Endpoints",
        "Released",
    ]
    assert row(table, "Input $/1M").split() == ["Input", "$/1M", "$1.25", "$1.25", "$0.25"]


# -- compare: which models ------------------------------------------------------------------------


def test_compare_names_every_unknown_id_and_prints_nothing(aihub: Aihub) -> None:
    error = failed_with(aihub("compare", "gpt-5", "nope", "claude-sonet"), 3)
    assert error == (
        "aihub: no model 'nope'; no model 'claude-sonet'; did you mean claude-sonnet-4-5?"
    )


def test_compare_accepts_ids_in_any_case(aihub: Aihub) -> None:
    compared = as_json(aihub("compare", "GPT-5", "qwen/qwq-32b", "--json"))
    assert [m["model_id"] for m in compared] == ["gpt-5", "qwen/qwq-32b"]


def test_compare_needs_two_models(aihub: Aihub) -> None:
    result = aihub("compare", "gpt-5")
    assert (result.code, result.out) == (2, "")
    assert result.err == "aihub: compare needs at least two models (aihub show MODEL shows one)\n"
    assert aihub.catalog_requests() == []


# -- costs on list ------------------------------------------------------------------------------

# Models with no estimate for 100K in / 10K out, in catalog order: the workload exceeds a
# known context window or max output, the prices are not per token (image, video, speech),
# or a rate is missing (mistral-large-latest has no pricing at all).
UNKNOWN_COST = [
    "gpt-4-32k",  # 110K > 32.8K context
    "gemini-2.0-flash",  # 10K out > 8.19K max output
    "gemini-2.5-flash-image",  # image: unit not documented
    "deepseek-chat",  # 10K out > 8.19K max output
    "qwen/qwq-32b",  # 110K > 32.8K context
    "mistral-large-latest",  # pricing null
    "ERNIE-X1.1-Preview",  # 110K > 50.5K context
    "sonar-pro",  # 10K out > 8K max output
    "text-embedding-3-large",  # 110K > 8.19K context
    "text-embedding-3-small",
    "bge-reranker-v2-m3",
    "jina-reranker-m0",  # 110K > 10.2K context
    "dall-e-3",  # image, video and speech: unit not documented
    "gpt-image-1",
    "imagen-4.0-generate-001",
    "sora-2",
    "veo-3.0-generate-preview",
    "gpt-4o-mini-tts",
    "whisper-1",
    "gpt-4o-transcribe",
    "yi-lightning",  # 110K > 16.4K context
    "hunyuan-t1-latest",  # 110K > 92K context
    "mirage-7b",  # 110K > 32.8K context
    "lumen-13b-chat",  # 110K > 65.5K context
]


def test_list_sort_cost_ranks_cheapest_first_and_unknown_last(aihub: Aihub) -> None:
    result = aihub(
        "list", "--sort", "cost", "--input-tokens", "100k", "--output-tokens", "10k", "-o", "ids"
    )
    ranked = succeeded(result).splitlines()
    assert ranked[:6] == [
        "gemini-2.5-flash-free",  # rates 0 and 0: $0
        "jina-deepsearch-v1",  # 100000 x 0.05 / 1e6 + 10000 x 0.05 / 1e6 = 0.005 + 0.0005
        "gpt-5-nano",  # 100000 x 0.05 / 1e6 + 10000 x 0.4 / 1e6 = 0.005 + 0.004 = 0.009
        "gpt-oss-120b",  # 100000 x 0.1 / 1e6 + 10000 x 0.5 / 1e6 = 0.01 + 0.005 = 0.015
        "ernie-4.5-turbo-128k",  # 100000 x 0.11 / 1e6 + 10000 x 0.44 / 1e6 = 0.011 + 0.0044
        "gpt-4o-mini",  # 100000 x 0.15 / 1e6 + 10000 x 0.6 / 1e6 = 0.015 + 0.006 = 0.021
    ]
    assert ranked[-len(UNKNOWN_COST) :] == UNKNOWN_COST


def test_list_sort_cost_is_ascending_in_json(aihub: Aihub) -> None:
    models = listed(aihub, "--sort", "cost", "--input-tokens", "100k", "--output-tokens", "10k")
    costs = [m["estimated_cost_usd"] for m in models]
    known = [c for c in costs if c is not None]
    assert known == sorted(known)
    assert costs == known + [None] * len(UNKNOWN_COST)
    assert [m["model_id"] for m in models[len(known) :]] == UNKNOWN_COST
    # Ties keep catalog order: ernie-4.5-turbo-128k and yi-lightning both cost
    # 10000 x 0.11 / 1e6 + 1000 x 0.44 / 1e6 = 0.00154 = 10000 x 0.14 / 1e6 + 1000 x 0.14 / 1e6
    models = listed(aihub, "--sort", "cost", "--input-tokens", "10k", "--output-tokens", "1k")
    order = [m["model_id"] for m in models]
    assert order.index("yi-lightning") == order.index("ernie-4.5-turbo-128k") + 1


def test_list_plain_gains_an_estimated_cost_column(aihub: Aihub) -> None:
    workload = ("--input-tokens", "100k", "--output-tokens", "10k", "--cached-tokens", "50k")
    result = aihub("list", "-o", "plain", "--model", "gpt-5-", *workload)
    header, *rows = succeeded(result).splitlines()
    assert header.split("\t")[-1] == "estimated_cost_usd"
    assert {line.split("\t")[0]: line.split("\t")[-1] for line in rows} == {
        # 50000 x 1.25 / 1e6 + 50000 x 0.125 / 1e6 + 10000 x 10 / 1e6
        # = 0.0625 + 0.00625 + 0.1 = 0.16875
        "gpt-5-codex": "0.16875",
        # 50000 x 0.25 / 1e6 + 50000 x 0.025 / 1e6 + 10000 x 2 / 1e6
        # = 0.0125 + 0.00125 + 0.02 = 0.03375
        "gpt-5-mini": "0.03375",
        # 50000 x 0.05 / 1e6 + 50000 x 0.005 / 1e6 + 10000 x 0.4 / 1e6
        # = 0.0025 + 0.00025 + 0.004 = 0.00675
        "gpt-5-nano": "0.00675",
        "gpt-5-pro": "-",  # no cache read price, and 50K tokens are cache reads
    }


def test_list_without_workload_has_no_cost_column(aihub: Aihub) -> None:
    header = succeeded(aihub("list", "-o", "plain", "--model", "gpt-5-pro")).splitlines()[0]
    assert "estimated_cost_usd" not in header


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--sort", "cost"), "--sort cost needs a workload"),
        (("list", "--cached-tokens", "2k", "--input-tokens", "1k"), "--cached-tokens"),
        (("show", "gpt-5", "--cached-tokens", "2k", "--input-tokens", "1k"), "--cached-tokens"),
        (("compare", "gpt-5", "o3", "--cached-tokens", "1"), "--cached-tokens"),
        (("show", "gpt-5", "--input-tokens", "lots"), "'lots' is not a token count"),
    ],
)
def test_cost_usage_errors_exit_2_with_one_line(
    aihub: Aihub, args: tuple[str, ...], message: str
) -> None:
    result = aihub(*args)
    assert (result.code, result.out) == (2, "")
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("aihub: ")
    assert message in result.err
    assert aihub.catalog_requests() == []


def test_sort_cost_with_only_cached_tokens_is_a_usage_error(aihub: Aihub) -> None:
    result = aihub("list", "--sort", "cost", "--cached-tokens", "0", "-o", "ids")
    assert result.code == 2
    assert "--sort cost needs a workload" in result.err


# -- the cache ----------------------------------------------------------------------------------


def test_show_and_compare_answer_from_the_cache(aihub: Aihub) -> None:
    first = succeeded(aihub("show", "gpt-5", terminal=TERMINAL))
    assert len(aihub.catalog_requests()) == 1
    assert succeeded(aihub("show", "gpt-5", terminal=TERMINAL)) == first
    succeeded(aihub("compare", "gpt-5", "o3", terminal=TERMINAL))
    assert len(aihub.catalog_requests()) == 1  # no new request


# -- hostile text from the server -------------------------------------------------------------


@pytest.mark.parametrize("model_id", ["mirage-7b", "lumen-13b-chat"])
def test_show_makes_server_text_terminal_safe(aihub: Aihub, model_id: str) -> None:
    out = succeeded(aihub("show", model_id, terminal=TERMINAL))
    for dangerous in ("\x1b", "\x07", "\b", "\u202e", "\u202c"):
        assert dangerous not in out, repr(dangerous)


def test_show_prints_markup_in_server_text_literally(aihub: Aihub) -> None:
    out = succeeded(aihub("show", "mirage-7b", terminal=TERMINAL))
    assert "[bold]Mirage[/bold] 7B [link=https://example.invalid]click[/link]" in out
    # The panel's text with its borders and line breaks taken out.
    text = " ".join(line.strip("│ ") for line in out.splitlines())
    assert "Supports [bold red]not markup[/] and exe.txt safe files." in text
    # Whole escape sequences are gone, their text stays.
    assert "Mirage 7B FASTEST chat model." in text
    assert "Lumen [13B]" in succeeded(aihub("show", "lumen-13b-chat", terminal=TERMINAL))


@pytest.mark.parametrize("model_id", ["mirage-7b", "lumen-13b-chat"])
def test_show_json_keeps_server_text_exactly(aihub: Aihub, model_id: str) -> None:
    shown = as_json(aihub("show", model_id, "--json"))
    raw = fixture_entry(model_id)
    assert shown["desc"] == raw["desc"]
    assert shown["model_name"] == raw["model_name"]
    assert "\x1b" in shown["desc"] and "\u202e" in shown["desc"]


def test_compare_names_each_unknown_id_once(aihub: Aihub) -> None:
    result = aihub("compare", "nope", "nope", "gpt-5", "nope")
    assert result.code == 3
    assert result.err.splitlines()[-1].count("no model 'nope'") == 1


@pytest.mark.parametrize("columns", ["0", "-5", "abc"])
def test_show_with_a_columns_value_that_is_no_width_draws_for_the_terminal(
    aihub: Aihub, columns: str
) -> None:
    # COLUMNS=0 on a terminal drew nothing and exited 0.
    args = ("show", "gpt-5", "-o", "table")
    usual, expected = aihub.on_terminal(*args, columns=100)
    result, seen = aihub.on_terminal(*args, columns=100, env={"COLUMNS": columns})
    assert (usual.returncode, result.returncode) == (0, 0)
    assert seen == expected
    plain = re.sub(r"\x1b\[[0-9;]*m", "", seen)
    assert plain.startswith("╭─ gpt-5 ─")
    assert max(len(line) for line in plain.splitlines()) == 100


# -- compare: features the catalog does not state ----------------------------------------------


def test_features_a_model_does_not_state_read_as_unknown_not_as_lacking(aihub: Aihub) -> None:
    # gpt-4-32k's entry lists no features at all: unknown ("—", as list and show mark an
    # unknown value); claude-sonnet-4-5 lists its features, so it lacks structured_outputs.
    compared = ("gpt-5", "gpt-4-32k", "claude-sonnet-4-5")
    table = succeeded(aihub("compare", *compared, "--diff", "--columns", "features",
                            terminal=TERMINAL))  # fmt: skip
    assert table == (
        "                     gpt-5   gpt-4-32k   claude-sonnet-4-5\n"
        "──────────────────────────────────────────────────────────\n"
        "thinking             ✓       —           ✓                \n"
        "tools                ✓       —           ✓                \n"
        "function_calling     ✓       —           ✓                \n"
        "web                  ✗       —           ✗                \n"
        "deepsearch           ✗       —           ✗                \n"
        "long_context         ✗       —           ✗                \n"
        "structured_outputs   ✓       —           ✗                \n"
    )
    markdown = succeeded(aihub("compare", *compared, "--diff", "--columns", "features",
                               "-o", "markdown"))  # fmt: skip
    assert markdown.splitlines()[2:9] == [
        "| thinking | ✓ | — | ✓ |",
        "| tools | ✓ | — | ✓ |",
        "| function\\_calling | ✓ | — | ✓ |",
        "| web | ✗ | — | ✗ |",
        "| deepsearch | ✗ | — | ✗ |",
        "| long\\_context | ✗ | — | ✗ |",
        "| structured\\_outputs | ✓ | — | ✗ |",
    ]
    # Plain and CSV give the features field as list does: unknown is "-" and "".
    plain = succeeded(aihub("compare", *compared, "--columns", "features", "-o", "plain"))
    assert plain.splitlines()[1] == (
        "features\tthinking,tools,function_calling,structured_outputs\t-\t"
        "thinking,tools,function_calling"
    )
    csv = succeeded(aihub("compare", *compared, "--columns", "features", "-o", "csv"))
    assert csv.splitlines()[1] == (
        'features,"thinking,tools,function_calling,structured_outputs",,'
        '"thinking,tools,function_calling"'
    )


def test_two_models_that_state_no_features_agree_for_diff(aihub: Aihub) -> None:
    table = succeeded(aihub("compare", "gpt-4-32k", "yi-lightning", "--diff", terminal=TERMINAL))
    assert "thinking" not in table and "✗" not in table


def test_a_model_that_returns_no_output_does_not_win_the_output_price(aihub: Aihub) -> None:
    # text-embedding-3-small lists an output price of $0, but an embedding returns no output
    # tokens: o3's $8 is the cheapest output. The $0 is still shown, and its input price
    # still competes.
    args = ("compare", "gpt-5", "o3", "text-embedding-3-small")
    table = succeeded(aihub(*args, terminal=COLOUR_TERMINAL))
    assert highlighted(row(table, "Output $/1M")) == ["$8"]
    assert "$0" in _ANSI.sub("", row(table, "Output $/1M")).split()
    assert highlighted(row(table, "Input $/1M")) == ["$0.02"]
