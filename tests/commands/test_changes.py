"""`aihub changes`: the catalog moves on the loopback server between fetches, and the report,
the JSON and the exit code say exactly what moved."""

from __future__ import annotations

import copy
import gzip
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.render.terminal import Terminal
from aihubmix_cli.store import history
from aihubmix_cli.store.timeline import load_bundled
from tests.commands.test_as_of import utc_dates
from tests.conftest import SKIP_WARNING, Aihub, age_cache
from tests.support.catalog_server import load_fixture_models


def age_history(state_dir: Path, seconds: float) -> None:
    """Make every kept version `seconds` older, as if fetched that long before."""
    for version in history.versions(state_dir):
        older = int((version.fetched_at - seconds) * 1000)
        version.path.rename(
            version.path.with_name(f"catalog-{older:013d}-{version.digest}.json.gz")
        )


def moved_catalog() -> list[dict[str, Any]]:
    """The fixture a week later: a price moves, a model appears, one disappears."""
    models = copy.deepcopy(load_fixture_models())
    for model in models:
        if model.get("model_id") == "gpt-5":
            model["pricing"]["input"] = 1  # was 1.25
            model["features"] += ",web"
        if model.get("model_id") == "claude-sonnet-4-5":
            model["context_length"] = 1000000  # was 200000
            model["retire_stage"] = "deprecated"
    models = [m for m in models if m.get("model_id") != "o3"]
    models.append(
        {"model_id": "gpt-6", "types": "llm", "context_length": 1000000, "pricing": {"input": 2}}
    )
    return models


@pytest.fixture
def moved(aihub: Aihub) -> Aihub:
    """Two versions kept: the fixture fetched a day ago, then the moved catalog."""
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    aihub.server.set_models(moved_catalog())
    age_cache(aihub.cache_dir, 1000)
    return aihub


def test_a_single_version_has_nothing_to_compare(aihub: Aihub) -> None:
    result = aihub("changes")
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith(SKIP_WARNING + "aihub: only one version of the catalog so far")
    assert result.err.endswith("; nothing to compare yet\n")
    as_json = json.loads(aihub("changes", "--json").out)
    assert as_json["from"] is None
    assert (as_json["added"], as_json["removed"], as_json["changed"]) == ([], [], [])
    assert aihub("changes", "--exit-code").code == 0


def test_the_report_says_what_moved(moved: Aihub) -> None:
    result = moved("changes")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].startswith("Catalog changes from ")
    assert lines[1:] == [
        "Added (1)",
        "  + gpt-6   1M context · in $2",
        "Removed (1)",
        "  - o3",
        "Changed (2)",
        "  gpt-5",
        "    input price  $1.25 → $1  (-20%)",
        "    features  + web",
        "  claude-sonnet-4-5",
        "    context  200K → 1M  (+400%)",
        "    status  active → deprecated",
    ]
    # The refresh that brought the new catalog was one conditional request.
    requests = moved.catalog_requests()
    assert len(requests) == 2 and "if-none-match" in requests[1].headers


def test_the_json_says_what_moved(moved: Aihub) -> None:
    report = json.loads(moved("changes", "--json").out)
    assert set(report) == {"from", "to", "from_source", "added", "removed", "changed"}
    assert report["from"] < report["to"]
    assert report["from_source"] == "observed"  # a version aihub recorded, not the bundled one
    assert [m["model_id"] for m in report["added"]] == ["gpt-6"]
    assert report["added"][0]["types"] == ["llm"]  # the model objects of the JSON contract
    (removed,) = report["removed"]
    assert removed["model_id"] == "o3" and removed["pricing"]["input"] == 2
    assert report["changed"] == [
        {"model_id": "gpt-5", "field": "pricing.input", "old": 1.25, "new": 1},
        {
            "model_id": "gpt-5",
            "field": "features",
            "old": ["thinking", "tools", "function_calling", "structured_outputs"],
            "new": ["thinking", "tools", "function_calling", "structured_outputs", "web"],
        },
        {"model_id": "claude-sonnet-4-5", "field": "context_length", "old": 200000, "new": 1000000},
        {
            "model_id": "claude-sonnet-4-5",
            "field": "retire_stage",
            "old": "active",
            "new": "deprecated",
        },
    ]


