"""Tables drawn without rich are byte for byte what rich drew.

Every table and report of lines goes through `terminal.draw_lines`, which writes them itself
(`render.screen`, `render.cells`) and falls back to rich only where rich decides by means of
its own. Here each view is drawn twice, through the new route and through rich's (the old
one: rich's console, rich's cell widths), over the live-shaped catalog with wide, combining,
emoji and hostile ids added, at the widths people use, with and without colour; the decisions
rich makes from the environment (width, colour, NO_COLOR, FORCE_COLOR, TERM) are compared
one by one; cell widths and the footer's wrapping are compared by hypothesis.
"""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size
from typer.testing import CliRunner

from aihubmix_cli.__main__ import main
from aihubmix_cli.base.settings import Settings
from aihubmix_cli.render import cells, screen
from aihubmix_cli.render import compare as compare_module
from aihubmix_cli.render import terminal as terminal_module
from aihubmix_cli.render.columns import StyledLine
from aihubmix_cli.render.terminal import Terminal, console, draw_lines, print_footer, print_lines
from aihubmix_cli.shared.runtime import Runtime
from tests.commands.test_changes import age_history, moved_catalog
from tests.conftest import Aihub, Outcome, age_cache
from tests.support.catalog_server import CatalogServer, load_fixture_models, load_legacy_fixture
from tests.support.live_catalog import live_catalog

# Ids a table must measure right: wide, combining, joined emoji, VS16, fullwidth, zero-width,
# Hangul jamo, characters newer than this Python's Unicode, and hostile ones.
ODD_IDS = (
    "通义千问-长文本-旗舰版",
    "e\u0301clair-\u0301",
    "family-\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "heart-\u2764\ufe0f-vs16",
    "\uff46\uff55\uff4c\uff4c-\uff29\uff24",
    "zero\u200bwidth\u00adsoft",
    "hangul-\u1100\u1161\u11a8-\u3164",
    "newer-\U0001fae9-\U0001fadc",
    "trigram-\u2630-\U0001d360",
    "evil-\u202eright-to-left\u2066",
    "red-\x1b[31mescape\x1b[0m-\x9b1m",
    "bell\x07-nul\x00-tab\t-line\nbreak",
    "[bold red]markup[/]",
    "very-long-" + "语言模型" * 12,
)


def odd_entries() -> list[dict[str, Any]]:
    entries = []
    for n, model_id in enumerate(ODD_IDS):
        entries.append(
            {
                "model_id": model_id,
                "model_name": f"名字 {model_id}",
                "types": "llm" if n % 3 else "llm,图像",
                "features": "thinking,tools,函数调用" if n % 2 else "thinking",
                "input_modalities": "text,image",
                "context_length": 128000 * (n + 1),
                "pricing": {"input": 0.5 + n, "output": 2 * n},
                "desc": "中文描述\n第二行 " + model_id,
                **({"retire_stage": "deprecated"} if n % 4 == 0 else {}),
            }
        )
    return entries


@pytest.fixture(scope="module")
def live_server() -> Iterator[CatalogServer]:
    legacy = load_legacy_fixture() + [
        {"id": model_id, "object": "model", "created": 1754524800 + n, "owned_by": model_id[:6]}
        for n, model_id in enumerate(ODD_IDS)
    ]
    with CatalogServer(live_catalog(850) + odd_entries(), legacy=legacy) as running:
        yield running


@pytest.fixture(scope="module")
def live(live_server: CatalogServer) -> Iterator[Aihub]:
    with tempfile.TemporaryDirectory() as folder:
        aihub = Aihub(live_server, Path(folder) / "cache")
        assert aihub("list").code == 0
        assert aihub("legacy").code == 0
        yield aihub


def _no_rich(*args: object, **kwargs: object) -> None:
    raise AssertionError("the table went to rich")


