"""Tab completion: the shipped scripts, the values they offer, and real shells using them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aihubmix_cli.store import completion
from aihubmix_cli.store.timeline import load_bundled
from tests.conftest import REPO, Aihub
from tests.support.bundled_catalog import snapshot_ids
from tests.support.catalog_server import CatalogServer

COMPLETIONS = REPO / "completions"
# CI installs every shell and sets this, so a missing shell fails there instead of skipping.
REQUIRE_SHELLS = bool(os.environ.get("AIHUB_REQUIRE_SHELLS"))


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if REQUIRE_SHELLS:
            pytest.fail(f"{program} is not installed")
        pytest.skip(f"{program} is not installed")
    return path


def bin_dir() -> str:
    """A folder whose `aihub` is this checkout's, for shells to find on their PATH."""
    return str(Path(sys.executable).parent)


@pytest.fixture
def warm(aihub: Aihub) -> Aihub:
    """A cache that one list and one legacy run have filled, then a dead server.

    The catalog gains two ids with a `:`, a word break for bash, as the live one has."""
    extra = [{"model_id": f"google/gemma-2-9b-it{tail}"} for tail in (":free", ":fast")]
    aihub.server.set_models(aihub.server.models + extra)
    assert aihub("list").code == 0
    assert aihub("legacy").code == 0
    aihub.server.stop()
    return aihub


# -- the shipped scripts ---------------------------------------------------------------------


def test_shipped_scripts_are_what_the_generator_writes() -> None:
    sys.path.insert(0, str(COMPLETIONS))
    try:
        import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(COMPLETIONS))
    for name, text in generate.scripts().items():
        assert (COMPLETIONS / name).read_text() == text, (
            f"completions/{name} is stale: run python completions/generate.py"
        )


@pytest.mark.parametrize(
    ("shell", "name"), [("bash", "aihub.bash"), ("zsh", "_aihub"), ("fish", "aihub.fish")]
)
def test_aihub_completion_prints_the_shipped_script(aihub: Aihub, shell: str, name: str) -> None:
    result = aihub.subprocess("completion", shell)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (COMPLETIONS / name).read_text()
    assert aihub.server.requests == []


def test_aihub_completion_refuses_other_shells(aihub: Aihub) -> None:
    result = aihub("completion", "tcsh")
    assert (result.code, result.out) == (2, "")
    assert "Invalid value for 'SHELL'" in result.err and "'tcsh' is not one of" in result.err


# -- the index and the completers --------------------------------------------------------------


def test_a_successful_fetch_writes_the_index(aihub: Aihub) -> None:
    aihub("list")
    index = completion.read_index(aihub.cache_dir)
    assert index["models"][:3] == ["gpt-5", "gpt-5-codex", "gpt-5-mini"]
    assert "Qwen/QwQ-32B" in index["models"] and "qwen/qwq-32b" in index["models"]
    assert index["types"] == [
        "embedding",
        "image_generation",
        "llm",
        "rerank",
        "search",
        "stt",
        "tts",
        "video",
    ]
    assert "legacy" not in index
    aihub("legacy")
    index = completion.read_index(aihub.cache_dir)
    assert "claude-3-haiku-20240307" in index["legacy:none"]  # the keyless list's ids


def test_a_server_side_subset_does_not_shrink_the_index(aihub: Aihub) -> None:
    aihub("list")
    aihub("list", "--tag", "coding")
    index = completion.read_index(aihub.cache_dir)
    assert "dall-e-3" in index["models"]


