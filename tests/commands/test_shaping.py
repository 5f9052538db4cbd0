"""Output you can shape: --columns, -o markdown and --no-headers on list, compare and legacy.

Markdown is checked by parsing it with markdown-it-py (CommonMark with GitHub's table
extension), the way a comment box would read it, not by comparing strings alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.catalog.fields import MODEL_FIELDS
from aihubmix_cli.render.columns import Column, layout_table
from aihubmix_cli.render.terminal import Terminal
from aihubmix_cli.render.writers import markdown_table
from aihubmix_cli.store import completion
from tests.conftest import SKIP_WARNING, TERMINAL, Aihub
from tests.support.catalog_server import CatalogServer

FOUR = ("id,ctx", "in,out")  # two --columns, a comma list each: model_id .. pricing.output
FOUR_FIELDS = ["model_id", "context_length", "pricing.input", "pricing.output"]


def columns_args(*lists: str) -> list[str]:
    return [arg for value in lists for arg in ("--columns", value)]


class Table:
    """A Markdown table as a reader sees it: header cells, alignments, body cells, and
    whether any cell holds more than text (emphasis, code, a link, HTML)."""

    def __init__(self, header: list[str], align: list[str], rows: list[list[str]]) -> None:
        self.header, self.align, self.rows = header, align, rows


def parse_tables(text: str) -> list[Table]:
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(text)
    tables: list[Table] = []
    row: list[str] = []
    header: list[str] = []
    align: list[str] = []
    rows: list[list[str]] = []
    in_head = in_table = False
    for token in tokens:
        if token.type == "table_open":
            header, align, rows = [], [], []
            in_table = True
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            if in_head:
                style = str(token.attrs.get("style", ""))
                align.append(style.removeprefix("text-align:") or "left")
        elif token.type == "inline" and in_table:
            row.append(_cell_text(token))
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        elif token.type == "table_close":
            in_table = False
            tables.append(Table(header, align, rows))
    return tables


def _cell_text(token: Token) -> str:
    children = token.children or []
    kinds = {child.type for child in children}
    # Plain text only: an id or a description must never turn into markup.
    assert kinds <= {"text"}, kinds
    return "".join(child.content for child in children)


def raw_limit(value: Any) -> str:
    """How a machine format writes a limit: as it is, "" when unknown (absent or 0)."""
    return "" if value in (None, 0) else str(value)


def same_number(cell: str, value: Any) -> bool:
    """A price cell against the JSON number (0 is a price: free)."""
    if value is None:
        return cell == ""
    return Decimal(cell) == Decimal(str(value))


def tool_models(aihub: Aihub) -> list[dict[str, Any]]:
    result = aihub("list", "--features", "tools", "--json")
    assert result.code == 0
    models: list[dict[str, Any]] = json.loads(result.out)
    return models


# -- the must-shows ------------------------------------------------------------------------


def test_csv_with_columns_prints_those_four_with_raw_numbers(aihub: Aihub) -> None:
    models = tool_models(aihub)
    result = aihub("list", "--features", "tools", *columns_args(*FOUR), "-o", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == FOUR_FIELDS
    assert [row[0] for row in rows[1:]] == [m["model_id"] for m in models]
    for row, model in zip(rows[1:], models, strict=True):
        pricing = model.get("pricing") or {}
        assert len(row) == 4
        assert row[1] == raw_limit(model.get("context_length"))
        assert same_number(row[2], pricing.get("input"))
        assert same_number(row[3], pricing.get("output"))
    assert not re.search(r"[$K]", "".join(cell for row in rows[1:] for cell in row[1:]))


def test_plain_with_columns(aihub: Aihub) -> None:
    models = tool_models(aihub)
    result = aihub("list", "--features", "tools", "--columns", "id,ctx,in,out", "-o", "plain")
    lines = [line.split("\t") for line in result.out.splitlines()]
    assert lines[0] == FOUR_FIELDS
    for cells, model in zip(lines[1:], models, strict=True):
        assert cells[0] == model["model_id"]
        assert cells[1] == (raw_limit(model.get("context_length")) or "-")
    assert len(lines) == len(models) + 1


def test_table_with_columns_shows_those_columns_for_people(aihub: Aihub) -> None:
    models = tool_models(aihub)
    result = aihub("list", "--features", "tools", "--columns", "id,ctx,in,out", terminal=TERMINAL)
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "Context", "In", "$/1M", "Out", "$/1M"]
    body = lines[2 : 2 + len(models)]
    assert [line.split()[0] for line in body] == [m["model_id"] for m in models]
    gpt5 = next(line for line in body if line.startswith("gpt-5 "))
    assert gpt5.split() == ["gpt-5", "400K", "$1.25", "$10"]


def test_markdown_with_columns_parses_as_that_table(aihub: Aihub) -> None:
    models = tool_models(aihub)
    result = aihub("list", "--features", "tools", *columns_args(*FOUR), "-o", "markdown")
    assert result.code == 0
    (table,) = parse_tables(result.out)
    assert table.header == ["ID", "Context", "In $/1M", "Out $/1M"]
    assert table.align == ["left", "right", "right", "right"]
    ids = [row[0].removesuffix(" †") for row in table.rows]
    assert ids == [m["model_id"] for m in models]
    assert table.rows[ids.index("gpt-5")] == ["gpt-5", "400K", "$1.25", "$10"]
    # The footer (how many, how old) is a paragraph under the table, not a row of it.
    assert result.out.splitlines()[-1].startswith(f"{len(models)} models")


def test_json_with_columns_holds_exactly_those_fields(aihub: Aihub) -> None:
    full = {m["model_id"]: m for m in json.loads(aihub("list", "--json").out)}
    result = aihub("list", "--json", "--columns", "model_id,pricing.input")
    picked = json.loads(result.out)
    assert len(picked) == len(full)
    for item in picked:
        model = full[item["model_id"]]
        expected: dict[str, Any] = {"model_id": model["model_id"]}
        if "input" in (model.get("pricing") or {}):
            expected["pricing"] = {"input": model["pricing"]["input"]}
        assert item == expected
    lines = aihub("list", "-o", "jsonl", "--columns", "pricing.input", "--columns", "id").out
    first = json.loads(lines.splitlines()[0])
    assert list(first) == ["pricing", "model_id"]  # the asked order


def test_compare_markdown_is_one_table_with_the_models_as_columns(aihub: Aihub) -> None:
    result = aihub("compare", "gpt-5", "claude-sonnet-4-5", "-o", "markdown")
    assert result.code == 0, result.err
    (table,) = parse_tables(result.out)
    assert table.header == ["", "gpt-5", "claude-sonnet-4-5"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["Context"] == ["400K", "200K"]
    assert rows["Input $/1M"] == ["$1.25", "$3"]
    assert rows["Cache write $/1M"] == ["—", "$3.75"]
    assert rows["structured_outputs"] == ["✓", "✗"]  # `_` escaped, read back as itself


def test_compare_columns_pick_the_rows(aihub: Aihub) -> None:
    args = ("compare", "gpt-5", "claude-sonnet-4-5", "--columns", "in,ctx,name")
    rows = list(csv.reader(io.StringIO(aihub(*args, "-o", "csv").out)))
    assert rows == [
        ["field", "gpt-5", "claude-sonnet-4-5"],
        ["pricing.input", "1.25", "3"],
        ["context_length", "400000", "200000"],
        ["model_name", "GPT-5", "Claude Sonnet 4.5"],
    ]
    (table,) = parse_tables(aihub(*args, "-o", "markdown").out)
    assert [row[0] for row in table.rows] == ["Input $/1M", "Context", "Name"]
    drawn = aihub(*args, terminal=TERMINAL).out.splitlines()
    assert [line.split("  ")[0] for line in drawn[2:]] == ["Input $/1M", "Context", "Name"]
    picked = json.loads(aihub(*args, "--json").out)
    assert picked[0] == {
        "pricing": {"input": 1.25},
        "context_length": 400000,
        "model_name": "GPT-5",
    }
    features = aihub("compare", "gpt-5", "o3", "--columns", "features", "-o", "plain").out
    assert features.splitlines()[1].startswith("features\tthinking,tools")


def test_an_unknown_column_exits_2_naming_the_valid_ones(aihub: Aihub) -> None:
    for args in (
        ("list", "--columns", "id,contxt"),
        ("compare", "gpt-5", "o3", "--columns", "contxt"),
    ):
        result = aihub(*args)
        assert result.code == 2
        assert result.out == ""
        assert result.err.removeprefix(SKIP_WARNING).count("\n") == 1
        assert "unknown column 'contxt' (did you mean context?); known columns: " in result.err
        assert "context_length" in result.err and "docs/output.md lists them all" in result.err
    legacy = aihub("legacy", "--columns", "context_length")
    assert legacy.code == 2
    assert "owned_by" in legacy.err and "model_id" not in legacy.err


def test_a_field_only_the_catalog_knows_is_a_column(aihub: Aihub) -> None:
    models = json.loads(aihub("list", "--json").out)
    carried = {key for m in models for key in m}
    field = sorted(carried - set(MODEL_FIELDS))[0]
    result = aihub("list", "--columns", f"id,{field}", "-o", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["model_id", field]
    for row, model in zip(rows[1:], models, strict=True):
        value = model.get(field)
        if value is None:
            assert row[1] == ""
        elif isinstance(value, str):
            assert row[1] == value
        else:
            assert json.loads(row[1]) == value  # compact JSON text


def test_cost_column_needs_a_workload(aihub: Aihub) -> None:
    assert aihub("list", "--columns", "id,cost").code == 2
    result = aihub("list", "--columns", "id,cost", "--input-tokens", "100k", "-o", "csv")
    assert result.code == 0
    assert "gpt-5,0.125" in result.out.splitlines()  # $1.25 per 1M, for 100K tokens


# -- --no-headers ----------------------------------------------------------------------------


def test_no_headers_leaves_out_the_header_line(aihub: Aihub) -> None:
    plain = aihub("list", "--no-headers").out.splitlines()
    with_header = aihub("list").out.splitlines()
    assert plain == with_header[1:]
    csv_lines = aihub("list", "-o", "csv", "--no-headers", "--columns", "id").out.splitlines()
    assert csv_lines[0] == with_header[1].split("\t")[0]
    compared = aihub("compare", "gpt-5", "o3", "--no-headers").out.splitlines()
    assert compared[0].startswith("types\t")
    legacy = aihub("legacy", "--no-headers", "-o", "csv").out.splitlines()
    assert legacy == aihub("legacy", "-o", "csv").out.splitlines()[1:]


def test_no_headers_with_a_format_without_headers_is_a_usage_error(aihub: Aihub) -> None:
    for args in (("list", "--json"), ("compare", "gpt-5", "o3", "-o", "markdown"), ("legacy",)):
        fmt = () if args[0] != "legacy" else ("-o", "json")
        result = aihub(*args, *fmt, "--no-headers")
        assert result.code == 2
        assert "--no-headers is for plain and csv" in result.err


# -- legacy's own names ----------------------------------------------------------------------


def test_legacy_columns(aihub: Aihub) -> None:
    full = json.loads(aihub("legacy", "--json").out)
    rows = list(csv.reader(io.StringIO(aihub("legacy", "--columns", "owner,id", "-o", "csv").out)))
    assert rows[0] == ["owned_by", "id"]
    assert rows[1:] == [[e.get("owned_by", ""), e["id"]] for e in full]
    picked = json.loads(aihub("legacy", "--json", "--columns", "id,object").out)
    assert picked == [{k: e[k] for k in ("id", "object") if k in e} for e in full]
    (table,) = parse_tables(aihub("legacy", "-o", "markdown", "--columns", "id,created").out)
    assert table.header == ["ID", "Created"]
    assert [row[0] for row in table.rows] == [e["id"] for e in full]


# -- hostile text ----------------------------------------------------------------------------

HOSTILE: list[dict[str, Any]] = [
    {
        "model_id": "evil|id*x*",
        "model_name": "<b>Name</b> `code` [link](http://x)",
        "desc": "line one\nline two | \x1b[31mred\x1b[0m \u202eabc",
        "context_length": 1000,
        "pricing": {"input": 1, "output": 2},
    },
    {"model_id": "plain"},
]


def test_markdown_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    with CatalogServer(HOSTILE) as server:
        aihub = Aihub(server, tmp_path)
        result = aihub("list", "-o", "markdown", "--columns", "id,name,desc,ctx")
    assert result.code == 0
    assert "\x1b" not in result.out and "\u202e" not in result.out
    (table,) = parse_tables(result.out)
    assert table.rows[0] == [
        "evil|id*x*",
        "<b>Name</b> `code` [link](http://x)",
        "line one line two | red abc",
        "1K",
    ]
    assert table.rows[1] == ["plain", "—", "—", "—"]


def test_compare_markdown_keeps_a_hostile_id_in_its_column(tmp_path: Path) -> None:
    with CatalogServer(HOSTILE) as server:
        result = Aihub(server, tmp_path)("compare", "evil|id*x*", "plain", "-o", "markdown")
    assert result.code == 0, result.err
    (table,) = parse_tables(result.out)
    assert table.header == ["", "evil|id*x*", "plain"]
    assert all(len(row) == 3 for row in table.rows)
    assert dict((row[0], row[1:]) for row in table.rows)["Context"] == ["1K", "—"]


# -- a narrow table cuts asked columns, never drops one ----------------------------------------


def test_asked_columns_are_cut_not_dropped(aihub: Aihub) -> None:
    narrow = Terminal(is_terminal=True, width=50, color=False)
    args = ("list", "--columns", "id,name,desc,features,in,endpoints")
    lines = aihub(*args, terminal=narrow).out.splitlines()
    table = lines[: lines.index(next(line for line in lines if " models" in line))]
    assert all(len(line) <= 50 for line in table)
    assert len(re.split(r" {3,}", table[0].strip())) == 6  # six headers, some of them cut
    assert "…" in "".join(table)


def test_layout_keep_all_cuts_the_widest_first() -> None:
    columns = [
        Column("a", "A", lambda row: row[0], lambda row: row[0], drop_rank=0),
        Column("b", "B", lambda row: row[1], lambda row: row[1], drop_rank=0),
    ]
    rows = [("short", "x" * 40)]
    lines = layout_table(columns, rows, 30, keep_all=True)
    assert lines[2].text == "short   " + "x" * 21 + "…"
    dropped = layout_table([columns[0], columns[1]._replace(drop_rank=1)], rows, 30)
    assert dropped[2].text == "short"  # without keep_all the ranked column goes


# -- completion --------------------------------------------------------------------------------


def test_columns_complete_names_and_comma_lists() -> None:
    assert completion.complete_columns("pricing.c") == ["pricing.cache_read", "pricing.cache_write"]
    assert completion.complete_columns("id,ct") == ["id,ctx"]
    assert "id,ctx,model_name" in completion.complete_columns("id,ctx,")
    assert "id,ctx,id" not in completion.complete_columns("id,ctx,")
    assert completion.complete_legacy_columns("own") == ["owned_by", "owner"]


def test_columns_complete_through_the_command_line(aihub: Aihub) -> None:
    from tests.commands.test_completion import complete

    assert complete(aihub, "aihub list --columns id,con")[0] == ["id,context_length", "id,context"]
    assert complete(aihub, "aihub compare gpt-5 o3 --columns pricing.o")[0] == ["pricing.output"]
    assert complete(aihub, "aihub legacy --columns cr")[0] == ["created"]


# -- the picker recipe: show in a preview pane ---------------------------------------------


@pytest.mark.parametrize("width", [50, 36])
def test_show_in_a_pipe_honours_columns(aihub: Aihub, width: int) -> None:
    model = json.loads(aihub("show", "gpt-5", "--json").out)
    result = aihub.subprocess("show", "-o", "table", "gpt-5", env={"COLUMNS": str(width)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) == width
    drawn = " ".join(line.strip("│╭╮╰╯─ ") for line in lines).split()
    for word in model["desc"].split():
        assert word in drawn  # whole: no word is broken across lines


def test_bash_completes_column_names(aihub: Aihub, tmp_path: Path) -> None:
    from tests.commands.test_completion import bash_replies

    lines = ["aihub list --columns id,pricing.o", "aihub legacy --columns=own"]
    replies = bash_replies(aihub, tmp_path / "home", [*lines, "aihub list --columns "])
    assert replies[:2] == [["id,pricing.output"], ["owned_by", "owner"]]
    assert "model_id" in replies[2] and "ctx" in replies[2]


# Markdown's own punctuation, line breaks and escapes, often; any other text too.
MARKDOWNISH = st.text(alphabet=st.sampled_from(list("|\\`*_[]<>~&!#-:()=+. aZ1\n\t\x1b\u202e")))
CELL_TEXT = st.one_of(MARKDOWNISH, st.text(alphabet=st.characters(exclude_categories=["Cs"])))


@given(cells=st.lists(st.lists(CELL_TEXT, min_size=3, max_size=3), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_back_from_a_markdown_cell(cells: list[list[str]]) -> None:
    header, *rows = cells
    (table,) = parse_tables(markdown_table(header, rows, [False, True, False]))

    def expected(text: str) -> str:
        return terminal_safe(text).strip()

    assert table.header == [expected(text) for text in header]
    assert table.rows == [[expected(text) for text in row] for row in rows]
