"""`aihub history`: the states of a model over the bundled record and aihub's own versions,
with dates, in JSON, CSV, text and a step chart drawn in a real terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_completion import need
from tests.conftest import REPO, Aihub
from tests.support.catalog_server import CatalogServer, load_fixture_models
from tests.support.history_data import catalog_at, document, iso, price_steps, seconds, times
from tests.support.live_catalog import live_catalog


@pytest.fixture
def offline_aihub(aihub: Aihub) -> Aihub:
    """An empty cache and no server: nothing answers on the configured address."""
    aihub.server.stop()
    return aihub


def test_qwen3_max_input_prices_in_order_with_no_cache_and_no_network(
    offline_aihub: Aihub,
) -> None:
    result = offline_aihub("history", "qwen3-max", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    (model,) = report["models"]
    assert model["model_id"] == "qwen3-max"
    moves: list[tuple[str, float]] = []
    for state in model["states"]:
        if not moves or moves[-1][1] != state["pricing"]["input"]:
            moves.append((state["first_seen"], state["pricing"]["input"]))
    # The three prices, each dated when the record first saw it.
    assert [price for _, price in moves] == [0.822, 0.34246, 0.4508]
    assert moves == price_steps("qwen3-max", "input")
    assert [day[:7] for day, _ in moves] == ["2025-11", "2026-01", "2026-05"]
    assert all(state["source"] == "bundled" for state in model["states"])
    # The change lies between the version before and the first that shows it.
    assert model["states"][1]["previous_version"] < model["states"][1]["first_seen"]
    # Nothing fetched and no version recorded: the failure to reach the server is one line.
    assert result.err.count("\n") == 1 and "history ends with the newest version" in result.err
    assert offline_aihub.state_dir.exists() is False or not list(
        (offline_aihub.state_dir / "history").glob("*")
    )


def test_a_model_that_vanished_and_came_back_is_one_model(offline_aihub: Aihub) -> None:
    result = offline_aihub("history", "gpt-5-pro", "--json", "--offline")
    assert result.code == 0, result.err
    (model,) = json.loads(result.out)["models"]
    returned = [state for state in model["states"] if state["returned"]]
    assert len(returned) == 1
    text = offline_aihub("history", "gpt-5-pro", "--format", "plain", "--offline").out
    assert text.startswith("gpt-5-pro: ")
    before = model["states"][model["states"].index(returned[0]) - 1]
    gone, back = before["last_seen"][:10], returned[0]["first_seen"][:10]
    assert f"back in the catalog after an absence from {gone} to {back}" in text


def test_a_model_without_a_recorded_change_says_so_in_one_line(offline_aihub: Aihub) -> None:
    result = offline_aihub("history", "gpt-5", "--offline", "-o", "table")
    assert result.code == 0, result.err
    first = iso(times()[0])[:10]
    assert result.out.count("\n") == 1
    assert result.out.startswith(f"gpt-5: no recorded change since {first} (input $1.25")


def test_since_keeps_the_states_in_force_from_then_on(offline_aihub: Aihub) -> None:
    report = json.loads(
        offline_aihub("history", "qwen3-max", "--since", "2026-03-01", "--json", "--offline").out
    )
    prices = [s["pricing"]["input"] for s in report["models"][0]["states"]]
    assert prices == [0.34246, 0.4508]
    assert report["since"] == "2026-03-01T00:00:00Z"


def test_csv_has_a_row_per_state(offline_aihub: Aihub) -> None:
    result = offline_aihub("history", "qwen3-32b", "qwen3-max", "-o", "csv", "--offline")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [(r["model_id"], r["pricing.input"]) for r in rows] == [
        ("qwen3-32b", "0.32"),
        ("qwen3-32b", "0.28"),
        ("qwen3-32b", "0.16"),
        ("qwen3-max", "0.822"),
        ("qwen3-max", "0.34246"),
        ("qwen3-max", "0.4508"),
    ]
    assert rows[1]["changes"].split()[:2] == ["pricing.input", "pricing.output"]


def test_csv_writes_prices_as_every_output_does_and_has_the_lists_json_has(aihub: Aihub) -> None:
    # The server writes gpt-5's new input price as 1.0; every other output says 1.
    gpt5 = {
        "model_id": "gpt-5",
        "types": "llm",
        "input_modalities": "text,image",
        "features": "thinking,tools",
        "context_length": 400000,
        "pricing": {"input": 1.0, "output": 10.0, "cache_read": 0.125},
    }
    aihub.server.set_models([gpt5])
    result = aihub("history", "gpt-5", "-o", "csv")
    assert result.code == 0, result.err
    states = json.loads(aihub("history", "gpt-5", "--json").out)["models"][0]["states"]
    last = states[-1]
    assert (last["types"], last["input_modalities"]) == (["llm"], ["text", "image"])
    header, *_, row = result.out.splitlines()
    assert header == (
        "model_id,first_seen,last_seen,source,returned,pricing.input,pricing.output,"
        "pricing.cache_read,pricing.cache_write,context_length,max_output,features,changes,"
        "types,input_modalities"
    )
    assert row == (
        f"gpt-5,{last['first_seen']},{last['last_seen']},observed,no,1,10,0.125,,400000,,"
        '"thinking,tools",pricing.input features,llm,"text,image"'
    )
    assert aihub("list", "--model", "gpt-5", "-o", "csv", "--columns", "pricing.input").out == (
        "pricing.input\n1\n"
    )


def test_an_unknown_model_exits_3_with_suggestions(offline_aihub: Aihub) -> None:
    result = offline_aihub("history", "qwen3-maxx", "--offline")
    assert result.code == 3
    assert result.err.startswith(
        "aihub: no model 'qwen3-maxx' in the catalog's recorded history; did you mean qwen3-max"
    )


def test_versions_aihub_records_follow_the_bundled_ones(aihub: Aihub) -> None:
    assert aihub("list", "-o", "ids").code == 0  # records the server's catalog
    report = json.loads(aihub("history", "gpt-5", "--json").out)
    assert report["record"]["versions"]["observed"] == 1
    states = report["models"][0]["states"]
    last = states[-1]
    assert last["source"] in ("bundled", "observed")
    # The fixture's gpt-5 is today's catalog: the newest state is seen now, not in July.
    assert last["last_seen"] == report["record"]["last"]
    assert report["record"]["last"] > iso(times()[-1])


def _tmux_screen(columns: int, command: list[str], env: dict[str, str]) -> str:
    """What a terminal `columns` wide shows after `command` ran in it (tmux)."""
    tmux = need("tmux")
    name = f"aihub-history-{uuid.uuid4().hex[:8]}"
    script = f"cd {shlex.quote(str(REPO))} && {shlex.join(command)}; echo DO''NE; sleep 60"
    env_args = [f"{k}={v}" for k, v in env.items()]
    subprocess.run(
        [tmux, "new-session", "-d", "-s", name, "-x", str(columns), "-y", "60",
         "env", "-i", *env_args, "sh", "-c", script],
        check=True,
        timeout=30,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [tmux, "capture-pane", "-t", name, "-p"],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            ).stdout
            if "DONE" in screen:
                return screen
            time.sleep(0.1)  # polling a screen, not waiting for time to pass
        raise AssertionError(f"the command never finished; the screen shows:\n{screen}")
    finally:
        subprocess.run([tmux, "kill-session", "-t", name], timeout=30, check=False)


@pytest.mark.parametrize("columns", [80, 200])
def test_the_chart_in_a_real_terminal(offline_aihub: Aihub, columns: int) -> None:
    env = {
        k: v for k, v in offline_aihub.env().items() if v is not None and k.startswith("AIHUBMIX_")
    }
    env.update(PATH=os.environ.get("PATH", ""), LANG="C.UTF-8", TERM="xterm-256color")
    command = [sys.executable, "-m", "aihubmix_cli", "history", "qwen3-32b", "--offline"]
    screen = _tmux_screen(columns, command, env)
    lines = screen.splitlines()
    assert lines[0].startswith("qwen3-32b: 3 states, ")
    axis = [line for line in lines if "└" in line]
    assert len(axis) == 2  # one chart per price
    assert columns - 12 < len(axis[0].rstrip()) <= columns  # the chart fills the width
    assert any(line.lstrip().startswith("0.32 ┤━") for line in lines)
    assert any(line.lstrip().startswith("0.16 ┤ ") and line.endswith("━") for line in lines)
    assert any(line.lstrip().startswith("3.2 ┤━") for line in lines)


PRICES = ("input", "output", "cache_read", "cache_write")


def test_changes_since_a_date_before_aihub_ran_is_the_diff_of_the_two_catalogs(
    cache_dir: Path,
) -> None:
    """Against the live-shaped server with an empty cache: the report equals a diff made
    here, from the history file and the server's entries, without aihub's code."""
    entries = live_catalog(804, seed=2026)
    with CatalogServer(entries) as live:
        result = Aihub(live, cache_dir)("changes", "--since", "2026-03-01", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    then = catalog_at("2026-03-01")
    now: dict[str, dict[str, Any]] = {}
    for entry in entries:
        now.setdefault(entry["model_id"], entry)
    added = [i for i in now if i not in then]
    removed = sorted(i for i in then if i not in now)
    repriced = sorted(
        i
        for i in now
        if i in then
        and any(
            now[i].get("pricing", {}).get(f) != then[i].get("pricing", {}).get(f) for f in PRICES
        )
    )
    assert [m["model_id"] for m in report["added"]] == added
    assert sorted(m["model_id"] for m in report["removed"]) == removed
    moved = {c["model_id"] for c in report["changed"] if c["field"].startswith("pricing.")}
    assert sorted(moved) == repriced
    assert added and removed and repriced  # the comparison is not empty on either side
    assert report["from_source"] == "bundled"
    assert report["from"] == iso(max(t for t in times() if t <= seconds("2026-03-01")))
    # The added models are today's entries in full, as the server sent them.
    assert report["added"][0]["model_id"] == added[0]


def test_audit_since_a_date_before_aihub_ran_knows_repricings_and_removals(
    cache_dir: Path, tmp_path: Path
) -> None:
    """With an empty cache, audit --since reaches into the bundled record: qwen3-max's May
    repricing and a model removed before aihub first ran."""
    then, last = catalog_at("2026-03-01"), catalog_at("2026-07-02")
    gone = sorted(i for i in then if i not in last)[0]
    ids = document()["models"]
    first_missing = iso(times()[ids[gone][-1][1] + 1])
    source = tmp_path / "app.py"
    source.write_text(f'MODEL = "qwen3-max"\nOLD = "{gone}"\n', encoding="utf-8")
    entries = [{"model_id": i, **state} for i, state in last.items()]
    with CatalogServer(entries) as live:
        result = Aihub(live, cache_dir)("audit", str(source), "--since", "2026-03-01", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    found = {f["id"]: f for f in report["findings"]}
    assert found["qwen3-max"]["status"] == "repriced"
    assert found["qwen3-max"]["previous_price"]["input"] == then["qwen3-max"]["pricing"]["input"]
    assert found["qwen3-max"]["price"]["input"] == 0.4508
    # Compared with the record's version of 1 March; repriced since the record's first
    # version with today's price (the May repricing), not since the version compared with.
    assert report["since"] == iso(max(t for t in times() if t <= seconds("2026-03-01")))
    runs = document()["models"]["qwen3-max"]
    first = runs[-1][0]
    for start, end, state in reversed(runs):
        if end + 1 < first or state["pricing"] != runs[-1][2]["pricing"]:
            break
        first = start
    assert found["qwen3-max"]["since"] == iso(times()[first])
    assert found[gone]["status"] == "removed"
    assert found[gone]["since"] == first_missing


def test_a_move_over_1000_percent_takes_thousands_separators(aihub: Aihub) -> None:
    # It printed `(+5.9e+03%)`.
    models = [dict(m) for m in load_fixture_models()]
    for model in models:
        if model.get("model_id") == "gpt-5-nano":
            model["pricing"] = {**model["pricing"], "input": 3}
    aihub.server.set_models(models)
    result = aihub("history", "gpt-5-nano", "--format", "plain")
    assert result.code == 0, result.err
    assert "    input price  $0.05 → $3  (+5,900%)\n" in result.out
    assert "e+" not in result.out
