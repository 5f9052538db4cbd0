"""The parsed catalog kept beside its cache entry: used while it matches the body, rebuilt from
the body otherwise, and never a difference anyone can see in the output."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.catalog import PARSED_FORMAT, parse_catalog
from aihubmix_cli.catalog.model import VIEW_FIELDS
from aihubmix_cli.sources.catalog import CATALOG_PATH
from aihubmix_cli.store import parsed
from aihubmix_cli.store.cache import Cache
from aihubmix_cli.store.cache_io import checksum
from tests.conftest import SKIP_WARNING, Aihub, age_cache

KEY = CATALOG_PATH  # the cache key of the catalog fetched without parameters


def derived_file(aihub: Aihub) -> Path:
    return Cache(aihub.cache_dir).derived_path(KEY)


def stored_body(aihub: Aihub) -> bytes:
    entry = Cache(aihub.cache_dir).load(KEY)
    assert entry is not None
    return entry.body


def forge(aihub: Aihub, version: int = PARSED_FORMAT) -> None:
    """A well-formed copy for the stored body that says something the body does not: a run
    that prints it has used the copy; one that does not has rebuilt it."""
    entries, problems = parse_catalog(stored_body(aihub))
    entries = [{**entries[0], "model_name": "FORGED"}, *entries[1:]]
    encoded = [(parsed.json_text(entry) or "").encode() for entry in entries]
    body = stored_body(aihub)
    ids = [entry["model_id"] for entry in entries]
    head = [ids, problems, [len(text) for text in encoded]]
    copy = [head, b",".join(encoded), entries, [VIEW_FIELDS, parsed._views_of(entries)]]
    assert Cache(aihub.cache_dir).store_derived(KEY, checksum(body), version, copy)


def first_name(aihub: Aihub) -> Any:
    result = aihub("list", "--json")
    assert result.code == 0
    return json.loads(result.out)[0].get("model_name")


def test_output_is_byte_identical_with_and_without_the_parsed_copy(aihub: Aihub) -> None:
    runs = [("list", "--json"), ("list", "-f", "thinking", "-o", "plain"), ("list", "-o", "csv")]
    cold = [aihub(*args) for args in runs]
    assert derived_file(aihub).is_file()
    warm = [aihub(*args) for args in runs]
    derived_file(aihub).unlink()
    rebuilt = [aihub(*args) for args in runs]
    for before, during, after in zip(cold, warm, rebuilt, strict=True):
        assert before.code == during.code == after.code == 0
        assert before.out == during.out == after.out
    # The skip warning is said when the server delivers the catalog, not on cached runs.
    assert cold[0].err == SKIP_WARNING and warm[0].err == rebuilt[0].err == ""
    assert len(aihub.catalog_requests()) == 1


HOSTILE: list[dict[str, Any]] = [
    {"model_id": "plain-ascii", "model_name": "Plain", "types": "llm"},
    {"model_id": "unicode-名前", "model_name": "Modèle ✓", "features": "thinking，tools"},
    {"model_id": "lone-surrogate", "model_name": "bad \ud800 text"},
    {"model_id": "escape", "model_name": "\x1b[31mred\x1b[0m", "desc": "tab\there"},
    {"model_id": "numbers", "context_length": "128000", "pricing": {"input": "1e999"}},
    {"model_id": "nested", "extra": {"list": [1, 2.5, None, True, {"deep": "é"}]}},
    {"model_id": "not-a-number", "weird": "NAN-HERE"},
]


def hostile_body(*, surrogate: bool) -> bytes:
    models = HOSTILE if surrogate else [m for m in HOSTILE if m["model_id"] != "lone-surrogate"]
    body = json.dumps({"success": True, "data": models})
    return body.replace('"NAN-HERE"', "NaN").encode("ascii")


@pytest.mark.parametrize("catalog", ["fixture", "hostile", "hostile-surrogate"])
@pytest.mark.parametrize("output", [("--json",), ("-o", "jsonl"), ("-f", "tools", "--json")])
def test_stored_json_texts_are_the_writers_bytes(
    aihub: Aihub, monkeypatch: pytest.MonkeyPatch, catalog: str, output: tuple[str, ...]
) -> None:
    from aihubmix_cli.commands import list as list_command
    from tests.promises.hostile_runs import raw_catalog

    with contextlib.ExitStack() as stack:
        if catalog != "fixture":
            body = hostile_body(surrogate=catalog == "hostile-surrogate")
            stack.enter_context(raw_catalog(aihub, body))
        used: list[bool] = []
        original = list_command._write_stored_json

        def spy(*args: Any) -> bool:
            used.append(original(*args))
            return used[-1]

        monkeypatch.setattr(list_command, "_write_stored_json", spy)
        stored = aihub("list", *output)
        assert used == [True] or catalog != "fixture"
        monkeypatch.setattr(list_command, "_write_stored_json", lambda *args: False)
        written = aihub("list", *output)
    assert stored.code == written.code == 0
    assert stored.out == written.out
    if catalog != "fixture" and output == ("--json",):
        listed = json.loads(stored.out)
        assert [m["model_id"] for m in listed][:2] == ["plain-ascii", "unicode-名前"]
        assert listed[-1]["weird"] is None  # NaN, as JSON can say it
        # One lone surrogate escapes the whole array, as the writers do; without one, none.
        assert stored.out.isascii() == (catalog == "hostile-surrogate")


def test_a_matching_copy_is_used_instead_of_parsing_the_body(aihub: Aihub) -> None:
    aihub("list")
    forge(aihub)
    assert first_name(aihub) == "FORGED"


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
        lambda raw: b"",
        lambda raw: b"aihub-parsed garbage\n" + raw,
        lambda raw: raw.replace(b"aihub-parsed", b"aihub-parsef", 1),
    ],
    ids=["truncated", "flipped-bit", "empty", "foreign-header", "foreign-magic"],
)
def test_a_damaged_copy_is_rebuilt_from_the_body(aihub: Aihub, damage: Any) -> None:
    # A filtered --json reads every part of the copy: the ids, the entries and the texts.
    # (The note on stderr counts the models whose features the catalog does not state; the
    # first run also warns of the catalog's skipped entry.)
    aihub("list", "-f", "thinking", "--json")
    first = aihub("list", "-f", "thinking", "--json")
    path = derived_file(aihub)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    result = aihub("list", "-f", "thinking", "--json")
    assert (result.code, result.out, result.err) == (0, first.out, first.err)
    assert path.read_bytes() == good


def test_a_part_damaged_is_found_when_read_and_rebuilt(aihub: Aihub) -> None:
    """The entries come last in the copy: an unfiltered --json never reads them, so their
    damage costs it nothing; the first run that reads them finds it and rebuilds."""
    expected = [aihub(*args).out for args in (("list", "--json"), ("list", "-o", "plain"))]
    path = derived_file(aihub)
    good = path.read_bytes()
    path.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    assert aihub("list", "--json").out == expected[0]
    assert path.read_bytes() != good
    result = aihub("list", "-o", "plain")
    assert (result.code, result.out, result.err) == (0, expected[1], "")
    assert path.read_bytes() == good
    assert len(aihub.catalog_requests()) == 1  # rebuilt from the stored body, not refetched


def test_a_folder_squatting_on_the_copys_name_is_a_miss(aihub: Aihub) -> None:
    expected = aihub("list", "--json").out
    path = derived_file(aihub)
    path.unlink()
    path.mkdir()
    assert aihub("list", "--json") == (0, expected, "")


def test_a_copy_of_an_older_format_is_rebuilt(
    aihub: Aihub, monkeypatch: pytest.MonkeyPatch
) -> None:
    aihub("list")
    forge(aihub)
    assert first_name(aihub) == "FORGED"
    monkeypatch.setattr(parsed, "PARSED_FORMAT", PARSED_FORMAT + 1)
    assert first_name(aihub) != "FORGED"
    monkeypatch.undo()
    # Rebuilt for the new format, the old one's copy is gone: back at it, it is rebuilt again.
    assert first_name(aihub) != "FORGED"


def test_a_new_body_from_the_server_replaces_the_copy(aihub: Aihub) -> None:
    aihub("list")
    forge(aihub)
    models = [dict(model) for model in aihub.server.models]
    models[0] = {**models[0], "model_name": "Renamed by the server"}
    aihub.server.set_models(models)
    age_cache(aihub.cache_dir, 700)
    result = aihub("list", "--json")
    assert result.code == 0
    assert json.loads(result.out)[0]["model_name"] == "Renamed by the server"
    header = derived_file(aihub).read_bytes().split(b"\n", 1)[0].decode()
    assert checksum(stored_body(aihub)) in header.split()
    assert first_name(aihub) == "Renamed by the server"


def test_a_304_keeps_the_copy(aihub: Aihub) -> None:
    aihub("list")
    forge(aihub)
    before = derived_file(aihub).read_bytes()
    age_cache(aihub.cache_dir, 700)
    assert first_name(aihub) == "FORGED"  # the copy answered, after the server said 304
    # The second request was conditional, and the body had not changed: a 304.
    requests = aihub.catalog_requests()
    assert len(requests) == 2 and "if-none-match" in requests[1].headers
    assert derived_file(aihub).read_bytes() == before


def test_the_copy_is_private_and_cleared_with_the_cache(aihub: Aihub) -> None:
    aihub("list")
    assert derived_file(aihub).stat().st_mode & 0o777 == 0o600
    assert aihub("cache", "clear").code == 0
    assert not derived_file(aihub).exists()


# -- the file itself -------------------------------------------------------------------------


def test_a_copy_answers_only_its_own_key_body_and_version(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    value = [[{"model_id": "a"}], ["a warning"]]
    assert cache.store_derived("/k", "body1", 1, value)
    loaded = cache.load_derived("/k", "body1", 1)
    assert loaded is not None
    assert [loaded.part(0), loaded.part(1), loaded.part(2)] == [*value, None]
    assert cache.load_derived("/k", "body2", 1) is None
    assert cache.load_derived("/k", "body1", 2) is None
    assert cache.load_derived("/other", "body1", 1) is None


@given(st.data())
def test_any_truncation_of_a_copy_is_a_miss(data: st.DataObject) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        cache = Cache(Path(folder))
        value: list[Any] = [[{"model_id": "x", "l": ["a", None]}], []]
        cache.store_derived("/k", "b", 1, value)
        path = cache.derived_path("/k")
        raw = path.read_bytes()
        cut = data.draw(st.integers(0, len(raw) - 1))
        path.write_bytes(raw[:cut])
        assert cache.load_derived("/k", "b", 1) is None


@pytest.mark.parametrize(
    ("texts", "positions", "lines", "expected"),
    [
        ([b'{"a"}', b'{"b"}', b'{"c"}'], [0, 1, 2], False, b'[{"a"},{"b"},{"c"}]\n'),
        ([b'{"a"}', b'{"b"}', b'{"c"}'], [0, 1, 2], True, b'{"a"}\n{"b"}\n{"c"}\n'),
        ([b'{"a"}', b'{"b"}', b'{"c"}'], [2, 0], False, b'[{"c"},{"a"}]\n'),
        ([b'{"a"}', b'{"b"}', b'{"c"}'], [2, 0], True, b'{"c"}\n{"a"}\n'),
        ([b'{"a"}', b"", b'{"c"}'], [0, 1, 2], False, None),
        ([b'{"a"}', b"", b'{"c"}'], [2, 0], False, b'[{"c"},{"a"}]\n'),
        ([b'{"a"}', b"", b'{"c"}'], [1], True, None),
        ([b""], [0], False, None),
        ([b'{"a"}'], [], False, b"[]\n"),
        ([b'{"a"}'], [], True, b""),
        ([], [], False, b"[]\n"),
        ([b'{"a":"x,y"}', b'{"b":[1,2]}'], [1, 0], False, b'[{"b":[1,2]},{"a":"x,y"}]\n'),
    ],
)
def test_json_chunks_are_the_chosen_texts_or_none_when_one_is_not_kept(
    texts: list[bytes], positions: list[int], lines: bool, expected: bytes | None
) -> None:
    ids = [str(n) for n in range(len(texts))]
    joined = b",".join(texts)
    catalog = parsed.ParsedCatalog(ids, [], [len(t) for t in texts], lambda: joined, list)
    chunks = catalog.json_chunks(positions, lines=lines)
    assert (None if chunks is None else b"".join(chunks)) == expected


def test_views_stored_for_other_fields_are_not_used(aihub: Aihub) -> None:
    aihub("list")
    first = aihub("list", "-f", "thinking", "-s", "context_length", "-o", "plain")
    body = stored_body(aihub)
    entries, problems = parse_catalog(body)
    ids = [entry["model_id"] for entry in entries]
    encoded = [(parsed.json_text(entry) or "").encode() for entry in entries]
    views = parsed._views_of(entries)
    # The same columns under names in another order: read by position, they would lie.
    swapped = [tuple(reversed(VIEW_FIELDS)), views]
    copy = [[ids, problems, [len(t) for t in encoded]], b",".join(encoded), entries, swapped]
    assert Cache(aihub.cache_dir).store_derived(KEY, checksum(body), PARSED_FORMAT, copy)
    result = aihub("list", "-f", "thinking", "-s", "context_length", "-o", "plain")
    assert (result.code, result.out, result.err) == (0, first.out, first.err)
    rebuilt = Cache(aihub.cache_dir).load_derived(KEY, checksum(body), PARSED_FORMAT)
    assert rebuilt is not None and rebuilt.part(3)[0] == VIEW_FIELDS


@pytest.mark.parametrize("args", [("list", "--json"), ("list", "-o", "plain"), ("show", "gpt-5")])
def test_a_damaged_body_behind_a_damaged_part_is_removed_and_fetched_next_time(
    aihub: Aihub, args: tuple[str, ...]
) -> None:
    expected = aihub(*args).out
    cache = Cache(aihub.cache_dir)
    body_file, copy = cache.path_for(KEY), derived_file(aihub)
    raw = body_file.read_bytes()
    body_file.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])  # header intact
    entry = cache.load(KEY, lazy_body=True)
    assert entry is not None and entry.checksum is not None
    opened = cache.load_derived(KEY, entry.checksum, PARSED_FORMAT)
    assert opened is not None
    damaged = bytearray(copy.read_bytes())
    start = opened.offset
    for length, _, _ in opened.sizes:  # every part but the ids: texts, entries, views
        if start > opened.offset:
            damaged[start + length // 2] ^= 1
        start += length
    del opened  # its map of the file
    copy.write_bytes(bytes(damaged))
    failed = aihub(*args)
    assert failed.code == 1 and failed.out == ""
    assert failed.err == (
        "aihub: the cached catalog was damaged and has been removed; run the command again "
        "to fetch it\n"
    )
    assert not body_file.exists() and not copy.exists()
    again = aihub(*args)
    assert (again.code, again.out) == (0, expected)
    assert len(aihub.catalog_requests()) == 2
