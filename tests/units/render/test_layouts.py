"""How show, compare and the table layout fit a terminal, and what they print in a pipe.

In-process, on a fake terminal of a chosen width injected through the runtime
(tests/conftest.py), so no pseudo-terminal is needed to see what a person sees.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from rich.cells import cell_len

from aihubmix_cli.render.columns import UNKNOWN, Column, fit_list, layout_table
from aihubmix_cli.render.terminal import Terminal
from tests.conftest import SKIP_WARNING, Aihub


def terminal(width: int) -> Terminal:
    return Terminal(is_terminal=True, width=width, color=False)


def shown(result: Any) -> str:
    # The fixture holds one entry without an id on purpose; nothing else goes to stderr.
    assert (result.code, result.err.replace(SKIP_WARNING, "")) == (0, ""), result.err
    out: str = result.out
    return out


# -- show ---------------------------------------------------------------------------------------

GPT5_LINES = """\
model_id\tgpt-5
types\tllm
context_length\t400000
max_output\t128000
pricing.input\t1.25
pricing.output\t10
pricing.cache_read\t0.125
pricing.cache_write\t-
features\tthinking,tools,function_calling,structured_outputs
input_modalities\ttext,image
output_modalities\ttext
endpoints\tchat_completions,responses
"""


def test_show_in_a_pipe_prints_one_field_per_line(aihub: Aihub) -> None:
    out = shown(aihub("show", "gpt-5"))
    assert out.startswith(GPT5_LINES)
    fields = dict(line.split("\t") for line in out.splitlines())
    assert fields["desc"].startswith("GPT-5 is OpenAI flagship model")
    assert fields["release_date"] == "2025-08-07"
    assert fields["reasoning_options"] == '["minimal","low","medium","high"]'
    assert "╭" not in out  # no box in a pipe


def test_show_in_a_pipe_carries_the_estimate(aihub: Aihub) -> None:
    out = shown(aihub("show", "gpt-4o-mini", "--input-tokens", "300k"))
    lines = out.splitlines()
    assert lines[-2:] == [
        "estimated_cost_usd\t-",
        "estimate_unavailable\texceeds the 128K context",
    ]


def test_format_table_still_draws_the_panel_in_a_pipe(aihub: Aihub) -> None:
    out = shown(aihub("show", "gpt-5", "-o", "table", env={"COLUMNS": "100"}))
    assert out.startswith("╭─ gpt-5 ─")


@pytest.mark.parametrize("width", [40, 45, 60])
def test_a_narrow_show_puts_values_under_labels_and_breaks_no_word(
    aihub: Aihub, width: int
) -> None:
    out = shown(aihub("show", "gpt-5", terminal=terminal(width)))
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert "│ Features" in out
    # Every word stays whole: function_calling is never cut into function_call / ing.
    words = {word.strip("│,·") for line in lines for word in line.split()}
    for word in ("function_calling", "structured_outputs", "chat_completions", "2025-08-07"):
        assert word in words, word


def test_a_wide_show_keeps_labels_and_values_side_by_side(aihub: Aihub) -> None:
    out = shown(aihub("show", "gpt-5", terminal=terminal(100)))
    assert (
        "│ Features                    thinking, tools, function_calling, structured_outputs" in out
    )


# -- compare ------------------------------------------------------------------------------------


def test_compare_in_a_pipe_is_tab_separated_by_field(aihub: Aihub) -> None:
    out = shown(
        aihub("compare", "gpt-5", "claude-sonnet-4-5", "--input-tokens", "100k",
              "--output-tokens", "10k")
    )  # fmt: skip
    assert out == (
        "field\tgpt-5\tclaude-sonnet-4-5\n"
        "types\tllm\tllm\n"
        "context_length\t400000\t200000\n"
        "max_output\t128000\t64000\n"
        "pricing.input\t1.25\t3\n"
        "pricing.output\t10\t15\n"
        "pricing.cache_read\t0.125\t0.3\n"
        "pricing.cache_write\t-\t3.75\n"
        "features\tthinking,tools,function_calling,structured_outputs\t"
        "thinking,tools,function_calling\n"
        "input_modalities\ttext,image\ttext,image,pdf\n"
        "output_modalities\ttext\t-\n"
        "endpoints\tchat_completions,responses\tchat_completions,claude_api\n"
        "release_date\t2025-08-07\t2025-09-29\n"
        # 100000 x 1.25 / 1e6 + 10000 x 10 / 1e6 = 0.225; 100000 x 3 / 1e6 + 10000 x 15 / 1e6
        "estimated_cost_usd\t0.225\t0.45\n"
    )


def test_compare_diff_in_a_pipe_keeps_the_fields_that_differ(aihub: Aihub) -> None:
    out = shown(aihub("compare", "gpt-5", "gpt-5-codex", "--diff"))
    assert out == (
        "field\tgpt-5\tgpt-5-codex\n"
        "output_modalities\ttext\t-\n"
        "endpoints\tchat_completions,responses\tresponses\n"
        "release_date\t2025-08-07\t2025-09-15\n"
    )


def test_compare_as_csv(aihub: Aihub) -> None:
    rows = list(csv.reader(io.StringIO(shown(aihub("compare", "gpt-5", "o3", "-o", "csv")))))
    assert rows[0] == ["field", "gpt-5", "o3"]
    assert ["pricing.cache_write", "", ""] in rows


def test_two_models_stand_side_by_side_at_80_columns_ids_whole(aihub: Aihub) -> None:
    out = shown(aihub("compare", "gpt-5", "claude-sonnet-4-5", terminal=terminal(80)))
    lines = out.splitlines()
    assert lines[0].split() == ["gpt-5", "claude-sonnet-4-5"]
    assert max(cell_len(line) for line in lines) <= 80
    assert any(line.startswith("structured_outputs   ✓") for line in lines)  # labels whole


def test_models_that_do_not_fit_side_by_side_come_one_after_the_other(aihub: Aihub) -> None:
    ids = ["gpt-5", "claude-sonnet-4-5", "Qwen/Qwen3-Coder-480B-A35B-Instruct"]
    result = aihub("compare", *ids, terminal=terminal(80))
    # Said on stderr: stdout carries the comparison only.
    assert result.err.replace(SKIP_WARNING, "") == (
        "aihub: the 3 models do not fit side by side in 80 columns; "
        "showing them one after the other\n"
    )
    lines = result.out.splitlines()
    assert lines[0] == ids[0]
    assert [line for line in lines if line in ids] == ids  # each id whole, on its own line
    assert max(cell_len(line) for line in lines) <= 80
    assert "  structured_outputs   ✓" in lines


def test_list_cells_in_compare_are_cut_before_models_stop_standing_side_by_side(
    aihub: Aihub,
) -> None:
    # 70 columns: the endpoint lists give way before the models stop standing side by side.
    out = shown(aihub("compare", "gpt-5", "claude-sonnet-4-5", terminal=terminal(70)))
    (endpoints,) = [line for line in out.splitlines() if line.startswith("Endpoints")]
    assert endpoints.split()[:2] == ["Endpoints", "chat_completions,…"]
    assert max(cell_len(line) for line in out.splitlines()) <= 70


# -- the table layout ---------------------------------------------------------------------------


def _column(name: str, drop_rank: int = 0) -> Column:
    return Column(
        name, name.upper(), lambda row: row[name], lambda row: row[name], "left", drop_rank
    )


def _list_column(name: str, drop_rank: int) -> Column:
    return Column(
        name,
        name.upper(),
        lambda row: ", ".join(row[name]) or UNKNOWN,
        lambda row: ",".join(row[name]),
        drop_rank=drop_rank,
        values=lambda row: row[name],
        shrink_to=8,
    )


ROWS = [
    {"id": "alpha-model", "ctx": "128K", "tags": ["thinking", "tools", "web"], "none": UNKNOWN},
    {"id": "b", "ctx": "1M", "tags": ["tools"], "none": UNKNOWN},
]
COLUMNS = [
    _column("id"),
    Column("ctx", "CTX", lambda r: r["ctx"], lambda r: r["ctx"], "right", drop_rank=1),
    _list_column("tags", drop_rank=2),
    _column("none", drop_rank=1),
]


def _texts(width: int) -> list[str]:
    return [line.text for line in layout_table(COLUMNS, ROWS, width)]


def test_a_wide_layout_shows_every_column() -> None:
    assert _texts(80) == [
        "ID             CTX   TAGS                   NONE",
        "────────────────────────────────────────────────",
        "alpha-model   128K   thinking, tools, web   —",
        "b               1M   tools                  —",
    ]


def test_the_empty_column_goes_first_then_lists_shrink_by_count() -> None:
    # 47 columns: NONE (empty in every row) goes, and the list keeps every value.
    assert _texts(47)[2] == "alpha-model   128K   thinking, tools, web"
    assert _texts(47)[0].split() == ["ID", "CTX", "TAGS"]
    assert _texts(40)[2] == "alpha-model   128K   thinking, tools +1"
    narrow = _texts(30)
    assert narrow[2] == "alpha-model   128K   thinking…"
    assert all(len(line) <= width for width in (47, 40, 30) for line in _texts(width))


def test_the_first_column_is_cut_last() -> None:
    tiny = _texts(8)
    assert tiny[0] == "ID"
    assert tiny[2] == "alpha-m…"


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (40, "thinking, tools, web, deepsearch"),
        (25, "thinking, tools, web +1"),
        (18, "thinking, tools +2"),
        (11, "thinking +3"),
        (6, "think…"),
    ],
)
def test_fit_list(width: int, expected: str) -> None:
    assert fit_list(["thinking", "tools", "web", "deepsearch"], width) == expected


# -- what a person sees when an answer is empty or odd ------------------------------------------


def test_filters_that_exist_but_not_together_say_so(aihub: Aihub) -> None:
    result = aihub("list", "--max-price", "1000", "--type", "tts")
    assert result.out.splitlines()[1:] == []  # the header alone
    assert result.err.replace(SKIP_WARNING, "") == (
        "aihub: 1 model left out: the catalog does not state its input price in USD per 1M "
        "tokens; "
        "--include-unknown lists them\n"
        "aihub: no model matches all of these filters (--max-price counts input prices in USD "
        "per 1M tokens up to 1000; image, video and speech models have no such price)\n"
    )


def test_an_owner_nobody_has_is_named(aihub: Aihub) -> None:
    result = aihub("legacy", "--owner", "nobody")
    assert result.code == 0
    assert result.err.startswith("aihub: no model is owned by 'nobody'; owners: ")


def test_an_empty_model_id_is_a_usage_error(aihub: Aihub) -> None:
    result = aihub("show", "")
    assert (result.code, result.out) == (2, "")
    assert result.err == "aihub: MODEL is empty; give a model id (aihub list -o ids lists them)\n"


def test_a_table_sorted_by_a_column_keeps_it_at_80_columns(aihub: Aihub) -> None:
    out = shown(aihub("list", "--sort", "max_output", "-n", "3", terminal=terminal(80)))
    assert "Max out" in out.splitlines()[0]
    released = shown(aihub("list", "--sort", "release_date", "-n", "3", terminal=terminal(80)))
    header = released.splitlines()[0].split()
    assert header[:2] == ["ID", "Released"]
    assert released.splitlines()[2].split()[:2] == ["glm-4.6", "2025-09-30"]  # newest first
