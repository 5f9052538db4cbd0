"""`aihub legacy`'s list against a loopback /v1/models: its formats, filters and sorts,
its caching, and what odd entries do to it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.commands import legacy_helpers
from tests.commands.legacy_helpers import KEY_A, SMALL, ids_of, key_env, legacy_ids, list_requests
from tests.conftest import Aihub, age_cache
from tests.support.catalog_server import CatalogServer

# The fixtures shared with the other legacy tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
small = legacy_helpers.small
keyed = legacy_helpers.keyed


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


def test_columns_with_ids_is_a_usage_error(aihub: Aihub) -> None:
    result = aihub("legacy", "-o", "ids", "--columns", "owned_by")
    assert (result.code, result.out) == (2, "")
    assert result.err == "aihub: --columns is not for --format ids, which prints the ids alone\n"


def test_limit_cuts_the_sorted_list_and_the_footer_says_of_how_many(aihub: Aihub) -> None:
    every = aihub("legacy", "--sort", "created", "--order", "desc", "-o", "ids").out.split()
    two = aihub("legacy", "--sort", "created", "--order", "desc", "-n", "2", "-o", "ids")
    assert (two.code, two.out.split()) == (0, every[:2])
    table = aihub("legacy", "-n", "2", "-o", "table").out.splitlines()
    assert table[-1].startswith(f"2 of {len(every)} models · list ")
    one = aihub("legacy", "gpt-5", "-n", "1")
    assert (one.code, one.err) == (
        2,
        "aihub: --limit shapes the list; with MODEL there is one entry to show\n",
    )
