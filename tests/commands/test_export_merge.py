"""`aihub export TOOL ... --merge FILE`: aihub's part of FILE becomes today's selection, and
stderr names what that removed of aihub's earlier models (no silent drops)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Aihub

KEY_HINT = (
    "aihub: llm reads the key it stores as 'aihubmix': run `llm keys set aihubmix` once "
    "(without it, llm sends OPENAI_API_KEY to AIHubMix)\n"
)


@pytest.mark.parametrize("tool", ["opencode", "litellm", "llm"])
def test_a_merge_names_the_models_aihub_wrote_earlier_that_it_removed(
    aihub: Aihub, tmp_path: Path, tool: str
) -> None:
    config = tmp_path / ("opencode.json" if tool == "opencode" else "config.yaml")
    first = aihub("export", tool, "gpt-5", "claude-sonnet-4-5", "grok-4", "--merge", str(config))
    assert first.code == 0, first.err

    second = aihub("export", tool, "gpt-5", "--merge", str(config))

    assert (second.code, second.out) == (0, "")
    assert second.err == (KEY_HINT if tool == "llm" else "") + (
        "aihub: removed 2 models aihub wrote earlier: claude-sonnet-4-5, grok-4 "
        "(name them too to keep them)\n"
        f"aihub: wrote 1 model to {config} (the old one is {config}.bak)\n"
    )
    # Named again, they are kept, and nothing is said of removals.
    third = aihub("export", tool, "gpt-5", "grok-4", "--merge", str(config))
    assert third.code == 0
    assert "removed" not in third.err


def test_a_long_list_of_removed_models_is_summarised_and_verbose_names_them_all(
    aihub: Aihub, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    many = ("gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4o-mini", "o3", "o4-mini",
            "claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5", "gemini-2.5-pro",
            "gemini-2.5-flash", "deepseek-chat", "deepseek-reasoner", "grok-4", "kimi-k2",
            "glm-4.6", "glm-4.5-air", "codestral-latest", "mistral-large-latest")  # fmt: skip
    assert aihub("export", "litellm", "gpt-5", *many, "--merge", str(config)).code == 0

    short = aihub("export", "litellm", "gpt-5", "--merge", str(config))
    assert short.code == 0
    assert short.err.splitlines()[0] == (
        "aihub: removed 19 models aihub wrote earlier: gpt-5-mini, gpt-5-nano, gpt-4.1, "
        "gpt-4o-mini, o3 and 14 more (--verbose names all 19) (name them too to keep them)"
    )
    assert max(len(line) for line in short.err.splitlines()) <= 300

    assert aihub("export", "litellm", "gpt-5", *many, "--merge", str(config)).code == 0
    verbose = aihub("export", "litellm", "gpt-5", "--merge", str(config), "--verbose")
    lines = verbose.err.splitlines()
    assert lines[0] == (
        "aihub: removed 19 models aihub wrote earlier: gpt-5-mini, gpt-5-nano, gpt-4.1, "
        "gpt-4o-mini, o3 and 14 more (name them too to keep them)"
    )
    assert lines[1:20] == [f"aihub:   {model}" for model in many]


def test_codex_says_which_model_it_replaced(aihub: Aihub, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert aihub("export", "codex", "gpt-5-codex", "--merge", str(config)).code == 0
    result = aihub("export", "codex", "gpt-5", "--merge", str(config))
    assert result.code == 0
    assert result.err.endswith(
        "aihub: replaced gpt-5-codex, the model aihub wrote earlier (codex takes one)\n"
        f"aihub: wrote 1 model to {config} (the old one is {config}.bak)\n"
    )


@pytest.mark.parametrize("tool", ["opencode", "litellm", "llm", "codex"])
def test_a_merge_that_changes_nothing_says_the_file_is_unchanged(
    aihub: Aihub, tmp_path: Path, tool: str
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config = folder / ("config.toml" if tool == "codex" else "config.yaml")
    if tool == "opencode":
        config = folder / "opencode.json"
    model = "gpt-5-codex" if tool == "codex" else "gpt-5"
    assert aihub("export", tool, model, "--merge", str(config)).code == 0
    written = config.stat().st_mtime_ns

    again = aihub("export", tool, model, "--merge", str(config))

    assert (again.code, again.out) == (0, "")
    assert again.err.splitlines()[-1] == f"aihub: {config} unchanged: 1 model already up to date"
    assert config.stat().st_mtime_ns == written
    assert sorted(p.name for p in folder.iterdir()) == [config.name]  # no backup


@pytest.mark.parametrize("tool", ["opencode", "litellm", "llm", "codex"])
def test_a_folder_is_refused_by_name_as_other_unusable_files(
    aihub: Aihub, tmp_path: Path, tool: str
) -> None:
    folder = tmp_path / "somefolder"
    folder.mkdir()
    model = "gpt-5-codex" if tool == "codex" else "gpt-5"

    result = aihub("export", tool, model, "--merge", str(folder))

    assert (result.code, result.out) == (1, "")
    assert result.err.splitlines()[-1] == f"aihub: cannot merge into {folder}: it is a folder"
    assert list(folder.iterdir()) == []


def test_check_of_a_folder_is_worded_as_merge_words_it(aihub: Aihub, tmp_path: Path) -> None:
    result = aihub("export", "opencode", "--check", str(tmp_path))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"aihub: cannot check {tmp_path}: it is a folder\n"
