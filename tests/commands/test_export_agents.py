"""`aihub export codex` and `aihub export claude-code`: one model each, only one that speaks
the tool's protocol; Codex itself sends its request where the export points it."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SKIP_WARNING, Aihub
from tests.support.live_catalog_late import late_catalog, without_endpoints
from tests.support.real_tools import CANARY, assert_no_canary, claude, codex, fixture_entry

KEY = {"AIHUBMIX_API_KEY": CANARY}
# The live-shaped catalog with no `endpoints` on any entry, as the bundled snapshot is.
LIVE = without_endpoints(late_catalog(300))
# (catalog, model): the hand-written fixture, whose entry lists the tool's endpoint, and the
# live-shaped one, which lists none.
CODEX_CASES = [("fixture", "gpt-5-codex"), ("live", "gpt-5")]
CLAUDE_CASES = [("fixture", "claude-sonnet-4-5"), ("live", "claude-sonnet-4-5")]


def serve(aihub: Aihub, catalog: str) -> None:
    if catalog == "live":
        aihub.server.set_models(LIVE)


class RefusingGateway:
    """Records each request, then answers 400 as a gateway refusing it would: enough to see
    where a tool sends what, with no model behind it."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen.append((self.path, headers, json.loads(body or b"{}")))
                data = b'{"error": {"message": "refused by the test", "type": "invalid_request"}}'
                self.send_response(400)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def gateway() -> Iterator[RefusingGateway]:
    running = RefusingGateway()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.mark.parametrize(("catalog", "model"), CODEX_CASES)
