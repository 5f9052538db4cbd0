"""Properties of the renderers under hostile text (issue 27), beyond
tests/promises/test_hostile_*.py: tables fitted to any width, with `--columns` and without,
Markdown, CSV and JSON, with controls, bidi marks, wide and zero-width characters and huge
strings in every field.

On a format for people no raw control or bidi character ever comes out and no line is
wider than the terminal; JSON gives back exactly what the server sent (NaN as null).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aihubmix_cli.catalog import Model
from aihubmix_cli.catalog.fields import MODEL_NAMES
from aihubmix_cli.render import writers
from aihubmix_cli.render.cells import cell_len
from aihubmix_cli.render.models import model_view
from aihubmix_cli.render.terminal import Terminal
from tests.promises.hostile_checks import (
    FORBIDDEN,
    SANITISED,
    assert_clean,
    check_json_models,
    check_one_line_json,
    parsed,
    sent,
    usable,
)

# Text a table must survive: escapes, C1, bidi, NUL, wide (two cells), zero-width and
# combining characters, emoji joined by ZWJ, and strings long enough to need cutting.
PIECES = [
    "\x1b[31m",
    "\x9b2J",
    "\u202e",
    "\u2066",
    "\x00",
    "\n",
    "\t",
    "\r",
    "\u2028",
    "中文",
    "\uff57\uff49\uff44\uff45",  # fullwidth "wide"
    "e\u0301",
    "\u200b",
    "👩\u200d💻",
    "❤\ufe0f",
    "\ud800",
    "=cmd",
    "|",
    "*",
    "a",
    " ",
]
hostile_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(max_size=20),
    st.tuples(st.sampled_from(PIECES), st.integers(1, 20_000)).map(lambda p: p[0] * p[1]),
)


@st.composite
def hostile_models(draw: st.DrawFn) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "model_id": draw(hostile_text.filter(bool)),
        "developer_id": draw(hostile_text),  # a field aihub does not know: --columns takes it
    }
    for field in ("model_name", "desc"):
        if draw(st.booleans()):
            entry[field] = draw(hostile_text)
    for field in ("features", "types", "input_modalities"):
        if draw(st.booleans()):
            entry[field] = draw(st.lists(hostile_text, max_size=4))
    if draw(st.booleans()):
        entry["pricing"] = {"input": draw(st.one_of(st.floats(), st.integers(-5, 10**9)))}
    return entry


catalogs = st.lists(hostile_models(), min_size=1, max_size=5)
# Fewer examples than test_hostile_render's: these add to its, and huge strings cost time.
FAST = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COLUMN_CHOICES = ["id", "name", "desc", "features", "types", "ctx", "in", "out", "developer_id"]


def table_lines(models: list[Model], width: int, columns: list[str] | None) -> list[str]:
    fields = MODEL_NAMES.resolve(columns, (m.data for m in models)) if columns else None
    out = io.StringIO()
    terminal = Terminal(is_terminal=True, width=width, color=False)
    writers.write(out, terminal, "table", model_view(None, fields), models, footer="f")
    return out.getvalue().split("\n")


@FAST
@given(
    catalog=catalogs,
    width=st.integers(20, 200),
    columns=st.one_of(st.none(), st.lists(st.sampled_from(COLUMN_CHOICES), min_size=1)),
)
def test_a_table_is_clean_and_fits_any_terminal(
    catalog: list[Any], width: int, columns: list[str] | None
) -> None:
    models, _ = parsed(catalog)
    if not models:
        columns = None  # no row carries developer_id: asking for it is a usage error
    lines = table_lines(models, width, columns)
    assert_clean("\n".join(lines), "table")
    body = lines[: len(models) + 2]  # header, rule, one line per model: no row wraps
    assert len(lines) == len(models) + 4 and lines[-2:] == ["f", ""], lines[-3:]
    for line in body:
        # With --columns every named column stays, however narrow, each at least a cell.
        limit = width if columns is None else max(width, 4 * len(columns) + 3 * len(columns))
        assert cell_len(line) <= limit, (width, line[:200])


@FAST
@given(catalog=catalogs)
def test_markdown_is_clean_and_keeps_its_cells(catalog: list[Any]) -> None:
    models, _ = parsed(catalog)
    text = writers.machine_text("markdown", model_view(), models, False, footer="f")
    assert_clean(text, "markdown")
    lines = text.split("\n")
    header_cells = lines[0].count(" | ")
    for line in lines[: len(models) + 2]:
        # A `|` from the data is escaped: every row has the header's number of cells.
        unescaped = line.replace("\\|", "").count(" | ")
        assert unescaped == header_cells, line[:200]


@FAST
@given(catalog=catalogs, raw=st.booleans())
def test_csv_parses_back_clean_and_never_starts_a_formula(catalog: list[Any], raw: bool) -> None:
    models, _ = parsed(catalog)
    columns = model_view().columns
    text = writers.csv_text(columns, models, raw=raw)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(models) + 1
    for row in rows:
        assert len(row) == len(columns)
        for cell in row:
            assert not any(char in SANITISED for char in cell), cell[:100]
            if not raw:
                assert not cell.startswith(("=", "+", "@")), cell[:100]


@FAST
@given(catalog=catalogs)
def test_json_gives_back_exactly_what_the_server_sent(catalog: list[Any]) -> None:
    models, _ = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    for ascii_only in (False, True):
        text = writers.machine_text("json", model_view(), models, ascii_only)
        check_json_models(check_one_line_json(text), raws, "json")
        lines = writers.machine_text("jsonl", model_view(), models, ascii_only).split("\n")
        assert [json.loads(line) for line in lines[:-1]] == json.loads(text)


@FAST
@given(catalog=catalogs)
def test_plain_and_ids_carry_no_control_character(catalog: list[Any]) -> None:
    models, _ = parsed(catalog)
    plain = writers.machine_text("plain", model_view(), models, False)
    for line in plain.split("\n"):
        for cell in line.split("\t"):
            assert not any(char in FORBIDDEN for char in cell), cell[:100]
    ids = writers.machine_text("ids", model_view(), models, False)
    assert ids.count("\n") == len(models)
    assert_clean(ids, "ids")
