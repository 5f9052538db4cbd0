"""No line of stderr is longer than 300 characters, whatever the command: many missed ids are
summarised (each with its likeliest match), `--columns` names a few known columns and where
all are listed, and a line holding a long value the user typed loses its middle."""

from __future__ import annotations

import json

import pytest

from aihubmix_cli.catalog import suggest
from aihubmix_cli.catalog.fields import MODEL_NAMES
from tests.conftest import Aihub
from tests.support.live_catalog_late import late_catalog

LETTERS = tuple("abcdefghijklmnop")
TYPOS = ("gpt5", "claude45", "deepseek32", "gemini25", "qwen3max", "glm46", "kimik2")
LONG = "y" * 400

COMMANDS = [
    ("export", "opencode", *LETTERS),
    ("compare", *TYPOS),
    ("list", "--columns", "bogus"),
    ("list", "--columns", LONG),
    ("show", LONG),
    ("compare", LONG, LONG + "2"),
    ("list", "--type", LONG),
    ("list", "--sort", LONG),
    ("legacy", LONG),
]


@pytest.fixture
def live(aihub: Aihub) -> Aihub:
    aihub.server.set_models(late_catalog(850))
    return aihub


def ids_of(live: Aihub) -> list[str]:
    return [m["model_id"] for m in json.loads(live("list", "--json").out)]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args)[:40])
def test_no_stderr_line_is_longer_than_300_characters(live: Aihub, args: tuple[str, ...]) -> None:
    result = live(*args)
    # `list --type` with no match is an empty answer (exit 0) with hints; the rest fail.
    assert result.code == (0 if "--type" in args else 2 if "--" in args[1] else 3)
    assert result.err.startswith("aihub: ")
    assert max(len(line) for line in result.err.splitlines()) <= 300


def test_many_missed_ids_are_each_named_with_their_likeliest_match(live: Aihub) -> None:
    known = ids_of(live)
    result = live("compare", *TYPOS)
    assert result.code == 3
    named = ", ".join(f"{typo} ({suggest(known, typo)[0]}?)" for typo in TYPOS)
    assert result.err == f"aihub: 7 models not found: {named}\n"
    assert "gpt5 (gpt-5?)" in result.err  # what a person would have meant


def test_sixteen_missed_ids_fit_one_line_each_with_its_likeliest_match(live: Aihub) -> None:
    known = ids_of(live)
    result = live("export", "opencode", *LETTERS)
    assert result.code == 3
    assert result.out == ""
    named = [f"{q} ({suggest(known, q)[0]}?)" if suggest(known, q) else q for q in LETTERS]
    assert result.err == f"aihub: 16 models not found: {', '.join(named)}\n"
    assert len(result.err) < 300  # was one line of 933 characters


def test_misses_too_many_for_a_line_name_the_first_few_and_how_many_more(live: Aihub) -> None:
    many = [f"nothing-like-this-{n}" for n in range(40)]
    result = live("compare", *many)
    assert result.code == 3
    assert result.err == f"aihub: 40 models not found: {', '.join(many[:5])} and 35 more\n"


def test_a_few_misses_keep_every_suggestion(live: Aihub) -> None:
    known = ids_of(live)
    result = live("compare", "gpt5", "claude45")
    assert result.code == 3
    assert result.err == (
        f"aihub: no model 'gpt5'; did you mean {', '.join(suggest(known, 'gpt5'))}?; "
        f"no model 'claude45'; did you mean {', '.join(suggest(known, 'claude45'))}?\n"
    )


def test_an_unknown_column_names_a_few_and_where_all_are_listed(live: Aihub) -> None:
    result = live("list", "--columns", "bogus")
    assert result.code == 2
    first = ", ".join(MODEL_NAMES.all()[:5])
    more = len(MODEL_NAMES.all()) - 5
    assert result.err == (
        f"aihub: unknown column 'bogus'; known columns: {first} and {more} more; "
        "docs/output.md lists them all, and any field the data carries (dotted for nested "
        "ones) is a column too\n"
    )
    close = live("list", "--columns", "contxt")
    assert close.err.startswith("aihub: unknown column 'contxt' (did you mean context?); ")


def test_a_long_typed_value_loses_its_middle_where_it_is_said(live: Aihub) -> None:
    result = live("show", LONG)
    assert result.code == 3
    line = result.err.removesuffix("\n")
    assert len(line) == 300
    said = f"aihub: no model '{LONG}'"
    assert line == said[:200] + "…" + said[-99:]
    # The end says why: here, what the value should be.
    typed = live("list", "--input-tokens", "1" + "0" * 400)
    assert typed.code == 2
    assert typed.err.startswith("aihub: Invalid value for '--input-tokens': '1000")
    assert typed.err.endswith("0' is more tokens than any model takes (see 'aihub list --help')\n")
    assert len(typed.err) == 301


# (command line, the value as typed, the exit code, how the line after "aihub: " starts)
INVISIBLE = [
    (("list",), "gpt\x07-5", 3, "no model 'gpt\\x07-5'; did you mean gpt-5, gpt-5.5, gpt-5-nano?"),
    (("show",), "gpt-5\u202e", 3, "no model 'gpt-5\\u202e'; did you mean gpt-5, gpt-5.5,"),
    (("compare", "gpt-5"), "o3\x1b[31m", 3, "no model 'o3\\x1b[31m'\n"),
    (("export", "opencode"), "gpt-5\t", 3, "no model 'gpt-5\\t'; did you mean gpt-5, gpt-5.5,"),
    (("list", "--columns"), "id,x\x07", 2, "unknown column 'x\\x07'; known columns: "),
    (("legacy", "--owner"), "x\u2066", 0, "no model is owned by 'x\\u2066'; owners: "),
    (("changes", "--since"), "7d\x00", 2, "--since takes a span such as 7d, 12h or 2w, or a "),
]


@pytest.mark.parametrize(("args", "value", "code", "said"), INVISIBLE, ids=lambda v: repr(v)[:30])
def test_a_typed_value_is_quoted_with_its_invisible_characters_escaped(
    live: Aihub, args: tuple[str, ...], value: str, code: int, said: str
) -> None:
    # terminal_safe deleted them: `no model 'gpt-5'; did you mean gpt-5` for gpt-5 and a bell.
    result = live(*args, value)
    assert result.err.startswith(f"aihub: {said}"), result.err
    assert result.code == code
    assert result.err.count("\n") == 1 and result.err.rstrip("\n").isprintable()
    if args[-1] == "--since":
        assert result.err.endswith(" not '7d\\x00'\n")


def test_many_missed_ids_show_their_invisible_characters(live: Aihub) -> None:
    known = ids_of(live)
    result = live("compare", *TYPOS[:6], "glm\x0746")
    assert result.code == 3
    named = ", ".join(f"{typo} ({suggest(known, typo)[0]}?)" for typo in TYPOS[:6])
    glm = suggest(known, "glm\x0746")[0]
    assert result.err == f"aihub: 7 models not found: {named}, glm\\x0746 ({glm}?)\n"
