"""`aihub audit` with the bundled history: ids removed before aihub first ran are reported,
dated by the first version without them, and a --since after the history ended compares
with its last version across the gap."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aihubmix_cli.store import history
from aihubmix_cli.store.timeline import load_bundled
from tests.commands.test_changes import age_history
from tests.conftest import Aihub

# o3-pro and gpt-4-32k were in the bundled history's last version; DeepSeek-V3.2-Exp left
# the catalog within it.
PINNED = 'A = "o3-pro"\nB = "gpt-4-32k"\nC = "DeepSeek-V3.2-Exp"\nD = "gpt-5"\n'
PRICES = {"input": 1.25, "output": 10, "cache_read": 0.125}
TODAY = [{"model_id": "gpt-5", "types": "llm", "pricing": PRICES}]


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_without(model_id: str) -> str:
    record = load_bundled()
    return iso(record.times[record.runs[model_id][-1].last + 1])


@pytest.fixture
def pinned(aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Aihub:
    (tmp_path / "app.py").write_text(PINNED)
    monkeypatch.chdir(tmp_path)
    aihub.server.set_models(TODAY)
    return aihub


def lines(gone_after_the_record: str) -> list[str]:
    return [
        f"app.py:1:6\tremoved\to3-pro\tnot in the catalog since {gone_after_the_record}",
        f"app.py:2:6\tremoved\tgpt-4-32k\tnot in the catalog since {gone_after_the_record}",
        "app.py:3:6\tremoved\tDeepSeek-V3.2-Exp\tnot in the catalog since "
        + first_without("DeepSeek-V3.2-Exp"),
        "app.py:4:6\tok\tgpt-5\tin $1.25 · out $10 per 1M tokens",
    ]


def test_ids_removed_before_aihub_first_ran_are_reported(pinned: Aihub) -> None:
    result = pinned("audit", "app.py")
    (kept,) = history.versions(pinned.state_dir)
    assert result.out.splitlines() == lines(iso(kept.fetched_at))
    # A --since inside the bundled history dates them the same: the first version without.
    since = pinned("audit", "--since", "2026-01-01", "app.py")
    assert since.out.splitlines() == lines(iso(kept.fetched_at))


def test_removed_since_the_first_kept_version_without_it(pinned: Aihub) -> None:
    assert pinned("list").code == 0
    age_history(pinned.state_dir, 86400)
    pinned.server.set_models([*TODAY, {"model_id": "gpt-5-mini", "types": "llm"}])
    assert pinned("list", "--refresh").code == 0
    first, _ = history.versions(pinned.state_dir)
    # Gone since the first version aihub kept, a day ago, not since the newest.
    assert pinned("audit", "app.py").out.splitlines() == lines(iso(first.fetched_at))


def test_since_after_the_record_ended_compares_with_its_last_version(pinned: Aihub) -> None:
    assert pinned("list").code == 0
    (kept,) = history.versions(pinned.state_dir)
    result = pinned("audit", "--since", "2026-08-01", "--json", "app.py")
    end = iso(load_bundled().times[-1])
    assert result.err == (
        "aihub: warning: the recorded history has a gap around 2026-08-01: no version between "
        f"{end} and {iso(kept.fetched_at)}; answering from the earlier one\n"
    )
    report = json.loads(result.out)
    assert (report["since"], report["history_known"], report["limitation"]) == (end, True, None)


def test_repriced_after_the_record_is_dated_by_the_first_version_with_the_new_price(
    pinned: Aihub,
) -> None:
    # The record's last version priced claude-opus-4-1 at $16.50 / $82.50; today's differs.
    cheap = {"model_id": "claude-opus-4-1", "types": "llm"}
    pinned.server.set_models([*TODAY, {**cheap, "pricing": {"input": 0.15, "output": 1.2}}])
    Path("opus.py").write_text('M = "claude-opus-4-1"\n')
    for since in ("1h", "3m", "2h"):
        result = pinned("audit", "--since", since, "opus.py")
        (kept,) = history.versions(pinned.state_dir)
        # Not the record's last version (the price was still $16.50 then): the first one
        # known to carry the new price, aihub's first fetch.
        assert result.out == (
            "opus.py:1:6\trepriced\tclaude-opus-4-1\tinput $16.50 → $0.15, output $82.50 → "
            f"$1.20 since {iso(kept.fetched_at)}\n"
        )
        assert result.code == 0
    report = json.loads(pinned("audit", "--since", "1h", "--json", "opus.py").out)
    assert report["since"] == iso(load_bundled().times[-1])  # the version compared with
    assert report["findings"][0]["since"] == iso(kept.fetched_at)


def test_repriced_inside_the_record_is_dated_by_the_record_version_with_the_new_price(
    pinned: Aihub,
) -> None:
    # FLUX-1.1-pro went from 40 to 2 in the record on 2026-03-29, and stays so today.
    record = load_bundled()
    last = record.runs["FLUX-1.1-pro"][-1]
    pinned.server.set_models([*TODAY, {"model_id": "FLUX-1.1-pro", **last.state}])
    Path("flux.py").write_text('M = "FLUX-1.1-pro"\n')
    result = pinned("audit", "--since", "2026-03-01", "flux.py")
    assert result.out == (
        "flux.py:1:6\trepriced\tFLUX-1.1-pro\tinput 40 → 2, output 40 → 2 since "
        f"{iso(record.times[last.first])}\n"
    )
    assert iso(record.times[last.first]) == "2026-03-29T04:17:09Z"


def test_a_price_the_catalog_no_longer_states_is_not_a_repricing(pinned: Aihub) -> None:
    # The record's last version priced V_2's cache reads at 0; today's catalog says nothing.
    state = load_bundled().runs["V_2"][-1].state
    pricing = {k: v for k, v in state["pricing"].items() if k != "cache_read"}
    pinned.server.set_models([*TODAY, {"model_id": "V_2", **state, "pricing": pricing}])
    Path("v2.py").write_text('M = "V_2"\n')
    result = pinned("audit", "--since", "1h", "--fail-on", "repriced", "v2.py")
    assert result.out == "v2.py:1:6\tok\tV_2\tin 2 · out 2 (unit not documented)\n"
    assert result.code == 0