@contextmanager
def route(through_rich: bool) -> Iterator[None]:
    """Draw through rich (the old route: rich's console and rich's cell widths), or through
    aihub's own writer, refusing any fallback to rich."""
    with pytest.MonkeyPatch.context() as patch:
        if through_rich:
            patch.setattr(screen.Screen, "of", classmethod(lambda cls, *a, **k: None))
            patch.setattr(cells, "cell_len", rich_cell_len)
        else:
            patch.setattr(terminal_module, "console", _no_rich)
            patch.setattr(compare_module, "console", _no_rich)
        yield


def drawn_by_aihub(aihub: Aihub, args: tuple[str, ...], terminal: Terminal, now: float) -> Outcome:
    """aihub in-process on `terminal`, its clock stopped at `now` (the footer says how old
    the catalog is)."""
    with CliRunner().isolation(env=aihub.env()) as (stdout, stderr, _):

        def make_runtime(mode: str) -> Runtime:
            return Runtime(
                Settings.from_environment(),
                out=sys.stdout,
                err=sys.stderr,
                mode=mode,
                now=lambda: now,
                terminal=terminal,
            )

        code = main(list(args), make_runtime)
        sys.stdout.flush()
        sys.stderr.flush()
        return Outcome(code, stdout.getvalue().decode(), stderr.getvalue().decode())


def both_routes(aihub: Aihub, *args: str, terminal: Terminal) -> Outcome:
    now = time.time()
    with route(through_rich=False):
        new = drawn_by_aihub(aihub, args, terminal, now)
    with route(through_rich=True):
        old = drawn_by_aihub(aihub, args, terminal, now)
    assert (new.code, old.code) == (0, 0), new.err + old.err
    assert new.out == old.out, (args, terminal)
    return new


VIEWS = (
    ("list",),
    ("list", "--features", "thinking", "--sort", "context_length"),
    ("list", "--input-tokens", "100k", "--output-tokens", "10k", "--sort", "cost"),
    ("list", "--columns", "id,name,ctx,in,features,desc"),
    ("legacy",),
)


@pytest.mark.parametrize("width", [40, 80, 100, 120, 200])
@pytest.mark.parametrize("colour", [False, True])
def test_the_live_catalogs_tables_are_the_bytes_rich_drew(
    live: Aihub, width: int, colour: bool
) -> None:
    for view in VIEWS:
        out = both_routes(live, *view, "-o", "table", terminal=Terminal(True, width, colour)).out
        assert ("\x1b[1m" in out) is colour
        assert out.count("\n") > 10


def test_the_odd_ids_are_in_the_tables(live: Aihub) -> None:
    out = both_routes(live, "list", "-o", "table", terminal=Terminal(True, 200)).out
    for model_id in (
        "通义千问-长文本-旗舰版",
        "\uff46\uff55\uff4c\uff4c-\uff29\uff24",
        "[bold red]markup[/]",
    ):
        assert model_id in out
    assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("width", [40, 100])
def test_the_change_report_is_the_bytes_rich_drew(aihub: Aihub, colour: bool, width: int) -> None:
    aihub.server.set_models(load_fixture_models() + odd_entries()[:6])
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    aihub.server.set_models(moved_catalog() + odd_entries()[6:])
    age_cache(aihub.cache_dir, 1000)
    out = both_routes(aihub, "changes", terminal=Terminal(True, width, colour)).out
    assert "Added (" in out and ("\x1b[1;32m" in out) is colour


# -- the decisions rich makes from the environment ---------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


LINES = [
    StyledLine("ID        Context", "bold"),
    StyledLine("──────────────────"),
    StyledLine("gpt-5        400K"),
    StyledLine("old-model     32K   ", "dim"),
    StyledLine("  + new", "green"),
    StyledLine("Removed (1)", "bold red"),
    StyledLine("Changed (2)", "bold yellow"),
    StyledLine(""),
    StyledLine("模型  通义千问", "bold green"),
]
FOOTER = "850 models · catalog 2 hours old · † deprecated · * price unit not documented (not a token model)"  # noqa: E501

