"""Tests of the on-disk HTTP cache (aihubmix_cli.store.cache): a fresh answer is served
without asking; how Cache-Control sets freshness; what a revalidation keeps."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.sources.remote import parse_cache_control
from aihubmix_cli.store.cache import DEFAULT_MAX_AGE, Cache, CacheEntry, freshness
from tests.units.store.cache_helpers import EXPIRED, FRESH, KEY, STALE, T0, _entry

# --- freshness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "max_age", "swr", "expected"),
    [
        pytest.param(0.0, 300.0, 300.0, FRESH, id="just-stored"),
        pytest.param(299.999, 300.0, 300.0, FRESH, id="just-below-max-age"),
        pytest.param(300.0, 300.0, 300.0, STALE, id="exactly-max-age"),
        pytest.param(450.0, 300.0, 300.0, STALE, id="within-swr"),
        pytest.param(599.999, 300.0, 300.0, STALE, id="just-below-max-age-plus-swr"),
        pytest.param(600.0, 300.0, 300.0, EXPIRED, id="exactly-max-age-plus-swr"),
        pytest.param(86_400.0, 300.0, 300.0, EXPIRED, id="a-day-old"),
        pytest.param(299.0, 300.0, 0.0, FRESH, id="swr0-fresh"),
        pytest.param(300.0, 300.0, 0.0, EXPIRED, id="swr0-at-max-age"),
        pytest.param(0.0, 0.0, 0.0, EXPIRED, id="max-age0-never-fresh"),
        pytest.param(0.0, 0.0, 60.0, STALE, id="max-age0-with-swr"),
        pytest.param(60.0, 0.0, 60.0, EXPIRED, id="max-age0-swr-spent"),
        pytest.param(-0.001, 300.0, 300.0, EXPIRED, id="clock-moved-back-a-little"),
        pytest.param(-3600.0, 1e9, 1e9, EXPIRED, id="clock-moved-back-huge-max-age"),
    ],
)
def test_freshness_table(age: float, max_age: float, swr: float, expected: str) -> None:
    assert freshness(T0, max_age, swr, T0 + age) is expected


def test_entry_freshness_and_age_use_the_stored_policy() -> None:
    entry = _entry(max_age=60.0, swr=30.0)
    assert entry.freshness(T0 + 59) is FRESH
    assert entry.freshness(T0 + 60) is STALE
    assert entry.freshness(T0 + 90) is EXPIRED
    assert entry.age(T0 + 42.5) == 42.5


def test_entry_age_is_never_negative_when_the_clock_moved_back() -> None:
    # `cache info` and warnings print the age; "-5 minutes old" would be nonsense.
    assert _entry().age(T0 - 300) == 0.0


def test_entry_defaults_are_the_absent_header_policy() -> None:
    entry = CacheEntry(KEY, b"", T0)
    assert (entry.max_age, entry.swr, entry.etag) == (DEFAULT_MAX_AGE, 0.0, None)
    assert (entry.max_age, entry.swr) == parse_cache_control(None)


# --- Cache-Control --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("public, max-age=300, stale-while-revalidate=300", (300.0, 300.0), id="live"),
        pytest.param(None, (300.0, 0.0), id="absent"),
        pytest.param("", (300.0, 0.0), id="empty"),
        pytest.param("no-cache", (0.0, 0.0), id="no-cache"),
        pytest.param("no-store", (0.0, 0.0), id="no-store"),
        pytest.param("max-age=300, no-cache", (0.0, 0.0), id="no-cache-after-max-age"),
        pytest.param("NO-STORE", (0.0, 0.0), id="no-store-upper"),
        pytest.param("private, max-age=60", (60.0, 0.0), id="private"),
        pytest.param("max-age=1.5", (1.5, 0.0), id="fractional"),
        pytest.param(
            "  MAX-AGE = 60 ,Stale-While-Revalidate= 30  ", (60.0, 30.0), id="spacing-and-case"
        ),
        pytest.param("max-age=60,stale-while-revalidate=30", (60.0, 30.0), id="no-spaces"),
        pytest.param(
            'max-age="120", stale-while-revalidate="15"', (120.0, 15.0), id="quoted-values"
        ),
        pytest.param(",, max-age=60 ,,", (60.0, 0.0), id="empty-parts"),
        pytest.param("max-age=soon", (300.0, 0.0), id="garbage-max-age"),
        pytest.param("max-age=12abc", (300.0, 0.0), id="trailing-garbage"),
        pytest.param("max-age=", (300.0, 0.0), id="empty-value"),
        pytest.param("max-age", (300.0, 0.0), id="no-value"),
        pytest.param("stale-while-revalidate=later", (300.0, 0.0), id="garbage-swr"),
        pytest.param("max-age=soon, stale-while-revalidate=5", (300.0, 5.0), id="one-bad-one-good"),
        pytest.param(
            'community="UCI, x", max-age=60', (60.0, 0.0), id="comma-inside-an-unknown-quote"
        ),
        pytest.param("max_age=60", (300.0, 0.0), id="underscore-is-not-the-directive"),
        pytest.param("s-maxage=10, max-age=20", (20.0, 0.0), id="shared-cache-age-ignored"),
        pytest.param("max-age=-5", (0.0, 0.0), id="negative-max-age"),
        pytest.param("max-age=60, stale-while-revalidate=-1", (60.0, 0.0), id="negative-swr"),
    ],
)
def test_parse_cache_control(header: str | None, expected: tuple[float, float]) -> None:
    assert parse_cache_control(header) == expected


@pytest.mark.parametrize("directive", ["no-cache", "no-store"])
def test_no_cache_wins_whatever_the_order(directive: str) -> None:
    assert parse_cache_control(f"{directive}, max-age=300") == (0.0, 0.0)
    assert parse_cache_control(f"max-age=300, stale-while-revalidate=60, {directive}") == (0, 0)


@pytest.mark.parametrize("directive", ["max-age", "stale-while-revalidate"])
@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf", "1e999", "nan"])
def test_durations_are_always_finite(directive: str, value: str) -> None:
    # float() accepts these, but an infinite max-age would make an answer fresh for ever and
    # `aihub cache info --json` cannot print it (JSON has no Infinity).
    max_age, swr = parse_cache_control(f"{directive}={value}")
    assert math.isfinite(max_age)
    assert math.isfinite(swr)


@pytest.mark.parametrize("value", ["inf", "Infinity", "1e999"])
def test_infinite_durations_are_ignored_like_garbage(value: str) -> None:
    assert parse_cache_control(f"max-age={value}") == (300.0, 0.0)
    assert parse_cache_control(f"max-age=60, max-age={value}") == (60.0, 0.0)
    assert parse_cache_control(f"max-age=60, stale-while-revalidate={value}") == (60.0, 0.0)


@given(st.text())
def test_parse_cache_control_never_raises_and_stays_in_range(header: str) -> None:
    max_age, swr = parse_cache_control(header)
    # NaN compares false to everything and infinity never expires: both break freshness().
    assert 0 <= max_age < math.inf
    assert 0 <= swr < math.inf


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_parse_cache_control_reads_any_delta_seconds(max_age: int, swr: int) -> None:
    header = f"max-age={max_age}, stale-while-revalidate={swr}"
    assert parse_cache_control(header) == (float(max_age), float(swr))


# --- revalidation -----------------------------------------------------------------------


def test_revalidated_restarts_the_clock_and_keeps_the_old_etag() -> None:
    entry = _entry(body=b"body", max_age=60.0, swr=0.0, etag='"old"')
    later = T0 + 3600
    assert entry.freshness(later) is EXPIRED
    renewed = entry.revalidated(later, 300.0, 120.0, None)
    assert renewed == CacheEntry(KEY, b"body", later, 300.0, 120.0, '"old"')
    assert renewed.freshness(later) is FRESH
    assert renewed.freshness(later + 300) is STALE
    assert renewed.age(later + 5) == 5.0
    assert entry.stored_at == T0  # the original is untouched


def test_revalidated_takes_a_new_etag() -> None:
    renewed = _entry(etag='"old"').revalidated(T0 + 1, 300.0, 0.0, '"new"')
    assert renewed.etag == '"new"'


def test_revalidated_entry_survives_the_disk(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.store(_entry(etag='"old"'))
    stored = cache.load(KEY)
    assert stored is not None
    assert cache.store(stored.revalidated(T0 + 600, 300.0, 300.0, None))
    reloaded = cache.load(KEY)
    assert reloaded is not None
    assert (reloaded.stored_at, reloaded.etag) == (T0 + 600, '"old"')
    assert reloaded.freshness(T0 + 601) is FRESH