def test_exit_code_follows_git(moved: Aihub) -> None:
    assert moved("changes", "--exit-code").code == 1
    # Narrowed to models that did not move, there is nothing to report.
    quiet = moved("changes", "--exit-code", "--type", "embedding")
    assert quiet.code == 0
    assert quiet.out.splitlines()[1:] == ["No changes."]


def test_list_filters_narrow_the_report(moved: Aihub) -> None:
    report = json.loads(moved("changes", "--json", "--model", "claude").out)
    assert report["added"] == [] and report["removed"] == []
    assert {c["model_id"] for c in report["changed"]} == {"claude-sonnet-4-5"}
    by_feature = json.loads(moved("changes", "--json", "--features", "web").out)
    # gpt-5 gained web: in scope because it matches now, and reported as changed, not added.
    assert by_feature["added"] == []
    assert [(c["model_id"], c["field"]) for c in by_feature["changed"]] == [
        ("gpt-5", "pricing.input"),
        ("gpt-5", "features"),
    ]


def test_a_type_filter_counts_the_untyped_models_whose_changes_it_left_out(aihub: Aihub) -> None:
    # About 40% of the live catalog states no types: under --type llm their changes are not
    # reported, so stderr counts them, as list counts the models it leaves out.
    typed = {"model_id": "typed-1", "types": "llm", "pricing": {"input": 1}}
    untyped = [{"model_id": f"untyped-{n}", "pricing": {"input": 1}} for n in (1, 2)]
    still = {"model_id": "untyped-still", "pricing": {"input": 5}}
    aihub.server.set_models([typed, *untyped, still])
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    aihub.server.set_models([{**m, "pricing": {"input": 2}} for m in (typed, *untyped)] + [still])
    age_cache(aihub.cache_dir, 1000)
    result = aihub("changes", "--type", "llm")
    assert result.code == 0
    assert result.out.splitlines()[1:] == [
        "Changed (1)",
        "  typed-1",
        "    input price  $1 → $2  (+100%)",
    ]
    # Only the models whose changes were left out: untyped-still did not move.
    assert result.err == (
        "aihub: 2 models left out: the catalog does not state their type; "
        "--include-unknown lists them\n"
    )
    kept = aihub("changes", "--type", "llm", "--include-unknown")
    assert (kept.code, kept.err) == (0, "")
    assert kept.out.splitlines()[1:] == [
        "Changed (3)",
        "  typed-1",
        "    input price  $1 → $2  (+100%)",
        "  untyped-1",
        "    input price  $1 → $2  (+100%)",
        "  untyped-2",
        "    input price  $1 → $2  (+100%)",
    ]
    as_json = aihub("changes", "--type", "llm", "--json")
    assert as_json.err == result.err
    assert [c["model_id"] for c in json.loads(as_json.out)["changed"]] == ["typed-1"]


def test_since_picks_the_newest_version_at_least_that_old(moved: Aihub) -> None:
    moved("list")  # the moved catalog is now the newest version
    age_history(moved.state_dir, 3 * 86400)  # versions: 4 days and 3 days old
    moved.server.set_models(load_fixture_models())  # and back again, fetched now
    age_cache(moved.cache_dir, 1000)
    since_previous = json.loads(moved("changes", "--json").out)
    assert [m["model_id"] for m in since_previous["removed"]] == ["gpt-6"]  # undone
    since_week = json.loads(moved("changes", "--json", "--since", "4d").out)
    assert since_week["added"] == since_week["removed"] == since_week["changed"] == []
    two_weeks = 14 * 86400
    first_reading = time.time() - two_weeks
    too_old = moved("changes", "--since", "2w", "--json")
    assert too_old.code == 0
    oldest = datetime.fromtimestamp(history.versions(moved.state_dir)[0].fetched_at, timezone.utc)
    # Older than any kept version: the bundled history's last one answers, across the gap,
    # which is named by the date two weeks back.
    end = datetime.fromtimestamp(load_bundled().times[-1], timezone.utc)
    assert too_old.err in {
        f"aihub: warning: the recorded history has a gap around {day}: no version between "
        f"{end:%Y-%m-%dT%H:%M:%SZ} and {oldest:%Y-%m-%dT%H:%M:%SZ}; "
        "answering from the earlier one\n"
        for day in utc_dates(first_reading, time.time() - two_weeks)
    }
    assert json.loads(too_old.out)["from"] == f"{end:%Y-%m-%dT%H:%M:%SZ}"
    assert json.loads(too_old.out)["from_source"] == "bundled"
    a_day_ago = datetime.fromtimestamp(time.time() - 86400, tz=timezone.utc)
    dated = moved("changes", "--json", "--since", a_day_ago.strftime("%Y-%m-%dT%H:%M:%S"))
    assert [m["model_id"] for m in json.loads(dated.out)["removed"]] == ["gpt-6"]
    day = moved("changes", "--json", "--since", a_day_ago.strftime("%Y-%m-%d"))
    assert json.loads(day.out)["from"] is not None


