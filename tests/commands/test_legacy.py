"""`aihub legacy`, `aihub list --mine` and the API key, against a loopback /v1/models.

The server checks the Authorization header (CatalogServer(keyed_legacy=...)): a known key
selects its own list, any other key gets the OpenAI-shaped 401. What is checked is what a user
meets: the lists each caller sees, the requests and headers the server saw, exit codes, exact
output, and that the key itself never shows up on screen or on disk.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.store.cache import Cache
from tests.conftest import Aihub, Outcome, age_cache, run_subprocess
from tests.support import catalog_server
from tests.support.catalog_server import CatalogServer, RecordedRequest, load_legacy_fixture

LEGACY_PATH = "/v1/models"

# Both shapes seen in practice: the short {id, object, created, owned_by} the live service
# sends, and the full documented object with permission/root/parent. Two entries lack a
# usable `created` (missing, and not a number), one lacks an owner, two tie on `created`.
SMALL: list[dict[str, Any]] = [
    {"id": "zeta-chat", "object": "model", "created": 1700000000, "owned_by": "OpenAI"},
    {
        "id": "Acme/Coder-7B",
        "object": "model",
        "created": 1600000000,
        "owned_by": "acme",
        "permission": [
            {
                "id": "modelperm-acme1",
                "object": "model_permission",
                "created": 1600000000,
                "allow_sampling": True,
                "allow_fine_tuning": False,
                "organization": "*",
                "group": None,
            }
        ],
        "root": "Acme/Coder-7B",
        "parent": None,
    },
    {"id": "beta-embed", "object": "model", "owned_by": "openai"},
    {"id": "alpha-tts", "object": "model", "created": 1700000000, "owned_by": "Acme"},
    {"id": "mystery", "object": "model", "created": "soon"},
]

KEY_A = "sk-test-alpha-0001"
KEY_B = "sk-test-bravo-0002"
DEFAULT_LIST = [
    {"id": "gpt-5", "object": "model", "created": 1754524800, "owned_by": "OpenAI"},
    {"id": "o3", "object": "model", "created": 1744761600, "owned_by": "OpenAI"},
]
LIST_A = [  # not in catalog order: claude-sonnet-4-5 comes after gpt-5 in the catalog
    {"id": "claude-sonnet-4-5", "object": "model", "created": 1759104000, "owned_by": "Anthropic"},
    {"id": "gpt-5", "object": "model", "created": 1754524800, "owned_by": "OpenAI"},
    {"id": "team-a-private", "object": "model", "created": 1760000000, "owned_by": "custom"},
]
LIST_B = [
    {"id": "kimi-k2", "object": "model", "created": 1752192000, "owned_by": "Moonshot"},
]

BUNDLED_NOTE = "the catalog bundled with aihub cannot say which models a key can call"


# -- helpers -----------------------------------------------------------------------------------


def list_requests(server: CatalogServer) -> list[RecordedRequest]:
    return server.requests_to(LEGACY_PATH)


def authorizations(requests: Sequence[RecordedRequest]) -> list[str | None]:
    return [request.headers.get("authorization") for request in requests]


def key_env(key: str | None) -> dict[str, str | None]:
    return {"AIHUBMIX_API_KEY": key}


def ids_of(entries: Sequence[dict[str, Any]]) -> str:
    return "".join(entry["id"] + "\n" for entry in entries)


def legacy_ids(aihub: Aihub, *args: str, key: str | None = None) -> list[str]:
    result = aihub("legacy", "-o", "ids", *args, env=key_env(key))
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(legacy=SMALL) as server:
        yield Aihub(server, tmp_path / "cache")


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[Aihub]:
    """A server that checks keys: none -> DEFAULT_LIST, KEY_A -> LIST_A, KEY_B -> LIST_B."""
    lists = {KEY_A: LIST_A, KEY_B: LIST_B}
    with CatalogServer(legacy=DEFAULT_LIST, keyed_legacy=lists) as server:
        yield Aihub(server, tmp_path / "cache")


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


# -- formats -------------------------------------------------------------------------------------


def test_plain_is_the_default_for_a_pipe_tab_separated_in_the_servers_order(small: Aihub) -> None:
    result = small("legacy")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "id\towned_by\tcreated\n"
        "zeta-chat\tOpenAI\t2023-11-14T22:13:20Z\n"
        "Acme/Coder-7B\tacme\t2020-09-13T12:26:40Z\n"
        "beta-embed\topenai\t-\n"
        "alpha-tts\tAcme\t2023-11-14T22:13:20Z\n"
        "mystery\t-\t-\n"
    )


def test_table(small: Aihub) -> None:
    result = small("legacy", "--format", "table", env={"COLUMNS": "100"})
    assert result.out == (
        "ID              Owner    Created\n"
        "───────────────────────────────────\n"
        "zeta-chat       OpenAI   2023-11-14\n"
        "Acme/Coder-7B   acme     2020-09-13\n"
        "beta-embed      openai   —\n"
        "alpha-tts       Acme     2023-11-14\n"
        "mystery         —        —\n"
        "5 models · list fetched just now · in the default group (no key)\n"
    )


def test_csv_and_ids(small: Aihub) -> None:
    rows = list(csv.reader(io.StringIO(small("legacy", "--format", "csv").out)))
    assert rows == [
        ["id", "owned_by", "created"],
        ["zeta-chat", "OpenAI", "2023-11-14T22:13:20Z"],
        ["Acme/Coder-7B", "acme", "2020-09-13T12:26:40Z"],
        ["beta-embed", "openai", ""],
        ["alpha-tts", "Acme", "2023-11-14T22:13:20Z"],
        ["mystery", "", ""],
    ]
    assert small("legacy", "-o", "ids").out == ids_of(SMALL)


def test_json_is_the_objects_as_the_server_sent_them(small: Aihub) -> None:
    result = small("legacy", "--json")
    assert result.code == 0
    assert result.out.endswith("]\n") and result.out.count("\n") == 1
    assert json.loads(result.out) == SMALL  # both shapes, every field, nothing added
    lines = small("legacy", "--format", "jsonl").out.splitlines()
    assert [json.loads(line) for line in lines] == SMALL
    filtered = small("legacy", "--json", "--owner", "acme")
    assert json.loads(filtered.out) == [SMALL[1], SMALL[3]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["zeta-chat", "Acme/Coder-7B", "beta-embed", "alpha-tts", "mystery"]),
        (("--model", "TA-"), ["zeta-chat", "beta-embed"]),
        (("--model", "coder"), ["Acme/Coder-7B"]),
        (("--owner", "ACME"), ["Acme/Coder-7B", "alpha-tts"]),
        (("--owner", "openai", "--model", "embed"), ["beta-embed"]),
        (("--owner", "nobody"), []),
        (("--sort", "id"), ["Acme/Coder-7B", "alpha-tts", "beta-embed", "mystery", "zeta-chat"]),
        (
            ("--sort", "id", "--order", "desc"),
            ["zeta-chat", "mystery", "beta-embed", "alpha-tts", "Acme/Coder-7B"],
        ),
        # Ties keep the server's order; missing and non-numeric `created` go last.
        (
            ("--sort", "created"),
            ["Acme/Coder-7B", "zeta-chat", "alpha-tts", "beta-embed", "mystery"],
        ),
        (
            ("--sort", "created", "--order", "desc"),
            ["zeta-chat", "alpha-tts", "Acme/Coder-7B", "beta-embed", "mystery"],
        ),
        (
            ("--sort", "owner"),
            ["Acme/Coder-7B", "alpha-tts", "beta-embed", "zeta-chat", "mystery"],
        ),
        (
            ("--sort", "owner", "--order", "desc"),
            ["zeta-chat", "beta-embed", "alpha-tts", "Acme/Coder-7B", "mystery"],
        ),
        (("--owner", "acme", "-s", "created", "--order", "desc"), ["alpha-tts", "Acme/Coder-7B"]),
    ],
)
def test_filters_and_sorts(small: Aihub, args: tuple[str, ...], expected: list[str]) -> None:
    assert legacy_ids(small, *args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--sort", "price"), "Invalid value for '--sort'"),
        (("--order", "up"), "Invalid value for '--order'"),
        (("--json", "--format", "csv"), "--json and --format csv ask for different formats"),
    ],
)
def test_usage_errors_exit_2_without_a_request(
    small: Aihub, args: tuple[str, ...], message: str
) -> None:
    result = small("legacy", *args)
    assert (result.code, result.out) == (2, "")
    assert message in result.err
    assert small.server.requests == []


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


# -- caching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, KEY_A])
def test_legacy_answers_are_cached_and_revalidated_with_a_304(
    keyed: Aihub, key: str | None
) -> None:
    first = keyed("legacy", env=key_env(key))
    second = keyed("legacy", env=key_env(key))
    assert first.code == second.code == 0
    assert second.out == first.out
    assert len(list_requests(keyed.server)) == 1  # within max-age: no request

    (entry,) = json.loads(keyed("cache", "info", "--json").out)["entries"]
    age_cache(keyed.cache_dir, 700)
    third = keyed("legacy", env=key_env(key))
    assert (third.code, third.out, third.err) == (0, first.out, "")
    requests = list_requests(keyed.server)
    assert len(requests) == 2
    assert requests[1].headers["if-none-match"] == entry["etag"]
    assert requests[1].headers.get("authorization") == (f"Bearer {key}" if key else None)
    # The server's 304 restarted the clock: the next run asks nothing.
    (after,) = json.loads(keyed("cache", "info", "--json").out)["entries"]
    assert after["state"] == "fresh" and after["etag"] == entry["etag"]
    assert keyed("legacy", env=key_env(key)).out == first.out
    assert len(list_requests(keyed.server)) == 2


def test_legacy_offline_answers_from_the_cache_only(small: Aihub) -> None:
    missing = small("legacy", "--offline")
    assert (missing.code, missing.out) == (1, "")
    assert small.server.requests == []
    small("legacy")
    age_cache(small.cache_dir, 10_000)
    assert legacy_ids(small, "--offline") == [e["id"] for e in SMALL]
    assert len(small.server.requests) == 1


# -- robustness, and one known bug ---------------------------------------------------------------


def test_format_json_on_one_model_is_json(small: Aihub) -> None:
    result = small("legacy", "zeta-chat", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == SMALL[0]


def test_a_non_finite_number_does_not_crash_json_output(tmp_path: Path) -> None:
    # At 9f4b464 this was "unexpected error: ValueError: Out of range float values are not
    # JSON compliant": NaN passed through legacy.parse_list into to_json(allow_nan=False).
    odd = [{"id": "nan-model", "object": "model", "created": float("nan"), "owned_by": "x"}]
    with CatalogServer(legacy=odd) as server:
        result = Aihub(server, tmp_path / "cache")("legacy", "--json")
    assert (result.code, result.err) == (0, "")
    (entry,) = json.loads(result.out, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert entry == {"id": "nan-model", "object": "model", "created": None, "owned_by": "x"}


@pytest.mark.parametrize(
    "option",
    [("--owner", "openai"), ("--missing",), ("--sort", "id"), ("--order", "desc"), ("-o", "csv")],
)
def test_list_options_with_one_model_are_usage_errors(
    small: Aihub, option: tuple[str, ...]
) -> None:
    result = small("legacy", "zeta-chat", *option)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("aihub: ") and len(result.err.splitlines()) == 1


def test_a_401_without_a_key_says_none_was_sent(small: Aihub) -> None:
    small.server.fault = "401"
    result = small("legacy")
    assert result.code == 1
    assert "the request carried no API key" in result.err
    assert "the API key was rejected" not in result.err


def test_a_malformed_key_does_not_stop_commands_that_do_not_send_it(aihub: Aihub) -> None:
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_API_KEY": "sk-bad\nkey"})
    assert result.code == 0 and "gpt-5" in result.out


def test_entries_without_an_id_are_skipped_with_a_warning(tmp_path: Path) -> None:
    entries: list[dict[str, Any]] = [
        {"id": "kept", "object": "model"},
        {"object": "model"},
        {"id": 7},
    ]
    with CatalogServer(legacy=entries) as server:
        result = Aihub(server, tmp_path)("legacy", "-o", "ids")
    assert (result.code, result.out) == (0, "kept\n")
    assert result.err == "aihub: warning: skipped 2 /v1/models entries without an id\n"


def test_server_text_in_a_model_entry_is_made_safe(tmp_path: Path) -> None:
    nasty = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mkey\u202e"
    entry: dict[str, Any] = {"id": "evil", "object": "model", nasty: f"v{nasty}", "owned_by": nasty}
    with CatalogServer(legacy=[entry]) as server:
        aihub = Aihub(server, tmp_path)
        panel = aihub("legacy", "evil", "-o", "table")
        table = aihub("legacy", "-o", "table")
        as_json = aihub("legacy", "evil", "--json")
    for out in (panel.out, table.out):
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "key: vkey" in panel.out
    assert json.loads(as_json.out) == entry  # JSON keeps it exactly


def test_one_model_in_a_pipe_is_field_lines(aihub: Aihub) -> None:
    result = aihub("legacy", "gpt-5")
    assert result.code == 0, result.err
    fields = dict(line.split("\t") for line in result.out.splitlines())
    assert fields["id"] == "gpt-5"
    assert fields["owned_by"] == "OpenAI"
    assert "╭" not in result.out
    assert aihub("legacy", "gpt-5", "-o", "plain").out == result.out


def test_one_models_created_reads_as_in_the_list(aihub: Aihub) -> None:
    # `legacy o3 | grep created` printed Unix seconds, `legacy` the time.
    one = aihub("legacy", "o3")
    assert (one.code, one.out) == (
        0,
        "id\to3\nobject\tmodel\ncreated\t2025-04-16T00:00:00Z\nowned_by\tOpenAI\n",
    )
    listed = aihub("legacy", "--columns", "id,created").out.splitlines()
    assert "o3\t2025-04-16T00:00:00Z" in listed
    assert json.loads(aihub("legacy", "o3", "--json").out)["created"] == 1744761600


def test_a_created_that_is_no_time_is_shown_as_sent(tmp_path: Path) -> None:
    entry: dict[str, Any] = {"id": "mystery", "object": "model", "created": "soon"}
    with CatalogServer(legacy=[entry]) as server:
        result = Aihub(server, tmp_path)("legacy", "mystery")
    assert (result.code, result.out) == (0, "id\tmystery\nobject\tmodel\ncreated\tsoon\n")