ENVIRONMENTS = {
    "COLUMNS": (None, "100", "57", "wide"),
    "LINES": (None, "30"),
    "NO_COLOR": (None, "", "1"),
    "FORCE_COLOR": (None, "", "1"),
    "TTY_COMPATIBLE": (None, "0", "1", "2"),
    "TERM": (None, "dumb", "UNKNOWN", "xterm-256color", "xterm-16color"),
    "COLORTERM": (None, "truecolor"),
}
TERMINALS = (
    None,
    Terminal(False),
    Terminal(True),
    Terminal(True, 60),
    Terminal(True, 60, color=False),
    Terminal(True, 60, color=True),
    Terminal(False, None, color=True),
)


def drawn(out: io.StringIO, terminal: Terminal | None, through_rich: bool) -> str:
    with route(through_rich):
        draw_lines(out, terminal, lambda width: [*LINES, StyledLine(f"width {width}")], FOOTER)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(
    env=st.fixed_dictionaries(
        {name: st.sampled_from(values) for name, values in ENVIRONMENTS.items()}
    ),
    terminal=st.sampled_from(TERMINALS),
    tty=st.booleans(),
)
def test_width_and_colour_are_decided_as_rich_decides(
    env: dict[str, str | None], terminal: Terminal | None, tty: bool
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        stream = FakeTerminal if tty else io.StringIO
        assert drawn(stream(), terminal, False) == drawn(stream(), terminal, True)


def test_every_style_is_written_as_rich_writes_it() -> None:
    from rich.console import Console
    from rich.text import Text

    words = [*screen._ATTRIBUTES, *screen._COLOUR_CODES]
    styles = [" ".join(pair) for pair in itertools.permutations(words, 2)] + words
    systems: tuple[Literal["standard", "256", "truecolor"], ...] = ("standard", "256", "truecolor")
    for system, no_colour, style in itertools.product(systems, [False, True], styles):
        out = io.StringIO()
        Console(file=out, color_system=system, force_terminal=True, no_color=no_colour).print(
            Text("x", style=style), end=""
        )
        codes = screen.sgr(style, colour=not no_colour)
        assert (f"\x1b[{codes}mx\x1b[0m" if codes else "x") == out.getvalue(), style


def test_a_style_it_does_not_know_goes_to_rich() -> None:
    lines = [StyledLine("on red", "white on red"), StyledLine("plain")]
    out, reference = io.StringIO(), io.StringIO()
    draw_lines(out, Terminal(True, 40, True), lambda width: lines)
    print_lines(console(reference, Terminal(True, 40, True)), lines)
    assert out.getvalue() == reference.getvalue() == "\x1b[37;41mon red\x1b[0m\nplain\n"


# -- cells and words ---------------------------------------------------------------------------


def test_every_character_is_as_wide_as_rich_says() -> None:
    for code in range(0x110000):
        char = chr(code)
        width = cells.char_width(char)
        assert width is None or width == get_character_cell_size(char), hex(code)


ODD_TEXT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(
            "\u200d\ufe0f\u0301\u00ad\u200b\u1161\u3164 —─…·†✓中文ｆ\U0001f600\U0001fae9"
        ),
    )
)


@settings(max_examples=500)
@given(text=st.one_of(st.text(), ODD_TEXT))
def test_cell_len_is_richs(text: str) -> None:
    assert cells.cell_len(text) == rich_cell_len(text)


def test_cell_len_follows_an_older_unicode_asked_for() -> None:
    # Under Unicode 9 the trigrams are narrow: rich's own tables, as rich reads UNICODE_VERSION
    # once per process.
    probe = (
        "from aihubmix_cli.render.cells import cell_len; from rich.cells import cell_len as r; "
        "print(cell_len('\u2630\u2631'), r('\u2630\u2631'))"
    )
    for version, widths in (("9.0.0", "2 2"), ("latest", "4 4"), ("17.0.0", "4 4")):
        env = {**os.environ, "UNICODE_VERSION": version}
        ran = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
        )
        assert ran.stdout.split() == widths.split(), ran.stderr


