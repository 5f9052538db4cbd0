"""Right answers on a catalog shaped like the live one (tests/support/live_catalog.py): untyped
models priced per token, full-width commas, the singular `tool`, bare entries, unknown limits,
and tables that stay one line per model in a real terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.conftest import TERMINAL, Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog import live_catalog

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MEDIA = {"image_generation", "t2i", "video", "t2v", "tts", "stt"}
NARROW = {"COLUMNS": "100", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def live_entries() -> list[dict[str, Any]]:
    return live_catalog(804)


@pytest.fixture
def live(live_entries: list[dict[str, Any]], tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(live_entries) as server:
        yield Aihub(server, tmp_path / "cache")


def raw_types(entry: dict[str, Any]) -> set[str]:
    text = entry.get("types") or ""
    return {part.strip() for part in text.replace("，", ",").split(",") if part.strip()}


def media_only(entry: dict[str, Any]) -> bool:
    types = raw_types(entry)
    return bool(types) and types <= MEDIA


def listed(aihub: Aihub, *args: str) -> list[dict[str, Any]]:
    result = aihub("list", "--json", *args)
    # A filter that reads a value some models lack says on stderr how many it left out.
    note = re.fullmatch(
        r"(aihub: [\d,]+ models? left out: .* --include-unknown lists them\n)?", result.err
    )
    assert (result.code, bool(note)) == (0, True), result.err
    models: list[dict[str, Any]] = json.loads(result.out)
    return models


# -- prices ------------------------------------------------------------------------------------


def test_every_token_priced_model_typed_or_not_gets_an_estimate(
    live: Aihub, live_entries: list[dict[str, Any]]
) -> None:
    models = listed(live, "--sort", "cost", "--input-tokens", "10k", "--output-tokens", "1k")
    assert len(models) == len(live_entries)
    by_id = {entry["model_id"]: entry for entry in live_entries}
    without = {
        m["model_id"]: m["estimate_unavailable"] for m in models if m["estimated_cost_usd"] is None
    }
    for model_id, reason in without.items():
        entry = by_id[model_id]
        if media_only(entry):
            assert reason == "price unit not documented"
        elif reason == "returns no output tokens":
            assert raw_types(entry) <= {"embedding", "rerank"}, model_id
        elif reason.startswith("exceeds the "):
            assert 0 < entry["context_length"] < 11_000 or 0 < entry.get("max_output", 0) < 1_000
        else:
            # Only a rate the workload needs and the catalog lacks stands in the way.
            assert reason in ("no input price", "no output price"), (model_id, reason)
            assert not {"input", "output"} <= set(entry.get("pricing") or {})
    untyped = [e["model_id"] for e in live_entries if not raw_types(e)]
    assert len(untyped) > 300  # the live share: 40%
    assert len([i for i in untyped if i not in without]) > 280
    # Every model with an estimate comes before every model without one, cheapest first.
    costs = [m["estimated_cost_usd"] for m in models]
    known = [c for c in costs if c is not None]
    assert costs == known + [None] * len(without)
    assert known == sorted(known)


def test_an_untyped_chat_model_is_priced_in_usd_per_1m(live: Aihub) -> None:
    # gpt-4o-mini-global sends no types: 0.15 in, 0.6 out.
    assert "gpt-4o-mini-global" in [m["model_id"] for m in listed(live, "--max-price", "0.2")]
    out = live("show", "gpt-4o-mini-global", terminal=TERMINAL).out
    assert (
        "│ Prices (USD per 1M tokens)  input $0.15 · output $0.60 · cache read — · cache write —"
        in out
    )
    assert "unit not documented" not in out


def test_price_sort_is_numeric_across_typed_and_untyped(live: Aihub) -> None:
    models = listed(live, "--sort", "price")

    def usd(model: dict[str, Any]) -> bool:
        types = set(model.get("types") or [])
        return not (types and types <= MEDIA) and model["pricing"].get("input") is not None

    prices = [m["pricing"]["input"] for m in models if usd(m)]
    assert len(prices) > 700
    assert prices == sorted(prices)
    # Media-only models come last, with the models that have no input price.
    assert [usd(m) for m in models] == [True] * len(prices) + [False] * (len(models) - len(prices))


def test_only_media_only_models_say_unit_not_documented(live: Aihub) -> None:
    whisper = live("show", "whisper-1", terminal=TERMINAL).out
    assert "│ Prices (unit not documented)  input 100 · output 100" in whisper
    assert "$" not in whisper
    table = live("list", "--format", "table", "--model", "V_2", env=NARROW).out
    (row,) = [line for line in table.splitlines() if line.startswith("V_2 ")]
    assert "  2*  " in row and "$" not in row


# -- lists as the live service writes them -------------------------------------------------------


def test_a_full_width_comma_separates_features(live: Aihub) -> None:
    thinking = [m["model_id"] for m in listed(live, "--features", "thinking")]
    tools = [m["model_id"] for m in listed(live, "--features", "tools")]
    assert "doubao-seed-1-6" in thinking and "doubao-seed-1-6" in tools
    found = listed(live, "--model", "doubao-seed-1-6", "--features", "thinking,tools")
    (doubao,) = [m for m in found if m["model_id"] == "doubao-seed-1-6"]
    assert doubao["features"] == ["thinking", "tools", "function_calling", "structured_outputs"]


def test_the_singular_tool_means_tools(live: Aihub) -> None:
    (o4,) = [m for m in listed(live, "--features", "tools") if m["model_id"] == "o4-mini"]
    assert o4["features"] == ["thinking", "tools"]
    assert "o4-mini" in [m["model_id"] for m in listed(live, "--features", "tool")]


def test_undocumented_types_are_kept_and_filterable(live: Aihub) -> None:
    ocr = listed(live, "--type", "ocr")
    assert ocr and all("ocr" in m["types"] for m in ocr)


# -- thin data -----------------------------------------------------------------------------------


def test_a_bare_entry_gets_a_short_panel(live: Aihub) -> None:
    result = live("show", "deepseek-v3", terminal=TERMINAL)
    assert result.code == 0
    assert result.out == (
        "╭─ deepseek-v3 ─────────────────────────────────────────────────────────╮\n"
        "│ Prices (USD per 1M tokens)  input $0.272 · output $1.088              │\n"
        "│                             The catalog lists no more for this model. │\n"
        "╰───────────────────────────────────────────────────────────────────────╯\n"
    )


def test_a_workload_beyond_the_window_has_no_estimate(live: Aihub) -> None:
    result = live("show", "gpt-4o-mini", "--input-tokens", "300k", terminal=TERMINAL)
    assert (
        "│ Est. cost                   none: exceeds the 128K context  (300K in, 0 out)"
        in result.out
    )
    assert "$0.045" not in result.out
    shown = json.loads(live("show", "gpt-4o-mini", "--input-tokens", "300k", "--json").out)
    assert (shown["estimated_cost_usd"], shown["estimate_unavailable"]) == (
        None,
        "exceeds the 128K context",
    )


def test_sorting_by_a_value_no_listed_model_has_says_so(live: Aihub) -> None:
    result = live("list", "--model", "gpt-4o-mini-global", "--sort", "max_output", "-o", "ids")
    assert result.code == 0
    assert result.err == (
        "aihub: no listed model has a known max output, so --sort max_output leaves them in "
        "the catalog's order\n"
    )
    assert live("list", "--sort", "max_output", "-o", "ids").err == ""


def test_an_empty_column_goes_first_when_the_terminal_is_narrow(live: Aihub) -> None:
    # Bare models: no types, no limits, no features; ids and prices are what there is.
    out = live("list", "--format", "table", "--model", "deepseek-v3", env={"COLUMNS": "80"}).out
    header = out.splitlines()[0].split()
    assert "Max" not in header and "Features" not in header
    assert header[:1] == ["ID"] and "In" in header


# -- tables that stay tables ---------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 100, 150, 200])
def test_the_first_example_is_one_line_per_model_in_a_real_terminal(
    live: Aihub, columns: int
) -> None:
    expected = len(listed(live, "--features", "thinking"))
    result, seen = live.on_terminal(
        "list", "--features", "thinking", "--sort", "context_length", columns=columns
    )
    assert result.returncode == 0
    lines = ANSI.sub("", seen).splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    # A header, a rule, one line per model, and a footer (which may wrap between words).
    assert lines[1].startswith("───")
    assert lines[2 + expected].startswith(f"{expected} models")
    assert len(lines) <= 2 + expected + 2
