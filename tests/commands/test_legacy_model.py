"""`aihub legacy MODEL` against a loopback /v1/models: which path is asked for, and the
model's entry shown."""

from __future__ import annotations

import json

import pytest

from tests.commands import legacy_helpers
from tests.commands.legacy_helpers import LEGACY_PATH, SMALL
from tests.conftest import Aihub
from tests.support import catalog_server
from tests.support.catalog_server import RecordedRequest, load_legacy_fixture

# The fixtures shared with the other legacy tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
small = legacy_helpers.small


@pytest.fixture
def raw_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Request targets exactly as they came over the wire (the server records them decoded)."""
    seen: list[str] = []
    original = catalog_server._Handler._record

    def record(handler: catalog_server._Handler) -> RecordedRequest:
        seen.append(handler.path)
        return original(handler)

    monkeypatch.setattr(catalog_server._Handler, "_record", record)
    return seen


# -- one model -------------------------------------------------------------------------------------


def test_a_model_id_with_a_slash_is_answered_from_the_list(
    aihub: Aihub, raw_paths: list[str]
) -> None:
    # The live /v1/models/{id} answers 404 for such an id, even sent as one segment (%2F).
    result = aihub("legacy", "Qwen/QwQ-32B", "--json")
    assert (result.code, result.err) == (0, "")
    (entry,) = [e for e in load_legacy_fixture() if e["id"] == "Qwen/QwQ-32B"]
    assert json.loads(result.out) == entry
    assert raw_paths == ["/v1/models"]
    plain = aihub("legacy", "Qwen/QwQ-32B", "-o", "plain")  # the list is cached: no request
    assert (plain.code, plain.err) == (0, "")
    assert plain.out.startswith("id\tQwen/QwQ-32B\n")
    assert raw_paths == ["/v1/models"]
    unknown = aihub("legacy", "Qwen/QwQ-33B")
    assert (unknown.code, unknown.out) == (3, "")
    assert unknown.err == "aihub: no model 'Qwen/QwQ-33B'; did you mean Qwen/QwQ-32B?\n"


def test_an_id_without_a_slash_is_asked_for_by_its_own_path(
    aihub: Aihub, raw_paths: list[str]
) -> None:
    result = aihub("legacy", "gpt-5", "--json")
    assert result.code == 0
    assert raw_paths == ["/v1/models/gpt-5"]


def test_model_detail_shows_the_permission_block(small: Aihub) -> None:
    result = small("legacy", "Acme/Coder-7B", "-o", "table", env={"COLUMNS": "100"})
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        # No `Parent  null` and no `group  null`: a null says nothing an absent row does not.
        "╭─ Acme/Coder-7B ────────────────────────────────────────╮\n"
        "│ Object      model                                      │\n"
        "│ Owner       acme                                       │\n"
        "│ Created     2020-09-13 12:26:40 UTC                    │\n"
        "│ Root        Acme/Coder-7B                              │\n"
        "│ Permission  id                 modelperm-acme1         │\n"
        "│             object             model_permission        │\n"
        "│             created            2020-09-13 12:26:40 UTC │\n"
        "│             allow sampling     yes                     │\n"
        "│             allow fine tuning  no                      │\n"
        "│             organization       *                       │\n"
        "╰────────────────────────────────────────────────────────╯\n"
    )


def test_model_detail_of_the_short_shape(small: Aihub) -> None:
    result = small("legacy", "mystery", "-o", "table", env={"COLUMNS": "100"})
    assert result.out == (
        "╭─ mystery ──────╮\n"
        "│ Object   model │\n"
        "│ Owner    —     │\n"
        "│ Created  —     │\n"
        "╰────────────────╯\n"
    )
    as_json = small("legacy", "mystery", "--json")
    assert json.loads(as_json.out) == SMALL[4]


def test_an_unknown_model_exits_3_with_suggestions_from_the_legacy_list(aihub: Aihub) -> None:
    result = aihub("legacy", "gpt-5-min")
    assert result.code == 3
    assert result.out == ""
    assert result.err == (
        "aihub: no model 'gpt-5-min'; did you mean gpt-5-mini, gpt-4o-mini, gpt-5?\n"
    )
    assert [r.path for r in aihub.server.requests] == ["/v1/models/gpt-5-min", LEGACY_PATH]
