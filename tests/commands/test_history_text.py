"""`aihub history` as people read it: the words of each state, the end of a gone model's
record, one clear miss, and a reader that stops early."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from aihubmix_cli.render.terminal import Terminal
from aihubmix_cli.store import timeline as tl
from tests.conftest import Aihub


@pytest.fixture
def offline_aihub(aihub: Aihub) -> Aihub:
    aihub.server.stop()
    return aihub


def test_an_absence_a_single_state_and_a_lost_type_read_plainly(aihub: Aihub) -> None:
    # Today's catalog has none of the three: each is gone since the bundled record's end.
    aihub.server.set_models([{"model_id": "gpt-5", "types": "llm"}])
    result = aihub("history", "o3-pro", "gpt-4-32k", "qwen3-32b", "-o", "plain")
    assert result.code == 0, result.err
    o3_pro = (
        "input $20  output $80  cache_read $20  context 200K  "
        "features thinking,tools,function_calling,structured_outputs"
    )
    assert result.out.splitlines() == [
        # Gone since the record's last version: the header ends there, not today.
        "o3-pro: 2 states, 2025-11-11 to 2026-07-02",
        "  2025-11-11 to 2026-03-06  (115 days, bundled)",
        f"    {o3_pro}",
        "  2026-03-16 to 2026-07-02  (107 days, bundled)",
        "    back in the catalog after an absence from 2026-03-06 to 2026-03-16",
        f"    {o3_pro}",
        "  gone from the catalog after 2026-07-02",
        "",
        "gpt-4-32k: 1 state, 2025-11-11 to 2026-07-02",
        "  2025-11-11 to 2026-07-02  (233 days, bundled)",
        "    input $60  output $120",
        "  gone from the catalog after 2026-07-02",
        "",
        "qwen3-32b: 3 states, 2025-11-11 to 2026-07-02",
        "  2025-11-11 to 2026-05-25  (195 days, bundled)",
        "    input $0.32  output $3.20  cache_read $0",
        "  2026-05-25 to 2026-06-05  (11 days, bundled)",
        "    input price  $0.32 → $0.28  (-12.5%)",
        "    output price  $3.20 → $2.80  (-12.5%)",
        "    cache read price  $0 → none",
        "    type  llm → none",
        "  2026-06-05 to 2026-07-02  (27 days, bundled)",
        "    input price  $0.28 → $0.16  (-42.9%)",
        "    output price  $2.80 → $0.64  (-77.1%)",
        "  gone from the catalog after 2026-07-02",
    ]


def test_an_unknown_model_is_named_once(offline_aihub: Aihub) -> None:
    result = offline_aihub("history", "nosuch", "--offline")
    assert (result.code, result.out) == (3, "")
    assert result.err == "aihub: no model 'nosuch' in the catalog's recorded history\n"


def test_a_narrow_terminal_has_the_lines_broken_between_words(offline_aihub: Aihub) -> None:
    narrow = Terminal(is_terminal=True, width=40, color=False)
    result = offline_aihub("history", "o3-pro", "gpt-5", "--offline", terminal=narrow)
    assert result.code == 0, result.err
    o3_pro = [
        "    input $20  output $80  cache_read",
        "      $20  context 200K  features",
        "      thinking,tools,function_calling,",
        "      structured_outputs",
    ]
    text = result.out.split("\n\n")
    assert text[0].splitlines() == [
        "o3-pro: 2 states, 2025-11-11 to",
        "      2026-07-02",
        "  2025-11-11 to 2026-03-06  (115 days,",
        "      bundled)",
        *o3_pro,
        "  2026-03-16 to 2026-07-02  (107 days,",
        "      bundled)",
        "    back in the catalog after an absence",
        "      from 2026-03-06 to 2026-03-16",
        *o3_pro,
    ]
    assert text[-1].splitlines() == [
        "gpt-5: no recorded change since",
        "      2025-11-11 (input $1.25  output",
        "      $10  cache_read $0.125  context",
        "      400K  features thinking,tools,",
        "      function_calling,",
        "      structured_outputs)",
    ]
    assert max(len(line) for line in result.out.splitlines()) <= 40


def test_a_reader_that_stops_early_ends_it_quietly_with_0(offline_aihub: Aihub) -> None:
    # Far more than a pipe holds, so the reader is gone long before the writing ends.
    ids = list(tl.load_bundled().runs)[:300]
    env = {k: v for k, v in offline_aihub.env().items() if v is not None}
    command = shlex.join([sys.executable, "-m", "aihubmix_cli", "history", *ids, "-o", "table"])
    shell = f'{command} --offline | head -1; echo "status ${{PIPESTATUS[0]}}"'
    result = subprocess.run(
        ["bash", "-c", shell],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    first = f"{ids[0]}: "
    assert result.stdout.splitlines()[0].startswith(first)
    assert result.stdout.splitlines()[1:] == ["status 0"]
    assert result.stderr == ""


def test_the_chart_shows_a_change_in_the_newest_version_and_dots_the_gap(aihub: Aihub) -> None:
    # The record ended on 2026-07-02 with claude-opus-4-1 at $16.50 and gpt-5 at $1.25;
    # today's catalog, aihub's first version months later, has both cheaper.
    aihub.server.set_models(
        [
            {"model_id": "claude-opus-4-1", "pricing": {"input": 0.15, "output": 1.2}},
            {"model_id": "gpt-5", "pricing": {"input": 1, "output": 10, "cache_read": 0.125}},
        ]
    )
    terminal = Terminal(is_terminal=True, width=80, color=False)
    result = aihub("history", "claude-opus-4-1", "gpt-5", terminal=terminal)
    assert result.code == 0, result.err
    assert "    input price  $16.50 → $0.15  (-99.1%)" in result.out.splitlines()
    charts = [part.splitlines() for part in result.out.split("\n\n") if "└" in part]
    opus_input, _, gpt5_input, gpt5_output = charts
    # At the top the old price, dotted across the months nothing was recorded, up to the
    # jump in the last version; the new price holds the last column.
    assert re.fullmatch(r"16\.5 ┤━[━┈]*━┈{20,}┃", opus_input[0]), opus_input[0]
    assert opus_input[5] == "0.15 ┤" + " " * 72 + "┃━"
    assert opus_input[-1] == "     ━━ input price  USD per 1M tokens  ┈┈ nothing recorded"
    assert re.fullmatch(r"1\.25 ┤━[━┈]*━┈{20,}┃", gpt5_input[0]), gpt5_input[0]
    assert gpt5_input[5] == "   1 ┤" + " " * 72 + "┃━"
    # The output price never moved: one flat line, dotted across the gap to the end.
    assert re.fullmatch(r"10 ┤━[━┈]*━┈{20,}━", gpt5_output[0]), gpt5_output[0]
    assert max(len(line) for line in result.out.splitlines()) <= 80
