"""What a new user meets first: the messages of a miss, empty answers and the base URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.catalog_server import CatalogServer
from tests.conftest import SKIP_WARNING, Aihub, age_cache

KEY = "sk-test-polish-0001"

# The Claude ids of the live catalog, in its order: old ones first, as the server sends them.
CLAUDE_IDS = [
    "claude-2",
    "claude-2.1",
    "claude-2.0",
    "claude-3-haiku-20240307",
    "claude-3-opus@20240229",
    "claude-3-5-sonnet-20241022",
    "claude-opus-4-1",
    "claude-opus-4-1-20250805-thinking",
    "claude-sonnet-4-5",
    "claude-opus-4-8",
    "claude-opus-4-8-think",
    "gpt-5",
    "gpt-5-mini",
]


@pytest.fixture
def claudes(aihub: Aihub) -> Aihub:
    aihub.server.set_models([{"model_id": model_id} for model_id in CLAUDE_IDS])
    return aihub


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "opus",
            "no model 'opus'; did you mean claude-opus-4-8, claude-opus-4-8-think, "
            "claude-opus-4-1, claude-opus-4-1-20250805-thinking, claude-3-opus@20240229?",
        ),
        (
            "claude",
            "no model 'claude'; did you mean claude-opus-4-8, claude-opus-4-8-think, "
            "claude-sonnet-4-5, claude-opus-4-1, claude-opus-4-1-20250805-thinking?",
        ),
        (
            "Sonnet",
            "no model 'Sonnet'; did you mean claude-sonnet-4-5, claude-3-5-sonnet-20241022?",
        ),
        # No id holds the word: close spellings, as before.
        ("gpt-5-min", "no model 'gpt-5-min'; did you mean gpt-5-mini, gpt-5?"),
        ("zzz", "no model 'zzz'"),
    ],
)
def test_a_miss_offers_ids_holding_the_word_newest_first(
    claudes: Aihub, query: str, message: str
) -> None:
    result = claudes("show", query)
    assert (result.code, result.out, result.err) == (3, "", f"aihub: {message}\n")


def test_compare_names_each_miss_with_its_suggestions(claudes: Aihub) -> None:
    result = claudes("compare", "haiku", "gpt-5")
    assert result.code == 3
    assert result.err == "aihub: no model 'haiku'; did you mean claude-3-haiku-20240307?\n"


# -- empty answers say why -------------------------------------------------------------------------


def test_a_tag_no_model_carries_says_so(aihub: Aihub) -> None:
    result = aihub("list", "--tag", "foo", "-o", "ids")
    assert (result.code, result.out) == (0, "")
    assert result.err == "aihub: no model carries tag 'foo'; the API documents the tag coding\n"
    assert aihub.server.requests[-1].query == {"tag": "foo"}
    assert json.loads(aihub("list", "--tag", "foo", "--json").out) == []
    # A tag that matches, then a filter that empties it: the filter is named, not the tag.
    coding = aihub("list", "--tag", "coding", "--type", "tts")
    assert coding.code == 0 and "tag" not in coding.err


def mine_server(tmp_path: Path, callable_ids: list[str]) -> CatalogServer:
    entries = [{"id": i, "object": "model", "created": 0, "owned_by": "x"} for i in callable_ids]
    return CatalogServer(keyed_legacy={KEY: entries})


@pytest.mark.parametrize(
    ("callable_ids", "hint"),
    [
        (
            ["team-private-1", "team-private-2"],
            "aihub: your AIHUBMIX_API_KEY can call 2 model ids, none of them in the catalog; "
            "aihub legacy --missing lists them\n",
        ),
        (
            [],
            "aihub: your AIHUBMIX_API_KEY can call no models at all (aihub legacy shows its "
            "list)\n",
        ),
    ],
)
def test_list_mine_with_nothing_to_show_says_why(
    tmp_path: Path, callable_ids: list[str], hint: str
) -> None:
    with mine_server(tmp_path, callable_ids) as server:
        aihub = Aihub(server, tmp_path / "cache")
        result = aihub("list", "--mine", "-o", "ids", env={"AIHUBMIX_API_KEY": KEY})
        assert (result.code, result.out) == (0, "")
        assert result.err == SKIP_WARNING + hint
        if callable_ids:
            missing = aihub("legacy", "--missing", "-o", "ids", env={"AIHUBMIX_API_KEY": KEY})
            assert missing.out == "team-private-1\nteam-private-2\n"


# -- cache info ----------------------------------------------------------------------------------


def test_cache_info_reads_as_aligned_columns(aihub: Aihub) -> None:
    empty = aihub("cache", "info")
    assert (empty.code, empty.err) == (0, "")
    assert empty.out == f"path:     {aihub.cache_dir}\nentries:  no cached answers\n"

    aihub("list")
    aihub("list", "--sort", "coding")
    age_cache(aihub.cache_dir, 700)
    sizes = {
        entry["request"]: f"{entry['size'] / 1024:.1f} KB"
        for entry in json.loads(aihub("cache", "info", "--json").out)["entries"]
    }
    total = f"{sum(e.stat().st_size for e in aihub.cache_dir.glob('*.cache')) / 1024:.1f} KB"
    full, coding = sizes["/api/v1/models"], sizes["/api/v1/models?sort_by=coding"]
    lines = aihub("cache", "info").out.splitlines()
    assert lines[:2] == [f"path:     {aihub.cache_dir}", f"entries:  2 cached answers, {total}"]
    assert sorted(lines[2:]) == sorted(
        [
            "  REQUEST                           SIZE     AGE  STATE",
            f"  /api/v1/models                 {full}  11 min  expired",
            f"  /api/v1/models?sort_by=coding  {coding}  11 min  expired",
        ]
    )
    assert lines[2].startswith("  REQUEST")


# -- help ------------------------------------------------------------------------------------------


def help_text(aihub: Aihub, *command: str, columns: int = 80) -> str:
    result = aihub.subprocess(*command, "--help", env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_list_help_names_sort_keys_in_words_never_cut(aihub: Aihub, columns: int) -> None:
    text = help_text(aihub, "list", columns=columns)
    lines = text.splitlines()
    assert all(len(line) <= columns for line in lines)
    sort = next(i for i, line in enumerate(lines) if line.startswith("│ --sort "))
    block = " ".join(line.strip("│ ").split("  ")[-1].strip() for line in lines[sort : sort + 7])
    for key in ("order", "context_length", "max_output", "output_price", "release_date"):
        assert f" {key}," in block
    assert "cost (needs --input-tokens or --output-tokens), model_ratio, coding" in block
    assert "<order|" not in text and " x_output" not in text and "[x>=0]" not in text
    assert lines[sort].startswith("│ --sort           -s      KEY          Sort by KEY: order,")


def test_list_help_at_80_columns(aihub: Aihub) -> None:
    lines = help_text(aihub, "list").splitlines()
    assert lines[1].rstrip() == " Usage: aihub list [OPTIONS]"
    sort = lines.index(next(line for line in lines if line.startswith("│ --sort ")))
    assert lines[sort : sort + 12] == [
        "│ --sort           -s      KEY          Sort by KEY: order, context_length,    │",
        "│                                       max_output, price, output_price, name, │",
        "│                                       release_date, cost (needs              │",
        "│                                       --input-tokens or --output-tokens),    │",
        "│                                       model_ratio, coding (the last two are  │",
        "│                                       orders only the server knows).         │",
        "│                                       [default: order]                       │",
        "│ --order                  ORDER        asc or desc. Default: desc for sizes   │",
        "│                                       and dates, asc for the rest.           │",
        "│ --format         -o      FORMAT       Output format: table, plain, json,     │",
        "│                                       jsonl, csv or ids. Default: table on a │",
        "│                                       terminal, plain otherwise.             │",
    ]
    assert "│ --limit          -n      N            At most N models." in "\n".join(lines)


@pytest.mark.parametrize(
    ("command", "usage", "argument"),
    [
        (("show",), "aihub show [OPTIONS] MODEL", "│ *    MODEL        A model id (any case)."),
        (
            ("compare",),
            "aihub compare [OPTIONS] MODEL MODEL [MODEL...]",
            "│ *    MODEL MODEL [MODEL...]        Model ids to compare. [required]",
        ),
        (
            ("legacy",),
            "aihub legacy [OPTIONS] [MODEL]",
            "│   [MODEL]        Show this model's entry instead of the list.",
        ),
    ],
)
def test_usage_lines_read_like_gh(
    aihub: Aihub, command: tuple[str, ...], usage: str, argument: str
) -> None:
    text = help_text(aihub, *command)
    assert text.splitlines()[1].rstrip() == f" Usage: {usage}"
    assert argument in text
    assert "<str>" not in text and "{" not in text


@pytest.mark.parametrize("command", [("changes",), ("cache", "info")])
def test_commands_without_format_do_not_mention_it(aihub: Aihub, command: tuple[str, ...]) -> None:
    text = help_text(aihub, *command)
    (line,) = [line for line in text.splitlines() if "--json" in line]
    assert line.split("│")[1].split() == ["--json", "Print", "JSON."]
    assert "--format" not in text
