"""A small fuzz of the command line and the environment (issue 27), run with every test run.

Hypothesis builds command lines from each command's own options (read off the generated
interface, so a new option is fuzzed without a change here) and hostile values, with
hostile settings in the environment, and runs the real entry point in-process against the
loopback catalog server. Whatever it builds, aihub exits 0, 1, 2 or 3 and never prints a
traceback or "unexpected error". A few hundred cases: seconds, not minutes.

Nothing here can write outside the test's folders: the working folder is a temporary one,
file names are relative, and the options that install into a home folder are left out.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aihubmix_cli.cli import helptext
from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer

# Options that act on the user's shell set-up rather than on aihub's data.
LEFT_OUT = {"--install-completion", "--show-completion"}

COMMANDS = {
    name: [
        parameter
        for parameter in spec["parameters"]
        if parameter.get("opts") and not LEFT_OUT & set(parameter["opts"])
    ]
    for name, spec in helptext.table().items()
}

VALUES = [
    "",
    "-",
    "--",
    "=",
    ",",
    "a,,b,",
    "gpt-5",
    "GPT-5",
    "o3",
    "nope",
    "0",
    "-1",
    "1e10",
    "1e400",
    "nan",
    "inf",
    "0x10",
    "1_000",
    "128k",
    "9" * 5000,
    "x" * 10_000,
    "\x1b[31mred",
    "\u202eevil",
    "é中文",
    "\x00",
    "\udcff",  # a byte that is not UTF-8, as Python holds it in argv
    "json",
    "csv",
    "table",
    "desc",
    "price",
    "7d",
    "2026-13-45",
    "file.txt",
    "sub/dir/",
]
tokens = st.one_of(st.sampled_from(VALUES), st.text(max_size=8))


# Lines that work, for half the cases to start from: a fuzz of lines that fail at the first
# word would never reach a fetch, a table or a scan.
WORKING = [
    ["list"],
    ["list", "--json"],
    ["show", "gpt-5"],
    ["compare", "gpt-5", "o3"],
    ["legacy"],
    ["changes"],
    ["audit", "."],
    ["cache", "info"],
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    if draw(st.booleans()):
        words = list(draw(st.sampled_from(WORKING)))
        command = " ".join(words[:2]) if words[0] == "cache" else words[0]
    else:
        command = draw(st.sampled_from(sorted(COMMANDS)))
        words = command.split()
    options = COMMANDS[command]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.integers(0, 5))
        if options and kind < 4:
            option = draw(st.sampled_from(options))
            name = draw(st.sampled_from(option["opts"]))
            words.append(name)
            if option.get("takes_value"):
                choices = option.get("choices") or []
                pool = st.one_of(st.sampled_from(choices), tokens) if choices else tokens
                words.append(draw(pool))
        else:
            words.append(draw(tokens))  # an argument, or whatever a user might type
    return words


ENVIRONMENTS = st.fixed_dictionaries(
    {},
    optional={
        "AIHUBMIX_TIMEOUT": st.sampled_from(["", "2", "0.5", "abc", "1e10", "-1", "nan", "0"]),
        "AIHUBMIX_BASE_URL": st.sampled_from(
            ["SERVER", "not a url", "http://127.0.0.1:9", "ftp://127.0.0.1", "", "SERVER,x"]
        ),
        "AIHUBMIX_API_KEY": st.sampled_from(["", "sk-test", "\x1b[31m", "k" * 5000]),
        "COLUMNS": st.sampled_from(["0", "-5", "1", "20", "abc", "100000"]),
        "LINES": st.sampled_from(["0", "-1", "x"]),
        "NO_COLOR": st.just("1"),
        "FORCE_COLOR": st.sampled_from(["1", "0", "x"]),
        "UNICODE_VERSION": st.sampled_from(["9.0", "latest", "x"]),
    },
)


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[CatalogServer]:
    with CatalogServer() as running:
        yield running


@pytest.fixture(scope="module")
def playground(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working folder: a small tree for audit, a file to merge into."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "sub" / "dir").mkdir(parents=True)
    (root / "file.txt").write_text('model = "gpt-5"\n')
    (root / "sub" / "dir" / "a.py").write_text("o3 gpt-5-min\n")
    return root


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(argv=command_lines(), environment=ENVIRONMENTS, fresh=st.booleans())
def test_any_command_line_exits_cleanly(
    fuzz_server: CatalogServer,
    playground: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    environment: dict[str, str],
    fresh: bool,
) -> None:
    monkeypatch.chdir(playground)
    env: dict[str, str | None] = {
        k: v.replace("SERVER", fuzz_server.url) for k, v in environment.items()
    }
    env["AIHUBMIX_TIMEOUT"] = env.get("AIHUBMIX_TIMEOUT") or "2"  # a dead port is quick
    # Half the runs with nothing cached, so that settings such as the timeout are used.
    cache = Path(tempfile.mkdtemp(dir=playground)) if fresh else playground / "cache"
    aihub = Aihub(fuzz_server, cache)
    try:
        result = aihub(*argv, env=env)
    except BaseException as error:  # anything escaping the entry point is a crash
        raise AssertionError(f"{argv!r} {environment!r}: {error!r}") from error
    where = f"{argv!r} {environment!r}"
    assert result.code in (0, 1, 2, 3), (where, result.code, result.err[-500:])
    assert "Traceback" not in result.err and "unexpected error" not in result.err, (
        where,
        result.err[-500:],
    )
