"""docs/teams.md as a new teammate meets it: an account without a home directory, and the
completion lines, run on a fresh account in each shell."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.test_completion import Terminal, need, warm  # noqa: F401  (a fixture)
from tests.conftest import REPO, Aihub

GUIDE = REPO / "docs" / "teams.md"
UID = 12345
# An interpreter another uid can run (the test venv usually lives under /root, mode 0700),
# with aihub's dependencies: `python3 -m venv /opt/aihub-test && /opt/aihub-test/bin/pip
# install .`, or any other named here.
FOREIGN_PYTHONS = (os.environ.get("AIHUB_TEST_FOREIGN_PYTHON", ""), "/opt/aihub-test/bin/python")


def as_other_uid(*command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["setpriv", "--reuid", str(UID), "--regid", str(UID), "--clear-groups", "env", "-i"]
        + [f"{k}={v}" for k, v in env.items()]
        + list(command),
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def foreign_python() -> str:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as a uid without a passwd entry")
    for python in filter(None, FOREIGN_PYTHONS):
        probe = as_other_uid(
            python,
            "-c",
            "import typer, httpx, rich, platformdirs",
            env={"PYTHONPATH": str(REPO)},
        )
        if probe.returncode == 0:
            return python
    pytest.skip(
        "no interpreter with aihub's dependencies that uid 12345 can run (the test venv is "
        "not readable by it): make one with `python3 -m venv /opt/aihub-test && "
        "/opt/aihub-test/bin/pip install .` or set AIHUB_TEST_FOREIGN_PYTHON"
    )


def test_no_home_directory_uses_a_temporary_folder_and_says_what_to_set(aihub: Aihub) -> None:
    python = foreign_python()
    fallback = Path("/tmp") / f"aihub-{UID}"
    shutil.rmtree(fallback, ignore_errors=True)
    env = {
        "HOME": "",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "AIHUBMIX_BASE_URL": aihub.url,
        "AIHUBMIX_TIMEOUT": "5",
    }
    try:
        result = as_other_uid(python, "-m", "aihubmix_cli", "list", "-o", "ids", env=env)
        assert result.returncode == 0, result.stderr
        assert "gpt-5" in result.stdout.split()
        assert "unexpected error" not in result.stderr
        assert (
            f"aihub: warning: no home directory found (HOME is empty or relative, and uid "
            f"{UID} has no passwd entry): the cache goes to {fallback}/cache for now; set "
            "AIHUBMIX_CACHE_DIR (or HOME) to keep it"
        ) in result.stderr.splitlines()
        assert (fallback / "cache").is_dir()
        # The state too (changes reads it), with its own variable named.
        changes = as_other_uid(python, "-m", "aihubmix_cli", "changes", env=env)
        assert changes.returncode == 0, changes.stderr
        assert "set AIHUBMIX_STATE_DIR (or HOME)" in changes.stderr
        assert "unexpected error" not in changes.stderr
    finally:
        shutil.rmtree(fallback, ignore_errors=True)


def completion_lines(shell: str) -> list[str]:
    """The lines docs/teams.md gives for `shell`, commands only (comments dropped)."""
    block = re.search(r"## Completion.*?```sh\n(.*?)```", GUIDE.read_text(), re.S)
    assert block is not None
    lines, current = [], None
    for line in block[1].splitlines():
        if line.startswith("# ") and line[2:].split()[0] in ("bash", "zsh:", "fish", "zsh"):
            current = line[2:].split()[0].rstrip(":")
        elif line.strip() and not line.startswith("#") and current == shell:
            lines.append(line)
    return lines


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_guides_completion_lines_work_on_a_fresh_account(
    warm: Aihub,  # noqa: F811
    tmp_path: Path,
    shell: str,
) -> None:
    program = need(shell)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "AIHUBMIX_CACHE_DIR": str(warm.cache_dir),
        "AIHUBMIX_BASE_URL": warm.url,
    }
    lines = completion_lines(shell)
    assert lines, f"no {shell} lines in docs/teams.md"
    setup = subprocess.run(
        ["bash", "-e", "-c", "\n".join(lines)], env=env, capture_output=True, text=True, check=False
    )
    assert setup.returncode == 0, setup.stderr
    if shell == "bash":
        start = [program, "--norc", "--noprofile"]
        ready = f"source {home}/.local/share/bash-completion/completions/aihub; echo RE''ADY"
    elif shell == "zsh":
        (home / ".zshrc").write_text(
            "fpath=(~/.zfunc $fpath); autoload -Uz compinit && compinit -u\n"
        )
        start, ready = [program], "echo RE''ADY"
    else:
        start, ready = [program], "echo RE''ADY"  # fish reads ~/.config/fish/completions
    terminal = Terminal(start, env)
    try:
        terminal.type(ready, "Enter")
        terminal.wait_for("\nREADY\n")
        terminal.type("aihub audit --fail-on repr", "Tab")
        terminal.wait_for("aihub audit --fail-on repriced")
        terminal.type("C-u", "aihub audit --fail-on removed,de", "Tab")
        terminal.wait_for("aihub audit --fail-on removed,deprecated")
    finally:
        terminal.close()


def test_a_home_directory_that_does_not_exist_is_never_made(aihub: Aihub, tmp_path: Path) -> None:
    # Debian's system users have HOME=/nonexistent: aihub made it, cache and state inside.
    home = tmp_path / "nonexistent"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env: dict[str, str | None] = {
        "HOME": str(home),
        "TMPDIR": str(temporary),
        "AIHUBMIX_CACHE_DIR": None,
        "AIHUBMIX_STATE_DIR": None,
        "XDG_CACHE_HOME": None,
        "XDG_STATE_HOME": None,
    }
    result = aihub.subprocess("list", "-o", "ids", env=env)
    assert result.returncode == 0, result.stderr
    assert "gpt-5" in result.stdout.split()
    assert not home.exists()
    fallback = temporary / f"aihub-{os.getuid()}"
    for kind in ("cache", "state"):
        assert (
            f"aihub: warning: the home directory {home} does not exist: the {kind} goes to "
            f"{fallback / kind} for now; set AIHUBMIX_{kind.upper()}_DIR (or HOME) to keep it"
        ) in result.stderr.splitlines()
    assert (fallback / "cache").is_dir()