def test_since_a_minute_after_a_change_reports_nothing(moved: Aihub) -> None:
    moved("list")  # the moved catalog arrives: a new version, fetched just now
    age_history(moved.state_dir, 90)  # ... a minute and a half ago
    # A daily cron job asking "anything in the last minute?" must not hear yesterday's news.
    result = moved("changes", "--since", "1m", "--exit-code")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[1:] == ["No changes."]
    # Two minutes back, the change is news again.
    assert moved("changes", "--since", "2m", "--exit-code").code == 1


def test_since_before_the_only_version_compares_with_the_bundled_history(aihub: Aihub) -> None:
    assert aihub("list").code == 0
    (kept,) = history.versions(aihub.state_dir)
    first_reading = time.time() - 86400
    result = aihub("changes", "--since", "1d")
    end = datetime.fromtimestamp(load_bundled().times[-1], timezone.utc)
    now = datetime.fromtimestamp(kept.fetched_at, timezone.utc)
    assert result.code == 0
    assert result.out.splitlines()[0] == (
        f"Catalog changes from {end:%Y-%m-%dT%H:%M:%SZ} to {now:%Y-%m-%dT%H:%M:%SZ}"
    )
    assert result.err in {
        f"aihub: warning: the recorded history has a gap around {day}: no version between "
        f"{end:%Y-%m-%dT%H:%M:%SZ} and {now:%Y-%m-%dT%H:%M:%SZ}; answering from the earlier one\n"
        for day in utc_dates(first_reading, time.time() - 86400)
    }


def test_bad_since_is_a_usage_error_before_any_request(aihub: Aihub) -> None:
    result = aihub("changes", "--since", "last tuesday")
    assert result.code == 2
    assert "--since takes a span such as 7d" in result.err
    assert aihub.catalog_requests() == []


def test_changes_refreshes_by_the_usual_rules_and_works_offline(moved: Aihub) -> None:
    offline = moved("changes", "--offline", "--exit-code")
    assert offline.code == 0  # the new catalog has not been fetched: one version so far
    assert moved.catalog_requests() and len(moved.catalog_requests()) == 1
    assert moved("changes", "--exit-code").code == 1
    assert moved("changes", "--offline", "--exit-code").code == 1
    assert len(moved.catalog_requests()) == 2


def test_history_is_bounded_and_self_healing(aihub: Aihub) -> None:
    base = load_fixture_models()
    for i in range(history.KEEP + 3):
        aihub.server.set_models([*base, {"model_id": f"wave-{i}", "types": "llm"}])
        age_cache(aihub.cache_dir, 1000)
        assert aihub("list").code == 0
        age_history(aihub.state_dir, 60)
    kept = history.versions(aihub.state_dir)
    assert len(kept) == history.KEEP
    assert all(v.path.stat().st_mode & 0o777 == 0o600 for v in kept)
    # A damaged version is not a version: it goes, and the report compares the ones that read.
    kept[-2].path.write_bytes(gzip.compress(b"garbage"))
    report = json.loads(aihub("changes", "--json").out)
    assert not kept[-2].path.exists()
    assert [m["model_id"] for m in report["added"]] == [f"wave-{history.KEEP + 2}"]
    assert [m["model_id"] for m in report["removed"]] == [f"wave-{history.KEEP}"]
    assert len(history.versions(aihub.state_dir)) == history.KEEP - 1
    assert aihub("changes").code == 0  # and it stays healed


def test_a_304_records_no_new_version(aihub: Aihub) -> None:
    aihub("list")
    age_cache(aihub.cache_dir, 1000)
    aihub("list")
    assert len(aihub.catalog_requests()) == 2
    assert len(history.versions(aihub.state_dir)) == 1