def complete(aihub: Aihub, words: str, **env: str) -> tuple[list[str], str, int]:
    """What aihub answers bash for the command line `words` (the cursor at its end)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = aihub.subprocess(
        env={
            "_AIHUB_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
            **env,
        }
    )
    return [line for line in result.stdout.split("\n") if line], result.stderr, result.returncode


def test_completion_offers_ids_values_and_choices_without_the_network(warm: Aihub) -> None:
    assert complete(warm, "aihub show gpt-5-")[0] == [
        "gpt-5-codex",
        "gpt-5-mini",
        "gpt-5-nano",
        "gpt-5-pro",
    ]
    assert complete(warm, "aihub show qwen/q")[0] == ["qwen/qwq-32b"]
    assert complete(warm, "aihub show Qwen/Q")[0] == [
        "Qwen/QwQ-32B",
        "Qwen/Qwen3-Coder-480B-A35B-Instruct",
    ]
    assert complete(warm, "aihub compare gpt-5 claude-s")[0] == ["claude-sonnet-4-5"]
    assert complete(warm, "aihub list gpt-5 claude-s")[0] == ["claude-sonnet-4-5"]
    assert complete(warm, "aihub legacy claude-3")[0] == ["claude-3-haiku-20240307"]
    assert complete(warm, "aihub list --features thinking,to")[0] == ["thinking,tools"]
    assert complete(warm, "aihub list -t t2")[0] == []  # the index holds current names
    assert complete(warm, "aihub list --modalities text,")[0] == [
        "text,audio",
        "text,image",
        "text,pdf",
        "text,video",
    ]
    assert complete(warm, "aihub list --order ")[0] == ["asc", "desc"]
    assert complete(warm, "aihub list --format j")[0] == ["json", "jsonl"]
    assert "release_date" in complete(warm, "aihub list --sort ")[0]
    assert complete(warm, "aihub li")[0] == ["list"]
    assert warm.server.requests[-1].path == "/v1/models"  # from the fixture: nothing since


def test_history_alone_offers_the_ids_only_its_record_has(aihub: Aihub) -> None:
    models = aihub.server.models
    aihub.server.set_models([*models, {"model_id": "gpt-6-preview", "types": "llm"}])
    assert aihub("list").code == 0  # a version kept with gpt-6-preview in it
    aihub.server.set_models(models)
    assert aihub("list", "--refresh").code == 0  # ... and one without: gone again
    aihub.server.stop()
    assert complete(aihub, "aihub history gpt-6")[0] == ["gpt-6-preview"]
    assert aihub("history", "gpt-6-preview", "--offline").code == 0  # what history answers for
    # A model the bundled record has and today's catalog lacks.
    current = set(completion.read_index(aihub.cache_dir)["models"])
    gone = sorted(set(load_bundled().runs) - current)[0]
    assert gone in complete(aihub, f"aihub history {gone}")[0]
    assert complete(aihub, "aihub history gpt-5 gpt-5-m")[0] == ["gpt-5-mini"]  # as show's
    # Other commands answer from today's catalog only.
    assert complete(aihub, "aihub show gpt-6")[0] == []
    assert gone not in complete(aihub, f"aihub compare gpt-5 {gone}")[0]


def test_with_no_cache_completion_offers_the_bundled_ids_and_the_documented_values(
    aihub: Aihub,
) -> None:
    bundled_gpt = [i for i in snapshot_ids() if i.startswith("gpt-5.")]
    assert bundled_gpt  # the snapshot has ids the test server's catalog lacks
    ids, err, code = complete(aihub, "aihub show gpt-5.")
    assert (ids, err, code) == (bundled_gpt, "", 0)
    assert complete(aihub, "aihub list --features t")[0] == ["thinking", "tools"]
    assert aihub.server.requests == []


def test_completion_never_prints_a_traceback(aihub: Aihub) -> None:
    aihub.cache_dir.mkdir(parents=True)
    (aihub.cache_dir / completion.INDEX_NAME).write_text("{not json")
    bundled_gpt = [i for i in snapshot_ids() if i.startswith("gpt-5.")]
    assert complete(aihub, "aihub show gpt-5.") == (bundled_gpt, "", 0)
    broken = complete(aihub, "aihub show gpt-5.", AIHUBMIX_TIMEOUT="never")
    assert broken == (bundled_gpt, "", 0)
    assert complete(aihub, "aihub show no-such-model") == ([], "", 0)


def test_index_of_another_version_or_damaged_is_ignored(aihub: Aihub) -> None:
    import marshal

    from aihubmix_cli.store.cache_io import checksum

    payload = marshal.dumps({"models": ["old-model"]})
    aihub.cache_dir.mkdir(parents=True)
    path = aihub.cache_dir / completion.INDEX_NAME
    header = f"aihub-completion {completion.INDEX_VERSION} {checksum(payload)}\n".encode()
    path.write_bytes(header + payload)
    assert complete(aihub, "aihub show old")[0] == ["old-model"]
    path.write_bytes(header.replace(b" 2 ", b" 1 ") + payload)
    assert complete(aihub, "aihub show old")[0] == []
    path.write_bytes(header + payload[:-1] + bytes([payload[-1] ^ 1]))
    assert complete(aihub, "aihub show old")[0] == []
    # The JSON index of earlier versions of aihub.
    (aihub.cache_dir / "completion-index.json").write_text('{"version": 1, "models": ["old"]}')
    path.unlink()
    assert complete(aihub, "aihub show old")[0] == []


# -- real shells -----------------------------------------------------------------------------


def shell_env(aihub: Aihub, home: Path) -> dict[str, str]:
    home.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "PATH": f"{bin_dir()}:/usr/bin:/bin",
        # The `aihub` on that PATH may be an install of another checkout: run this one's code.
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "AIHUBMIX_CACHE_DIR": str(aihub.cache_dir),
        "AIHUBMIX_BASE_URL": aihub.url,
    }


def test_bash_sourcing_the_shipped_script(warm: Aihub, tmp_path: Path) -> None:
    bash = need("bash")
    script = f"""
        source {COMPLETIONS / "aihub.bash"}
        complete -p aihub
        COMP_LINE="aihub show gpt-5-n"; COMP_POINT=${{#COMP_LINE}}
        _aihub_completion aihub
        printf 'reply:%s\\n' "${{COMPREPLY[@]}}"
        COMP_LINE="aihub list --sort c"; COMP_POINT=${{#COMP_LINE}}
        _aihub_completion aihub
        printf 'reply:%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        env=shell_env(warm, tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "complete -F _aihub_completion aihub",
        "reply:gpt-5-nano",
        "reply:context_length",
        "reply:cost",
        "reply:coding",
    ]


def test_bash_offers_file_names_for_audit_and_merge_only(warm: Aihub, tmp_path: Path) -> None:
    bash = need("bash")
    home = tmp_path / "home"
    env = shell_env(warm, home)
    (home / "notes.txt").write_text("")
    (home / "nothing-else").mkdir()
    lines = {
        "aihub audit no": "no",
        "aihub export litellm gpt-5 --merge no": "no",
        "aihub export litellm --merge=no": "no",  # bash's own words break at =
        "aihub list no": "no",
        "aihub show no": "no",
        "aihub audit --format no": "no",
    }
    script = f"source {COMPLETIONS / 'aihub.bash'}\n"
    for line, word in lines.items():
        script += (
            f'COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=(x {word}); '
            "COMP_CWORD=1; _aihub_completion aihub; "
            'printf "%s|" "${COMPREPLY[@]}"; echo\n'
        )
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    replies = [sorted(filter(None, line.split("|"))) for line in result.stdout.splitlines()]
    assert replies == [
        ["notes.txt", "nothing-else"],
        ["notes.txt", "nothing-else"],
        ["notes.txt", "nothing-else"],
        [],  # list takes no file names: nothing at all
        [],  # no id starts with "no"
        [],  # --format takes a format
    ]


class Terminal:
    """A shell in a tmux pane: type into it, read what a person would see."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.tmux = need("tmux")
        self.name = f"aihub-test-{uuid.uuid4().hex[:8]}"
        env_args = [f"{k}={v}" for k, v in env.items()]
        subprocess.run(
            [
                self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "150",
                "-y",
                "40",
                "env",
                "-i",
                *env_args,
                *command,
            ],
            check=True,
            timeout=30,
        )

    def type(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *keys], check=True, timeout=30)

    def screen(self) -> str:
        return subprocess.run(
            [self.tmux, "capture-pane", "-t", self.name, "-p"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)  # polling a screen, not waiting for time to pass
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.name], timeout=30, check=False)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def test_zsh_autoloads_the_shipped_function_from_fpath(
    warm: Aihub, tmp_path: Path, terminals: list[Terminal]
) -> None:
    zsh = need("zsh")
    terminal = Terminal([zsh, "-f"], shell_env(warm, tmp_path / "home"))
    terminals.append(terminal)
    terminal.type(
        f"fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; compinit -u; echo RE''ADY", "Enter"
    )
    terminal.wait_for("\nREADY\n")
    terminal.type("aihub show gpt-5-", "Tab")
    screen = terminal.wait_for("gpt-5-codex")
    assert all(i in screen for i in ("gpt-5-mini", "gpt-5-nano", "gpt-5-pro"))
    terminal.type("C-u", "aihub list --features thinking,too", "Tab")
    terminal.wait_for("aihub list --features thinking,tools")


def test_zsh_sourcing_the_shipped_script_registers_it(
    warm: Aihub, tmp_path: Path, terminals: list[Terminal]
) -> None:
    zsh = need("zsh")
    terminal = Terminal([zsh, "-f"], shell_env(warm, tmp_path / "home"))
    terminals.append(terminal)
    terminal.type(
        f"autoload -Uz compinit; compinit -u; source {COMPLETIONS / '_aihub'}; echo RE''ADY",
        "Enter",
    )
    terminal.wait_for("\nREADY\n")
    terminal.type("aihub legacy Qwen/", "Tab")
    terminal.wait_for("aihub legacy Qwen/QwQ-32B")


def test_fish_sources_the_shipped_script(
    warm: Aihub, tmp_path: Path, terminals: list[Terminal]
) -> None:
    fish = need("fish")
    terminal = Terminal([fish, "--no-config"], shell_env(warm, tmp_path / "home"))
    terminals.append(terminal)
    terminal.type(f"source {COMPLETIONS / 'aihub.fish'}; echo RE''ADY", "Enter")
    terminal.wait_for("\nREADY\n")
    terminal.type("aihub compare gpt-5 claude-", "Tab")
    screen = terminal.wait_for("claude-sonnet-4-5")
    assert "claude-opus-4-1" in screen and "claude-haiku-4-5" in screen
    terminal.type("C-u", "aihub legacy claude-3", "Tab")
    terminal.wait_for("aihub legacy claude-3-haiku-20240307")


def test_install_completion_keeps_working(aihub: Aihub, tmp_path: Path) -> None:
    bash = need("bash")
    home = tmp_path / "home"
    env = {**os.environ, **shell_env(aihub, home), "SHELL": bash}
    result = subprocess.run(
        [bash, "-c", f"'{sys.executable}' -m aihubmix_cli --install-completion bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "completion installed" in result.stdout.lower()
    assert "_AIHUB_COMPLETE=complete_bash" in (home / ".bash_completions" / "aihub.sh").read_text()


def test_completion_with_the_server_unreachable_sends_nothing(warm: Aihub) -> None:
    with CatalogServer() as spy:
        ids, _, _ = complete(warm, "aihub show o", AIHUBMIX_BASE_URL=spy.url)
        assert ids == ["o3", "o4-mini"]
        assert spy.requests == []


# -- what a person types, answered as bash's function sees it --------------------------------


def bash_replies(aihub: Aihub, home: Path, lines: list[str]) -> list[list[str]]:
    """COMPREPLY of the shipped bash function for each command line, the cursor at its end,
    with bash's own COMP_WORDBREAKS (`=` and `:` among them)."""
    bash = need("bash")
    calls = "".join(
        f"""
        COMP_LINE={json.dumps(line)}; COMP_POINT=${{#COMP_LINE}}
        _aihub_completion aihub
        printf '%s\\n' "${{COMPREPLY[@]}}" "--"
        """
        for line in lines
    )
    result = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", f"source {COMPLETIONS / 'aihub.bash'}\n{calls}"],
        env=shell_env(aihub, home),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = result.stdout.split("--\n")[:-1]
    return [[line for line in answer.splitlines() if line] for answer in answers]


def test_bash_answers_whole_words_cut_at_its_word_breaks(warm: Aihub, tmp_path: Path) -> None:
    replies = bash_replies(
        warm,
        tmp_path / "home",
        [
            "aihub list --features=thi",  # bash's word is "thi"
            "aihub list --features=thinking,to",
            "aihub list --features=",
            "aihub list --sort=co",
            "aihub show google/gemma-2-9b-it:f",  # bash's word is "f"
            "aihub show google/gemma-2-9b-it:",
            "aihub show google/gemma-2-9",
            # Quoted or escaped, the word is whole to readline, which replaces all of it.
            "aihub show 'google/gemma-2-9b-it:f",
            'aihub show "google/gemma-2-9b-it:f',
            "aihub show google/gemma-2-9b-it\\:f",
        ],
    )
    assert replies == [
        ["thinking"],
        ["thinking,tools"],
        replies[2],  # every feature: checked below
        ["context_length", "cost", "coding"],
        ["free", "fast"],
        ["free", "fast"],
        ["google/gemma-2-9b-it:free", "google/gemma-2-9b-it:fast"],
        ["google/gemma-2-9b-it:free", "google/gemma-2-9b-it:fast"],
        ["google/gemma-2-9b-it:free", "google/gemma-2-9b-it:fast"],
        ["google/gemma-2-9b-it:free", "google/gemma-2-9b-it:fast"],
    ]
    assert "thinking" in replies[2] and "tools" in replies[2]


def test_bash_completes_ids_in_any_case_and_not_twice(warm: Aihub, tmp_path: Path) -> None:
    replies = bash_replies(
        warm,
        tmp_path / "home",
        [
            "aihub show GPT-5-N",
            "aihub show Qwen/Q",  # a match in case: only those, not qwen/qwq-32b too
            "aihub show GOOGLE/GEMMA-2-9B-IT:F",
            "aihub compare gpt-5-mini gpt-5-nano gpt-5-",
            "aihub compare GPT-5 claude-opus-4-1 CLAUDE-",
            "aihub legacy --owner ",
            "aihub legacy --owner an",
            "aihub completion ",
        ],
    )
    assert replies == [
        ["gpt-5-nano"],
        ["Qwen/QwQ-32B", "Qwen/Qwen3-Coder-480B-A35B-Instruct"],
        ["free", "fast"],
        ["gpt-5-codex", "gpt-5-pro"],
        ["claude-sonnet-4-5", "claude-haiku-4-5"],
        ["Alibaba", "Anthropic", "DeepSeek", "Google", "Moonshot", "OpenAI"],
        ["Anthropic"],
        ["bash", "zsh", "fish"],
    ]


# -- the same in real terminals -------------------------------------------------------------


def test_bash_in_a_terminal(warm: Aihub, tmp_path: Path, terminals: list[Terminal]) -> None:
    bash = need("bash")
    terminal = Terminal([bash, "--norc", "--noprofile"], shell_env(warm, tmp_path / "home"))
    terminals.append(terminal)
    terminal.type("eval \"$(aihub completion bash)\"; echo RE''ADY", "Enter")  # as gh does
    terminal.wait_for("\nREADY\n")
    terminal.type("aihub list --features=thi", "Tab")
    terminal.wait_for("aihub list --features=thinking")
    terminal.type("C-u", "aihub show google/gemma-2-9b-it:fr", "Tab")
    terminal.wait_for("aihub show google/gemma-2-9b-it:free")
    # Quoted, the word is whole to readline: it must not become 'free'.
    terminal.type("C-u", "aihub show 'google/gemma-2-9b-it:fr", "Tab")
    terminal.wait_for("aihub show 'google/gemma-2-9b-it:free'")
    terminal.type("C-u", "aihub show GPT-5-NA", "Tab")
    terminal.wait_for("aihub show gpt-5-nano")
    terminal.type("C-u", "aihub legacy --owner Moo", "Tab")
    terminal.wait_for("aihub legacy --owner Moonshot")


def test_zsh_in_a_terminal(warm: Aihub, tmp_path: Path, terminals: list[Terminal]) -> None:
    zsh = need("zsh")
    terminal = Terminal([zsh, "-f"], shell_env(warm, tmp_path / "home"))
    terminals.append(terminal)
    terminal.type(
        f"fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; compinit -u; echo RE''ADY", "Enter"
    )
    terminal.wait_for("\nREADY\n")
    terminal.type("aihub show GPT-5-NA", "Tab")
    terminal.wait_for("aihub show gpt-5-nano")
    terminal.type("C-u", "aihub list --features=thi", "Tab")
    terminal.wait_for("aihub list --features=thinking")
    terminal.type("C-u", "aihub show google/gemma-2-9b-it:fr", "Tab")
    terminal.wait_for("aihub show google/gemma-2-9b-it:free")
    terminal.type("C-u", "aihub compare gpt-5-mini gpt-5-nano gpt-5-", "Tab")
    screen = terminal.wait_for("gpt-5-codex")
    offered = screen.split("aihub compare gpt-5-mini gpt-5-nano gpt-5-", 1)[1]
    assert "gpt-5-pro" in offered and "gpt-5-mini" not in offered and "nano" not in offered


def test_fish_offers_no_file_names_and_ignores_case(
    warm: Aihub, tmp_path: Path, terminals: list[Terminal]
) -> None:
    fish = need("fish")
    home = tmp_path / "home"
    env = shell_env(warm, home)
    (home / "notes.txt").write_text("a file fish must not offer\n")
    terminal = Terminal([fish, "--no-config"], env)
    terminals.append(terminal)
    terminal.type(f"cd {home}; source {COMPLETIONS / 'aihub.fish'}; echo RE''ADY", "Enter")
    terminal.wait_for("\nREADY\n")
    # Nothing to offer after `list ` or after an id: the line stays as typed (with typer's
    # script fish inserted notes.txt, the only file there).
    for line in ("aihub list ", "aihub show gpt-5 "):
        terminal.type("C-u", line, "Tab", "X")
        screen = terminal.wait_for(f"{line}X")
        assert "notes.txt" not in screen
    terminal.type("C-u", "aihub show GPT-5-NA", "Tab")
    terminal.wait_for("aihub show gpt-5-nano")


def test_a_fifo_in_place_of_the_index_is_no_index(aihub: Aihub) -> None:
    aihub.cache_dir.mkdir(parents=True)
    os.mkfifo(aihub.cache_dir / completion.INDEX_NAME)
    bundled_gpt = [i for i in snapshot_ids() if i.startswith("gpt-5.")]
    assert complete(aihub, "aihub show gpt-5.") == (bundled_gpt, "", 0)
    # A fetch merges into the index: it must not wait on the FIFO either.
    result = aihub.subprocess("list", "-o", "ids", timeout=20)
    assert result.returncode == 0 and "gpt-5" in result.stdout.split()


def test_zsh_and_fish_offer_file_names_for_audit_and_merge_only(
    warm: Aihub, tmp_path: Path, terminals: list[Terminal]
) -> None:
    home = tmp_path / "home"
    env = shell_env(warm, home)
    (home / "notes.txt").write_text("")
    setups = {
        need("zsh"): f"cd {home}; fpath=({COMPLETIONS} $fpath); autoload -Uz compinit; "
        "compinit -u; echo RE''ADY",
        need("fish"): f"cd {home}; source {COMPLETIONS / 'aihub.fish'}; echo RE''ADY",
    }
    for shell, setup in setups.items():
        flags = ["-f"] if shell.endswith("zsh") else ["--no-config"]
        terminal = Terminal([shell, *flags], env)
        terminals.append(terminal)
        terminal.type(setup, "Enter")
        terminal.wait_for("\nREADY\n")
        terminal.type("aihub audit no", "Tab")
        terminal.wait_for("aihub audit notes.txt")
        terminal.type("C-u", "aihub export litellm gpt-5 --merge no", "Tab")
        terminal.wait_for("aihub export litellm gpt-5 --merge notes.txt")
        # Elsewhere no file names: the line stays as typed.
        terminal.type("C-u", "aihub list no", "Tab", "X")
        screen = terminal.wait_for("aihub list noX")
        assert "notes.txt" not in screen.split("aihub list noX", 1)[1]


def test_history_reads_its_record_once_until_a_version_is_added(aihub: Aihub) -> None:
    models = aihub.server.models
    assert aihub("list").code == 0
    assert complete(aihub, "aihub history gpt-6")[0] == []
    # The ids read from the history are kept in the index, with what they were read from.
    index = completion.read_index(aihub.cache_dir)
    assert "gpt-5" in index["history-ids"] and len(index["history-key"]) == 1
    # A version with a model that is gone in the next one: the history changed, so Tab reads
    # it again and offers the model.
    aihub.server.set_models([*models, {"model_id": "gpt-6-preview", "types": "llm"}])
    assert aihub("list", "--refresh").code == 0
    aihub.server.set_models(models)
    assert aihub("list", "--refresh").code == 0
    assert complete(aihub, "aihub history gpt-6")[0] == ["gpt-6-preview"]
    assert "gpt-6-preview" in completion.read_index(aihub.cache_dir)["history-ids"]
