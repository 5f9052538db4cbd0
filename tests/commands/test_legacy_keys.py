"""`aihub legacy` and the API key, against a loopback /v1/models.

The server checks the Authorization header (CatalogServer(keyed_legacy=...)): a known key
selects its own list, any other key gets the OpenAI-shaped 401. What is checked is what a user
meets: the lists each caller sees, the requests and headers the server saw, exit codes, exact
output, and that the key itself never shows up on screen or on disk.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from aihubmix_cli.store.cache import Cache
from tests.commands import legacy_helpers
from tests.commands.legacy_helpers import (
    BUNDLED_NOTE,
    DEFAULT_LIST,
    KEY_A,
    KEY_B,
    LEGACY_PATH,
    LIST_A,
    authorizations,
    ids_of,
    key_env,
    legacy_ids,
    list_requests,
)
from tests.conftest import Aihub, Outcome, age_cache, run_subprocess
from tests.support.catalog_server import CatalogServer, load_legacy_fixture

# The fixtures shared with the other legacy tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
small = legacy_helpers.small
keyed = legacy_helpers.keyed


# -- one key's answer is never another's -----------------------------------------------------


def test_keyless_and_keyed_lists_never_cross_through_the_cache(keyed: Aihub) -> None:
    server = keyed.server
    assert legacy_ids(keyed) == ["gpt-5", "o3"]
    assert authorizations(list_requests(server)) == [None]  # no header at all, not an empty one

    assert legacy_ids(keyed, key=KEY_A) == ["claude-sonnet-4-5", "gpt-5", "team-a-private"]
    assert authorizations(list_requests(server)) == [None, f"Bearer {KEY_A}"]

    # Keyless again: its own cached copy, not the keyed one, and no request.
    assert legacy_ids(keyed) == ["gpt-5", "o3"]
    assert len(list_requests(server)) == 2

    # A second key asks the server itself rather than reuse either cached list.
    assert legacy_ids(keyed, key=KEY_B) == ["kimi-k2"]
    assert authorizations(list_requests(server)) == [None, f"Bearer {KEY_A}", f"Bearer {KEY_B}"]

    # Each caller now answers from its own cache entry.
    assert legacy_ids(keyed, key=KEY_A) == ["claude-sonnet-4-5", "gpt-5", "team-a-private"]
    assert legacy_ids(keyed, key=KEY_B) == ["kimi-k2"]
    assert legacy_ids(keyed) == ["gpt-5", "o3"]
    assert len(list_requests(server)) == 3

    info = json.loads(keyed("cache", "info", "--json").out)
    requests = sorted(entry["request"] for entry in info["entries"])
    assert len(requests) == 3 and requests[0] == LEGACY_PATH
    assert all(r.startswith(LEGACY_PATH + "#key=") for r in requests[1:])


def test_a_model_entry_fetched_with_a_key_is_not_served_without_it(keyed: Aihub) -> None:
    server = keyed.server
    private = keyed("legacy", "team-a-private", "--json", env=key_env(KEY_A))
    assert (private.code, json.loads(private.out)) == (0, LIST_A[2])
    keyless = keyed("legacy", "team-a-private")
    assert keyless.code == 3
    assert keyless.out == ""
    details = server.requests_to(f"{LEGACY_PATH}/team-a-private")
    assert authorizations(details) == [f"Bearer {KEY_A}", None]


def test_with_the_server_gone_a_copy_cached_for_one_caller_never_answers_another(
    keyed: Aihub,
) -> None:
    assert legacy_ids(keyed) == ["gpt-5", "o3"]
    assert legacy_ids(keyed, key=KEY_A) == ["claude-sonnet-4-5", "gpt-5", "team-a-private"]
    url = keyed.url
    keyed.server.stop()
    age_cache(keyed.cache_dir, 700)  # past max-age (300) and stale-while-revalidate (300)

    other = keyed("legacy", "-o", "ids", env=key_env(KEY_B))
    assert (other.code, other.out) == (1, "")
    assert (
        other.err == f"aihub: cannot reach {url}{LEGACY_PATH}: connection refused; {BUNDLED_NOTE}\n"
    )

    offline = keyed("legacy", "-o", "ids", "--offline", env=key_env(KEY_B))
    assert (offline.code, offline.out) == (1, "")
    assert "nothing cached for /v1/models" in offline.err

    # The server refused a moment ago: it is not asked again within the minute.
    stale_a = keyed("legacy", "-o", "ids", env=key_env(KEY_A))
    assert (stale_a.code, stale_a.out) == (0, ids_of(LIST_A))
    assert stale_a.err.startswith(f"aihub: warning: {url} refused the connection just now")
    assert stale_a.err.endswith("showing the copy cached 11 min ago\n")

    stale_keyless = keyed("legacy", "-o", "ids", "--refresh")
    assert (stale_keyless.code, stale_keyless.out) == (0, ids_of(DEFAULT_LIST))
    assert f"warning: cannot reach {url}{LEGACY_PATH}" in stale_keyless.err


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_key_is_no_key(keyed: Aihub, blank: str) -> None:
    assert legacy_ids(keyed, key=blank) == ["gpt-5", "o3"]
    assert authorizations(list_requests(keyed.server)) == [None]
    mine = keyed("list", "--mine", env=key_env(blank))
    assert mine.code == 2
    assert "AIHUBMIX_API_KEY" in mine.err


# -- the key is never shown or stored ----------------------------------------------------------


def _canary() -> str:
    # Letters outside 0-9a-f: the key's tail cannot turn up by chance inside a hex digest
    # (ETags, checksums, key fingerprints) that legitimately appears in output and files.
    unique = secrets.token_hex(12).translate(str.maketrans("0123456789abcdef", "ghijklmnopqrstuv"))
    return f"sk-canary-{unique}"


def test_the_api_key_never_appears_in_any_output_or_file(tmp_path: Path) -> None:
    canary = _canary()
    secrets_to_hide = (canary, canary[-8:], canary.removeprefix("sk-canary-"))
    env: dict[str, str | None] = {"AIHUBMIX_API_KEY": canary, "COLUMNS": "100"}
    outcomes: list[tuple[str, Outcome]] = []

    def run(aihub: Aihub, *args: str, code: int, extra: dict[str, str] | None = None) -> Outcome:
        result = aihub(*args, env={**env, **(extra or {})})
        outcomes.append((" ".join(args), result))
        assert result.code == code, (args, result)
        return result

    with CatalogServer(keyed_legacy={canary: load_legacy_fixture()}) as server:
        warm = Aihub(server, tmp_path / "cache")
        empty = Aihub(server, tmp_path / "empty-cache")
        url = server.url

        assert "\ngpt-5-mini\tOpenAI\t" in run(warm, "legacy", code=0).out
        table = run(warm, "legacy", "--format", "table", code=0)
        assert table.out.splitlines()[-1].endswith("· callable with your key")
        assert json.loads(run(warm, "legacy", "--json", code=0).out) == load_legacy_fixture()
        assert "OpenAI" in run(warm, "legacy", "gpt-5", code=0).out
        run(warm, "legacy", "Qwen/QwQ-32B", "--json", code=0)
        assert "did you mean gpt-5-mini" in run(warm, "legacy", "gpt-5-min", code=3).err
        run(warm, "legacy", "--missing", code=0)
        assert "gpt-5-mini\n" in run(warm, "list", "--mine", "-o", "ids", code=0).out
        run(warm, "list", code=0)
        run(warm, "list", "--mine", "--format", "table", code=0)
        run(warm, "show", "gpt-5", code=0)
        run(warm, "compare", "gpt-5", "gpt-5-mini", code=0)
        # The key really went out: the server saw it on the keyed calls.
        assert f"Bearer {canary}" in authorizations(list_requests(server))

        # Rejected key, with AIHUB_DEBUG too: one line, no key.
        server.fault = "401"
        for extra in ({}, {"AIHUB_DEBUG": "1"}):
            rejected = run(warm, "legacy", "--refresh", code=1, extra=extra)
            assert "the API key was rejected" in rejected.err
            run(warm, "legacy", "gpt-5", "--refresh", code=1, extra=extra)
            run(warm, "list", "--mine", "--refresh", code=1, extra=extra)
        # And from a fresh interpreter, as the console script runs.
        debug = run_subprocess("legacy", "--refresh", env=warm.env({**env, "AIHUB_DEBUG": "1"}))
        outcome = Outcome(debug.returncode, debug.stdout, debug.stderr)
        outcomes.append(("legacy --refresh (subprocess, AIHUB_DEBUG=1)", outcome))
        assert outcome.code == 1 and "the API key was rejected" in outcome.err

        # Server faults: an error without a cache, the stale copy with a warning with one.
        for fault in ("500", "error200", "invalid_json", "truncated", "hang"):
            server.fault = fault
            quick = {"AIHUBMIX_TIMEOUT": "0.3"}
            assert run(empty, "legacy", code=1, extra=quick).err.startswith("aihub: ")
            stale = run(warm, "legacy", "--refresh", code=0, extra=quick)
            # A truncated 304 is still a whole 304 (it has no body): no warning then.
            warned = stale.err.startswith("aihub: warning: ")
            assert warned or (fault == "truncated" and stale.err == ""), fault
            run(warm, "legacy", "gpt-5", "--refresh", code=0, extra=quick)
        server.fault = None
        # The hang is remembered for a minute (tests/units/store/test_remembered_failures.py):
        # forget it, to see what the server gone looks like.
        for harness in (warm, empty):
            (harness.cache_dir / "unreachable").unlink()

        # The server gone: no cache is an error, a cache is a stale answer with a warning.
        age_cache(warm.cache_dir, 700)
        server.stop()
        gone = run(empty, "legacy", code=1, extra={"AIHUB_DEBUG": "1"})
        assert gone.err == (
            f"aihub: cannot reach {url}{LEGACY_PATH}: connection refused; {BUNDLED_NOTE}\n"
        )
        stale = run(warm, "legacy", code=0)
        assert "showing the copy cached 11 min ago" in stale.err
        run(warm, "list", "--mine", code=0)
        info = run(warm, "cache", "info", code=0)
        assert "#key=" in info.out
        run(warm, "cache", "info", "--json", code=0)
        run(empty, "cache", "info", "--json", code=0)

    for name, outcome in outcomes:
        for secret in secrets_to_hide:
            assert secret not in outcome.out, f"stdout of `{name}` shows the key"
            assert secret not in outcome.err, f"stderr of `{name}` shows the key"
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    keyed_entries = [
        entry
        for item in Cache(warm.cache_dir).files()
        if (entry := item.entry) is not None and "#key=" in entry.key
    ]
    assert len(keyed_entries) >= 2  # the keyed list and a model were written to disk...
    assert len(files) >= len(keyed_entries)
    for path in files:
        data = path.read_bytes()
        for secret in secrets_to_hide:
            assert secret.encode() not in data, f"{path} holds the key"  # ...without the key


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda key: key[:12] + "\n" + key[12:], id="line-break"),
        pytest.param(lambda key: key[:12] + "\x7f" + key[12:], id="control-character"),
        pytest.param(lambda key: key[:12] + "ä" + key[12:], id="non-ascii"),
    ],
)
def test_a_malformed_key_is_a_usage_error_that_does_not_show_it(
    keyed: Aihub, damage: Callable[[str], str]
) -> None:
    # At 9f4b464 the line break was echoed by h11 ("Illegal header value b'Bearer <key>'")
    # inside "cannot reach URL: ...", and the non-ASCII key crashed with "unexpected error:
    # UnicodeEncodeError"; the key is now checked before anything is sent.
    key = damage(_canary())
    result = keyed("legacy", env=key_env(key))
    assert (result.code, result.out) == (2, "")
    assert "AIHUBMIX_API_KEY" in result.err and "unexpected error" not in result.err
    for part in (key[:12], key[13:], key[-8:]):
        assert part not in result.err
    assert keyed.server.requests == []  # the key never left the machine


# -- errors ----------------------------------------------------------------------------------------


def test_a_rejected_key_is_exit_1_with_the_servers_message(keyed: Aihub) -> None:
    wrong = "sk-not-a-known-key"
    result = keyed("legacy", env=key_env(wrong))
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"aihub: the API key was rejected ({keyed.url}{LEGACY_PATH} answered HTTP 401: "
        "Invalid token)\n"
    )
    model = keyed("legacy", "gpt-5", env=key_env(wrong))
    assert (model.code, model.out) == (1, "")  # a rejected key is not an unknown model
    assert model.err == (
        f"aihub: the API key was rejected ({keyed.url}{LEGACY_PATH}/gpt-5 answered HTTP 401: "
        "Invalid token)\n"
    )
    assert authorizations(keyed.server.requests) == [f"Bearer {wrong}"] * 2


def test_a_401_never_falls_back_to_the_cached_keyed_answer(keyed: Aihub) -> None:
    assert legacy_ids(keyed, key=KEY_A) == ["claude-sonnet-4-5", "gpt-5", "team-a-private"]
    keyed.server.fault = "401"  # the key was revoked
    rejected = (
        f"aihub: the API key was rejected ({keyed.url}{LEGACY_PATH} answered HTTP 401: "
        "Invalid token)\n"
    )
    # --refresh; within stale-while-revalidate (a failed refresh would otherwise be quiet);
    # past it (a failure would otherwise show the stale copy with a warning).
    for args, aged in ((("--refresh",), 0), ((), 400), ((), 300)):
        age_cache(keyed.cache_dir, aged)
        result = keyed("legacy", "-o", "ids", *args, env=key_env(KEY_A))
        assert (result.code, result.out, result.err) == (1, "", rejected)
    assert authorizations(list_requests(keyed.server)) == [f"Bearer {KEY_A}"] * 4


def test_an_openai_error_with_status_200_shows_its_message(small: Aihub) -> None:
    small.server.fault = "error200"
    result = small("legacy")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"aihub: the server reported an error: upstream quota exceeded; {BUNDLED_NOTE}\n"
    )


def test_a_server_error_with_a_cached_copy_is_the_stale_answer_and_a_warning(
    small: Aihub,
) -> None:
    first = small("legacy", "-o", "ids")
    small.server.fault = "500"
    age_cache(small.cache_dir, 700)
    second = small("legacy", "-o", "ids")
    assert (second.code, second.out) == (0, first.out)
    assert second.err == (
        f"aihub: warning: {small.url}{LEGACY_PATH} answered HTTP 500: 服务器内部错误，请稍后重试; "
        "showing the copy cached 11 min ago\n"
    )