WORDS = st.text(st.sampled_from("abcdef ·†中文-é"), max_size=200)


@settings(max_examples=500, deadline=None)
@given(note=st.one_of(WORDS, st.text(max_size=60)), width=st.integers(1, 120))
def test_the_footer_wraps_where_rich_wraps_it(note: str, width: int) -> None:
    for colour in (False, True):
        reference = io.StringIO()
        print_footer(console(reference, Terminal(True, width, colour)), note)
        text = screen.Screen(width, colour, True).footer_text(note)
        if text is not None:
            assert text == reference.getvalue()
        elif note.isascii() and note.isprintable():
            # Left to rich: words longer than the width (the first with the spaces before
            # it, as rich counts), which rich folds.
            lengths = [len(word) for word in note.split(" ") if word]
            lengths[0] += len(note) - len(note.lstrip(" "))
            assert max(lengths) > width


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.builds(
            StyledLine,
            st.one_of(ODD_TEXT, st.sampled_from(["a   ", "中文   ", "x" * 90 + "  "])),
            st.sampled_from([None, "", "bold", "dim", "green", "bold green", "red", "bold red"]),
        ),
        max_size=6,
    ),
    width=st.integers(1, 120),
    colour=st.booleans(),
)
def test_lines_are_written_as_rich_writes_them(
    lines: list[StyledLine], width: int, colour: bool
) -> None:
    reference = io.StringIO()
    print_lines(console(reference, Terminal(True, width, colour)), lines)
    assert screen.Screen(width, colour, True).lines_text(lines) == reference.getvalue()


# -- compare -----------------------------------------------------------------------------------

COMPARED = (
    ("compare", "gpt-5", "o3"),
    ("compare", "gpt-5", "o3", "claude-sonnet-4-5", "--input-tokens", "100k"),
    ("compare", "gpt-5", "o3", "--diff"),
    ("compare", "gpt-5", "o3", "--columns", "id,ctx,in,features,desc"),
    ("compare", ODD_IDS[0], ODD_IDS[1], ODD_IDS[4], ODD_IDS[13]),
    ("compare", ODD_IDS[2], ODD_IDS[3], ODD_IDS[7], ODD_IDS[9], ODD_IDS[10]),
    ("compare", "sora-2", "V_2", "gpt-5", "--output-tokens", "1k"),
)


@pytest.mark.parametrize("width", [40, 80, 100, 120, 200])
@pytest.mark.parametrize("colour", [False, True])
def test_compare_draws_the_bytes_rich_drew(live: Aihub, width: int, colour: bool) -> None:
    outcomes = [
        both_routes(live, *view, "-o", "table", terminal=Terminal(True, width, colour))
        for view in COMPARED
    ]
    assert all(("\x1b[1m" in outcome.out) is colour for outcome in outcomes)
    assert "price unit not documented" in outcomes[-1].out
    # Narrow, the models stand in blocks of their own; wide, side by side.
    blocks = ["do not fit side by side" in outcome.err for outcome in outcomes]
    assert any(blocks) or width > 100
    assert not all(blocks)


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
@pytest.mark.parametrize("width", [40, 120])
def test_compare_in_any_encoding_is_the_bytes_rich_drew(encoding: str, width: int) -> None:
    from tests.promises.hostile_checks import parsed

    models = [m for m in parsed(live_catalog(850))[0] if m.id in ("gpt-5", "o3")]
    drawn = []
    for through_rich in (False, True):
        out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
        with pytest.MonkeyPatch.context() as patch:
            if through_rich:
                patch.setattr(screen.Screen, "of", classmethod(lambda cls, *a, **k: None))
            compare_module.print_compare_table(
                models, out, costs=None, diff=False, features=["thinking"],
                terminal=Terminal(True, width, True),
            )  # fmt: skip
        out.flush()
        drawn.append(out.buffer.getvalue())
    assert drawn[0] == drawn[1]
    assert (b"|" in drawn[0]) is (encoding != "utf-8")  # rich's ASCII box
