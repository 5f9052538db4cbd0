"""`aihub audit`'s suggestions for ids the catalog does not have: exactly what
`catalog.suggest` answers among the ids sharing the text's first letter, or among all ids
when none of those is close."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.audit.suggest import Suggestions, _Group, close_matches
from aihubmix_cli.audit.typos import typos
from aihubmix_cli.catalog import suggest
from tests.support.catalog_server import load_fixture_models
from tests.support.live_catalog import live_catalog

LIVE = [m["model_id"] for m in live_catalog(850, seed=5)]
FIXTURE = [m["model_id"] for m in load_fixture_models() if isinstance(m.get("model_id"), str)]


def plainly(ids: list[str], text: str) -> list[str]:
    """The definition: `suggest` over the ids with the text's first letter, else over all."""
    same_initial = [i for i in ids if i[:1].casefold() == text[:1].casefold()]
    return suggest(same_initial, text) or suggest(ids, text)


def misspellings(ids: list[str], count: int) -> list[str]:
    rng = random.Random(11)
    words = []
    for model_id in rng.sample(ids, count):
        slips = sorted(typos(model_id.lower().encode()))
        words += [model_id.upper(), model_id.swapcase(), model_id[:-1], model_id + "-x"]
        words += [slip.decode() for slip in rng.sample(slips, min(3, len(slips)))]
        words += [model_id[len(model_id) // 2 :], model_id.split("-")[0]]
    return [*words, "zzz-9", "q", "x-1", "4o", "claude", "GPT", "llama3-70b", "!"]


@pytest.mark.parametrize("ids", [LIVE, FIXTURE], ids=["live-shaped", "fixture"])
def test_suggestions_are_what_suggest_answers(ids: list[str]) -> None:
    suggestions = Suggestions(ids)
    for word in misspellings(ids, 60 if len(ids) > 100 else len(ids)):
        assert suggestions(word) == plainly(ids, word), word
        assert suggestions(word) == plainly(ids, word), word  # remembered, the same


ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._/:@"


@given(
    model_id=st.sampled_from(LIVE),
    cut=st.tuples(st.integers(0, 30), st.integers(0, 30)),
    extra=st.text(alphabet=ID_CHARS, max_size=4),
    other=st.text(alphabet=ID_CHARS, max_size=24),
)
def test_close_matches_are_difflibs(
    model_id: str, cut: tuple[int, int], extra: str, other: str
) -> None:
    group = _Group(LIVE)
    keys = list(dict.fromkeys(key for _, key in group.ids))
    # Near an id (part of it cut out, something else put in), and anything at all.
    folded = model_id.casefold()
    for word in (folded[: cut[0]] + extra + folded[cut[0] + cut[1] :], other):
        assert close_matches(group, word) == difflib.get_close_matches(word, keys, 3, 0.6)