def test_codex_sends_its_request_where_the_export_points_it(
    aihub: Aihub, gateway: RefusingGateway, tmp_path: Path, catalog: str, model: str
) -> None:
    binary = codex()
    serve(aihub, catalog)
    # Exported against a gateway at the stub's address, as AIHUBMIX_BASE_URL would say.
    result = aihub("export", "codex", model, env=KEY)
    assert result.code == 0, result.err
    home = tmp_path / "codex-home"
    home.mkdir()
    (home / "config.toml").write_text(result.out.replace(aihub.url, gateway.url))
    work = tmp_path / "work"
    work.mkdir()

    done = subprocess.run(
        [binary, "exec", "--skip-git-repo-check", "say hi"],
        cwd=work,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "CODEX_HOME": str(home),
            "AIHUBMIX_API_KEY": "sk-from-the-environment",
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert gateway.requests, done.stderr
    path, headers, body = gateway.requests[0]
    assert path == "/v1/responses"
    assert headers["authorization"] == "Bearer sk-from-the-environment"
    assert body["model"] == model
    assert "provider: aihubmix" in done.stderr
    assert "refused by the test" in done.stderr
    # Codex took every key aihub wrote: it names the ones it does not know.
    assert "unrecognized configuration" not in done.stderr
    assert_no_canary(result.out, result.err)


def test_codex_and_claude_code_refuse_only_models_whose_endpoints_exclude_them(
    aihub: Aihub,
) -> None:
    wrong = aihub("export", "codex", "claude-sonnet-4-5")
    assert wrong.code == 2
    assert wrong.err == SKIP_WARNING + (
        "aihub: codex takes a chat model whose listed endpoints include responses; "
        "these are not: claude-sonnet-4-5 (endpoints: chat_completions, claude_api)\n"
    )
    wrong = aihub("export", "claude-code", "gpt-5")
    assert wrong.code == 2
    assert wrong.err == (
        "aihub: claude-code takes a chat model whose listed endpoints include claude_api; "
        "these are not: gpt-5 (endpoints: chat_completions, responses)\n"
    )
    media = aihub("export", "codex", "gpt-image-1")
    assert "gpt-image-1 (image_generation)" in media.err
    several = aihub("export", "claude-code", "claude-sonnet-4-5", "claude-haiku-4-5")
    assert several.code == 2
    assert "takes one model at a time" in several.err
    merge = aihub("export", "claude-code", "claude-sonnet-4-5", "--merge", "x.env")
    assert merge.code == 2
    assert "--merge does not apply to claude-code" in merge.err


def test_the_readmes_examples_work_on_the_bundled_catalog(aihub: Aihub) -> None:
    # No entry of the bundled snapshot lists endpoints; nothing is cached yet.
    for tool, model, endpoint in (
        ("claude-code", "claude-sonnet-4-5", "claude_api"),
        ("codex", "gpt-5", "responses"),
    ):
        result = aihub("export", tool, model, "--offline", env=KEY)
        assert result.code == 0, result.err
        assert result.err.endswith(
            f"\naihub: the catalog lists no endpoints for {model}: it does not confirm the "
            f"{endpoint} endpoint {tool} needs; exported it anyway\n"
        )
        assert_no_canary(result.out, result.err)
    assert aihub.server.requests == []


def test_endpoints_the_catalog_does_not_list_are_unknown_not_no(aihub: Aihub) -> None:
    # gpt-5-nano's entry lists no endpoints: exported, with one line saying so.
    nano = aihub("export", "codex", "gpt-5-nano", env=KEY)
    assert nano.code == 0
    assert 'model = "gpt-5-nano"' in nano.out
    assert nano.err == SKIP_WARNING + (
        "aihub: the catalog lists no endpoints for gpt-5-nano: it does not confirm the "
        "responses endpoint codex needs; exported it anyway\n"
    )
    aihub.server.set_models(LIVE)
    for tool, model, endpoint in (
        ("claude-code", "claude-sonnet-4-5", "claude_api"),
        ("codex", "gpt-5", "responses"),
        ("codex", "o3-pro", "responses"),
    ):
        result = aihub("export", tool, model, "--refresh", env=KEY)
        assert result.code == 0, result.err
        assert result.err == (
            f"aihub: the catalog lists no endpoints for {model}: it does not confirm the "
            f"{endpoint} endpoint {tool} needs; exported it anyway\n"
        )
        assert_no_canary(result.out, result.err)


@pytest.mark.parametrize(("catalog", "model"), CLAUDE_CASES)
def test_claude_code_sends_its_request_where_the_lines_point_it(
    aihub: Aihub, gateway: RefusingGateway, tmp_path: Path, catalog: str, model: str
) -> None:
    binary = claude()
    serve(aihub, catalog)
    result = aihub("export", "claude-code", model, env=KEY)
    assert result.code == 0, result.err
    assert_no_canary(result.out, result.err)
    lines = tmp_path / "claude.env"
    lines.write_text(result.out.replace(aihub.url, gateway.url))
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()

    # A shell sources the lines, then starts Claude Code, as a user would.
    done = subprocess.run(
        ["sh", "-c", '. "$1" && exec "$2" -p "say hi"', "sh", str(lines), binary],
        cwd=work,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "AIHUBMIX_API_KEY": "sk-from-the-environment",
            "DISABLE_AUTOUPDATER": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert gateway.requests, done.stderr + done.stdout
    path, headers, body = gateway.requests[0]
    assert path.split("?")[0] == "/v1/messages"
    assert headers["x-api-key"] == "sk-from-the-environment"
    assert body["model"] == model
    assert "refused by the test" in done.stdout + done.stderr


USER_TOML = """\
# my codex settings
approval_policy = "on-request"
model = "o3"

[mcp_servers.docs]
command = "docs-server"

[model_providers.aihubmix]
name = "old"
base_url = "https://old.example/v1"

[profiles.fast]
model = "gpt-5-mini"
"""


def test_codex_merge_replaces_only_aihubs_keys_and_table(aihub: Aihub, tmp_path: Path) -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib arrived in Python 3.11")
    config = tmp_path / "config.toml"
    config.write_text(USER_TOML)
    result = aihub("export", "codex", "gpt-5-codex", "--merge", str(config), env=KEY)
    assert result.code == 0, result.err
    merged = config.read_text()
    loaded = tomllib.loads(merged)
    assert loaded["model"] == "gpt-5-codex"
    assert loaded["model_provider"] == "aihubmix"
    assert loaded["model_context_window"] == fixture_entry("gpt-5-codex")["context_length"]
    assert loaded["approval_policy"] == "on-request"
    assert loaded["mcp_servers"] == {"docs": {"command": "docs-server"}}
    assert loaded["profiles"] == {"fast": {"model": "gpt-5-mini"}}
    assert loaded["model_providers"] == {
        "aihubmix": {
            "name": "AIHubMix",
            "base_url": f"{aihub.url}/v1",
            "env_key": "AIHUBMIX_API_KEY",
            "wire_api": "responses",
        }
    }
    assert '[mcp_servers.docs]\ncommand = "docs-server"\n\n[model_providers.aihubmix]' in merged
    assert merged.endswith('\n[profiles.fast]\nmodel = "gpt-5-mini"\n')
    assert (tmp_path / "config.toml.bak").read_text() == USER_TOML
    assert_no_canary(merged, result.err)
