"""Tests of the fake catalog server itself, through plain urllib.

The CLI's tests trust this server to behave like the live service; these
pin that behaviour down so a change to the server cannot silently weaken
them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.support.catalog_client import fetch, ids
from tests.support.catalog_server import (
    CatalogServer,
    RecordedRequest,
    is_coding,
    load_fixture_models,
    load_legacy_fixture,
    synthetic_catalog,
)

ALLOWED_FEATURES = {
    "thinking",
    "tools",
    "function_calling",
    "web",
    "deepsearch",
    "long_context",
    "structured_outputs",
}
ALLOWED_MODALITIES = {"text", "image", "audio", "video", "pdf"}


@pytest.fixture
def server() -> Iterator[CatalogServer]:
    with CatalogServer() as running:
        yield running


# ---------------------------------------------------------------- fixtures


def test_fixture_covers_the_documented_quirks() -> None:
    models = load_fixture_models()
    assert 40 <= len(models) <= 60
    ids_ = [m.get("model_id") for m in models]
    assert ids_.count(None) == 1
    missing = ids_.index(None)
    assert 0.25 * len(models) < missing < 0.75 * len(models)
    for required in (
        "gpt-5",
        "gpt-5-mini",
        "gpt-5-nano",
        "gpt-5-pro",
        "gpt-5-codex",
        "claude-sonnet-4-5",
        "claude-opus-4-1",
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "deepseek-chat",
        "deepseek-reasoner",
        "grok-4",
        "kimi-k2",
        "glm-4.6",
        "Qwen/QwQ-32B",
        "qwen/qwq-32b",
        "o3",
        "o4-mini",
        "gpt-4-32k",
        "gpt-4o-mini",
        "text-embedding-3-large",
    ):
        assert required in ids_, required
    by_id = {m["model_id"]: m for m in models if "model_id" in m}
    assert by_id["gpt-5"]["pricing"] == {"cache_read": 0.125, "input": 1.25, "output": 10}
    sonnet_tier = by_id["claude-sonnet-4-5"]["pricing"]["tiers"][0]
    assert sonnet_tier == {
        "tier": {"size": 200000},
        "input": 6,
        "output": 22.5,
        "cache_read": 0.6,
        "cache_write": 7.5,
    }
    assert "cache_read" not in by_id["gpt-5-pro"]["pricing"]
    assert by_id["gpt-4-32k"]["retire_stage"] == "deprecated"

    zero_output = [m for m in models if m.get("max_output") == 0]
    assert 0.2 <= len(zero_output) / len(models) <= 0.35
    assert any(isinstance(m.get("context_length"), str) for m in models)
    assert any("pricing" not in m for m in models)
    assert any("pricing" in m and m["pricing"] is None for m in models)
    assert any(m.get("desc") == "" for m in models)
    descs = " ".join(str(m.get("desc", "")) for m in models)
    for unsafe in ("\x1b[", "\u202e", "[bold red]", "\x07"):
        assert unsafe in descs
    for m in models:
        for feature in str(m.get("features") or "").split(","):
            assert feature.strip() in ALLOWED_FEATURES | {""}
        for modality in str(m.get("input_modalities") or "").split(","):
            assert modality.strip() in ALLOWED_MODALITIES | {""}


def test_legacy_fixture_has_both_shapes() -> None:
    legacy = load_legacy_fixture()
    assert 12 <= len(legacy) <= 18
    full = [m for m in legacy if "permission" in m]
    assert 2 <= len(full) <= 3
    assert all(m["parent"] is None and "root" in m for m in full)
    assert all(set(m) == {"id", "object", "created", "owned_by"} for m in legacy if m not in full)
    catalog_ids = {m.get("model_id") for m in load_fixture_models()}
    assert len([m for m in legacy if m["id"] not in catalog_ids]) == 2
    assert "Qwen/QwQ-32B" in {m["id"] for m in legacy}


def test_synthetic_catalog_is_deterministic_unique_and_live_sized() -> None:
    first = synthetic_catalog(850)
    assert first == synthetic_catalog(850)
    assert first != synthetic_catalog(850, seed=1)
    assert len({m["model_id"] for m in first}) == 850
    size = len(json.dumps({"data": first, "message": "", "success": True}, ensure_ascii=False))
    assert 550_000 <= size <= 650_000
    assert synthetic_catalog(0) == []


# ---------------------------------------------------------------- catalog


def test_envelope_and_encoding(server: CatalogServer) -> None:
    reply = fetch(server.url + "/api/v1/models")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    document = reply.json()
    assert list(document) == ["data", "message", "success"]
    assert document["message"] == "" and document["success"] is True
    assert len(document["data"]) == len(load_fixture_models())
    # ensure_ascii=False: non-ASCII text travels as raw UTF-8, like the live API.
    assert "\u202e".encode() in reply.body


def test_type_filter_maps_old_names_both_ways(server: CatalogServer) -> None:
    base = server.url + "/api/v1/models?type="
    llm = ids(fetch(base + "llm"))
    assert "ERNIE-X1.1-Preview" in llm  # typed t2t
    assert "jina-deepsearch-v1" in llm and "sonar-pro" in llm  # multi-type
    assert "text-embedding-3-large" not in llm
    assert ids(fetch(base + "t2t")) == llm
    assert set(ids(fetch(base + "rerank"))) == {"bge-reranker-v2-m3", "jina-reranker-m0"}
    assert ids(fetch(base + "reranking")) == ids(fetch(base + "rerank"))
    images = ids(fetch(base + "t2i"))
    assert {"dall-e-3", "gpt-image-1"} <= set(images)
    assert ids(fetch(base + "image_generation")) == images
    assert set(ids(fetch(base + "video"))) == {"sora-2", "veo-3.0-generate-preview"}
    assert ids(fetch(base + "search")) == ["jina-deepsearch-v1", "sonar-pro"]
    assert set(ids(fetch(base + "tts,stt"))) == {
        "gpt-4o-mini-tts",
        "whisper-1",
        "gpt-4o-transcribe",
    }


def test_modalities_features_and_model_filters(server: CatalogServer) -> None:
    url = server.url + "/api/v1/models"
    for entry in fetch(url + "?modalities=text,image").json()["data"]:
        parts = {p.strip() for p in entry["input_modalities"].split(",")}
        assert {"text", "image"} <= parts
    assert ids(fetch(url + "?features=web,deepsearch")) == ["jina-deepsearch-v1"]
    assert "sonar-pro" in ids(fetch(url + "?features=web"))  # " tools , web" is trimmed
    assert ids(fetch(url + "?model=QWQ")) == ["Qwen/QwQ-32B", "qwen/qwq-32b"]
    combined = ids(fetch(url + "?type=llm&features=thinking&model=gpt-5&modalities=text"))
    assert combined == ["gpt-5", "gpt-5-codex", "gpt-5-mini", "gpt-5-nano", "gpt-5-pro"]


def test_tag_coding(server: CatalogServer) -> None:
    coding = ids(fetch(server.url + "/api/v1/models?tag=coding"))
    assert {"gpt-5-codex", "codestral-latest", "Qwen/Qwen3-Coder-480B-A35B-Instruct"} <= set(coding)
    assert "deepseek-chat" not in coding
    assert fetch(server.url + "/api/v1/models?tag=vision").json()["data"] == []


def test_context_length_sorts_as_text_like_the_live_bug(server: CatalogServer) -> None:
    desc = fetch(server.url + "/api/v1/models?sort_by=context_length").json()["data"]
    texts = [str(e["context_length"]) for e in desc]
    assert texts == sorted(texts, reverse=True)
    order = [e.get("model_id") for e in desc]
    assert order.index("ERNIE-X1.1-Preview") < order.index("gpt-5")  # "50500" > "400000"
    asc = fetch(server.url + "/api/v1/models?sort_by=context_length&sort_order=asc").json()
    assert [str(e["context_length"]) for e in asc["data"]] == sorted(texts)


def test_model_ratio_is_a_hidden_order(server: CatalogServer) -> None:
    url = server.url + "/api/v1/models?type=llm&sort_by=model_ratio"
    ratio = ids(fetch(url))
    assert ratio == ids(fetch(url))
    listed = ids(fetch(server.url + "/api/v1/models?type=llm"))
    assert sorted(ratio) == sorted(listed)
    assert ratio != listed

    by_id = {m["model_id"]: m for m in load_fixture_models() if "model_id" in m}

    def input_price(model_id: str) -> float:
        pricing = by_id[model_id].get("pricing")
        return float(pricing["input"]) if pricing and "input" in pricing else float("inf")

    assert ratio != sorted(listed, key=input_price)
    assert ids(fetch(url + "&sort_order=desc"))[0] != ratio[0]


def test_coding_sort_puts_coding_first(server: CatalogServer) -> None:
    ordered = fetch(server.url + "/api/v1/models?sort_by=coding").json()["data"]
    flags = [is_coding(e) for e in ordered]
    first_plain = flags.index(False)
    assert all(flags[:first_plain]) and not any(flags[first_plain:])
    listed = load_fixture_models()
    assert ordered[first_plain:] == [e for e in listed if not is_coding(e)]


def test_unknown_sort_by_is_a_400(server: CatalogServer) -> None:
    reply = fetch(server.url + "/api/v1/models?sort_by=price")
    assert reply.status == 400
    assert reply.json() == {"success": False, "message": "请求参数格式错误"}


def test_etag_and_304(server: CatalogServer) -> None:
    url = server.url + "/api/v1/models"
    first = fetch(url)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    assert fetch(url).headers["ETag"] == etag
    assert fetch(url + "?type=llm").headers["ETag"] != etag

    not_modified = fetch(url, {"If-None-Match": etag})
    assert not_modified.status == 304
    assert not_modified.body == b""
    assert not_modified.headers["ETag"] == etag
    assert not_modified.headers["Cache-Control"] is not None
    assert fetch(url, {"If-None-Match": "W/" + etag}).status == 304
    assert fetch(url, {"If-None-Match": '"other", ' + etag}).status == 304
    assert fetch(url, {"If-None-Match": '"stale"'}).status == 200

    server.set_models(load_fixture_models()[:5])
    changed = fetch(url, {"If-None-Match": etag})
    assert changed.status == 200
    assert len(changed.json()["data"]) == 5
    assert changed.headers["ETag"] != etag


def test_cache_control_settings(server: CatalogServer) -> None:
    url = server.url + "/api/v1/models"
    expected = "public, max-age=300, stale-while-revalidate=300"
    assert fetch(url).headers["Cache-Control"] == expected
    server.max_age, server.swr = 5, 7
    assert fetch(url).headers["Cache-Control"] == "public, max-age=5, stale-while-revalidate=7"
    server.send_cache_control = False
    server.send_etag = False
    plain = fetch(url)
    assert plain.headers["Cache-Control"] is None and plain.headers["ETag"] is None
    assert fetch(url, {"If-None-Match": "*"}).status == 200


def test_custom_models_and_unknown_path(server: CatalogServer) -> None:
    with CatalogServer([{"model_id": "only-one"}], legacy=[]) as custom:
        assert ids(fetch(custom.url + "/api/v1/models")) == ["only-one"]
        assert fetch(custom.url + "/v1/models").json() == {"object": "list", "data": []}
    missing = fetch(server.url + "/nope")
    assert missing.status == 404
    assert missing.json()["success"] is False
    assert fetch(server.url + "/v1/chat").json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------- legacy


def test_legacy_list_and_detail(server: CatalogServer) -> None:
    listing = fetch(server.url + "/v1/models")
    assert listing.status == 200
    assert listing.json() == {"object": "list", "data": load_legacy_fixture()}
    assert listing.headers["ETag"] and listing.headers["Cache-Control"]
    assert (
        fetch(server.url + "/v1/models", {"If-None-Match": listing.headers["ETag"]}).status == 304
    )

    detail = fetch(server.url + "/v1/models/gpt-5").json()
    assert detail["id"] == "gpt-5" and detail["object"] == "model"
    # As live: an id with a slash is in the list, but this path cannot answer it.
    for path in ("/v1/models/Qwen%2FQwQ-32B", "/v1/models/Qwen/QwQ-32B"):
        assert fetch(server.url + path).status == 404

    unknown = fetch(server.url + "/v1/models/qwen/qwq-32b")  # ids are case-sensitive
    assert unknown.status == 404
    assert unknown.json() == {
        "error": {
            "message": "The model 'qwen/qwq-32b' does not exist",
            "type": "invalid_request_error",
            "code": "model_not_found",
        }
    }


def test_legacy_keys() -> None:
    mine = [{"id": "my-model", "object": "model", "created": 1, "owned_by": "me"}]
    with CatalogServer(keyed_legacy={"sk-good": mine}) as keyed:
        url = keyed.url + "/v1/models"
        assert fetch(url).json()["data"] == load_legacy_fixture()
        assert fetch(url, {"Authorization": "Bearer sk-good"}).json()["data"] == mine
        assert fetch(url + "/my-model", {"Authorization": "Bearer sk-good"}).status == 200
        assert fetch(url + "/gpt-5", {"Authorization": "Bearer sk-good"}).status == 404
        for header in ("Bearer sk-bad", "Basic sk-good", "Bearer "):
            rejected = fetch(url, {"Authorization": header})
            assert rejected.status == 401
            assert rejected.json() == {
                "error": {
                    "message": "Invalid token",
                    "type": "invalid_request_error",
                    "code": "invalid_api_key",
                }
            }
        assert fetch(url + "/gpt-5", {"Authorization": "Bearer sk-bad"}).status == 401
        # The catalog endpoint needs no key and ignores a wrong one.
        catalog = fetch(keyed.url + "/api/v1/models", {"Authorization": "Bearer sk-bad"})
        assert catalog.status == 200


def test_without_keyed_legacy_keys_are_not_checked(server: CatalogServer) -> None:
    reply = fetch(server.url + "/v1/models", {"Authorization": "Bearer anything"})
    assert reply.status == 200


# ---------------------------------------------------------------- recording


def test_requests_are_recorded(server: CatalogServer) -> None:
    fetch(server.url + "/api/v1/models?type=llm&type=t2i&sort_by=order", {"X-Trace": "abc"})
    fetch(server.url + "/v1/models/Qwen%2FQwQ-32B", {"Authorization": "Bearer k"})
    fetch(server.url + "/api/v1/models", method="HEAD")
    assert len(server.requests) == 3
    first = server.requests[0]
    assert isinstance(first, RecordedRequest)
    assert first.method == "GET"
    assert first.path == "/api/v1/models"
    assert first.query == {"type": "t2i", "sort_by": "order"}
    assert first.headers["x-trace"] == "abc"
    assert "host" in first.headers and "user-agent" in first.headers
    assert server.requests[1].path == "/v1/models/Qwen/QwQ-32B"
    assert server.requests[1].headers["authorization"] == "Bearer k"
    assert [r.method for r in server.requests_to("/api/v1/models")] == ["GET", "HEAD"]
    assert server.requests_to("/v1/models") == []
