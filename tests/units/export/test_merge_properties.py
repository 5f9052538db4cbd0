"""Property tests over the `--merge` writers with hostile text (issue 27): whatever the ids,
names and the user's own values hold, the merged file parses back to exactly the exported
models, keeps every value of the user's, and merging again changes nothing. And the YAML
check used without PyYAML never lets through a file PyYAML cannot read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aihubmix_cli.catalog import parse_catalog
from aihubmix_cli.catalog.model import Model
from aihubmix_cli.export import base, codex, jsonc, litellm, llm, opencode
from aihubmix_cli.export.yamlcheck import shape

yaml = pytest.importorskip("yaml", reason="PyYAML reads the merged YAML back")
tomllib = pytest.importorskip("tomllib", reason="tomllib arrived in Python 3.11")

BASE_URL = "https://aihubmix.example"
# Characters each format gives a meaning to, control characters and line breaks of all kinds.
SPECIAL = ":#-[]{},&*!|>'\"%@`\\/\n\r\t\x00\x1b\x7f\x85\u2028\u2029\ufeff\u202e "
hostile = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL), st.characters(codec="utf-8", exclude_categories=["Cs"])
    ),
    min_size=1,
    max_size=24,
)
PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _models(ids: list[str], name: str) -> list[Model]:
    entries = [
        {
            "model_id": model_id,
            "model_name": name,
            "types": "llm",
            "features": "tools",
            "input_modalities": "text",
            "endpoints": "responses",
            "context_length": 400000,
            "max_output": 128000,
            "pricing": {"input": 1.25, "output": 10},
        }
        for model_id in ids
    ]
    parsed, _ = parse_catalog(json.dumps({"data": entries}).encode())
    assume(len(parsed) == len(ids))  # ids the catalog itself refuses never reach an export
    return [Model(entry, position) for position, entry in enumerate(parsed)]


ids_strategy = st.lists(hostile, min_size=1, max_size=3, unique=True)


@PROPERTIES
@given(ids=ids_strategy, name=hostile, mine=hostile)
def test_litellm_merge_round_trips(ids: list[str], name: str, mine: str) -> None:
    models = _models(ids, name)
    user = (
        f"general_settings:\n  note: {base.yaml_string(mine)}\n"
        f"model_list:\n  - model_name: {base.yaml_string(mine)}\n"
        f"    litellm_params:\n      model: {base.yaml_string('openai/' + mine)}\n"
    )
    merged = litellm.merge(user, models, BASE_URL).text
    loaded = yaml.safe_load(merged)
    assert loaded["general_settings"] == {"note": mine}
    names = [entry["model_name"] for entry in loaded["model_list"]]
    assert names == [*(m.id for m in models), mine]
    assert loaded["model_list"][-1] == yaml.safe_load(user)["model_list"][0]
    assert litellm.merge(merged, models, BASE_URL).text == merged
    # Without PyYAML, aihub reads its own file back too.
    assert shape(merged).keys == {"general_settings": "mapping", "model_list": "list"}


@PROPERTIES
@given(ids=ids_strategy, name=hostile, mine=hostile)
def test_llm_merge_round_trips(ids: list[str], name: str, mine: str) -> None:
    models = _models(ids, name)
    user = f"- model_id: {base.yaml_string(mine)}\n  model_name: {base.yaml_string(mine)}\n"
    merged = llm.merge(user, models, BASE_URL).text
    loaded = yaml.safe_load(merged)
    assert loaded[0] == {"model_id": mine, "model_name": mine}
    assert [entry["model_name"] for entry in loaded[1:]] == [m.id for m in models]
    assert llm.merge(merged, models, BASE_URL).text == merged
    assert shape(merged).top == "list"


@PROPERTIES
@given(ids=ids_strategy, name=hostile, mine=hostile)
def test_opencode_merge_round_trips(ids: list[str], name: str, mine: str) -> None:
    models = _models(ids, name)
    user_data: dict[str, Any] = {"theme": mine, "provider": {mine + "x": {"name": mine}}}
    user = "// " + mine.replace("\n", " ").replace("\r", " ") + "\n" + json.dumps(user_data)
    merged = opencode.merge(user, models, BASE_URL).text
    loaded = jsonc.parse(merged).value
    assert loaded["theme"] == mine
    assert loaded["provider"][mine + "x"] == {"name": mine}
    assert list(loaded["provider"]["aihub"]["models"]) == [m.id for m in models]
    assert merged.startswith(user.split("\n")[0] + "\n")
    assert opencode.merge(merged, models, BASE_URL).text == merged


@PROPERTIES
@given(model_id=hostile, mine=hostile)
def test_codex_merge_round_trips(model_id: str, mine: str) -> None:
    (model,) = _models([model_id], "x")
    user = (
        f'notes = """\nmodel = {codex._value(mine)}\n"""\n'
        f"approval_policy = {codex._value(mine)}\n\n"
        f"[profiles.p]\nmodel = {codex._value(mine)}\n"
    )
    before = tomllib.loads(user)
    merged = codex.merge(user, [model], BASE_URL).text
    loaded = tomllib.loads(merged)
    assert loaded["model"] == model.id
    assert loaded["model_providers"]["aihubmix"] == codex.table(BASE_URL)
    for key in ("notes", "approval_policy", "profiles"):
        assert loaded[key] == before[key]
    assert codex.merge(merged, [model], BASE_URL).text == merged


# -- the YAML check that needs no PyYAML ---------------------------------------------------

VALID = [
    "model_list:\n  - model_name: a\n    litellm_params:\n      model: x\n",
    "general_settings:\n  master_key: 'k'\nmodel_list:\n- model_name: \"b\"\n  x: [1, 2]\n",
    "- model_id: a\n  aliases: {x: y}\n- model_id: b\n  notes: |\n    text: here\n",
]
EDITS = st.lists(
    st.tuples(
        st.integers(0, 200),
        st.sampled_from([*":#-[]{}'\"|>&*!%@`?, \t\n\r\x00\x85\u2028", "  ", ": ", "- "]),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=400, deadline=None)
@given(start=st.sampled_from(VALID), edits=EDITS, delete=st.booleans())
def test_the_yaml_check_never_passes_what_pyyaml_refuses(
    start: str, edits: list[tuple[int, str]], delete: bool
) -> None:
    text = start
    for at, piece in edits:
        position = at % (len(text) + 1)
        rest = text[position + 1 :] if delete else piece + text[position:]
        text = text[:position] + rest
    try:
        found = shape(text)
    except ValueError:
        return  # refused: always safe
    loaded = yaml.safe_load(text)
    expected = {dict: "mapping", list: "list", type(None): "empty"}.get(type(loaded), "scalar")
    assert found.top == expected, text
    if isinstance(loaded, dict):
        for key, value in loaded.items():
            kind = {dict: "mapping", list: "list", type(None): "empty"}.get(type(value), "scalar")
            if isinstance(key, str) and key in found.keys:
                assert found.keys[key] == kind, (text, key)
