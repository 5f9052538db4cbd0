"""`aihub export litellm`: LiteLLM's own Router loads the list, and the cost LiteLLM computes
for a request equals aihub's estimate."""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.catalog import Model, parse_models
from aihubmix_cli.catalog.costs import Workload, bill
from tests.conftest import Aihub
from tests.support.catalog_server import CATALOG_FIXTURE
from tests.support.live_catalog_late import late_catalog
from tests.support.real_tools import CANARY, assert_no_canary, need_module

KEY = {"AIHUBMIX_API_KEY": CANARY}


class ChatStub:
    """An OpenAI-compatible chat endpoint on loopback that reports the token usage the
    request's message asks for, as the gateway would after serving it."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                stub.requests.append((self.path, dict(self.headers), body))
                usage = json.loads(body["messages"][-1]["content"])
                answer = {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion",
                    "created": 1,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": "ok"},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": usage["input"],
                        "completion_tokens": usage["output"],
                        "total_tokens": usage["input"] + usage["output"],
                        "prompt_tokens_details": {"cached_tokens": usage["cached"]},
                    },
                }
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def stub() -> Iterator[ChatStub]:
    running = ChatStub()
    yield running
    running.close()


@pytest.fixture(scope="module")
def litellm() -> Any:
    need_module("litellm", "LiteLLM")
    need_module("yaml", "PyYAML")
    # Prices from LiteLLM's bundled map only: no download, the same answer every run.
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    import litellm as module

    return module


def catalog_models() -> dict[str, Model]:
    models, _ = parse_models(json.loads(CATALOG_FIXTURE.read_text())["data"])
    return {m.id: m for m in models}


# The live-shaped catalog (tests/support/live_catalog_late.py), as the live service sends it.
LIVE = late_catalog(850)


def live_models() -> dict[str, Model]:
    models, _ = parse_models(copy.deepcopy(LIVE))
    return {m.id: m for m in models}


def load(text: str, aihub: Aihub, stub: ChatStub) -> list[dict[str, Any]]:
    """The exported model_list as LiteLLM's proxy reads it, pointed at the chat stub."""
    import yaml

    model_list: list[dict[str, Any]] = yaml.safe_load(text)["model_list"]
    for deployment in model_list:
        params = deployment["litellm_params"]
        # Written from AIHUBMIX_BASE_URL (here the catalog server); the stub answers chats.
        assert params["api_base"] == f"{aihub.url}/v1"
        assert params["api_key"] == "os.environ/AIHUBMIX_API_KEY"
        params["api_base"] = stub.url
    return model_list


def litellm_cost(router: Any, name: str, workload: Workload) -> float:
    usage = {
        "input": workload.input_tokens,
        "output": workload.output_tokens,
        "cached": workload.cached_tokens,
    }
    response = router.completion(
        model=name, messages=[{"role": "user", "content": json.dumps(usage)}]
    )
    return float(response._hidden_params["response_cost"])


def names(router: Any) -> list[str]:
    """The model groups the Router serves, in the config's order."""
    return list(router.registry().names(team_id=None))


WORKLOAD = Workload(input_tokens=100_000, output_tokens=10_000, cached_tokens=50_000)


@pytest.mark.parametrize("catalog_name", ["fixture", "live"])
def test_litellm_router_loads_the_list_and_its_costs_equal_aihubs(
    litellm: Any,
    aihub: Aihub,
    stub: ChatStub,
    monkeypatch: pytest.MonkeyPatch,
    catalog_name: str,
) -> None:
    if catalog_name == "live":
        aihub.server.set_models(LIVE)
    result = aihub("export", "litellm", "--features", "tools", "--max-price", "1", env=KEY)
    assert result.code == 0, result.err
    assert max(len(line) for line in result.err.splitlines()) <= 300
    shown = aihub("list", "--features", "tools", "--max-price", "1", "--format", "ids")
    model_list = load(result.out, aihub, stub)
    monkeypatch.setenv("AIHUBMIX_API_KEY", "sk-stub")

    router = litellm.Router(model_list=model_list)

    assert names(router) == shown.out.split()
    catalog = catalog_models() if catalog_name == "fixture" else live_models()
    compared = 0
    for name in names(router):
        model = catalog[name]
        workload = WORKLOAD if "cache_read" in model.prices else WORKLOAD._replace(cached_tokens=0)
        expected = bill(model, workload)
        assert expected is not None, name
        assert abs(Decimal(repr(litellm_cost(router, name, workload))) - expected) <= Decimal(
            "1e-9"
        ), name
        compared += 1
    assert compared == len(shown.out.split()) > 5
    # LiteLLM called the gateway's chat endpoint with the key from the environment.
    path, headers, body = stub.requests[0]
    assert path == "/v1/chat/completions"
    assert {k.lower(): v for k, v in headers.items()}["authorization"] == "Bearer sk-stub"
    assert body["model"] == names(router)[0]
    assert_no_canary(result.out, result.err)


