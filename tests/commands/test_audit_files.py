"""Which files `aihub audit` reads, and in what order it reports them: git's list inside a
work tree (wherever git finds it), a walk elsewhere, paths shown as given."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from aihubmix_cli.audit.files import Listing
from aihubmix_cli.base.errors import UsageError
from tests.conftest import Aihub

LINE = 'model = "gpt-5"\n'


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )


def reported(aihub: Aihub, *args: str, env: Mapping[str, str | None] | None = None) -> list[str]:
    result = aihub("audit", *args, env=env)
    assert result.code == 0, result.err
    return [line.split("\t")[0] for line in result.out.splitlines()]


def test_git_files_are_reported_folder_by_folder(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    for name in ("a/b.py", "a-c.py", "a.d/x.py", "B/y.py", "b.py", "gone.py", "a/deep/z.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(LINE)
    (root / "link.py").symlink_to("b.py")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "x")
    (root / "gone.py").unlink()  # still tracked, nothing to read
    (root / "new.py").write_text(LINE)  # not tracked yet, not ignored: read
    monkeypatch.chdir(root)
    # As paths are sorted, part by part: `a/...` before `a-c.py`.
    assert reported(aihub) == [
        "B/y.py:1:10",
        "a/b.py:1:10",
        "a/deep/z.py:1:10",
        "a-c.py:1:10",
        "a.d/x.py:1:10",
        "b.py:1:10",
        "new.py:1:10",
    ]
    # From a folder below the work tree's top; a path outside it shown whole.
    monkeypatch.chdir(root / "a")
    assert reported(aihub, "./deep/", str(root / "a.d"), "deep") == [
        "deep/z.py:1:10",
        f"{(root / 'a.d').as_posix()}/x.py:1:10",
    ]


def test_a_path_above_the_working_folder_is_shown_as_given_in_every_format(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `aihub audit ../proj` printed `/abs/cwd/../proj/a.py:1:10`.
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "a.py").write_text(LINE)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    assert reported(aihub, "../proj") == ["../proj/a.py:1:10"]
    assert reported(aihub, "../proj/", "--format", "plain") == ["../proj/a.py:1:10"]
    assert reported(aihub, str(tmp_path / "cwd" / ".." / "proj")) == [
        f"{(tmp_path / 'proj').as_posix()}/a.py:1:10"
    ]
    table = aihub("audit", "../proj", "--format", "table").out.splitlines()
    assert table[:3] == [
        "OK (1)",
        "  gpt-5  in $1.25 · out $10 per 1M tokens",
        "    ../proj/a.py:1:10",
    ]
    report = json.loads(aihub("audit", "../proj", "--json").out)
    assert [finding["path"] for finding in report["findings"]] == ["../proj/a.py"]
    # SARIF names a file outside the working folder by its absolute, normalised URI.
    sarif = json.loads(aihub("audit", "../proj", "--format", "sarif").out)
    (result,) = sarif["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "proj" / "a.py").as_uri()}


def test_a_work_tree_git_finds_through_git_dir_is_read_as_git_lists_it(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, repository = tmp_path / "work", tmp_path / "elsewhere.git"
    work.mkdir()
    (work / "kept.py").write_text(LINE)
    (work / "ignored.py").write_text(LINE)
    (work / ".gitignore").write_text("ignored.py\n")
    where = {"GIT_DIR": str(repository), "GIT_WORK_TREE": str(work)}
    git(work, "init", "-q", env=where)
    monkeypatch.chdir(work)
    assert not (work / ".git").exists()
    assert reported(aihub, env=where) == ["kept.py:1:10"]
    assert reported(aihub) == ["ignored.py:1:10", "kept.py:1:10"]  # no git here: a walk


def test_the_listing_made_meanwhile_is_the_files_under_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    for name in ("b/x.py", "a.py", ".hidden/y.py", "c/d/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(LINE)
    monkeypatch.chdir(tmp_path)
    with Listing([".", "a.py"]) as listing:
        assert listing.files() == ["a.py", "b/x.py", "c/d/e.txt"]
    with pytest.raises(UsageError, match="no such file or folder: nowhere"):
        Listing(["b", "nowhere"])


def test_a_listing_not_taken_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    # More names than a pipe holds: the lister waits for a reader that never comes.
    for number in range(3000):
        (tmp_path / f"a-file-with-a-rather-long-name-{number:05d}.txt").write_text("")
    monkeypatch.chdir(tmp_path)
    with Listing(["."]):
        pass  # the catalog failed to load, say
