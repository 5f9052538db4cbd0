"""The GitHub workflow docs/teams.md gives, run: its steps in order, as a runner would, in a
temporary git repository against the loopback server, on fresh runners (an empty home each
time) whose only carried-over folder is the one the cache action names."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.store import history
from tests.commands.test_audit import git, later_catalog, validate_sarif
from tests.commands.test_changes import age_history
from tests.conftest import REPO
from tests.support.catalog_server import CatalogServer

GUIDE = REPO / "docs" / "teams.md"
APP = 'MODEL = "claude-sonnet-4-5"\nFALLBACK = "o3"\nPRICEY = "gpt-5"\n'


def workflow() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    (block,) = blocks
    loaded: dict[str, Any] = yaml.safe_load(block)
    return loaded


class Runner:
    """One run of the workflow's only job on a fresh runner."""

    def __init__(self, tmp: Path, server_url: str, event: str, cached: Path) -> None:
        self.home = tmp / f"runner-{event}-{len(list(tmp.glob('runner-*')))}"
        self.home.mkdir()
        self.cached = cached  # what the cache action keeps between runs
        self.event = event
        shim = tmp / "bin"
        shim.mkdir(exist_ok=True)
        aihub = shim / "aihub"
        aihub.write_text(f"#!/bin/sh\nexec '{sys.executable}' -m aihubmix_cli \"$@\"\n")
        aihub.chmod(0o755)
        self.env = {
            "HOME": str(self.home),
            "PATH": f"{shim}:/usr/bin:/bin",
            "PYTHONPATH": str(REPO),  # this checkout's code, wherever the shell runs
            "AIHUBMIX_BASE_URL": server_url,
            "AIHUBMIX_TIMEOUT": "5",
        }
        self.outputs: dict[str, subprocess.CompletedProcess[str]] = {}

    def path(self, text: str) -> Path:
        return Path(text.replace("~", str(self.home), 1))

    def run(self, repo: Path) -> list[tuple[str, int | None]]:
        """Each step's name (or action) and exit code (None: skipped), stopping at the first
        failure as a runner does (steps with `if: always()` still run)."""
        flow = workflow()
        self.env.update({k: str(v) for k, v in flow.get("env", {}).items()})
        (job,) = flow["jobs"].values()
        failed = False
        done: list[tuple[str, int | None]] = []
        saves: list[tuple[Path, Path]] = []
        for step in job["steps"]:
            name = step.get("name") or step.get("uses")
            condition = step.get("if")
            if condition == "always()":
                wanted = True
            elif condition is not None:
                match = re.fullmatch(r"github\.event_name == '(\w+)'", condition)
                assert match, condition
                wanted = not failed and self.event == match[1]
            else:
                wanted = not failed
            if not wanted:
                done.append((name, None))
                continue
            code = self._step(step, repo, saves)
            failed = failed or code != 0
            done.append((name, code))
        for folder, kept in saves:  # the cache action saves after the job
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(folder, kept)
        return done

    def _step(self, step: dict[str, Any], repo: Path, saves: list[tuple[Path, Path]]) -> int:
        uses = step.get("uses", "")
        if uses.startswith("actions/checkout"):
            return 0
        if uses.startswith("actions/cache"):
            folder = self.path(step["with"]["path"])
            assert self.env["AIHUBMIX_STATE_DIR"] == step["with"]["path"]
            if self.cached.exists():
                shutil.copytree(self.cached, folder)
            saves.append((folder, self.cached))
            return 0
        if uses.startswith("github/codeql-action/upload-sarif"):
            validate_sarif(json.loads((repo / step["with"]["sarif_file"]).read_text()))
            return 0
        command = step["run"]
        if command.startswith("pipx install"):
            # Installing is not what is tested here: the shim runs this checkout. The line
            # must name the repository and a tag, never a PyPI name.
            assert re.fullmatch(r"pipx install 'git\+<repository URL>@vX\.Y\.Z'", command)
            return 0
        result = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=repo,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.outputs[step.get("name", command)] = result
        return result.returncode


def test_the_workflow_reports_a_catalog_change_on_its_second_run(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "app.py").write_text(APP)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "x")
    cached = tmp_path / "actions-cache"
    fail_step = "Fail on deprecated, removed or misspelt ids"
    sarif_step = "Audit the model ids (SARIF for code scanning)"
    scheduled = "On schedule, only the live catalog will do; fail on price moves too"
    with CatalogServer() as server:
        first = Runner(tmp_path, server.url, "push", cached)
        assert first.run(repo) == [
            ("actions/checkout@v4", 0),
            ("actions/cache@v4", 0),
            ("Install aihub", 0),
            (sarif_step, 0),
            ("github/codeql-action/upload-sarif@v3", 0),
            (fail_step, 0),
            (scheduled, None),
        ]
        # The first run had nothing to compare with, and said so.
        assert "cannot tell removed ids from unknown ones" in first.outputs[sarif_step].stderr
        assert len(history.versions(cached)) == 1
        # A day later o3 is gone and gpt-5 repriced; the scheduled run on a fresh runner.
        age_history(cached, 86400)
        server.set_models(later_catalog())
        second = Runner(tmp_path, server.url, "schedule", cached)
        steps = second.run(repo)
    assert steps[3:] == [
        (sarif_step, 0),
        ("github/codeql-action/upload-sarif@v3", 0),
        (fail_step, 1),
        (scheduled, None),
    ]
    failing = second.outputs[fail_step]
    assert "cannot tell" not in failing.stderr
    _, newer = history.versions(cached)
    assert [line for line in failing.stdout.splitlines() if "\tok\t" not in line] == [
        f"src/app.py:2:13\tremoved\to3\tnot in the catalog since {iso(newer.fetched_at)}",
        f"src/app.py:3:11\trepriced\tgpt-5\tinput $1.25 → $1 since {iso(newer.fetched_at)}",
    ]
    sarif = json.loads((repo / "aihub.sarif").read_text())
    results = {(r["ruleId"], r["kind"]) for r in sarif["runs"][0]["results"]}
    assert results == {("aihub/ok", "pass"), ("aihub/removed", "fail"), ("aihub/repriced", "fail")}
    assert sarif["runs"][0]["properties"]["history_known"] is True


def test_the_scheduled_step_fails_when_the_catalog_cannot_be_fetched(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text('MODEL = "gpt-5"\n')
    (job,) = workflow()["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("if") == "github.event_name == 'schedule'"]
    with CatalogServer() as server:
        url = server.url
    env = {
        "HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(REPO),
        "AIHUBMIX_BASE_URL": url,
        "AIHUBMIX_TIMEOUT": "5",
    }
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "aihub").write_text(f"#!/bin/sh\nexec '{sys.executable}' -m aihubmix_cli \"$@\"\n")
    (shim / "aihub").chmod(0o755)
    env["PATH"] = f"{shim}:/usr/bin:/bin"
    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "aihub: --strict: " in result.stderr


def iso(seconds: float) -> str:
    from tests.commands.test_audit import iso as iso_time

    return iso_time(seconds)