def test_long_context_rates_bill_the_whole_request_as_aihub_does(
    litellm: Any, aihub: Aihub, stub: ChatStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = aihub("export", "litellm", "gemini-2.5-pro", "claude-sonnet-4-5", env=KEY)
    assert result.code == 0, result.err
    monkeypatch.setenv("AIHUBMIX_API_KEY", "sk-stub")
    router = litellm.Router(model_list=load(result.out, aihub, stub))
    catalog = catalog_models()
    for name in ("gemini-2.5-pro", "claude-sonnet-4-5"):
        for workload in (WORKLOAD, Workload(250_000, 10_000, 50_000)):
            expected = bill(catalog[name], workload)
            assert expected is not None
            got = Decimal(repr(litellm_cost(router, name, workload)))
            assert abs(got - expected) <= Decimal("1e-9"), (name, workload)


def test_model_info_carries_limits_and_capabilities(aihub: Aihub) -> None:
    yaml = pytest.importorskip("yaml")
    result = aihub("export", "litellm", "claude-sonnet-4-5", "grok-4", "Qwen/QwQ-32B")
    assert result.code == 0, result.err
    entries = {e["model_name"]: e for e in yaml.safe_load(result.out)["model_list"]}
    sonnet = entries["claude-sonnet-4-5"]
    assert sonnet["litellm_params"]["model"] == "aihubmix/claude-sonnet-4-5"
    assert sonnet["model_info"] == {
        "mode": "chat",
        "input_cost_per_token": pytest.approx(3e-6, abs=1e-15),
        "output_cost_per_token": pytest.approx(15e-6, abs=1e-15),
        "cache_read_input_token_cost": pytest.approx(0.3e-6, abs=1e-15),
        "cache_creation_input_token_cost": pytest.approx(3.75e-6, abs=1e-15),
        "input_cost_per_token_above_200000_tokens": pytest.approx(6e-6, abs=1e-15),
        "output_cost_per_token_above_200000_tokens": pytest.approx(22.5e-6, abs=1e-15),
        "cache_read_input_token_cost_above_200000_tokens": pytest.approx(0.6e-6, abs=1e-15),
        "cache_creation_input_token_cost_above_200000_tokens": pytest.approx(7.5e-6, abs=1e-15),
        "max_input_tokens": 200_000,
        "max_output_tokens": 64_000,
        "supports_function_calling": True,
        "supports_vision": True,
        "supports_reasoning": True,
        "supports_response_schema": False,
        "supports_pdf_input": True,
    }
    # grok-4's max_output is 0 in the catalog, meaning unknown: left out, not written as 0.
    assert "max_output_tokens" not in entries["grok-4"]["model_info"]
    assert entries["Qwen/QwQ-32B"]["litellm_params"]["model"] == "aihubmix/Qwen/QwQ-32B"


USER_CONFIG = """\
# my proxy
model_list:
  - model_name: local-llama   # served by ollama
    litellm_params:
      model: ollama/llama3
      api_base: http://127.0.0.1:11434

litellm_settings:
  drop_params: true
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
"""


def test_merge_keeps_the_users_models_and_settings(
    litellm: Any, aihub: Aihub, stub: ChatStub, tmp_path: Path
) -> None:
    import yaml

    config = tmp_path / "config.yaml"
    config.write_text(USER_CONFIG)
    first = aihub("export", "litellm", "gpt-5", "deepseek-chat", "--merge", str(config), env=KEY)
    assert first.code == 0, first.err
    merged = config.read_text()
    assert (tmp_path / "config.yaml.bak").read_text() == USER_CONFIG
    # The user's lines are all there, in order, untouched; aihub's block came first in the list.
    assert (
        merged.replace(merged[merged.index("  # >>>") : merged.index("  - model_name: local")], "")
        == USER_CONFIG
    )

    second = aihub("export", "litellm", "claude-haiku-4-5", "--merge", str(config), env=KEY)
    assert second.code == 0, second.err
    loaded = yaml.safe_load(config.read_text())
    assert [m["model_name"] for m in loaded["model_list"]] == ["claude-haiku-4-5", "local-llama"]
    assert loaded["litellm_settings"] == {"drop_params": True}
    assert loaded["general_settings"]["master_key"] == "os.environ/LITELLM_MASTER_KEY"
    router = litellm.Router(model_list=loaded["model_list"])
    assert sorted(names(router)) == ["claude-haiku-4-5", "local-llama"]
    assert_no_canary(
        first.err, second.err, config.read_bytes(), (tmp_path / "config.yaml.bak").read_bytes()
    )


@pytest.mark.parametrize(
    "damaged",
    [
        "model_list:\n  - model_name: [unclosed\n",
        "model_list: {a: 1}\n",
        "- just\n- a list\n",
        "model_list: [{model_name: x}]\n",
    ],
)
def test_a_yaml_file_aihub_cannot_merge_is_refused_and_left_alone(
    aihub: Aihub, tmp_path: Path, damaged: str
) -> None:
    pytest.importorskip("yaml")
    config = tmp_path / "config.yaml"
    config.write_text(damaged)
    result = aihub("export", "litellm", "gpt-5", "--merge", str(config))
    assert result.code == 1
    assert f"aihub: cannot merge into {config}: " in result.err
    assert result.err.endswith("; left it untouched\n")
    assert config.read_text() == damaged
    assert not (tmp_path / "config.yaml.bak").exists()


def test_unknown_limits_are_left_out_and_named(aihub: Aihub) -> None:
    # mistral-large-latest: a 131K window, max_output 0 (unknown) and no pricing.
    result = aihub("export", "litellm", "mistral-large-latest", "gpt-5")
    assert result.code == 0, result.err
    assert "max_output_tokens" in result.out  # gpt-5's
    assert result.out.count("max_output_tokens") == 1
    assert (
        "aihub: left out max_output_tokens (the catalog has no output limit) for: "
        "mistral-large-latest\n"
    ) in result.err
