"""`aihub export`: which models, which errors, and output every loader reads back exactly.

The tests that load the exports in the real tools are in test_export_<tool>.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aihubmix_cli.export import base, jsonc
from tests.conftest import SKIP_WARNING, Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.real_tools import CANARY, assert_no_canary

TOOLS = ("opencode", "litellm", "llm", "claude-code", "codex")


def test_neither_ids_nor_filters_is_a_usage_error(aihub: Aihub) -> None:
    result = aihub("export", "litellm")
    assert result.code == 2
    assert result.err == (
        "aihub: name the models to export: ids (aihub export litellm MODEL...) or list "
        "filters (--features tools, --max-price 1, --mine, ...)\n"
    )
    assert aihub.server.requests == []


def test_ids_and_filters_together_are_a_usage_error(aihub: Aihub) -> None:
    result = aihub("export", "opencode", "gpt-5", "--features", "tools")
    assert (result.code, result.err) == (2, "aihub: give model ids or list filters, not both\n")


def test_an_unknown_id_exits_3_with_suggestions(aihub: Aihub) -> None:
    result = aihub("export", "llm", "gpt-5", "claude-sonet-4-5")
    assert result.code == 3
    assert result.out == ""
    assert result.err == SKIP_WARNING + (
        "aihub: no model 'claude-sonet-4-5'; did you mean claude-sonnet-4-5, "
        "claude-opus-4-1, claude-haiku-4-5?\n"
    )


def test_filters_select_what_list_shows(aihub: Aihub) -> None:
    shown = aihub("list", "--features", "thinking", "--min-context", "1m", "--format", "ids")
    result = aihub("export", "opencode", "--features", "thinking", "--min-context", "1m")
    assert result.code == 0, result.err
    exported = list(json.loads(result.out)["provider"]["aihub"]["models"])
    assert exported == shown.out.split() and len(exported) >= 2


def test_sort_and_limit_pick_the_models_as_in_list(aihub: Aihub) -> None:
    args = ("--features", "tools", "--sort", "price", "--limit", "3")
    shown = aihub("list", *args, "--format", "ids")
    result = aihub("export", "opencode", *args)
    assert list(json.loads(result.out)["provider"]["aihub"]["models"]) == shown.out.split()
    # export takes no workload: cost is no sort key of its (tests/test_help.py).
    by_cost = aihub("export", "opencode", "--features", "tools", "--sort", "cost")
    assert (by_cost.code, by_cost.out) == (2, "")


def test_named_models_are_exported_in_the_order_list_gives_them(aihub: Aihub) -> None:
    # export ignored --order and --sort for named models (the catalog's order).
    named = ("gpt-5-nano", "o3", "gpt-4o-mini")
    for extra in ((), ("--order", "asc"), ("--order", "desc"), ("--sort", "price")):
        result = aihub("export", "opencode", *named, *extra)
        exported = list(json.loads(result.out)["provider"]["aihub"]["models"])
        shown = aihub("list", *named, *extra, "--format", "ids").out.split()
        assert exported == shown, extra
    reversed_ = aihub("export", "opencode", *named, "--order", "desc")
    models = json.loads(reversed_.out)["provider"]["aihub"]["models"]
    assert list(models) == ["gpt-4o-mini", "o3", "gpt-5-nano"]


def test_filters_matching_nothing_export_nothing(aihub: Aihub) -> None:
    result = aihub("export", "litellm", "--model", "no-such-thing")
    assert result.code == 3
    assert result.out == ""
    assert result.err.endswith("aihub: no model matches these filters; nothing to export\n")


def test_media_models_are_refused_by_name_or_left_out_of_a_selection(aihub: Aihub) -> None:
    named = aihub("export", "litellm", "gpt-5", "sora-2", "whisper-1")
    assert named.code == 2
    assert named.err == SKIP_WARNING + (
        "aihub: litellm takes models priced per token; these are not: sora-2 (video), "
        "whisper-1 (stt)\n"
    )
    selected = aihub("export", "opencode", "--modalities", "image", "--model", "gpt")
    assert selected.code == 0, selected.err
    models = json.loads(selected.out)["provider"]["aihub"]["models"]
    assert "gpt-image-1" not in models and "gpt-5" in models
    assert "left out what opencode cannot use (not chat models): gpt-image-1" in selected.err


def test_embeddings_go_to_litellm_but_not_to_chat_tools(aihub: Aihub) -> None:
    yaml = pytest.importorskip("yaml")
    result = aihub("export", "litellm", "text-embedding-3-large")
    assert result.code == 0, result.err
    (entry,) = yaml.safe_load(result.out)["model_list"]
    assert entry["model_info"]["mode"] == "embedding"
    assert "output_cost_per_token" not in entry["model_info"]  # the catalog has no rate
    refused = aihub("export", "llm", "text-embedding-3-large")
    assert refused.code == 2
    assert "text-embedding-3-large (embedding)" in refused.err


def test_the_base_url_follows_aihubmix_base_url(aihub: Aihub) -> None:
    result = aihub("export", "opencode", "gpt-5")
    config = json.loads(result.out)["provider"]["aihub"]
    assert config["options"] == {
        "baseURL": f"{aihub.url}/v1",
        "apiKey": "{env:AIHUBMIX_API_KEY}",
    }


@pytest.fixture
def keyed(cache_dir: Path) -> Iterator[Aihub]:
    entries = [{"id": i, "object": "model"} for i in ("gpt-5-codex", "claude-sonnet-4-5")]
    with CatalogServer(keyed_legacy={CANARY: entries}) as running:
        yield Aihub(running, cache_dir)


@pytest.mark.parametrize("tool", TOOLS)
def test_the_key_canary_appears_in_no_output_file_backup_or_message(
    keyed: Aihub, tmp_path: Path, tool: str
) -> None:
    env = {"AIHUBMIX_API_KEY": CANARY}
    model = "claude-sonnet-4-5" if tool == "claude-code" else "gpt-5-codex"
    printed = keyed("export", tool, model, env=env)
    assert printed.code == 0, printed.err
    mine = keyed("export", tool, "--mine", "--model", model, env=env)
    assert mine.code == 0, mine.err
    assert any(r.headers.get("authorization") == f"Bearer {CANARY}" for r in keyed.server.requests)
    texts: list[str | bytes] = [printed.out, printed.err, mine.out, mine.err]
    if tool != "claude-code":
        target = tmp_path / f"config-{tool}"
        target.write_text("// mine\n{}\n" if tool == "opencode" else "# mine\n")
        for _ in range(2):  # each writes a .bak (the second merge changes nothing, writes none)
            merged = keyed("export", tool, model, "--merge", str(target), env=env)
            assert merged.code == 0, merged.err
            texts += [merged.out, merged.err]
        texts += [target.read_bytes(), target.with_name(target.name + ".bak").read_bytes()]
    assert_no_canary(*texts)


# Ids as the live catalog has them: slashes, colons, @, parentheses, YAML's own words.
HOSTILE_IDS = [
    "Pro/THUDM/GLM-4.1V-9B-Thinking",
    "gemini-2.0-flash:free",
    "claude-3-opus@20240229",
    "llama3-70b-8192(33)",
    "yes",
    "null",
    "1e3",
    "a #comment",
    'say "hi"',
    "- dash",
    "模型-ü",
]


@pytest.fixture
def hostile(cache_dir: Path) -> Iterator[Aihub]:
    models = [
        {
            "model_id": model_id,
            "types": "llm",
            "features": "tools",
            "input_modalities": "text",
            "context_length": 8192,
            "max_output": 1024,
            "pricing": {"input": 0.1, "output": 0.2},
        }
        for model_id in HOSTILE_IDS
    ]
    with CatalogServer(models) as running:
        yield Aihub(running, cache_dir)


def test_every_id_reads_back_exactly_in_every_format(hostile: Aihub) -> None:
    yaml = pytest.importorskip("yaml")

    def export(tool: str) -> str:
        result = hostile("export", tool, "--type", "llm")
        assert result.code == 0, result.err
        return result.out

    read_back = {
        "litellm": [m["model_name"] for m in yaml.safe_load(export("litellm"))["model_list"]],
        "llm": [m["model_name"] for m in yaml.safe_load(export("llm"))],
        "opencode": list(json.loads(export("opencode"))["provider"]["aihub"]["models"]),
    }
    assert read_back == dict.fromkeys(read_back, HOSTILE_IDS)
    litellm = yaml.safe_load(hostile("export", "litellm", "--type", "llm").out)["model_list"]
    assert [m["litellm_params"]["model"] for m in litellm] == [f"aihubmix/{i}" for i in HOSTILE_IDS]
    assert all(m["model_info"]["input_cost_per_token"] == pytest.approx(1e-7) for m in litellm)


@given(st.text())
@example("\x85 \u2028 \t\n: #x")  # line breaks YAML knows beyond \n
def test_yaml_strings_read_back_exactly(text: str) -> None:
    yaml = pytest.importorskip("yaml")
    # PyYAML cannot carry lone surrogates in any form; no id or name can hold one either.
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    assert yaml.safe_load("value: " + base.yaml_string(text)) == {"value": text}


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=12))
def test_yaml_numbers_read_back_as_numbers(number: Any) -> None:
    yaml = pytest.importorskip("yaml")
    loaded = yaml.safe_load("value: " + base.yaml_number(number))["value"]
    assert isinstance(loaded, (int, float))
    assert abs(loaded - float(number)) <= 1e-12 * max(1.0, float(number))


@given(
    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=4),
    st.sampled_from(['{\n  // note\n  "a": 1, /* c */\n}\n', "{}", '{"provider": {}}']),
)
def test_setting_one_member_keeps_every_other_byte(extra: dict[str, Any], document: str) -> None:
    merged = jsonc.set_member(document, ("provider", "aihub"), extra)
    parsed = jsonc.parse(merged).value
    assert parsed["provider"]["aihub"] == extra
    again = jsonc.set_member(merged, ("provider", "aihub"), {"x": 1})
    assert jsonc.parse(again).value["provider"]["aihub"] == {"x": 1}
    # Replacing changes only the member's value: what surrounds it stays as it was.
    start = merged.index('"aihub": ') + len('"aihub": ')
    assert again.startswith(merged[:start])
    assert again.endswith(
        merged[start + len(jsonc.dumps(extra, jsonc.indentation(merged, start))) :]
    )