def test_prices_of_unknown_unit_are_not_shown_as_dollars(aihub: Aihub) -> None:
    aihub("list")
    age_history(aihub.state_dir, 86400)
    models = copy.deepcopy(load_fixture_models())
    for model in models:
        if model.get("model_id") == "dall-e-3":
            model["pricing"]["input"] = 50  # was 40, unit not documented
    aihub.server.set_models(models)
    age_cache(aihub.cache_dir, 1000)
    lines = aihub("changes").out.splitlines()
    assert lines[-2:] == ["  dall-e-3", "    input price  40 → 50  (+25%)"]


def test_added_models_line_up_and_modalities_are_named(aihub: Aihub) -> None:
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    models = copy.deepcopy(load_fixture_models())
    for model in models:
        if model.get("model_id") == "gpt-5":
            model["input_modalities"] = "text,image,audio"
            model["output_modalities"] = "text,image"
    models += [
        {
            "model_id": f"new-model-{n}",
            "types": "llm",
            "context_length": 128000,
            "pricing": {"input": 0.5},
        }
        for n in (9, 10)
    ]
    aihub.server.set_models(models)
    age_cache(aihub.cache_dir, 1000)
    result = aihub("changes")
    assert result.code == 0
    assert result.out.splitlines()[1:] == [
        "Added (2)",
        "  + new-model-9    128K context · in $0.50",
        "  + new-model-10   128K context · in $0.50",
        "Changed (1)",
        "  gpt-5",
        "    input modalities  + audio",
        "    output modalities  + image",
    ]


def test_a_narrow_terminal_has_the_lines_broken_between_words(moved: Aihub) -> None:
    narrow = Terminal(is_terminal=True, width=24, color=False)
    result = moved("changes", terminal=narrow)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[4:] == [
        "Added (1)",
        "  + gpt-6   1M context ·",
        "      in $2",
        "Removed (1)",
        "  - o3",
        "Changed (2)",
        "  gpt-5",
        "    input price  $1.25 →",
        "      $1  (-20%)",
        "    features  + web",
        "  claude-sonnet-4-5",
        "    context  200K → 1M",
        "      (+400%)",
        "    status  active →",
        "      deprecated",
    ]
    assert lines[0] == "Catalog changes from" and lines[2] == "      to"
    # No line wider than the terminal but a word that is (a date, after its indent).
    assert all(len(line) <= 24 or " " not in line.strip() for line in lines)
    # Piped, each line stays whole for grep.
    assert "    input price  $1.25 → $1  (-20%)" in moved("changes").out.splitlines()


def test_a_move_over_1000_percent_takes_thousands_separators(aihub: Aihub) -> None:
    # It printed `(+5.9e+03%)`.
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    models = copy.deepcopy(load_fixture_models())
    for model in models:
        if model.get("model_id") == "gpt-5-nano":
            model["pricing"].update(input=3, output=400.4, cache_read=0.00499)
    aihub.server.set_models(models)
    age_cache(aihub.cache_dir, 1000)
    result = aihub("changes")
    assert result.code == 0
    assert result.out.splitlines()[1:] == [
        "Changed (1)",
        "  gpt-5-nano",
        "    input price  $0.05 → $3  (+5,900%)",
        "    output price  $0.40 → $400.40  (+100,000%)",
        "    cache read price  $0.005 → $0.00499  (-0.2%)",
    ]


def test_a_state_folder_that_cannot_be_written_is_said_as_the_cache_says_it(
    aihub: Aihub, tmp_path: Path
) -> None:
    # A file where the state folder should be: `changes` said only that nothing was kept.
    blocker = tmp_path / "afile"
    blocker.write_text("")
    result = aihub("changes", env={"AIHUBMIX_STATE_DIR": str(blocker)})
    assert (result.code, result.out) == (0, "")
    warning = f"cannot write the state in {blocker} (Not a directory); continuing without it"
    assert result.err == (
        f"aihub: warning: {warning}\n"
        + SKIP_WARNING
        + "aihub: no version of the catalog is kept yet; nothing to compare\n"
    )


def test_a_value_no_model_has_is_named_not_reported_as_no_changes(moved: Aihub) -> None:
    # `changes --type embeding --watch` said "No changes." for ever.
    result = moved("changes", "--type", "llm,embeding")
    assert result.code == 0
    assert result.err.splitlines()[-1].startswith(
        "aihub: no model has type 'embeding'; the catalog has: "
    )
    typo = moved("changes", "--features", "thinkin", "--exit-code")
    assert "aihub: no model has feature 'thinkin'; the catalog has: " in typo.err
