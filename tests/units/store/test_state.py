"""The state folder: the catalog's history outlives `aihub cache clear`, and a history an
earlier release kept in the cache folder moves there once, without loss."""

from __future__ import annotations

import json
from pathlib import Path

from aihubmix_cli.store import history
from tests.commands.test_changes import moved_catalog
from tests.conftest import SKIP_WARNING, Aihub, age_cache


def two_versions(aihub: Aihub, **env: str) -> None:
    """The fixture fetched a day ago, then the moved catalog fetched now."""
    assert aihub("list", env=env).code == 0
    for version in history.versions(Path(env.get("AIHUBMIX_STATE_DIR", aihub.state_dir))):
        older = int((version.fetched_at - 86400) * 1000)
        version.path.rename(
            version.path.with_name(f"catalog-{older:013d}-{version.digest}.json.gz")
        )
    aihub.server.set_models(moved_catalog())
    age_cache(aihub.cache_dir, 1000)
    assert aihub("list", env=env).code == 0


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_cache_clear_then_changes_still_shows_the_last_change(aihub: Aihub) -> None:
    two_versions(aihub)
    before = aihub("changes")
    assert before.code == 0 and "Removed (1)" in before.out
    kept = files_in(aihub.state_dir / "history")
    assert len(kept) == 2
    assert not (aihub.cache_dir / "history").exists()

    cleared = aihub("cache", "clear")
    assert cleared.code == 0
    assert files_in(aihub.state_dir / "history") == kept
    after = aihub("changes")
    # The cache was empty: the catalog was fetched whole, and it is the newest kept version.
    assert (after.code, after.out) == (0, before.out)
    assert after.err == SKIP_WARNING
    assert files_in(aihub.state_dir / "history") == kept


def test_a_history_in_the_cache_folder_moves_to_the_state_folder_once(aihub: Aihub) -> None:
    # Today's release keeps its history in the cache folder: the same layout as aihub with
    # its state folder set to the cache folder.
    two_versions(aihub, AIHUBMIX_STATE_DIR=str(aihub.cache_dir))
    old = aihub.cache_dir / "history"
    written = files_in(old)
    assert len(written) == 2
    assert all(name.startswith("catalog-") for name in written)
    expected = aihub("changes", env={"AIHUBMIX_STATE_DIR": str(aihub.cache_dir)}).out
    assert "Removed (1)" in expected
    assert not aihub.state_dir.exists()

    moved = aihub("changes")
    assert (moved.code, moved.out, moved.err) == (0, expected, "")
    assert files_in(aihub.state_dir / "history") == written  # every version, byte for byte
    assert not old.exists()
    assert aihub.state_dir.stat().st_mode & 0o777 == 0o700
    # Once: the next run finds nothing left to move and the same report.
    assert aihub("changes").out == expected
    assert files_in(aihub.state_dir / "history") == written


def test_a_move_leaves_what_is_not_a_version_and_keeps_versions_already_there(
    aihub: Aihub,
) -> None:
    two_versions(aihub, AIHUBMIX_STATE_DIR=str(aihub.cache_dir))
    old = aihub.cache_dir / "history"
    written = files_in(old)
    (old / "notes.txt").write_text("mine\n")
    # An interrupted earlier move: one version is in both places.
    first = sorted(written)[0]
    (aihub.state_dir / "history").mkdir(parents=True)
    (aihub.state_dir / "history" / first).write_bytes(written[first])

    assert aihub("changes", "--offline").code == 0
    assert files_in(aihub.state_dir / "history") == written
    assert files_in(old) == {"notes.txt": b"mine\n"}


def test_cache_info_shows_both_folders(aihub: Aihub) -> None:
    two_versions(aihub)
    assert aihub("changes", "--watch", "ci").code == 0
    lines = aihub("cache", "info").out.splitlines()
    assert lines[0] == f"path:     {aihub.cache_dir}"
    assert lines[-1] == f"state:    {aihub.state_dir} (2 catalog versions kept; watchers: ci)"
    info = json.loads(aihub("cache", "info", "--json").out)
    assert info["path"] == str(aihub.cache_dir)
    state = {"path": str(aihub.state_dir), "catalog_versions": 2, "watchers": ["ci"]}
    assert info["state"] == state
    assert aihub("cache", "clear").code == 0
    empty = aihub("cache", "info").out.splitlines()
    assert empty == [
        f"path:     {aihub.cache_dir}",
        "entries:  no cached answers",
        f"state:    {aihub.state_dir} (2 catalog versions kept; watchers: ci)",
    ]
