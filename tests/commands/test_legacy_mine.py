"""`aihub list --mine` and `aihub legacy --missing`: the catalog's models an API key can
call, and the ones it can call that the catalog lacks."""

from __future__ import annotations

import json

from tests.commands import legacy_helpers
from tests.commands.legacy_helpers import (
    KEY_A,
    KEY_B,
    authorizations,
    key_env,
    legacy_ids,
    list_requests,
)
from tests.conftest import Aihub

# The fixtures shared with the other legacy tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
keyed = legacy_helpers.keyed


# -- list --mine and legacy --missing --------------------------------------------------------------


def test_list_mine_without_a_key_is_a_usage_error_and_asks_nothing(aihub: Aihub) -> None:
    result = aihub("list", "--mine")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "aihub: --mine needs AIHUBMIX_API_KEY: it lists the models that key can call\n"
    )
    assert aihub.server.requests == []


def test_list_mine_is_the_catalog_models_the_key_can_call_in_catalog_order(
    keyed: Aihub,
) -> None:
    result = keyed("list", "--mine", "-o", "ids", env=key_env(KEY_A))
    assert result.code == 0
    # The catalog's order, not LIST_A's; team-a-private is not in the catalog.
    assert result.out == "gpt-5\nclaude-sonnet-4-5\n"
    assert authorizations(list_requests(keyed.server)) == [f"Bearer {KEY_A}"]
    other = keyed("list", "--mine", "--json", env=key_env(KEY_B))
    assert [model["model_id"] for model in json.loads(other.out)] == ["kimi-k2"]


def test_list_mine_with_a_rejected_key_is_exit_1(keyed: Aihub) -> None:
    result = keyed("list", "--mine", env=key_env("sk-unknown"))
    assert (result.code, result.out) == (1, "")
    assert "the API key was rejected" in result.err and "Invalid token" in result.err


def test_legacy_missing_lists_what_the_key_can_call_that_the_catalog_lacks(keyed: Aihub) -> None:
    assert legacy_ids(keyed, "--missing", key=KEY_A) == ["team-a-private"]
    assert legacy_ids(keyed, "--missing", key=KEY_B) == []  # kimi-k2 is in the catalog
    assert legacy_ids(keyed, "--missing") == []


def test_legacy_missing_on_the_default_list(aihub: Aihub) -> None:
    result = aihub("legacy", "--missing")
    assert result.out == (
        "id\towned_by\tcreated\n"
        "gpt-3.5-turbo\tOpenAI\t2023-02-28T18:56:42Z\n"
        "claude-3-haiku-20240307\tAnthropic\t2024-03-07T00:00:00Z\n"
    )
