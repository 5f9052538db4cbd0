"""Rules written once and used in several places: the known-first sort, the reader of the
server's error bodies, the typed /v1/models entry, and the byte and time formats.

The commands that use them are tested end to end elsewhere; these check the rules themselves
over inputs no fixture lists, so that every user of a rule gets the same answer.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.base.errors import HttpStatusError
from aihubmix_cli.base.units import format_bytes, iso_time
from aihubmix_cli.catalog import legacy, server_message, server_problem, sort_known_first
from aihubmix_cli.cli import fastpath
from aihubmix_cli.sources.transport import HttpResponse, _check_status
from tests.conftest import Aihub

values = st.one_of(st.none(), st.integers(-5, 5))


@given(st.lists(values, max_size=12), st.booleans())
def test_known_first_sorts_known_values_keeps_ties_in_order_and_puts_unknown_last(
    raw: list[int | None], descending: bool
) -> None:
    items = list(enumerate(raw))  # the position tells ties apart
    result = sort_known_first(items, lambda item: item[1], descending=descending)

    known = [(at, value) for at, value in result if value is not None]
    assert result == known + [item for item in items if item[1] is None]
    for (at, value), (next_at, next_value) in pairwise(known):
        assert value != next_value or at < next_at  # ties in original order
        assert (value >= next_value) if descending else (value <= next_value)
    assert sorted(result) == items


messages = st.text(min_size=1, max_size=20).filter(str.strip)


@given(
    st.one_of(
        messages.map(lambda m: {"error": {"message": m, "type": "server_error"}}),
        messages.map(lambda m: {"error": m}),
        messages.map(lambda m: {"success": False, "message": m}),
    )
)
def test_a_body_reporting_failure_reads_the_same_in_a_200_and_in_an_http_error(
    body: dict[str, Any],
) -> None:
    """Whether the service says it failed with HTTP 500 or inside a 200, the words shown are
    the same ones."""
    message = server_message(body)
    assert message is not None
    problem = server_problem(body)
    assert problem is not None and problem.endswith(f": {message}")
    response = HttpResponse(500, {}, json.dumps(body).encode(), "http://127.0.0.1/x")
    with pytest.raises(HttpStatusError) as raised:
        _check_status(response, keyed=False)
    assert str(raised.value) == f"http://127.0.0.1/x answered HTTP 500: {message}"


@pytest.mark.parametrize(
    "body", [{}, {"error": {}}, {"message": ""}, {"error": None, "message": None}, [1], "x"]
)
def test_a_body_without_words_has_no_message(body: Any) -> None:
    assert server_message(body) is None


def test_an_entry_reads_id_owner_and_created_once_for_every_caller() -> None:
    raw = {"id": "Acme/Coder-7B", "owned_by": "acme", "created": 1600000000, "extra": [1]}
    entry = legacy.Entry.of(raw)
    assert entry == legacy.Entry(
        "Acme/Coder-7B", "acme", datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc), raw
    )
    assert entry.data is raw
    odd = legacy.Entry.of({"id": "x", "owned_by": "", "created": True})
    assert (odd.owner, odd.created) == (None, None)
    with pytest.raises(ValueError):
        legacy.Entry.of({"id": "  "})


def test_select_hands_back_the_servers_objects() -> None:
    entries: list[dict[str, Any]] = [
        {"id": "b", "created": 2},
        {"id": "a"},
        {"id": "c", "created": 1},
    ]
    chosen = legacy.select([legacy.Entry.of(e) for e in entries], sort="created", descending=True)
    assert [c.data for c in chosen] == [entries[0], entries[2], entries[1]]
    assert all(any(c.data is e for e in entries) for c in chosen)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (1536, "1.5 KB"), (3 * 1024**2, "3.0 MB")],
)
def test_format_bytes(size: int, shown: str) -> None:
    assert format_bytes(size) == shown


def test_iso_time_is_utc_to_the_second() -> None:
    assert iso_time(0) == "1970-01-01T00:00:00Z"
    assert iso_time(1_780_000_000.9) == "2026-05-28T20:26:40Z"


# An empty value quietly meant the default or the current folder: `--columns ''` the default
# columns, `audit ''` and `--check ''` the current folder, `--merge ''` printing the export.
EMPTY = [
    (
        ("list", "--columns", ""),
        "--columns is empty; give column names (docs/output.md lists them)",
    ),
    (
        ("list", "--columns", ","),
        "--columns is empty; give column names (docs/output.md lists them)",
    ),
    (("list", "--model", ""), "--model is empty; give part of a model id or name"),
    (("list", "gpt-5", ""), "MODEL is empty; give a model id (aihub list -o ids lists them)"),
    (("show", ""), "MODEL is empty; give a model id (aihub list -o ids lists them)"),
    (
        ("compare", "gpt-5", "o3", "--columns", ""),
        "--columns is empty; give column names (docs/output.md lists them)",
    ),
    (("compare", "gpt-5", ""), "MODEL is empty; give a model id (aihub list -o ids lists them)"),
    (("audit", ""), "PATH is empty; give a file or folder (. is the current folder)"),
    (("audit", ".", ""), "PATH is empty; give a file or folder (. is the current folder)"),
    (
        ("legacy", "--columns", ""),
        "--columns is empty; give column names (docs/output.md lists them)",
    ),
    (("legacy", ""), "MODEL is empty; give a model id (aihub list -o ids lists them)"),
    (
        ("export", "opencode", "gpt-5", "--merge", ""),
        "--merge is empty; give the config file to merge into",
    ),
    (("export", "opencode", "--check", ""), "--check is empty; give the config file to check"),
    (("export", "opencode", ""), "MODEL is empty; give a model id (aihub list -o ids lists them)"),
    # A filter naming nothing (an unset shell variable) filtered nothing: every model came back.
    (
        ("list", "--type", ""),
        "--type is empty; give a type (llm, image_generation, video, tts, stt, embedding, rerank)",
    ),
    (
        ("list", "-t", ",,"),
        "--type is empty; give a type (llm, image_generation, video, tts, stt, embedding, rerank)",
    ),
    (("list", "--features", ""), "--features is empty; give a feature (thinking, tools, web, ...)"),
    (
        ("list", "--modalities", ""),
        "--modalities is empty; give an input modality (text, image, audio, video, pdf)",
    ),
    (("list", "--tag", ""), "--tag is empty; give a tag the server knows, such as coding"),
    (("list", "--exclude", ""), "--exclude is empty; give an id pattern such as '*-free'"),
    (
        ("export", "litellm", "--features", ""),
        "--features is empty; give a feature (thinking, tools, web, ...)",
    ),
    (
        ("changes", "--type", ""),
        "--type is empty; give a type (llm, image_generation, video, tts, stt, embedding, rerank)",
    ),
    (("changes", "--model", ""), "--model is empty; give part of a model id or name"),
    # `--fail-on "$STATUSES"` with the variable unset passed CI with a removed id in the code.
    (
        ("audit", ".", "--fail-on", ""),
        "--fail-on is empty; give statuses: deprecated, removed, unknown, repriced",
    ),
    (
        ("audit", ".", "--fail-on", ","),
        "--fail-on is empty; give statuses: deprecated, removed, unknown, repriced",
    ),
]


@pytest.mark.parametrize(
    ("args", "said"), EMPTY, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_an_empty_value_is_a_usage_error_naming_it_in_both_parsers(
    aihub: Aihub, args: tuple[str, ...], said: str
) -> None:
    # The fast parser reads list, show, compare and audit; `--` hands any line to typer.
    assert (fastpath.parse(args) is not None) == (args[0] in ("list", "show", "compare", "audit"))
    assert fastpath.parse((*args, "--")) is None
    for line in (args, (*args, "--")):
        result = aihub(*line)
        assert (result.code, result.out, result.err) == (2, "", f"aihub: {said}\n"), line
    assert aihub.catalog_requests() == []  # refused before anything is fetched


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("history", "gpt-5", "--since", "2099-01-01"), "--since"),
        (("changes", "--since", "2099-01-01T00:00"), "--since"),
        (("audit", ".", "--since", "2099-01-01"), "--since"),
        (("list", "--as-of", "2099-01-01"), "--as-of"),
        (("show", "gpt-5", "--as-of", "2099-01-01"), "--as-of"),
    ],
)
def test_a_moment_in_the_future_is_a_usage_error_for_every_option_that_takes_one(
    aihub: Aihub, args: tuple[str, ...], option: str
) -> None:
    # It was taken: `history --since` then said nothing was recorded in the period.
    result = aihub(*args)
    assert (result.code, result.out) == (2, "")
    moment = args[-1]
    assert result.err == f"aihub: {option} '{moment}' is in the future; give a moment up to now\n"
    assert aihub.catalog_requests() == []


def test_a_line_is_broken_between_words_with_each_sign_kept_with_its_word() -> None:
    from aihubmix_cli.base.text import broken_between_words

    line = "    features  + thinking  + web  + deepsearch  - tools  - structured_outputs"
    # It was `...  + web  +` / `deepsearch  - tools  -` / `structured_outputs`.
    assert broken_between_words([line], 40, "      ") == [
        "    features  + thinking  + web",
        "      + deepsearch  - tools",
        "      - structured_outputs",
    ]
    assert broken_between_words([line], 200, "      ") == [line]  # short enough: as it is
