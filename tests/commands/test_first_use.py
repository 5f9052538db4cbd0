"""What a new user meets first: the messages of a miss, empty answers and the base URL."""

from __future__ import annotations

import json
import os
import pty
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SKIP_WARNING, Aihub, age_cache
from tests.support.catalog_server import CatalogServer

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
    assert empty.out == (
        f"path:     {aihub.cache_dir}\nentries:  no cached answers\n"
        f"state:    {aihub.state_dir} (0 catalog versions kept; watchers: none)\n"
    )

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
    assert sorted(lines[2:-1]) == sorted(
        [
            "  REQUEST                           SIZE     AGE  STATE",
            f"  /api/v1/models                 {full}  11 min  expired",
            f"  /api/v1/models?sort_by=coding  {coding}  11 min  expired",
        ]
    )
    assert lines[-1] == f"state:    {aihub.state_dir} (1 catalog version kept; watchers: none)"
    assert lines[2].startswith("  REQUEST")


# -- help ------------------------------------------------------------------------------------------


def help_text(aihub: Aihub, *command: str, columns: int = 80) -> str:
    result = aihub.subprocess(*command, "--help", env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def flag_block(lines: list[str], flag: str) -> list[str]:
    """The lines of one flag's entry: its own and the continuation lines under it."""
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith(flag))
    block = [lines[first]]
    for line in lines[first + 1 :]:
        if not line.startswith(" " * 8):
            break
        block.append(line)
    return block


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_list_help_names_sort_keys_in_words_never_cut(aihub: Aihub, columns: int) -> None:
    text = help_text(aihub, "list", columns=columns)
    lines = text.splitlines()
    assert all(len(line) <= columns for line in lines)
    sort = flag_block(lines, "-s, --sort KEY")
    block = " ".join(line.split("  ")[-1].strip() for line in sort)
    for key in ("order", "context_length", "max_output", "output_price", "release_date"):
        assert f" {key}," in block
    assert "cost (needs --input-tokens or --output-tokens), model_ratio, coding" in block
    assert "<order|" not in text and " x_output" not in text and "[x>=0]" not in text
    assert sort[0].startswith("  -s, --sort KEY              Sort by KEY: order,")


def test_list_help_at_80_columns(aihub: Aihub) -> None:
    lines = help_text(aihub, "list").splitlines()
    assert lines[:5] == [
        "List catalog models, filtered and sorted.",
        "",
        "Example: aihub list --features thinking --sort context_length",
        "",
        "USAGE",
    ]
    assert lines[5] == "  aihub list [OPTIONS] [MODEL...]"
    sort = lines.index(next(line for line in lines if line.startswith("  -s, --sort ")))
    assert lines[sort : sort + 10] == [
        "  -s, --sort KEY              Sort by KEY: order, context_length, max_output,",
        "                              price, output_price, name, release_date, cost",
        "                              (needs --input-tokens or --output-tokens),",
        "                              model_ratio, coding (the last two are orders only",
        "                              the server knows). (default: order)",
        "      --order ORDER           asc or desc. Default: desc for sizes and dates,",
        "                              asc for the rest.",
        "  -o, --format FORMAT         Output format: table, plain, json, jsonl, csv, ids",
        "                              or markdown. Default: table on a terminal, plain",
        "                              otherwise.",
    ]
    assert "  -n, --limit N               At most N models." in lines


@pytest.mark.parametrize(
    ("command", "usage", "argument"),
    [
        (("show",), "aihub show [OPTIONS] MODEL", "  MODEL  A model id (any case). (required)"),
        (
            ("compare",),
            "aihub compare [OPTIONS] MODEL MODEL [MODEL...]",
            "  MODEL MODEL [MODEL...]  Model ids to compare. (required)",
        ),
        (
            ("legacy",),
            "aihub legacy [OPTIONS] [MODEL]",
            "  [MODEL]  Show this model's entry instead of the list.",
        ),
    ],
)
def test_usage_lines_read_like_gh(
    aihub: Aihub, command: tuple[str, ...], usage: str, argument: str
) -> None:
    lines = help_text(aihub, *command).splitlines()
    assert lines[lines.index("USAGE") + 1] == f"  {usage}"
    assert argument in lines[lines.index("ARGUMENTS") :]
    assert "<str>" not in "\n".join(lines) and "{" not in "\n".join(lines)


@pytest.mark.parametrize("command", [("changes",), ("cache", "info")])
def test_commands_without_format_do_not_mention_it(aihub: Aihub, command: tuple[str, ...]) -> None:
    text = help_text(aihub, *command)
    (line,) = [line for line in text.splitlines() if "--json" in line]
    assert line.split() == ["--json", "Print", "JSON."]
    assert "--format" not in text


