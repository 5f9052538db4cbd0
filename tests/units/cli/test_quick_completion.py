"""Tab completion without typer gives typer's answers, word for word, or leaves the line to
typer: each request below is answered both ways in-process and compared."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aihubmix_cli import __main__ as entry
from aihubmix_cli.cli import helptext
from aihubmix_cli.shell import quickcomplete
from tests.conftest import Aihub

LINES = [
    "aihub show 'gpt-5-",
    'aihub show "Qwen/Q',
    "aihub show gpt-5\\-m",
    "aihub list --sort='co",
    "aihub ",
    "aihub li",
    "aihub L",
    "aihub -",
    "aihub --",
    "aihub --v",
    "aihub cache ",
    "aihub cache i",
    "aihub cache info -",
    "aihub list -",
    "aihub list --",
    "aihub list --so",
    "aihub list --sort ",
    "aihub list --sort c",
    "aihub list -s ",
    "aihub list --sort price -",
    "aihub list --json --",
    "aihub list --features ",
    "aihub list --features thinking,",
    "aihub list --features=thi",
    "aihub list --features=THI",
    "aihub list -f tools,thi",
    "aihub list --type ",
    "aihub list --modalities te",
    "aihub list --format ",
    "aihub list -o j",
    "aihub list --order ",
    "aihub list --model ",
    "aihub list --limit ",
    "aihub list extra ",
    "aihub list ",
    "aihub show ",
    "aihub show gpt-",
    "aihub show GPT-",
    "aihub show gpt-5 ",
    "aihub show gpt-5 -",
    "aihub show -o ",
    "aihub show --json gp",
    "aihub compare gpt-5 ",
    "aihub compare gpt-5 o",
    "aihub compare --diff gpt-5 claude",
    "aihub list gpt-5 claude",
    "aihub history o3",  # o3-pro: in the recorded history only
    "aihub history gpt-5 gpt-5-",
    "aihub list --exclude ",
    "aihub export ",
    "aihub export opencode gpt",
    "aihub export --merge ",
    "aihub export litellm gpt-5 --merge co",
    "aihub export litellm --merge=co",
    "aihub audit ",
    "aihub audit src/a",
    "aihub audit --exit-code src ",
    "aihub completion ",
    "aihub completion z",
    "aihub changes --since ",
    "aihub audit --format s",
    "aihub legacy --sort ",
    "aihub list --sort --",
    "aihub list -tllm ",
    "aihub list -- ",
    "aihub nosuch ",
    "aihub show 'gpt",
]
COMMON = [
    "aihub ",
    "aihub li",
    "aihub list --sort ",
    "aihub list --features=thi",
    "aihub list -o j",
    "aihub show gpt-",
    "aihub compare gpt-5 o",
]


def requests(line: str) -> dict[str, dict[str, str]]:
    return {
        "bash": {"_AIHUB_COMPLETE": "complete_bash", "_AIHUB_COMP_LINE": line},
        "zsh": {
            "_AIHUB_COMPLETE": "complete_zsh",
            "_AIHUB_PLAIN": "1",
            "_TYPER_COMPLETE_ARGS": line,
        },
        "fish": {
            "_AIHUB_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": line,
        },
    }


def same_answer(quick: str, slow: str) -> bool:
    """The same lines in the same order, but for -h and --help: click names the help option
    from a set, so typer offers those two in either order from one run to the next."""

    def others(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.split("\t")[0] not in ("-h", "--help")]

    return (
        sorted(quick.splitlines()) == sorted(slow.splitlines())
        and others(quick) == others(slow)
        and quick.endswith("\n") == slow.endswith("\n")
    )


def typers_answer() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        entry._run_typer([], None)
    return out.getvalue()


@pytest.fixture
def warm(aihub: Aihub, monkeypatch: pytest.MonkeyPatch) -> Aihub:
    assert aihub("list").code == 0  # writes the completion index
    for name, value in aihub.env().items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return aihub


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_quick_answers_are_typers_answers(
    warm: Aihub, monkeypatch: pytest.MonkeyPatch, shell: str
) -> None:
    table = helptext.table()
    answered = 0
    for line in LINES:
        with monkeypatch.context() as env:
            for name, value in requests(line)[shell].items():
                env.setenv(name, value)
            quick = quickcomplete.answer(table)
            slow = typers_answer()
        if quick is not None:
            answered += 1
            assert same_answer(quick + "\n", slow), (shell, line, quick, slow)
        elif line in COMMON:
            pytest.fail(f"{shell}: {line!r} went to typer")
    assert answered >= len(COMMON)


@pytest.mark.parametrize("line", ["aihub list --sort ", "aihub show gpt-", "aihub li"])
def test_a_common_tab_press_imports_nothing_heavy(warm: Aihub, line: str) -> None:
    import json
    import subprocess
    import sys

    from tests.promises.test_startup import _PROBE

    env = {**requests(line)["bash"], "PATH": "/usr/bin:/bin"}
    env.update({k: v for k, v in warm.env().items() if v is not None})
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=False
    )
    report = json.loads(probe.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    assert probe.stdout.strip()


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r'\"\\ab=:-é")), max_size=24))
@example("aihub show 'Qwen/QwQ")
@example('aihub show "a\\"b\\')
@example("aihub list -f '' x")
def test_words_are_split_as_click_splits_them(line: str) -> None:
    from typer._click.shell_completion import split_arg_string

    assert quickcomplete.split_words(line) == split_arg_string(line)


@pytest.mark.parametrize(
    "text", ["plain help", "a [b] c", "emoji :smile: here", "ratio 1:2:3", "x: y", "a:b-c+d:e"]
)
def test_markup_is_found_as_the_pattern_finds_it(text: str) -> None:
    import re

    found = re.search(r"\[|:[\w+-]+:", text) is not None
    assert quickcomplete._markup(text) == found
