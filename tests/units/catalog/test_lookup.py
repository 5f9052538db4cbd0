"""Suggestions for an id the catalog does not have."""

from __future__ import annotations

import pytest

from aihubmix_cli.catalog.lookup import suggest

IDS = ["abab6.5s-chat", "claude-opus-4-1", "claude-2", "gpt-5", "GPT-5-mini", "ernie-x1-turbo"]


@pytest.mark.parametrize("query", ["-", ".", "--", " - "])
def test_a_separator_alone_suggests_nothing(query: str) -> None:
    # `aihub show -` suggested five abab6.5s-chat variants: a dash is in every id.
    assert suggest(IDS, query) == []


def test_a_word_of_an_id_and_a_case_slip_are_suggested_newest_first() -> None:
    assert suggest(IDS, "opus") == ["claude-opus-4-1"]
    assert suggest(IDS, "claude")[:2] == ["claude-opus-4-1", "claude-2"]
    assert suggest(IDS, "gpt-5-MINI")[0] == "GPT-5-mini"
