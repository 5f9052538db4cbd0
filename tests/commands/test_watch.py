"""`aihub changes --watch NAME`: each change reported once per watcher, and the documented cron
recipe built on it, run as a shell script through a sequence of catalog versions."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SKIP_WARNING, Aihub, age_cache
from tests.support.catalog_server import load_fixture_models


def version(n: int) -> list[dict[str, Any]]:
    """The fixture with gpt-5's input price set to `n`."""
    models = copy.deepcopy(load_fixture_models())
    for model in models:
        if model.get("model_id") == "gpt-5":
            model["pricing"]["input"] = n
    return models


def serve(aihub: Aihub, models: list[dict[str, Any]]) -> None:
    """The server moves on (or not), and the cached copy is due for revalidation."""
    aihub.server.set_models(models)
    age_cache(aihub.cache_dir, 1000)


def prices(report: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [(c["old"], c["new"]) for c in report["changed"] if c["field"] == "pricing.input"]


def test_a_watcher_over_change_no_change_change_exits_1_0_1(aihub: Aihub) -> None:
    serve(aihub, version(1))
    first = aihub("changes", "--watch", "ci", "--json", "--exit-code")
    assert first.code == 0  # one version: nothing to report yet, and it is remembered
    report = json.loads(first.out)
    assert report["from"] == report["to"] and report["changed"] == []

    serve(aihub, version(2))
    changed = aihub("changes", "--watch", "ci", "--json", "--exit-code")
    assert changed.code == 1
    assert prices(json.loads(changed.out)) == [(1, 2)]

    serve(aihub, version(2))  # revalidated: 304, no new version
    same = aihub("changes", "--watch", "ci", "--json", "--exit-code")
    assert same.code == 0
    assert json.loads(same.out)["changed"] == []

    serve(aihub, version(3))
    again = aihub("changes", "--watch", "ci", "--json", "--exit-code")
    assert again.code == 1
    assert prices(json.loads(again.out)) == [(2, 3)]  # 1 -> 2 is not reported twice
    assert aihub("changes", "--watch", "ci", "--exit-code").code == 0
    # Without --watch, the last change is still "the" change, run after run.
    assert aihub("changes", "--exit-code").code == 1
    assert aihub("changes", "--exit-code").code == 1
    # Each revalidation was a conditional request; none was repeated for the watcher.
    assert len(aihub.catalog_requests()) == 4


def test_watchers_do_not_steal_each_others_news(aihub: Aihub) -> None:
    serve(aihub, version(1))
    assert aihub("list").code == 0
    serve(aihub, version(2))
    assert aihub("changes", "--watch", "ci", "--exit-code").code == 1  # from the oldest kept
    assert aihub("changes", "--watch", "ci", "--exit-code").code == 0
    text = aihub("changes", "--watch", "daily", "--exit-code")
    assert text.code == 1
    assert text.out.splitlines()[1:] == [
        "Changed (1)",
        "  gpt-5",
        "    input price  $1 → $2  (+100%)",
    ]


def test_a_watcher_whose_version_is_no_longer_kept_compares_with_the_oldest(
    aihub: Aihub, state_dir: Path
) -> None:
    serve(aihub, version(1))
    assert aihub("changes", "--watch", "ci").code == 0
    for path in (state_dir / "history").iterdir():
        path.unlink()  # the history was lost (or pruned past this watcher)
    serve(aihub, version(2))
    assert aihub("list").code == 0
    serve(aihub, version(3))
    result = aihub("changes", "--watch", "ci", "--json", "--exit-code")
    assert result.code == 1
    assert prices(json.loads(result.out)) == [(2, 3)]
    assert result.err.startswith(SKIP_WARNING)  # the catalog arrived this run
    assert re.fullmatch(
        r"aihub: the version watcher 'ci' last reported \(fetched \S+\) is no longer kept; "
        r"comparing with the oldest kept, from \S+\n",
        result.err.removeprefix(SKIP_WARNING),
    )


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".", "..", ".hidden", "a b", "x" * 65])
def test_a_watcher_name_must_be_a_plain_word(aihub: Aihub, name: str) -> None:
    result = aihub("changes", "--watch", name)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("aihub: --watch takes a name of letters, digits")
    assert result.err.count("\n") == 1
    assert aihub.catalog_requests() == []
    assert not (aihub.state_dir / "watchers").exists()


def test_watch_and_since_do_not_mix(aihub: Aihub) -> None:
    result = aihub("changes", "--watch", "ci", "--since", "1d")
    assert (result.code, result.err) == (2, "aihub: --watch and --since cannot be used together\n")


def readme_recipe() -> str:
    """The cron recipe of docs/history.md (`aihub changes`): the shell block that uses --watch."""
    readme = (REPO / "docs" / "history.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    (recipe,) = [block for block in blocks if "--watch" in block]
    return recipe


def test_a_watcher_that_cannot_be_remembered_fails_in_one_line(
    aihub: Aihub, tmp_path: Path
) -> None:
    # A file where the state folder should be: `--watch` exited 0 and remembered nothing.
    blocker = tmp_path / "afile"
    blocker.write_text("")
    for state in (blocker, blocker / "state"):
        result = aihub("changes", "--watch", "ci", env={"AIHUBMIX_STATE_DIR": str(state)})
        assert (result.code, result.out) == (1, "")
        assert result.err == (
            f"aihub: cannot remember what watcher 'ci' has reported (Not a directory) in "
            f"{state}; its next run would report the same changes again\n"
        )
    assert blocker.read_text() == ""


def test_a_watcher_whose_file_cannot_be_written_fails_after_its_report(aihub: Aihub) -> None:
    # The state folder is there, but a folder stands where the watcher's file goes.
    (aihub.state_dir / "watchers" / "ci").mkdir(parents=True)
    result = aihub("changes", "--watch", "ci")
    assert result.code == 1
    assert result.out.startswith("Catalog changes from ")
    assert result.err.splitlines()[-1].startswith(
        "aihub: cannot remember what watcher 'ci' has reported ("
    )
    assert result.err.splitlines()[-1].endswith(
        f") in {aihub.state_dir}; its next run would report the same changes again"
    )


def test_the_readme_cron_recipe_notifies_once_per_change(aihub: Aihub, tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    tools = tmp_path / "bin"
    tools.mkdir()
    # `aihub` as installed, and a `notify` that keeps what it was told.
    launcher = f'#!/bin/sh\nexec "{sys.executable}" -m aihubmix_cli "$@"\n'
    notify = f'#!/bin/sh\necho "$*" >> "{tmp_path / "notified"}"\n'
    for name, text in (("aihub", launcher), ("notify", notify)):
        (tools / name).write_text(text)
        (tools / name).chmod(stat.S_IRWXU)
    script = tmp_path / "cron.sh"
    script.write_text(readme_recipe())
    work = tmp_path / "job"
    work.mkdir()
    env = {k: v for k, v in aihub.env().items() if v is not None}
    env = {**os.environ, **env, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = str(REPO)

    notified = tmp_path / "notified"
    counts = []
    for n in (1, 2, 2, 3, 3):
        serve(aihub, version(n))
        subprocess.run([bash, str(script)], cwd=work, env=env, check=False, timeout=60)
        counts.append(len(notified.read_text().splitlines()) if notified.exists() else 0)
        if len(counts) == 4:  # the second change: its report holds it alone
            assert prices(json.loads((work / "moves.json").read_text())) == [(2, 3)]
    assert counts == [0, 1, 1, 2, 2]
    assert notified.read_text() == "the catalog moved\n" * 2
