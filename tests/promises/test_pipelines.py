"""aihub in a pipeline: audit verdicts that say when they cannot be given, SARIF as GitHub
code scanning reads it, and strict mode, against the loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aihubmix_cli.store import history
from tests.commands.test_audit import git, later_catalog, validate_sarif
from tests.commands.test_changes import age_history
from tests.conftest import Aihub

# A current id, one the later catalog removes, one it reprices.
APP = 'MODEL = "claude-sonnet-4-5"\nFALLBACK = "o3"\nPRICEY = "gpt-5"\n'
CANNOT_TELL = "cannot tell removed ids from unknown ones"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository pinning o3 (removed in the later catalog) in src/app.py."""
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(APP)
    (root / "config.yaml").write_text("model: gpt-5\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "x")
    monkeypatch.chdir(root)
    return root


def test_an_empty_state_says_removed_cannot_be_told_from_unknown(aihub: Aihub, repo: Path) -> None:
    # A fresh runner: nothing cached, nothing kept; o3 is already gone from the catalog.
    aihub.server.set_models(later_catalog())
    result = aihub("audit", "--fail-on", "removed")
    # o3 was in the bundled history's last version: removed since the first version without
    # it, today's. Only an id added after that history ended cannot be told from a word.
    assert result.code == 1
    (kept,) = history.versions(aihub.state_dir)
    removed = [line for line in result.out.splitlines() if "\tremoved\t" in line]
    assert removed == [f"src/app.py:2:13\tremoved\to3\tnot in the catalog since {iso(kept)}"]
    warning = next(line for line in result.err.splitlines() if CANNOT_TELL in line)
    assert warning.startswith(
        "aihub: warning: no earlier catalog version is kept (the bundled history ends "
        "2026-07-02): cannot tell removed ids from unknown ones among those added since, nor "
        "say a price did not move"
    )
    assert len(warning) <= 300
    assert f"keep the state folder ({aihub.state_dir}) between runs" in warning
    report = json.loads(aihub("audit", "--json").out)
    assert report["history_known"] is False
    assert CANNOT_TELL in report["limitation"]
    assert report["since"] is None
    assert {f["id"]: f["compared"] for f in report["findings"]}["gpt-5"] is False
    sarif = json.loads(aihub("audit", "-o", "sarif").out)
    validate_sarif(sarif)
    (run,) = sarif["runs"]
    assert run["properties"]["history_known"] is False
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert CANNOT_TELL in notification["message"]["text"]


def test_the_state_carried_over_reports_removed(aihub: Aihub, repo: Path, tmp_path: Path) -> None:
    # Run one, a day ago: o3 is in the catalog.
    assert aihub("audit", "--fail-on", "removed").code == 0
    age_history(aihub.state_dir, 86400)
    # Run two on a fresh runner (an empty cache folder), the state folder restored.
    aihub.server.set_models(later_catalog())
    runner = Aihub(aihub.server, tmp_path / "second-runner-cache", aihub.state_dir)
    result = runner("audit", "--fail-on", "removed")
    assert result.code == 1
    assert CANNOT_TELL not in result.err
    _, newer = history.versions(aihub.state_dir)
    removed = [line for line in result.out.splitlines() if "\tremoved\t" in line]
    assert removed == [f"src/app.py:2:13\tremoved\to3\tnot in the catalog since {iso(newer)}"]
    report = json.loads(runner("audit", "--json").out)
    assert report["history_known"] is True
    assert report["limitation"] is None
    assert {f["id"]: f["compared"] for f in report["findings"]}["o3"] is True


def iso(version: history.Version) -> str:
    from tests.commands.test_audit import iso as iso_time

    return iso_time(version.fetched_at)


def test_sarif_from_a_subfolder_is_relative_to_the_repository_root(
    aihub: Aihub, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "src")
    sarif = json.loads(aihub("audit", ".", "-o", "sarif").out)
    validate_sarif(sarif)
    (run,) = sarif["runs"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {location["uri"] for location in locations} == {"src/app.py"}
    assert {location["uriBaseId"] for location in locations} == {"%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    # A path above the working folder: still relative to the root, never `..`.
    above = json.loads(aihub("audit", "..", "-o", "sarif").out)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in above["runs"][0]["results"]
    ]
    assert sorted(set(uris)) == ["config.yaml", "src/app.py"]
    assert not any(".." in uri for uri in uris)


def test_ok_mentions_are_passes_not_failures(aihub: Aihub, repo: Path) -> None:
    sarif = json.loads(aihub("audit", "-o", "sarif").out)
    validate_sarif(sarif)
    kinds = {(r["ruleId"], r["kind"], r["level"]) for r in sarif["runs"][0]["results"]}
    assert ("aihub/ok", "pass", "none") in kinds
    # A result without `kind` is a failure in SARIF: every result says which it is.
    assert all(kind == "pass" for rule, kind, _ in kinds if rule == "aihub/ok")
    assert all(kind == "fail" for rule, kind, _ in kinds if rule != "aihub/ok")


def test_aihub_never_scans_its_own_reports(aihub: Aihub, repo: Path) -> None:
    before = aihub("audit")
    (repo / "aihub.sarif").write_text(aihub("audit", "-o", "sarif").out)
    (repo / "reports").mkdir()
    (repo / "reports" / "audit.txt").write_text(aihub("audit", "--json").out)
    after = aihub("audit")
    assert after.out == before.out
    report = json.loads(aihub("audit", "--json").out)
    assert report["files_skipped"] == {"aihub report": 2}
    # Any other JSON that quotes an id is read as before.
    (repo / "models.json").write_text('{"version": 1, "model": "gpt-5"}\n')
    assert "models.json:1:26\tok\tgpt-5\t" in aihub("audit").out


def test_strict_with_the_gateway_down_and_an_empty_cache_exits_1(aihub: Aihub) -> None:
    aihub.server.stop()
    lenient = aihub("list", "-o", "ids")
    assert lenient.code == 0  # the bundled snapshot stands in, with a warning
    strict = aihub("list", "-o", "ids", env={"AIHUBMIX_STRICT": "1"})
    assert strict.code == 1
    assert strict.out == ""
    assert strict.err.startswith("aihub: --strict: ")
    assert "not an answer the server vouches for now" in strict.err
    flag = aihub("list", "-o", "ids", "--strict")
    assert (flag.code, flag.out) == (1, "")


def test_strict_refuses_a_stale_copy(aihub: Aihub) -> None:
    from tests.conftest import age_cache

    assert aihub("list", "-o", "ids").code == 0
    age_cache(aihub.cache_dir, 86400 * 30)
    aihub.server.stop()
    assert aihub("list", "-o", "ids").code == 0  # the stale copy, with a warning
    strict = aihub("list", "-o", "ids", "--strict")
    assert strict.code == 1
    assert "--strict: " in strict.err and "cached" in strict.err
    offline = aihub("list", "-o", "ids", "--offline", env={"AIHUBMIX_STRICT": "1"})
    assert offline.code == 1
    assert "--offline asks no server" in offline.err


def test_strict_takes_a_fresh_answer(aihub: Aihub) -> None:
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_STRICT": "1"})
    assert result.code == 0
    assert "gpt-5" in result.out.split()


def test_merge_never_rewrites_a_config_from_the_bundled_snapshot(
    aihub: Aihub, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    original = b"model_list: []\n# the team's own settings\n"
    config.write_bytes(original)
    aihub.server.stop()
    result = aihub("export", "litellm", "gpt-5", "--merge", str(config))
    assert result.code == 1
    assert f"aihub: left {config} as it was" in result.err
    assert "--allow-snapshot writes it anyway" in result.err
    assert config.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("config")) == [
        "config.yaml"
    ]
    # Asked in so many words, it writes.
    allowed = aihub("export", "litellm", "gpt-5", "--merge", str(config), "--allow-snapshot")
    assert allowed.code == 0
    assert "gpt-5" in config.read_text()
