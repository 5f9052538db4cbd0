"""`export --merge` under attack (issue 27, items 3, 4, 7, 8, 12): every file it is given is
either merged correctly or refused and left byte for byte as it was."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import Aihub

HOSTILE = Path(__file__).parents[2] / "fixtures" / "hostile_merge"
KEY = {"AIHUBMIX_API_KEY": "sk-test"}
DAMAGED_YAML = sorted(HOSTILE.glob("*.yaml"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder for the configs, apart from the cache folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture(params=["with PyYAML", "without PyYAML"])
def pyyaml(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "without PyYAML":
        monkeypatch.setitem(sys.modules, "yaml", None)  # `import yaml` raises ImportError
    else:
        pytest.importorskip("yaml", reason="PyYAML is not installed")
    return str(request.param)


@pytest.mark.parametrize("damaged", DAMAGED_YAML, ids=lambda p: p.stem)
@pytest.mark.parametrize("tool", ["litellm", "llm"])
def test_a_damaged_yaml_file_is_refused_and_left_untouched(
    aihub: Aihub, work: Path, pyyaml: str, damaged: Path, tool: str
) -> None:
    target = work / "config.yaml"
    original = damaged.read_bytes()
    target.write_bytes(original)
    result = aihub("export", tool, "gpt-5", "--merge", str(target), env=KEY)
    assert result.code == 1, result.err
    last = result.err.splitlines()[-1]
    assert last.startswith(f"aihub: cannot merge into {target}: ")
    assert last.endswith("; left it untouched")
    assert target.read_bytes() == original
    assert sorted(p.name for p in work.iterdir()) == ["config.yaml"]  # no backup either


@pytest.mark.parametrize(("tool", "name"), [("litellm", "config.toml"), ("codex", "x.yaml")])
def test_a_file_named_for_another_format_is_refused(
    aihub: Aihub, work: Path, tool: str, name: str
) -> None:
    target = work / name
    target.write_bytes(b'model = "gpt-5"\n')
    model = "gpt-5-codex" if tool == "codex" else "gpt-5"
    result = aihub("export", tool, model, "--merge", str(target), env=KEY)
    kind = {"litellm": "YAML", "codex": "TOML"}[tool]
    assert (result.code, target.read_bytes()) == (1, b'model = "gpt-5"\n')
    assert f"this export is {kind}" in result.err


def test_a_linked_config_is_updated_through_the_link(aihub: Aihub, work: Path) -> None:
    dotfiles = work / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "opencode.json"
    real.write_text('{\n  // mine\n  "theme": "dark"\n}\n')
    link = work / "opencode.json"
    link.symlink_to(real)
    result = aihub("export", "opencode", "gpt-5", "--merge", str(link), env=KEY)
    assert result.code == 0, result.err
    assert link.is_symlink() and link.resolve() == real
    merged = real.read_text()
    assert '"theme": "dark"' in merged and '"aihub"' in merged and "// mine" in merged
    assert (dotfiles / "opencode.json.bak").read_text() == '{\n  // mine\n  "theme": "dark"\n}\n'
    assert sorted(p.name for p in work.iterdir()) == ["dotfiles", "opencode.json"]


def test_a_fifo_is_refused_without_waiting(aihub: Aihub, work: Path) -> None:
    fifo = work / "config.yaml"
    os.mkfifo(fifo)
    result = aihub.subprocess("export", "litellm", "gpt-5", "--merge", str(fifo), env=KEY)
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last == f"aihub: cannot merge into {fifo}: it is not a regular file"


def test_a_read_only_file_is_not_replaced(aihub: Aihub, work: Path) -> None:
    target = work / "opencode.json"
    target.write_text("{}\n")
    target.chmod(0o444)
    result = aihub("export", "opencode", "gpt-5", "--merge", str(target), env=KEY)
    assert result.code == 1
    assert "it is read-only; left it untouched" in result.err
    assert target.read_text() == "{}\n" and target.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in work.iterdir()) == ["opencode.json"]


def test_json_nested_500_levels_is_a_clear_error(aihub: Aihub, work: Path) -> None:
    target = work / "opencode.json"
    original = '{"a": ' * 500 + "1" + "}" * 500 + "\n"
    target.write_text(original)
    result = aihub("export", "opencode", "gpt-5", "--merge", str(target), env=KEY)
    assert result.code == 1
    assert "nested deeper than 200 levels" in result.err and "Recursion" not in result.err
    assert target.read_text() == original


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_50_mb_string_is_merged_without_gigabytes(aihub: Aihub, work: Path) -> None:
    target = work / "opencode.json"
    target.write_text(json.dumps({"notes": "x" * 50_000_000}) + "\n")
    probe = (
        # VmHWM, not getrusage's ru_maxrss: Linux carries the forking process's peak across
        # exec into ru_maxrss, so a test suite that has grown large would be measured too.
        "import runpy, sys\n"
        "sys.argv = ['aihub', 'export', 'opencode', 'gpt-5', '--merge', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('aihubmix_cli', run_name='__main__')\n"
        "finally:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    print(int(status.split()[0]) // 1024, file=sys.stderr)\n"
    )
    import subprocess

    env = {k: v for k, v in aihub.env(KEY).items() if v is not None}
    done = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stderr.strip().splitlines()[-1])
    # The file is 50 MB: a few copies of it are fine, gigabytes (as before) are not.
    assert peak_mb < 800, peak_mb
    merged = json.loads(target.read_text())
    assert len(merged["notes"]) == 50_000_000 and "aihub" in merged["provider"]


def test_backups_keep_generations_so_the_original_survives(aihub: Aihub, work: Path) -> None:
    target = work / "opencode.json"
    original = '{"theme": "dark"}\n'
    target.write_text(original)
    for model in ("gpt-5", "deepseek-chat", "gpt-5"):
        assert aihub("export", "opencode", model, "--merge", str(target), env=KEY).code == 0
    backups = sorted(p.name for p in work.iterdir() if ".bak" in p.name)
    assert backups == ["opencode.json.bak", "opencode.json.bak.1", "opencode.json.bak.2"]
    assert (work / "opencode.json.bak.2").read_text() == original
    assert '"deepseek-chat"' in (work / "opencode.json.bak").read_text()


def test_a_byte_order_mark_is_kept(aihub: Aihub, work: Path) -> None:
    target = work / "config.toml"
    target.write_bytes(b'\xef\xbb\xbfapproval_policy = "on-request"\n')
    result = aihub("export", "codex", "gpt-5-codex", "--merge", str(target), env=KEY)
    assert result.code == 0, result.err
    merged = target.read_bytes()
    assert merged.startswith(b"\xef\xbb\xbf") and merged.count(b"\xef\xbb\xbf") == 1
    assert b'approval_policy = "on-request"' in merged


MULTILINE_TOML = '''instructions = """
Be brief.
model = "do not touch this line"
model_provider = "nor this one"
"""
model = "gpt-4"
notes = \'\'\'
[model_providers.aihubmix]
kept as written
\'\'\'
matrix = [
  [1, 2],
  [3, 4],
]

[profiles.fast]
model = "gpt-5-mini"
'''


def test_codex_merge_never_edits_multi_line_strings(aihub: Aihub, work: Path) -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib arrived in Python 3.11")
    target = work / "config.toml"
    target.write_text(MULTILINE_TOML)
    before = tomllib.loads(MULTILINE_TOML)
    result = aihub("export", "codex", "gpt-5-codex", "--merge", str(target), env=KEY)
    assert result.code == 0, result.err
    after = tomllib.loads(target.read_text())
    for key in ("instructions", "notes", "matrix", "profiles"):
        assert after[key] == before[key], key
    assert after["model"] == "gpt-5-codex" and after["model_providers"]["aihubmix"]["name"]


def test_an_id_with_del_writes_valid_toml() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib arrived in Python 3.11")
    from aihubmix_cli.export import codex

    for hostile in ("gpt\x7f5", "a\x00b", 'q"\\\n', "\u202eevil", "\x85\u2028"):
        text = f"model = {codex._value(hostile)}\n"
        assert tomllib.loads(text)["model"] == hostile


@pytest.mark.parametrize("tool", ["litellm", "llm", "opencode", "codex", "claude-code"])
def test_a_user_and_password_in_the_base_url_stay_out_of_exports(
    aihub: Aihub, work: Path, tool: str
) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(aihub.url)
    aihub.url = f"{parts.scheme}://alice:s3cret@{parts.netloc}"
    model = {"codex": "gpt-5-codex", "claude-code": "claude-sonnet-4-5"}.get(tool, "gpt-5")
    printed = aihub("export", tool, model, env=KEY)
    assert printed.code == 0, printed.err
    assert "s3cret" not in printed.out and "alice" not in printed.out
    assert f"{parts.scheme}://{parts.netloc}" in printed.out
    assert "left the user name and password of AIHUBMIX_BASE_URL out of the export" in printed.err
    assert "s3cret" not in printed.err


def test_without_pyyaml_a_sound_config_is_merged_and_kept(
    aihub: Aihub, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    original = (HOSTILE / "valid_litellm.yml").read_text()
    target = work / "config.yml"
    target.write_text(original)
    for _ in range(2):
        result = aihub("export", "litellm", "gpt-5", "--merge", str(target), env=KEY)
        assert result.code == 0, result.err
    merged = target.read_text()
    start, end = merged.index("  # >>> aihub export"), merged.index("  # <<< aihub export")
    end = merged.index("\n", end) + 1
    assert merged[:start] + merged[end:] == original
    assert 'model_name: "gpt-5"' in merged[start:end]
    assert (work / "config.yml.bak").read_text() == original
