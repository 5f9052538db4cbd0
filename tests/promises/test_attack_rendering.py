"""Attacks on the renderers (issue 27): huge text, and what CSV hands a spreadsheet.

Each test reproduces an attack found against aihub first, then checks what a user sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.render.cells import cell_len
from aihubmix_cli.render.columns import _shrink_widest, cut, fit_list
from aihubmix_cli.render.terminal import Terminal
from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer

HUGE_ID = "x" * 160_000
HUGE_DESCRIPTION = "é" * 1_000_000  # outside ASCII: measured a character at a time


@pytest.fixture
def huge_catalog(cache_dir: Path) -> Iterator[Aihub]:
    models: list[dict[str, Any]] = [
        {"model_id": HUGE_ID, "desc": HUGE_DESCRIPTION, "types": ["llm"]},
        {"model_id": "gpt-5", "desc": "ok", "types": ["llm"]},
    ]
    with CatalogServer(models=models) as running:
        yield Aihub(running, cache_dir)


def test_a_huge_id_and_description_draw_a_table(huge_catalog: Aihub) -> None:
    # Cutting dropped one character at a time and measured the whole string again: this
    # table took minutes. It is drawn at once (measured by hand: well under 2 s), and cut.
    terminal = Terminal(is_terminal=True, width=120, color=False)
    result = huge_catalog("list", "--columns", "id,desc", terminal=terminal)
    assert result.code == 0, result.err
    header, rule, first, second, footer = result.out.rstrip("\n").split("\n")
    assert rule == "─" * 120
    # The two columns share the room, the first cut with an ellipsis at its edge.
    assert first == f"{'x' * 57}…   {'é' * 58}…"
    assert header == f"{'ID':<58}   Description"
    assert second == f"{'gpt-5':<58}   ok"
    assert footer.startswith("2 models")


def test_cutting_measures_only_what_shows() -> None:
    measured: list[int] = []

    def counting(text: str) -> int:
        measured.append(len(text))
        return cell_len(text)

    assert cut(HUGE_ID, 40, counting) == "x" * 39 + "…"
    # A few measures of 40-odd characters, not 160,000 (or 160,000 squared).
    assert sum(measured) < 200
    measured.clear()
    assert fit_list(["tools", *(["thinking"] * 100_000)], 20, counting) == "tools +100000"
    assert sum(measured) < 1_000


@given(
    text=st.text(
        st.sampled_from(["a", "é", "中", "\u0301", "\u200d", "\ufe0f", "👍", "\u200b", " "]),
        max_size=60,
    ),
    width=st.integers(1, 30),
)
def test_a_cut_fits_and_keeps_the_longest_prefix(text: str, width: int) -> None:
    result = cut(text, width, cell_len)
    assert cell_len(result) <= width
    if result == text:
        return
    assert result.endswith("…")
    kept = result[:-1]
    assert text.startswith(kept)
    # Where widths add up (no ZWJ, no VS16), text is cut only when it does not fit, and
    # then one character more would not fit either.
    if "\u200d" not in text and "\ufe0f" not in text:
        assert cell_len(text) > width
        assert cell_len(text[: len(kept) + 1]) > width - 1


@given(
    widths=st.lists(st.integers(1, 200), min_size=1, max_size=6),
    excess=st.integers(1, 1000),
)
def test_shrinking_the_widest_columns_at_once_matches_one_cell_at_a_time(
    widths: list[int], excess: int
) -> None:
    keep = list(range(len(widths)))
    expected = dict(enumerate(widths))
    left = excess
    while left > 0:
        widest = max(keep, key=lambda i: expected[i])
        if expected[widest] <= 1:
            break
        expected[widest] -= 1
        left -= 1
    shrunk = dict(enumerate(widths))
    _shrink_widest(shrunk, keep, excess)
    assert shrunk == expected


# -- CSV formula injection ---------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(A1)", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def formula_catalog(cache_dir: Path) -> Iterator[Aihub]:
    models: list[dict[str, Any]] = [
        {
            "model_id": FORMULAS[0],
            "model_name": FORMULAS[1],
            "desc": FORMULAS[3],
            "types": [FORMULAS[2]],
            "pricing": {"input": 0, "output": 2},
        },
        {"model_id": "gpt-5", "model_name": FORMULAS[4], "desc": FORMULAS[5]},
        {"model_id": "-5", "model_name": "-0.5"},  # numbers, even from the server
    ]
    legacy = [{"id": "=1+1", "owned_by": "@evil", "object": "model", "created": 1}]
    with CatalogServer(models=models, legacy=legacy) as running:
        yield Aihub(running, cache_dir)


def csv_cells(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def test_no_csv_cell_starts_a_formula(formula_catalog: Aihub) -> None:
    runs = [
        ("list", "-o", "csv", "--columns", "id,name,desc,types,in,out"),
        ("compare", "-o", "csv", "gpt-5", FORMULAS[0]),
        ("legacy", "-o", "csv"),
    ]
    for args in runs:
        result = formula_catalog(*args)
        assert result.code == 0, result.err
        for row in csv_cells(result.out):
            for cell in row:
                assert cell in ("-5", "-0.5") or not cell.startswith(
                    ("=", "+", "-", "@", "\t", "\r")
                ), (args, cell)
    listed = csv_cells(formula_catalog("list", "-o", "csv", "--columns", "id,name,desc").out)
    assert listed == [
        ["model_id", "model_name", "desc"],
        ["'=cmd|' /C calc'!A0", "'+SUM(A1)", "'@SUM(A1)"],
        # Tabs and line breaks were spaces already (terminal_safe): no formula starts there.
        ["gpt-5", " =1", " =1"],
        ["-5", "-0.5", ""],
    ]
    legacy = csv_cells(formula_catalog("legacy", "-o", "csv").out)
    assert legacy[1] == ["'=1+1", "'@evil", "1970-01-01T00:00:01Z"]


def test_csv_raw_leaves_formulas_as_they_are(formula_catalog: Aihub) -> None:
    result = formula_catalog("list", "-o", "csv", "--csv-raw", "--columns", "id,name,desc")
    assert result.code == 0, result.err
    assert csv_cells(result.out)[1:3] == [
        [FORMULAS[0], FORMULAS[1], FORMULAS[3]],
        ["gpt-5", " =1", " =1"],
    ]
    compared = formula_catalog("compare", "-o", "csv", "--csv-raw", "gpt-5", FORMULAS[0])
    assert csv_cells(compared.out)[0] == ["field", "gpt-5", FORMULAS[0]]
    legacy = formula_catalog("legacy", "-o", "csv", "--csv-raw")
    assert csv_cells(legacy.out)[1] == ["=1+1", "@evil", "1970-01-01T00:00:01Z"]


def test_csv_raw_is_for_csv_only(formula_catalog: Aihub) -> None:
    for args in (("list", "--csv-raw"), ("list", "--json", "--csv-raw"), ("legacy", "--csv-raw")):
        result = formula_catalog(*args)
        assert (result.code, result.out) == (2, ""), args
        assert "--csv-raw is for --format csv" in result.err