# -- any output encoding -------------------------------------------------------------------------


def run_in(aihub: Aihub, encoding: str, *args: str) -> tuple[int, str, str]:
    """aihub in a fresh interpreter whose stdout and stderr are in `encoding`."""
    result = aihub.subprocess(
        *args, env={"PYTHONIOENCODING": encoding, "COLUMNS": "80"}, encoding=encoding
    )
    assert "Error" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal_in(aihub: Aihub, encoding: str, *args: str) -> tuple[int, str, str]:
    """aihub with stdout on a terminal that speaks `encoding`: what the terminal shows."""
    primary, replica = pty.openpty()
    try:
        result = aihub.subprocess(
            *args,
            env={"PYTHONIOENCODING": encoding, "COLUMNS": "80", "NO_COLOR": "1"},
            stdout=replica,
            encoding=encoding,
        )
        os.close(replica)
        replica = -1
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the other side has closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(primary)
        if replica >= 0:
            os.close(replica)
    shown = _ANSI.sub("", seen.decode(encoding).replace("\r\n", "\n"))
    assert "Error" not in result.stderr, result.stderr
    return result.returncode, shown, result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_show_and_compare_draw_in_any_encoding(aihub: Aihub, encoding: str) -> None:
    code, out, err = on_terminal_in(aihub, encoding, "show", "gpt-4-32k")
    assert (code, err) == (0, SKIP_WARNING)
    dot = "·" if encoding == "latin-1" else "."  # latin-1 has the middle dot; ASCII has not
    lines = out.splitlines()
    assert lines[0].startswith("+- gpt-4-32k ---")
    assert f"| Prices (USD per 1M tokens)  input $60 {dot} output $120 {dot} cache read - " in out
    assert "| Status                      deprecated *" in out  # the dagger's stand-in
    code, out, err = on_terminal_in(aihub, encoding, "compare", "gpt-5", "o3")
    assert (code, err) == (0, "")  # the catalog now comes from the cache: no warning again
    assert "thinking           | +                           | +" in out
    assert "Cache write $/1M   | -                           | -" in out


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_lists_and_errors_in_any_encoding(aihub: Aihub, encoding: str) -> None:
    code, out, err = run_in(aihub, encoding, "list", "-o", "table", "--limit", "2")
    assert (code, err) == (0, SKIP_WARNING)
    assert out.splitlines()[2].split()[:5] == ["gpt-5", "llm", "400K", "128K", "$1.25"]
    assert "-" * 20 in out.splitlines()[1]  # the rule under the header, in ASCII
    code, out, err = run_in(aihub, encoding, "legacy", "-o", "table", "--model", "haiku")
    assert (code, err) == (0, "")
    assert "claude-3-haiku-20240307" in out and "Anthropic" in out
    code, out, err = run_in(aihub, encoding, "legacy", "claude-3-haiku-20240307", "-o", "table")
    assert code == 0 and out.startswith("+- claude-3-haiku-20240307 ---")
    code, out, err = run_in(aihub, encoding, "show", "--", "模型-✓")
    assert (code, out, err) == (3, "", "aihub: no model '????-+'\n")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_stays_exact_in_any_encoding(aihub: Aihub, encoding: str) -> None:
    aihub.server.set_models(
        [
            {"model_id": "zh-模型", "desc": "中文描述，全角标点", "pricing": {"input": 1}},
            {"model_id": "café-ü", "desc": "— ✓ é", "pricing": {"input": 2}},
        ]
    )
    expected = json.loads(aihub("list", "--json").out)
    assert expected[0]["model_id"] == "zh-模型"
    runs: list[tuple[list[str], list[Any]]] = [
        (["list", "--json"], [expected]),
        (["list", "-o", "jsonl"], expected),
        (["show", "zh-模型", "--json"], [expected[0]]),
    ]
    for args, objects in runs:
        code, out, err = run_in(aihub, encoding, *args)
        assert (code, err) == (0, "")
        assert out.isascii()  # escaped: exact for any reader, whatever it decodes with
        assert [json.loads(line) for line in out.splitlines()] == objects


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
@pytest.mark.parametrize("output", [("--json",), ("-o", "jsonl"), ("-f", "thinking", "--json")])
def test_json_is_written_in_any_unicode_encoding_asked_for(
    aihub: Aihub, encoding: str, output: tuple[str, ...]
) -> None:
    expected = aihub("list", *output)  # in-process, through text: the stored texts
    code, out, err = run_in(aihub, encoding, "list", *output)
    # -f thinking counts on stderr the models whose features the catalog does not state.
    assert (code, err) == (0, expected.err.replace(SKIP_WARNING, ""))
    assert out == expected.out
