"""The catalog bundled with aihub: what it holds, when it answers, and that it never lingers.

Every run here points aihub at a closed port (a CatalogServer started, noted and stopped) or
uses --offline, with an empty cache, exactly as a first run on a network that cannot reach
aihubmix.com.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.catalog import parse_envelope, parse_models
from aihubmix_cli.store import completion
from tests.conftest import REPO, SKIP_WARNING, Aihub, age_cache
from tests.support.bundled_catalog import (
    NOT_OLDER_THAN,
    PLACEHOLDER_CONTEXT,
    SNAPSHOT_FILE,
    bundled_suffix,
    bundled_warning,
    snapshot_document,
    snapshot_ids_output,
)
from tests.support.catalog_server import CatalogServer, load_fixture_models

KEY = "sk-bundled-test-key"


@pytest.fixture
def closed_url() -> str:
    """The URL of a server that has gone: connections to it are refused."""
    with CatalogServer() as gone:
        url = gone.url
    return url


@pytest.fixture
def offline(aihub: Aihub, closed_url: str) -> Aihub:
    """aihub with an empty cache pointed at nothing that answers; the fixture server stays
    up for the runs that pass its URL back."""
    aihub.url = closed_url
    return aihub


def refused(url: str) -> str:
    return f"127.0.0.1 unreachable (cannot reach {url}/api/v1/models: connection refused)"


def fixture_ids() -> str:
    return "".join(f"{e['model_id']}\n" for e in load_fixture_models() if e.get("model_id"))


def history_files(state_dir: Path) -> list[Path]:
    folder = state_dir / "history"
    return sorted(folder.iterdir()) if folder.exists() else []


# -- the file itself ---------------------------------------------------------------------------


def test_the_snapshot_is_a_live_shaped_catalog_of_several_hundred_models() -> None:
    body = gzip.decompress(SNAPSHOT_FILE.read_bytes())
    models, problems = parse_models(parse_envelope(body))
    assert problems == []
    assert len(models) >= 500
    assert len({m.id for m in models}) == len(models)
    document = json.loads(body)
    assert (document["success"], document["message"]) == (True, "")
    # The live shape: list fields are comma strings, as the server sends them.
    for entry in document["data"]:
        for field in ("types", "features", "input_modalities"):
            assert isinstance(entry.get(field, ""), str), (entry["model_id"], field)
    # Most models have prices and many have types: a usable catalog, not a list of names.
    assert sum(1 for m in models if m.prices) == len(models)
    assert sum(1 for m in models if "llm" in m.types) >= 300


def test_the_snapshot_has_no_placeholder_context_and_says_when_and_where_from() -> None:
    document = snapshot_document()
    contexts = [e["context_length"] for e in document["data"] if "context_length" in e]
    assert contexts and PLACEHOLDER_CONTEXT not in contexts
    assert all(isinstance(c, int) and c > 0 for c in contexts)
    about = document["aihub_snapshot"]
    assert date.fromisoformat(about["taken"][:10]) >= NOT_OLDER_THAN
    assert "aihubmix.com/api/v1/models" in about["source"]


# -- when it answers ---------------------------------------------------------------------------


def test_list_answers_from_the_snapshot_with_one_warning(offline: Aihub) -> None:
    result = offline("list", "-o", "ids")
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert result.err == bundled_warning(refused(offline.url))
    as_json = offline("list", "--json", "--features", "thinking", "--sort", "context_length")
    assert as_json.code == 0
    models = json.loads(as_json.out)
    assert len(models) > 50 and all("thinking" in m["features"] for m in models)
    contexts = [m["context_length"] for m in models if "context_length" in m]
    assert contexts == sorted(contexts, reverse=True)


def test_show_and_compare_answer_from_the_snapshot(offline: Aihub) -> None:
    wanted = {e["model_id"]: e for e in snapshot_document()["data"]}
    shown = offline("show", "claude-sonnet-5", "--json")
    assert shown.code == 0 and shown.err == bundled_warning(refused(offline.url))
    model = json.loads(shown.out)
    assert model["model_id"] == "claude-sonnet-5"
    assert model["pricing"] == wanted["claude-sonnet-5"]["pricing"]
    assert model["features"] == wanted["claude-sonnet-5"]["features"].split(",")
    compared = offline("compare", "gpt-5", "claude-sonnet-5", "--json")
    assert compared.code == 0
    assert [m["model_id"] for m in json.loads(compared.out)] == ["gpt-5", "claude-sonnet-5"]
    missing = offline("show", "claude-sonnet-55")
    assert missing.code == 3 and "did you mean" in missing.err


def test_offline_with_an_empty_cache_answers_from_the_snapshot_without_a_request(
    aihub: Aihub,
) -> None:
    result = aihub("list", "--offline", "-o", "ids")
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert result.err == bundled_warning("--offline and nothing cached yet")
    assert aihub("show", "gpt-5", "--offline").code == 0
    assert aihub.server.requests == []


def test_a_table_says_how_old_the_snapshot_is(offline: Aihub) -> None:
    result = offline("list", "--format", "table", "--limit", "3", env={"COLUMNS": "120"})
    assert result.code == 0
    footer = result.out.rstrip("\n").splitlines()[-1]
    assert re.match(r"3 of \d+ models · catalog ", footer) and footer.endswith(" days old")


@pytest.mark.parametrize("damage", ["missing", "garbage", "not a snapshot"])
def test_an_installation_without_a_usable_snapshot_fails_as_before(
    offline: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    replaced = tmp_path / "catalog-snapshot.json.gz"
    if damage == "garbage":
        replaced.write_bytes(b"\x1f\x8b not really gzip")
    elif damage == "not a snapshot":  # a catalog, but not saying when it was taken
        replaced.write_bytes(gzip.compress(b'{"data": [{"model_id": "x"}], "success": true}'))
    monkeypatch.setattr("aihubmix_cli.store.bundled.SNAPSHOT_PATH", replaced)
    result = offline("list")
    assert (result.code, result.out) == (1, "")
    assert result.err == f"aihub: cannot reach {offline.url}/api/v1/models: connection refused\n"


# -- what it cannot answer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "asked", "query"),
    [
        (("--tag", "coding"), "--tag coding", "?tag=coding"),
        (("--sort", "model_ratio"), "--sort model_ratio", "?sort_by=model_ratio&sort_order=asc"),
        (
            ("--sort", "coding", "--order", "desc"),
            "--sort coding",
            "?sort_by=coding&sort_order=desc",
        ),
    ],
)
def test_server_side_filters_and_orders_are_refused_not_answered_unfiltered(
    offline: Aihub, args: tuple[str, ...], asked: str, query: str
) -> None:
    result = offline("list", *args)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"aihub: 127.0.0.1 unreachable (cannot reach {offline.url}/api/v1/models{query}: "
        f"connection refused); {asked} needs the server: the catalog bundled with aihub "
        "cannot answer it\n"
    )
    offline_result = offline("list", "--offline", *args)
    assert (offline_result.code, offline_result.out) == (1, "")
    assert offline_result.err == (
        "aihub: nothing cached for /api/v1/models yet; run once without --offline to fetch it; "
        f"{asked} needs the server: the catalog bundled with aihub cannot answer it\n"
    )


def test_mine_is_refused(offline: Aihub) -> None:
    result = offline("list", "--mine", env={"AIHUBMIX_API_KEY": KEY})
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"aihub: {refused(offline.url)}; --mine (the models your key can call) needs the "
        "server: the catalog bundled with aihub cannot answer it\n"
    )
    assert KEY not in result.err


def test_legacy_is_refused_and_says_why(offline: Aihub) -> None:
    for args in (("legacy",), ("legacy", "gpt-5"), ("legacy", "--offline")):
        result = offline(*args)
        assert (result.code, result.out) == (1, ""), args
        assert result.err.endswith(
            "; the catalog bundled with aihub cannot say which models a key can call\n"
        )
        assert len(result.err.splitlines()) == 1


def test_legacy_missing_is_refused_when_only_the_key_list_is_cached(aihub: Aihub) -> None:
    assert aihub("legacy").code == 0  # the key list cached, the catalog not
    url = aihub.url
    aihub.server.stop()
    age_cache(aihub.cache_dir, 700)
    result = aihub("legacy", "--missing")
    assert (result.code, result.out) == (1, "")
    assert "; legacy --missing needs the server: the catalog bundled with aihub" in result.err
    # /v1/models refused first; the catalog's request was then not sent again.
    assert f"127.0.0.1 unreachable ({url} refused the connection just now and is" in result.err


# -- it never lingers --------------------------------------------------------------------------


def test_it_is_never_stored_recorded_or_indexed(offline: Aihub) -> None:
    assert offline("list").code == 0
    changes = offline("changes")
    assert changes.code == 0 and changes.out == ""
    assert "no version of the catalog is kept yet" in changes.err
    assert history_files(offline.state_dir) == []
    assert not (offline.cache_dir / "completion-index").exists()
    # The tag, the marker, and the note that the server refused (not asked again for a minute).
    kept = sorted(p.name for p in offline.cache_dir.iterdir())
    assert kept == ["CACHEDIR.TAG", "bundled-snapshot-used.json", "unreachable"]


def test_cache_info_says_the_snapshot_answered_until_the_server_does(
    offline: Aihub, server: CatalogServer
) -> None:
    assert offline("cache", "info", "--json").code == 0
    assert json.loads(offline("cache", "info", "--json").out)["bundled_catalog"] is None
    offline("list")
    info = json.loads(offline("cache", "info", "--json").out)
    assert info["entries"] == []
    used = info["bundled_catalog"]
    assert used["taken"][:10] == snapshot_document()["aihub_snapshot"]["taken"][:10]
    assert used["reason"] == refused(offline.url)
    assert 0 <= used["age_seconds"] < 60
    text = offline("cache", "info").out.splitlines()
    assert text[1] == "entries:  no cached answers"
    assert text[2].startswith("bundled catalog: answered ")
    assert f"snapshot taken {used['taken'][:10]}: {refused(offline.url)}; " in text[2]
    assert text[2].endswith("the next answer from the server replaces it")

    offline.url = server.url
    assert offline("list").code == 0
    info = json.loads(offline("cache", "info", "--json").out)
    assert info["bundled_catalog"] is None and len(info["entries"]) == 1
    assert not any(line.startswith("bundled") for line in offline("cache", "info").out.split("\n"))


def test_cache_clear_removes_the_marker(offline: Aihub) -> None:
    offline("list")
    cleared = offline("cache", "clear")
    # The marker, and the note that the server refused.
    assert cleared.err == f"aihub: removed 2 cache files from {offline.cache_dir}\n"
    assert json.loads(offline("cache", "info", "--json").out)["bundled_catalog"] is None


def test_the_next_fetch_replaces_it_everywhere(
    offline: Aihub, server: CatalogServer, closed_url: str
) -> None:
    assert offline("list", "-o", "ids").out == snapshot_ids_output()
    offline.url = server.url
    fetched = offline("list", "-o", "ids")
    assert (fetched.code, fetched.out, fetched.err) == (0, fixture_ids(), SKIP_WARNING)
    index = completion.read_index(offline.cache_dir)
    assert index["models"] == fixture_ids().split()
    assert len(history_files(offline.state_dir)) == 1
    assert not (offline.cache_dir / "bundled-snapshot-used.json").exists()
    # Only one version of the catalog: the snapshot was never one.
    assert "only one version of the catalog so far" in offline("changes").err
    # The server gone again: the copy it sent answers now, never the snapshot.
    offline.url = closed_url
    age_cache(offline.cache_dir, 3600)
    stale = offline("list", "-o", "ids")
    assert (stale.code, stale.out) == (0, fixture_ids())
    assert "showing the copy cached 1 h ago" in stale.err
    assert bundled_suffix() not in stale.err
    assert offline("show", "claude-sonnet-5").code == 3  # not in the server's catalog


# -- the warm path never pays for it -----------------------------------------------------------

_PROBE = """
import json, sys
from aihubmix_cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
loaded = sorted(m for m in ("aihubmix_cli.store.bundled", "gzip") if m in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def probe(aihub: Aihub, *args: str) -> dict[str, Any]:
    env = {k: v for k, v in aihub.env().items() if v is not None}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    report: dict[str, Any] = json.loads(result.stderr.strip().splitlines()[-1])
    return report


def _clean_environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("AIHUBMIX_")}


def test_a_warm_run_never_opens_the_snapshot(aihub: Aihub) -> None:
    aihub("list")
    assert probe(aihub, "list", "--json") == {"code": 0, "loaded": []}


def test_the_seed_records_what_the_conversion_could_not_restore() -> None:
    about = snapshot_document()["aihub_snapshot"]
    if "PublicProviderConf" not in about["source"]:
        pytest.skip("the bundled snapshot was rebuilt from the live endpoint")
    assert any("8192" in note for note in about["notes"])
