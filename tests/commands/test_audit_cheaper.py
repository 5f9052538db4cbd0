"""`aihub audit --cheaper` on the live-shaped catalog: a suggestion is a paid model that
keeps everything the pinned one has, never a $0 route (free, quota-limited) for a paid one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.audit.alternative import features
from aihubmix_cli.catalog import Model, parse_models
from tests.conftest import Aihub
from tests.support.live_catalog_late import late_catalog

PINNED = ("claude-sonnet-4-5", "o3-pro", "gpt-4-32k")
APP = "".join(f'MODEL_{n} = "{model_id}"\n' for n, model_id in enumerate(PINNED))


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # A folder of its own: the tests' cache and state folders sit beside it, not in it.
    folder = tmp_path / "tree"
    folder.mkdir()
    (folder / "app.py").write_text(APP)
    monkeypatch.chdir(folder)
    return folder


def parsed(entries: list[dict[str, Any]]) -> dict[str, Model]:
    return {m.id: m for m in parse_models(entries)[0]}


def test_no_free_route_is_offered_for_a_paid_model(aihub: Aihub, tree: Path) -> None:
    # NAMED + LATE: gpt-5.5-free and coding-glm-5.2-free ($0 routes with every feature)
    # were the suggestion for all three.
    aihub.server.set_models(late_catalog(0))
    result = aihub("audit", "--cheaper", ".")
    assert result.code == 0, result.err
    assert result.out == (
        "app.py:1:12\tok\tclaude-sonnet-4-5\tin $3 · out $15 per 1M tokens; cheapest "
        "alternative: doubao-seed-1-6 (in $0.1096 · out $1.0959 per 1M tokens)\n"
        "app.py:2:12\tok\to3-pro\tin $20 · out $80 per 1M tokens; cheapest alternative: "
        "doubao-seed-1-6 (in $0.1096 · out $1.0959 per 1M tokens)\n"
        "app.py:3:12\tok\tgpt-4-32k\tin $60 · out $120 per 1M tokens; cheapest alternative: "
        "Pro/THUDM/GLM-4.1V-9B-Thinking (in $0.04658 · out $0.187 per 1M tokens)\n"
    )


@pytest.mark.parametrize("size", [0, 850])
def test_each_suggestion_keeps_what_the_pinned_model_has(
    aihub: Aihub, tree: Path, size: int
) -> None:
    entries = late_catalog(size)
    models = parsed(entries)
    aihub.server.set_models(entries)
    report = json.loads(aihub("audit", "--cheaper", "--json", ".").out)
    found = {f["id"]: f["alternative"] for f in report["findings"]}
    assert sorted(found) == sorted(PINNED)
    for model_id, alternative in found.items():
        pinned, offered = models[model_id], models[alternative["id"]]
        assert offered.prices["input"] + offered.prices["output"] > 0
        assert features(pinned) <= features(offered), (model_id, offered.id)
        assert {t.lower() for t in pinned.types} <= {t.lower() for t in offered.types}
        assert set(pinned.input_modalities) <= set(offered.input_modalities)
        needed, context = pinned.context_length, offered.context_length
        assert needed is None or context is None or context >= needed


def test_a_free_model_may_have_a_free_stand_in(aihub: Aihub, tree: Path) -> None:
    # A misspelt free route: what stands in for coding-glm-5.2-free may be free too.
    aihub.server.set_models(late_catalog(0))
    (tree / "app.py").write_text('MODEL = "coding-glm-5.2-fre"\n')
    result = aihub("audit", "--suggest", ".")
    assert result.out.startswith("app.py:1:10\tunknown\tcoding-glm-5.2-fre\t")
    assert result.out.endswith(
        "; cheapest alternative: gpt-5.5-free (in $0 · out $0 per 1M tokens)\n"
    )


def test_an_untyped_model_is_offered_chat_models_only(aihub: Aihub, tree: Path) -> None:
    # The review found claude-opus-4-1 (untyped, as 40% of the live catalog is) offered
    # text-embedding-3-large: with no types to keep, every model matched.
    aihub.server.set_models(
        [
            {"model_id": "claude-opus-4-1", "pricing": {"input": 15, "output": 75}},
            {
                "model_id": "text-embedding-3-large",
                "types": "embedding",
                "pricing": {"input": 0.13, "output": 0.13},
            },
            {"model_id": "tts-mini", "types": "tts", "pricing": {"input": 0.6, "output": 0.6}},
            {"model_id": "glm-4.5", "pricing": {"input": 0.5, "output": 2}},
            {"model_id": "gpt-5-mini", "types": "llm", "pricing": {"input": 0.25, "output": 2}},
        ]
    )
    (tree / "app.py").write_text('MODEL = "claude-opus-4-1"\n')
    result = aihub("audit", "--cheaper", ".")
    assert result.out == (
        "app.py:1:10\tok\tclaude-opus-4-1\tin $15 · out $75 per 1M tokens; cheapest "
        "alternative: gpt-5-mini (in $0.25 · out $2 per 1M tokens)\n"
    )
