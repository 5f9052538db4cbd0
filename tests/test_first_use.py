"""What a new user meets first: the messages of a miss, empty answers and the base URL."""

from __future__ import annotations

import pytest

from tests.conftest import Aihub

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
