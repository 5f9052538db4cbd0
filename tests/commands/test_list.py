"""`aihub list` against the loopback catalog: filters, sorts, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from tests.conftest import Aihub


def ids(aihub: Aihub, *args: str) -> list[str]:
    result = aihub("list", "--format", "ids", *args)
    assert result.code == 0, result.err
    return result.out.splitlines()


def listed(aihub: Aihub, *args: str) -> list[dict[str, Any]]:
    result = aihub("list", "--json", *args)
    assert result.code == 0, result.err
    models: list[dict[str, Any]] = json.loads(result.out)
    return models


# -- filters ---------------------------------------------------------------------------------


def test_type_filter_accepts_old_names_and_maps_them(aihub: Aihub) -> None:
    # dall-e-3 is sent as "t2i"; both spellings of the filter find it and the new ones.
    expected = ["gemini-2.5-flash-image", "dall-e-3", "gpt-image-1", "imagen-4.0-generate-001"]
    assert ids(aihub, "--type", "image_generation") == expected
    assert ids(aihub, "--type", "t2i") == expected


def test_type_filter_is_any_of_and_comma_lists_equal_repeats(aihub: Aihub) -> None:
    expected = ["bge-reranker-v2-m3", "jina-reranker-m0", "sora-2", "veo-3.0-generate-preview"]
    assert ids(aihub, "--type", "rerank,video") == expected
    assert ids(aihub, "--type", "rerank", "--type", "t2v") == expected


def test_multi_valued_types_match_each_type(aihub: Aihub) -> None:
    # "llm , search" arrives with spaces around the parts.
    assert ids(aihub, "--type", "search") == ["jina-deepsearch-v1", "sonar-pro"]
    assert "ERNIE-X1.1-Preview" in ids(aihub, "--type", "llm")  # sent as the old "t2t"


def test_features_filter_requires_all(aihub: Aihub) -> None:
    assert ids(aihub, "--features", "web,deepsearch") == ["jina-deepsearch-v1"]
    assert ids(aihub, "--features", "web", "-f", "tools") == [
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "gemini-2.0-flash",
        "sonar-pro",
    ]


def test_modalities_filter_requires_all(aihub: Aihub) -> None:
    assert ids(aihub, "--modalities", "audio,video,pdf") == ["gemini-2.5-pro", "gemini-2.5-flash"]
    assert ids(aihub, "--modalities", "audio", "--type", "stt") == [
        "whisper-1",
        "gpt-4o-transcribe",
    ]


def test_model_filter_is_a_case_insensitive_part_of_id_or_name(aihub: Aihub) -> None:
    assert ids(aihub, "--model", "QWQ") == ["Qwen/QwQ-32B", "qwen/qwq-32b"]
    assert ids(aihub, "--model", "gpt-5-n") == ["gpt-5-nano"]


def test_max_price_min_context_and_free(aihub: Aihub) -> None:
    cheap = ids(aihub, "--type", "llm", "--max-price", "0.1")
    assert cheap == [
        "gpt-5-nano",
        "gemini-2.5-flash-free",
        "gemini-2.0-flash",
        "gpt-oss-120b",
        "jina-deepsearch-v1",
        "mirage-7b",
    ]
    # 1m is 1,000,000: the 1,047,576 and 1,048,576-token windows qualify, so does 1M.
    assert ids(aihub, "--min-context", "1m") == [
        "gpt-4.1",
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "gemini-2.5-flash-free",
        "gemini-2.0-flash",
        "jina-deepsearch-v1",
    ]
    assert ids(aihub, "--free") == ["gemini-2.5-flash-free"]


def test_max_price_excludes_models_whose_input_price_is_unknown(aihub: Aihub) -> None:
    assert "mistral-large-latest" not in ids(aihub, "--max-price", "1000")
    assert "hunyuan-t1-latest" not in ids(aihub, "--max-price", "1000")


def test_price_sent_as_a_string_is_a_number(aihub: Aihub) -> None:
    assert "glm-4.5-air" in ids(aihub, "--max-price", "$0.5")
    (glm,) = listed(aihub, "--model", "glm-4.5-air")
    assert glm["pricing"]["input"] == 0.5


def test_tag_is_asked_of_the_server(aihub: Aihub) -> None:
    tagged = ids(aihub, "--tag", "coding")
    assert tagged  # the server's own notion of coding models
    (request,) = aihub.catalog_requests()
    assert request.query == {"tag": "coding"}
    assert "gpt-5-codex" in tagged and "dall-e-3" not in tagged


def test_limit(aihub: Aihub) -> None:
    assert ids(aihub, "--limit", "2") == ["gpt-5", "gpt-5-codex"]
    assert ids(aihub, "-n", "0") == []
    # Nothing more: models match, -n 0 shows none of them.
    assert aihub("list", "-n", "0", "--model", "gpt").err == ""  # (the catalog is cached)


def test_unknown_filter_value_gives_empty_result_and_a_hint(aihub: Aihub) -> None:
    result = aihub("list", "--features", "telepathy", "--json")
    assert result.code == 0
    assert json.loads(result.out) == []
    hint = [line for line in result.err.splitlines() if "telepathy" in line]
    assert hint == [
        "aihub: no model has feature 'telepathy'; the catalog has: deepsearch, "
        "function_calling, long_context, structured_outputs, thinking, tools, web"
    ]


def test_an_empty_result_of_known_values_has_no_hint(aihub: Aihub) -> None:
    result = aihub("list", "--features", "deepsearch", "--type", "tts", "--json")
    assert (result.code, result.out) == (0, "[]\n")
    assert "no model has" not in result.err


# -- sorting ---------------------------------------------------------------------------------


def test_sort_context_length_is_numeric_descending_with_unknowns_last(aihub: Aihub) -> None:
    models = listed(aihub, "--type", "llm", "--sort", "context_length")
    lengths = [m.get("context_length") for m in models]
    known = [n for n in lengths if n]
    assert known == sorted(known, reverse=True)
    # The live server sorts these as text ("50500" before "400000"); we do not.
    order = [m["model_id"] for m in models]
    assert order.index("gpt-5") < order.index("ERNIE-X1.1-Preview")
    assert order[-1] == "llama-4-maverick"  # context_length 0: unknown, so last
    assert aihub.catalog_requests()[0].query == {}  # sorted locally, not by the server


def test_sort_order_asc_keeps_unknowns_last(aihub: Aihub) -> None:
    order = ids(aihub, "--type", "llm", "--sort", "context_length", "--order", "asc")
    assert order[0] == "yi-lightning"
    assert order[-1] == "llama-4-maverick"


def test_sort_price_ascending_by_default_unknown_last(aihub: Aihub) -> None:
    models = listed(aihub, "--type", "llm", "--sort", "price")
    prices = [m["pricing"]["input"] for m in models if isinstance(m.get("pricing"), dict)]
    assert prices == sorted(prices)
    assert [m["model_id"] for m in models][-2:] == ["mistral-large-latest", "hunyuan-t1-latest"]


def test_sort_output_price_and_max_output(aihub: Aihub) -> None:
    by_output = ids(aihub, "--type", "llm", "--sort", "output_price", "--order", "desc")
    assert by_output[:2] == ["gpt-5-pro", "gpt-4-32k"]  # 120 each: ties keep catalog order
    by_max_output = ids(aihub, "--sort", "max_output", "--limit", "2")
    assert by_max_output == ["MiniMax-M2", "kimi-k2"]


def test_sort_name_is_case_insensitive(aihub: Aihub) -> None:
    names = ids(aihub, "--sort", "name")
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    assert names.index("ERNIE-X1.1-Preview") < names.index("gemini-2.0-flash")


def test_sort_release_date_newest_first(aihub: Aihub) -> None:
    dated = ids(aihub, "--sort", "release_date", "--limit", "3")
    assert dated == ["glm-4.6", "claude-sonnet-4-5", "gpt-5-codex"]


def test_sort_order_desc_reverses_catalog_order(aihub: Aihub) -> None:
    forward = ids(aihub)
    assert ids(aihub, "--order", "desc") == forward[::-1]


@pytest.mark.parametrize(
    ("args", "query"),
    [
        (("--sort", "model_ratio"), {"sort_by": "model_ratio", "sort_order": "asc"}),
        (
            ("--sort", "model_ratio", "--order", "desc"),
            {"sort_by": "model_ratio", "sort_order": "desc"},
        ),
        (("--sort", "coding"), {"sort_by": "coding"}),
    ],
)
def test_server_orders_are_asked_of_the_server_and_kept(
    aihub: Aihub, args: tuple[str, ...], query: dict[str, str]
) -> None:
    server_order = [m["model_id"] for m in aihub.server.models if m.get("model_id")]
    result = ids(aihub, *args)
    assert aihub.catalog_requests()[0].query == query
    assert sorted(result) == sorted(server_order)
    assert result != server_order  # the server's order, not the catalog's


def test_server_order_with_local_filters(aihub: Aihub) -> None:
    everything = ids(aihub, "--sort", "model_ratio")
    thinking = ids(aihub, "--sort", "model_ratio", "--features", "thinking")
    assert thinking == [i for i in everything if i in set(thinking)]
    assert len(aihub.catalog_requests()) == 1  # the second run answered from the cache


# -- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sort", "speed"), "Invalid value for '--sort'"),
        (("--order", "up"), "Invalid value for '--order'"),
        (("--format", "yaml"), "Invalid value for '--format'"),
        (("--min-context", "lots"), "'lots' is not a token count"),
        (("--max-price", "cheap"), "'cheap' is not an amount in USD"),
        (("--limit", "-1"), "--limit"),
        (("--json", "--format", "csv"), "--json and --format csv ask for different formats"),
        (("--refresh", "--offline"), "--refresh and --offline cannot be used together"),
        (("--bogus",), "No such option: --bogus"),
        (
            ("-o", "ids", "--columns", "in"),
            "--columns is not for --format ids, which prints the ids alone",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    aihub: Aihub, args: tuple[str, ...], message: str
) -> None:
    result = aihub("list", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("aihub: ")
    assert message in result.err
    assert aihub.catalog_requests() == []  # a usage error never costs a request


# -- formats ---------------------------------------------------------------------------------


def test_plain_is_the_default_when_stdout_is_not_a_terminal(aihub: Aihub) -> None:
    result = aihub("list", "--model", "gpt-5-pro")
    assert result.out == (
        "model_id\ttypes\tcontext_length\tmax_output\tpricing.input\tpricing.output\t"
        "pricing.cache_read\tfeatures\tinput_modalities\n"
        "gpt-5-pro\tllm\t400000\t128000\t15\t120\t-\t"
        "thinking,tools,function_calling,structured_outputs\ttext,image\n"
    )


def test_plain_marks_unknown_limits_and_is_never_cut(aihub: Aihub) -> None:
    out = aihub("list", "--model", "Qwen3-Coder").out.splitlines()[1]
    assert out.split("\t")[0] == "Qwen/Qwen3-Coder-480B-A35B-Instruct"
    zero = aihub("list", "--model", "llama-4").out.splitlines()[1].split("\t")
    assert zero[2:4] == ["-", "-"]  # context_length 0 and max_output 0 are unknown


def test_csv(aihub: Aihub) -> None:
    rows = list(csv.reader(io.StringIO(aihub("list", "--format", "csv", "--model", "sonar").out)))
    assert rows[0][0] == "model_id"
    assert rows[1] == [
        "sonar-pro",
        "llm,search",
        "200000",
        "8000",
        "3",
        "15",
        "",
        "tools,web",
        "text,image",
    ]


def test_jsonl_is_one_object_per_line_same_as_json(aihub: Aihub) -> None:
    lines = aihub("list", "--format", "jsonl", "--type", "tts,stt").out.splitlines()
    assert [json.loads(line) for line in lines] == listed(aihub, "--type", "tts,stt")


def test_ids(aihub: Aihub) -> None:
    assert aihub("list", "-o", "ids", "--model", "claude").out == (
        "claude-sonnet-4-5\nclaude-opus-4-1\nclaude-haiku-4-5\n"
    )


def test_table_can_be_forced_into_a_pipe(aihub: Aihub) -> None:
    result = aihub("list", "--format", "table", "--model", "gpt-5-", env={"COLUMNS": "80"})
    assert result.out == (
        "ID            Type   Context   Max out   In $/1M   Out $/1M   Cache $/1M\n"
        "────────────────────────────────────────────────────────────────────────\n"
        "gpt-5-codex   llm       400K      128K     $1.25        $10       $0.125\n"
        "gpt-5-mini    llm       400K      128K     $0.25         $2       $0.025\n"
        "gpt-5-nano    llm       400K      128K     $0.05      $0.40       $0.005\n"
        "gpt-5-pro     llm       400K      128K       $15       $120            —\n"
        "4 models · catalog fetched just now\n"
    )


def test_table_drops_low_value_columns_when_narrow_and_never_wraps_ids(aihub: Aihub) -> None:
    result = aihub("list", "--format", "table", "--model", "qwen3-coder", env={"COLUMNS": "60"})
    header, _, row, footer = result.out.splitlines()
    assert header.split() == ["ID", "Context", "In", "$/1M"]
    assert row.split() == ["Qwen/Qwen3-Coder-480B-A35B-Instruct", "262K", "$1.20"]
    assert footer == "1 model · catalog fetched just now"


def test_table_marks_deprecated_models_and_non_token_prices(aihub: Aihub) -> None:
    result = aihub("list", "--format", "table", "--model", "-3", env={"COLUMNS": "100"})
    assert "gpt-4-32k †" in result.out
    assert "      40*        80*" in result.out  # dall-e-3: a number, not a claimed unit
    assert result.out.splitlines()[-1] == (
        "7 models · catalog fetched just now · † deprecated"
        " · * price unit not documented (not a token model)"
    )
    # Without a price column there is no * to explain.
    no_prices = aihub("list", "-o", "table", "--model", "-3", "--columns", "id,ctx")
    assert no_prices.out.splitlines()[-1] == "7 models · catalog fetched just now · † deprecated"


# -- warnings and stderr -----------------------------------------------------------------------


def test_an_entry_without_model_id_is_skipped_with_one_warning(aihub: Aihub) -> None:
    result = aihub("list", "--format", "ids")
    assert result.code == 0
    assert len(result.out.splitlines()) == len(aihub.server.models) - 1
    assert result.err == "aihub: warning: skipped 1 catalog entry without a model_id\n"


def test_a_command_group_alone_shows_its_help(aihub: Aihub) -> None:
    result = aihub("cache")
    assert (result.code, result.err) == (0, "")
    assert "info" in result.out and "clear" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show",), "Missing argument 'MODEL'."),
        (("compare", "gpt-5"), "compare needs at least two models"),
        (("frobnicate",), "No such command 'frobnicate'."),
    ],
)
def test_other_usage_errors(aihub: Aihub, args: tuple[str, ...], message: str) -> None:
    result = aihub(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("aihub: ") and message in result.err
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "line"),
    [
        # Nothing close: no suggestion (typer offered --columns, two letters and dashes alike).
        (("list", "--bogus"), "No such option: --bogus (see 'aihub list --help')"),
        (
            ("list", "--colums", "id"),
            "No such option: --colums (Possible options: --columns) (see 'aihub list --help')",
        ),
        (
            ("show", "gpt-5", "--jsn"),
            "No such option: --jsn (Possible options: --json) (see 'aihub show --help')",
        ),
        # typer puts each choice on a line of its own: one clean line, single spaces.
        (
            ("export",),
            "Missing argument 'TOOL'. Choose from: opencode, litellm, llm, claude-code, codex "
            "(see 'aihub export --help')",
        ),
        (
            ("completion",),
            "Missing argument 'SHELL'. Choose from: bash, zsh, fish "
            "(see 'aihub completion --help')",
        ),
    ],
)
def test_typers_usage_errors_are_one_clean_line(
    aihub: Aihub, args: tuple[str, ...], line: str
) -> None:
    result = aihub(*args)
    assert (result.code, result.out, result.err) == (2, "", f"aihub: {line}\n")


def test_a_wide_terminal_draws_one_line_per_model(aihub: Aihub) -> None:
    result = aihub("list", "--format", "table", "--model", "gpt-5", env={"COLUMNS": "250"})
    lines = result.out.splitlines()
    assert len(lines) == 2 + 5 + 1  # header, rule, five models, footer
    assert lines[2].split()[-2:] == ["text,", "image"] or lines[2].endswith("text, image")


def test_a_narrow_terminal_drops_columns_before_cutting_ids(aihub: Aihub) -> None:
    result = aihub("list", "--format", "table", "--model", "qwen3", env={"COLUMNS": "40"})
    assert "Qwen/Qwen3-Coder-480B-A35B-Instruct" in result.out


def test_usd_price_filters_and_sorts_leave_out_prices_of_unknown_unit(aihub: Aihub) -> None:
    cheap = ids(aihub, "--max-price", "0.2")
    assert "imagen-4.0-generate-001" not in cheap and "sora-2" not in cheap  # 0.04*, 0.1*
    by_price = ids(aihub, "--sort", "price")
    assert by_price.index("gpt-5") < by_price.index("imagen-4.0-generate-001")


@pytest.mark.parametrize("columns", ["0", "00", "-5", "abc"])
def test_a_columns_value_that_is_no_width_is_the_terminals_width(
    aihub: Aihub, columns: str
) -> None:
    # COLUMNS=0 on a terminal drew nothing and exited 0.
    usual, expected = aihub.on_terminal("list", "-n", "3", columns=100)
    result, seen = aihub.on_terminal("list", "-n", "3", columns=100, env={"COLUMNS": columns})
    assert (usual.returncode, result.returncode) == (0, 0)
    assert seen == expected
    assert len(seen.splitlines()) == 6
    assert max(len(line) for line in seen.splitlines()) <= 100


def test_named_models_keep_the_order_given_which_order_desc_reverses(aihub: Aihub) -> None:
    # --order desc re-sorted named models by the catalog's order.
    named = ("gpt-5-nano", "o3", "gpt-4o-mini")
    assert ids(aihub, *named) == ["gpt-5-nano", "o3", "gpt-4o-mini"]
    assert ids(aihub, *named, "--order", "asc") == ["gpt-5-nano", "o3", "gpt-4o-mini"]
    assert ids(aihub, *named, "--order", "desc") == ["gpt-4o-mini", "o3", "gpt-5-nano"]
    assert ids(aihub, *named, "--sort", "order", "--order", "desc", "-n", "2") == [
        "gpt-4o-mini",
        "o3",
    ]


def test_a_field_without_a_spec_is_headed_as_the_others_in_a_table(aihub: Aihub) -> None:
    table = aihub("list", "-o", "table", "--model", "gpt-5-pro", "--columns", "id,vendor")
    assert table.out.splitlines()[0].split() == ["ID", "Vendor"]
    plain = aihub("list", "--model", "gpt-5-pro", "--columns", "id,vendor")
    assert plain.out.splitlines()[0] == "model_id\tvendor"  # the field's own name
