"""`--as-of DATE` on list, show and compare: the catalog as the recorded history has it then,
checked against the history file read without aihub's code."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest

from aihubmix_cli.store import history
from aihubmix_cli.store.timeline import load_bundled
from tests.conftest import Aihub
from tests.support.history_data import catalog_at, ids_at


@pytest.fixture
def offline_aihub(aihub: Aihub) -> Aihub:
    """An empty cache and no server answering."""
    aihub.server.stop()
    return aihub


def test_show_gives_the_price_of_that_day_without_cache_or_network(
    offline_aihub: Aihub,
) -> None:
    result = offline_aihub("show", "qwen3-max", "--as-of", "2026-03-01", "--json")
    assert (result.code, result.err) == (0, "")
    shown = json.loads(result.out)
    assert shown["pricing"]["input"] == 0.34246
    assert shown["pricing"] == catalog_at("2026-03-01")["qwen3-max"]["pricing"]
    # Months later the price had moved again.
    later = json.loads(offline_aihub("show", "qwen3-max", "--as-of", "2026-06-01", "--json").out)
    assert later["pricing"]["input"] == 0.4508


def test_list_is_that_days_catalog_in_that_days_order(offline_aihub: Aihub) -> None:
    result = offline_aihub("list", "--as-of", "2026-03-01", "-o", "ids")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ids_at("2026-03-01")


def test_filters_sorts_and_costs_apply_to_that_catalog(offline_aihub: Aihub) -> None:
    result = offline_aihub(
        "list", "--as-of", "2026-03-01", "--model", "qwen3-max", "--input-tokens", "100k",
        "--sort", "cost", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    then, order = catalog_at("2026-03-01"), ids_at("2026-03-01")
    # Cheapest first; equal costs in the catalog's order of the day.
    assert [m["model_id"] for m in listed] == sorted(
        (i for i in order if "qwen3-max" in i.casefold()),
        key=lambda i: (then[i]["pricing"]["input"], order.index(i)),
    )
    cost = {m["model_id"]: m["estimated_cost_usd"] for m in listed}
    assert cost["qwen3-max"] == pytest.approx(0.034246)


def test_the_date_is_in_the_footer_and_the_caption(offline_aihub: Aihub) -> None:
    listed = offline_aihub("list", "--as-of", "2026-03-01", "--model", "qwen3-max", "-o", "table")
    assert listed.code == 0, listed.err
    assert listed.out.splitlines()[-1].endswith(
        "catalog as of 2026-03-01 (bundled version 2026-02-28T08:17:15Z)"
    )
    compared = offline_aihub(
        "compare", "qwen3-max", "qwen3-32b", "--as-of", "2026-06-01", "-o", "table"
    )
    assert compared.code == 0, compared.err
    assert "catalog as of 2026-06-01 (bundled version " in compared.out
    shown = offline_aihub("show", "qwen3-max", "--as-of", "2026-03-01", "-o", "table")
    assert "catalog as of 2026-03-01" in shown.out
    two = ("compare", "qwen3-max", "qwen3-32b", "--as-of", "2026-03-01", "-o", "markdown")
    markdown = offline_aihub(*two)
    assert markdown.code == 0, markdown.err
    assert markdown.out.endswith(
        "|\n\n2 models · catalog as of 2026-03-01 (bundled version 2026-02-28T08:17:15Z)\n"
    )


def test_a_gap_in_the_record_is_warned_about(offline_aihub: Aihub) -> None:
    result = offline_aihub("show", "qwen3-max", "--as-of", "2026-01-01", "--json")
    assert result.code == 0
    assert result.err == (
        "aihub: warning: the recorded history has a gap around 2026-01-01: no version between "
        "2025-12-31T16:11:28Z and 2026-01-08T07:34:02Z; answering from the earlier one\n"
    )
    assert json.loads(result.out)["pricing"] == catalog_at("2026-01-01")["qwen3-max"]["pricing"]


def utc_dates(*moments: float) -> set[str]:
    """The UTC dates of `moments`: a run may cross midnight between two clock readings."""
    return {datetime.fromtimestamp(m, tz=timezone.utc).strftime("%Y-%m-%d") for m in moments}


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_gap_around_a_span_names_the_date_the_span_stands_for(aihub: Aihub) -> None:
    assert aihub("list").code == 0  # a version kept today, months after the record ends
    (kept,) = history.versions(aihub.state_dir)
    end = load_bundled().times[-1]
    week = 7 * 86400
    before = time.time() - week
    result = aihub("list", "--as-of", "7d", "-o", "ids")
    days = utc_dates(before, time.time() - week)
    assert result.code == 0
    assert result.err in {
        f"aihub: warning: the recorded history has a gap around {day}: no version between "
        f"{iso(end)} and {iso(kept.fetched_at)}; answering from the earlier one\n"
        for day in days
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--as-of", "2025-01-01"],
            "the recorded history of the catalog starts 2025-11-11",
        ),
        (["list", "--as-of", "2026-03-01", "--tag", "coding"], "--tag coding needs the server"),
        (["show", "gpt-5", "--as-of", "soon"], "--as-of takes a date such as 2026-03-01"),
    ],
)
def test_what_the_history_cannot_answer_is_a_usage_error(
    offline_aihub: Aihub, args: list[str], message: str
) -> None:
    result = offline_aihub(*args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1
