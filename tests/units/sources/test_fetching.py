"""Fetching through the cache, end to end: what the server sees and what the user gets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aihubmix_cli.store import history
from aihubmix_cli.store.cache import Cache
from tests.conftest import SKIP_WARNING, Aihub, age_cache, run_subprocess
from tests.support.bundled_catalog import bundled_suffix, bundled_warning, snapshot_ids_output
from tests.support.catalog_server import CatalogServer


def cache_files(cache_dir: Path) -> list[str]:
    """The files in the cache folder but its tag, which marks it as aihub's for good."""
    if not cache_dir.exists():
        return []
    return sorted(p.name for p in cache_dir.iterdir() if p.name != "CACHEDIR.TAG")


def test_second_run_within_max_age_sends_no_request(aihub: Aihub) -> None:
    first = aihub("list", "--json")
    second = aihub("list", "--json")
    assert first.code == second.code == 0
    assert first.out == second.out
    assert len(aihub.catalog_requests()) == 1


def test_after_max_age_one_conditional_request_answered_304(aihub: Aihub) -> None:
    first = aihub("list", "--json")
    etag = aihub.catalog_requests()[0]
    age_cache(aihub.cache_dir, 700)  # past max-age (300) and stale-while-revalidate (300)
    second = aihub("list", "--json")
    requests = aihub.catalog_requests()
    assert len(requests) == 2
    assert requests[1].headers["if-none-match"].startswith('"')
    assert second.out == first.out and second.code == 0
    assert "warning" not in second.err.replace(SKIP_WARNING, "")
    # The 304 restarted the freshness clock: the next run asks nothing.
    aihub("list", "--json")
    assert len(aihub.catalog_requests()) == 2
    assert etag.headers.get("if-none-match") is None  # the first request was unconditional


def test_a_changed_catalog_replaces_the_cached_one(aihub: Aihub) -> None:
    aihub("list")
    aihub.server.set_models([{"model_id": "brand-new", "types": "llm"}])
    assert aihub("list", "-o", "ids").out == aihub("list", "-o", "ids").out  # still cached
    age_cache(aihub.cache_dir, 700)
    assert aihub("list", "-o", "ids").out == "brand-new\n"
    assert aihub("list", "-o", "ids", "--offline").out == "brand-new\n"


def test_refresh_revalidates_a_fresh_copy(aihub: Aihub) -> None:
    aihub("list")
    result = aihub("list", "--refresh", "-o", "ids")
    assert result.code == 0
    requests = aihub.catalog_requests()
    assert len(requests) == 2 and "if-none-match" in requests[1].headers


def test_server_gone_serves_the_cached_copy_with_a_warning(aihub: Aihub) -> None:
    first = aihub("list", "--json")
    aihub.server.stop()
    age_cache(aihub.cache_dir, 720)
    second = aihub("list", "--json")
    assert second.code == 0
    assert second.out == first.out
    warnings = second.err.replace(SKIP_WARNING, "").splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("aihub: warning: cannot reach http://127.0.0.1:")
    assert "connection refused" in warnings[0]
    assert warnings[0].endswith("showing the copy cached 12 min ago")


def test_within_stale_while_revalidate_a_failed_refresh_is_quiet(aihub: Aihub) -> None:
    first = aihub("list", "-o", "ids")
    aihub.server.stop()
    age_cache(aihub.cache_dir, 400)  # past max-age 300, within max-age + swr 600
    second = aihub("list", "-o", "ids")
    assert (second.code, second.out, second.err) == (0, first.out, "")


def test_within_stale_while_revalidate_a_hanging_server_costs_two_seconds_at_most(
    aihub: Aihub,
) -> None:
    first = aihub("list", "-o", "ids")
    aihub.server.fault = "hang"
    age_cache(aihub.cache_dir, 400)
    started = time.monotonic()
    second = aihub("list", "-o", "ids", env={"AIHUBMIX_TIMEOUT": "30"})
    assert (second.code, second.out, second.err) == (0, first.out, "")
    # Not a benchmark: the bound is the behaviour (2 s instead of 30), with room for a slow CI.
    assert time.monotonic() - started < 15


def test_no_cache_and_no_server_is_the_bundled_catalog_naming_url_and_cause(aihub: Aihub) -> None:
    url = aihub.url
    aihub.server.stop()
    result = aihub("list", "-o", "ids")
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert result.err == bundled_warning(
        f"127.0.0.1 unreachable (cannot reach {url}/api/v1/models: connection refused)"
    )


def test_timeout_with_no_cache(aihub: Aihub) -> None:
    aihub.server.fault = "hang"
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_TIMEOUT": "0.5"})
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert result.err == bundled_warning(
        f"127.0.0.1 unreachable (no answer from {aihub.server.url}/api/v1/models within 0.5 s)"
    )


def test_offline_never_touches_the_network(aihub: Aihub) -> None:
    missing = aihub("list", "--offline", "-o", "ids")
    assert (missing.code, missing.out) == (0, snapshot_ids_output())
    assert missing.err == bundled_warning("--offline and nothing cached yet")
    assert aihub.server.requests == []
    aihub("list")
    age_cache(aihub.cache_dir, 10_000)
    result = aihub("list", "--offline", "-o", "ids")
    assert result.code == 0 and result.out
    assert len(aihub.catalog_requests()) == 1


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("500", "answered HTTP 500: 服务器内部错误，请稍后重试"),
        ("502", "answered HTTP 502"),
        ("400", "answered HTTP 400: 请求参数格式错误"),
        ("error200", "the server reported an error: upstream quota exceeded"),
        ("success_false", "the server reported a failure: 请求参数格式错误"),
        ("no_data", "the server's answer holds no list of models"),
        ("invalid_json", "the server sent invalid JSON"),
        ("html", "the server sent an HTML page instead of JSON"),
        ("empty", "the server sent an empty response"),
        ("truncated", "closed the connection before the answer was complete"),
        ("redirect", "redirected to /elsewhere; set AIHUBMIX_BASE_URL to the new address"),
    ],
)
def test_bad_answers_fail_cleanly_and_are_never_stored(
    aihub: Aihub, fault: str, message: str
) -> None:
    aihub.server.fault = fault
    result = aihub("list", "-o", "ids")
    assert (result.code, result.out) == (0, snapshot_ids_output())
    (warning,) = result.err.splitlines()
    assert message in warning and warning.endswith(bundled_suffix())
    # The server answered, but not with a catalog; or the answer never arrived whole.
    unreachable = fault in ("truncated", "redirect")
    subject = "127.0.0.1 unreachable" if unreachable else "no usable answer from 127.0.0.1"
    assert warning.startswith(f"aihub: warning: {subject} (")
    # Nothing stored but the note that the bundled catalog answered (for `aihub cache info`).
    assert cache_files(aihub.cache_dir) == ["bundled-snapshot-used.json"]

    # With a good copy cached, the same failure shows the copy and warns.
    aihub.server.fault = None
    good = aihub("list", "-o", "ids")
    aihub.server.fault = fault
    # The catalog moved on, so the cached ETag no longer matches and a 304 cannot save us.
    aihub.server.set_models(aihub.server.models[:-1])
    age_cache(aihub.cache_dir, 3600)
    stale = aihub("list", "-o", "ids")
    assert (stale.code, stale.out) == (0, good.out)
    assert message in stale.err and "showing the copy cached 1 h ago" in stale.err
    aihub.server.fault = None
    assert aihub("list", "-o", "ids", "--offline").out == good.out  # the copy was kept


def test_malformed_base_url_is_a_usage_error_not_a_crash(aihub: Aihub) -> None:
    for command in ("list", "legacy"):
        result = aihub(command, env={"AIHUBMIX_BASE_URL": "ftp://example.invalid"})
        assert (result.code, result.out) == (2, "")
        assert result.err == (
            "aihub: AIHUBMIX_BASE_URL 'ftp://example.invalid' is not an http:// or https:// URL\n"
        )
    not_a_url = aihub("list", env={"AIHUBMIX_BASE_URL": "not a url"})
    assert (not_a_url.code, not_a_url.out) == (2, "")


def test_mirrors_are_tried_in_order_and_share_the_cache(aihub: Aihub) -> None:
    with CatalogServer() as dead:
        dead_url = dead.url
    mirrors = f"{dead_url},{aihub.server.url}"
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_BASE_URL": mirrors})
    assert result.code == 0 and result.out
    assert len(aihub.catalog_requests()) == 1
    # The other order, the same request: the cache answers whichever mirror filled it.
    again = aihub("list", "-o", "ids", env={"AIHUBMIX_BASE_URL": f"{aihub.server.url},{dead_url}"})
    assert again.out == result.out and len(aihub.catalog_requests()) == 1


@pytest.mark.parametrize("value", ["soon", "0", "-3", "inf"])
def test_bad_timeout_is_a_usage_error(aihub: Aihub, value: str) -> None:
    result = aihub("list", env={"AIHUBMIX_TIMEOUT": value})
    assert result.code == 2
    assert result.err == (
        f"aihub: AIHUBMIX_TIMEOUT must be a number of seconds above 0, not '{value}'\n"
    )


@pytest.mark.parametrize("value", ["abc", "0", "1e10"])
def test_a_bad_timeout_is_exit_2_however_fresh_the_cache(aihub: Aihub, value: str) -> None:
    # As a bad AIHUBMIX_BASE_URL is: the same run must not pass or fail by the cache's age.
    assert aihub("list", "-o", "ids").code == 0
    asked = len(aihub.catalog_requests())
    why = "must be a number of seconds above 0"
    if value == "1e10":
        why = "must be at most 86400 seconds"
    for args in (("list", "-o", "ids"), ("show", "gpt-5", "--json"), ("export", "llm", "gpt-5")):
        result = aihub(*args, env={"AIHUBMIX_TIMEOUT": value})
        assert (result.code, result.out) == (2, "")
        assert result.err == f"aihub: AIHUBMIX_TIMEOUT {why}, not '{value}'\n"
    assert len(aihub.catalog_requests()) == asked


def test_unwritable_cache_folder_means_one_warning_and_an_answer(
    aihub: Aihub, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_CACHE_DIR": str(blocker / "cache")})
    assert result.code == 0 and result.out
    warnings = result.err.replace(SKIP_WARNING, "").splitlines()
    assert warnings == [
        f"aihub: warning: cannot write the cache in {blocker / 'cache'} (Not a directory); "
        "continuing without it"
    ]


def test_corrupt_cache_is_a_miss_that_heals(aihub: Aihub) -> None:
    first = aihub("list", "-o", "ids")
    (entry,) = aihub.cache_dir.glob("*.cache")
    entry.write_bytes(entry.read_bytes()[:1000])
    second = aihub("list", "-o", "ids")
    assert second.out == first.out and second.code == 0
    assert len(aihub.catalog_requests()) == 2
    aihub("list")
    assert len(aihub.catalog_requests()) == 2  # healed: fresh again


def test_cache_files_are_private(aihub: Aihub) -> None:
    aihub("list")
    assert aihub.cache_dir.stat().st_mode & 0o777 == 0o700
    paths = list(aihub.cache_dir.rglob("*"))
    # The tag, the answer, its parsed copy, the completion index.
    assert len(paths) == 4
    # The state folder, the history and its version.
    assert aihub.state_dir.stat().st_mode & 0o777 == 0o700
    paths += list(aihub.state_dir.rglob("*"))
    assert len(paths) == 6
    for path in paths:
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path


def test_cache_info_and_clear(aihub: Aihub) -> None:
    aihub("list")
    aihub("list", "--sort", "coding")
    info = json.loads(aihub("cache", "info", "--json").out)
    assert info["path"] == str(aihub.cache_dir)
    assert sorted(e["request"] for e in info["entries"]) == [
        "/api/v1/models",
        "/api/v1/models?sort_by=coding",
    ]
    assert all(e["state"] == "fresh" and e["size"] > 1000 for e in info["entries"])
    text = aihub("cache", "info").out.splitlines()
    assert text[0] == f"path:     {aihub.cache_dir}"
    assert text[1].startswith("entries:  2 cached answers, ")
    Cache(aihub.cache_dir).path_for("/api/v1/models").write_bytes(b"garbage")
    assert "unreadable (replaced on next fetch)" in aihub("cache", "info").out
    cleared = aihub("cache", "clear")
    assert cleared.code == 0
    # The two answers, their parsed copies and the completion index; the catalog history is
    # state, and stays.
    assert cleared.err == f"aihub: removed 5 cache files from {aihub.cache_dir}\n"
    assert cache_files(aihub.cache_dir) == []
    assert len(history.versions(aihub.state_dir)) == 1


def test_parallel_cold_runs_all_succeed_and_leave_a_valid_cache(aihub: Aihub) -> None:
    env = {k: v for k, v in os.environ.items()}
    env.update({k: v for k, v in aihub.env().items() if v is not None})
    for key in ("NO_COLOR", "FORCE_COLOR", "AIHUBMIX_API_KEY"):
        env.pop(key, None)
    command = [sys.executable, "-m", "aihubmix_cli", "list", "--json"]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(8)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0] * 8
    assert len({out for out, _ in outputs}) == 1
    names = cache_files(aihub.cache_dir)
    # One answer and its parsed copy and the completion index; no temporary file left
    # behind. (The history is in the state folder.)
    assert len(names) == 3 and names[0].endswith(".cache") and names[1].endswith(".parsed")
    assert names[2:] == ["completion-index"]
    # Each cold run may have kept the catalog; the history holds it once.
    assert len(history.versions(aihub.state_dir)) == 1
    assert aihub("list", "--json", "--offline").out.encode() == outputs[0][0]


def test_spinner_only_when_stderr_is_a_terminal(aihub: Aihub) -> None:
    aihub.server.fault = "slow"
    result, seen = aihub.on_terminal("list", "-o", "ids", stream="stderr")
    assert result.returncode == 0
    assert "Fetching /api/v1/models" in seen

    aihub.server.fault = "slow"
    piped = aihub.subprocess("list", "-o", "ids", "--refresh")
    assert piped.stderr == ""  # no spinner; a 304 brings no news to warn about


# `list` takes the typer-free path; the others go through typer, which handles Ctrl-C itself.
@pytest.mark.parametrize("command", [["list"], ["show", "gpt-5"], ["changes"], ["legacy"]])
def test_ctrl_c_during_a_fetch_exits_130_and_leaves_no_partial_file(
    aihub: Aihub, command: list[str]
) -> None:
    aihub.server.fault = "hang"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIHUBMIX_", "NO_COLOR"))}
    env.update({k: v for k, v in aihub.env({"AIHUBMIX_TIMEOUT": "30"}).items() if v})
    process = subprocess.Popen(
        [sys.executable, "-m", "aihubmix_cli", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while not aihub.server.requests and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the request to arrive, not for time to pass
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert (out, err) == ("", "aihub: interrupted\n")
    assert cache_files(aihub.cache_dir) == []


def test_closed_pipe_ends_quietly(server: CatalogServer, cache_dir: Path) -> None:
    server.set_models([{"model_id": f"m{i}", "types": "llm"} for i in range(20000)])
    env = {
        "AIHUBMIX_BASE_URL": server.url,
        "AIHUBMIX_CACHE_DIR": str(cache_dir),
    }
    shell = f"'{sys.executable}' -m aihubmix_cli list | head -1; echo \"status ${{PIPESTATUS[0]}}\""
    result = subprocess.run(
        ["bash", "-c", shell],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.splitlines() == [
        "model_id\ttypes\tcontext_length\tmax_output\tpricing.input\tpricing.output\t"
        "pricing.cache_read\tfeatures\tinput_modalities",
        "status 0",
    ]
    assert result.stderr == ""


def test_python_dash_m_and_version(aihub: Aihub) -> None:
    from aihubmix_cli import __version__

    result = run_subprocess("--version", env={})
    assert (result.returncode, result.stdout) == (0, f"aihub {__version__}\n")


def test_a_304_without_cache_control_keeps_the_stored_lifetimes(aihub: Aihub) -> None:
    aihub.server.max_age, aihub.server.swr = 600, 120
    aihub("list")
    aihub.server.send_cache_control = False
    age_cache(aihub.cache_dir, 1000)
    aihub("list")
    assert len(aihub.catalog_requests()) == 2  # revalidated, answered 304
    (entry,) = json.loads(aihub("cache", "info", "--json").out)["entries"]
    assert (entry["max_age"], entry["stale_while_revalidate"], entry["state"]) == (
        600,
        120,
        "fresh",
    )


def test_a_skipped_entry_is_reported_once_when_the_server_sends_it(aihub: Aihub) -> None:
    assert aihub("list").err == SKIP_WARNING
    assert aihub("list").err == ""  # the same cached answer: nothing new to say
    age_cache(aihub.cache_dir, 1000)
    assert aihub("list").err == ""  # a 304: still nothing new
    aihub.server.set_models(aihub.server.models[:-1])
    age_cache(aihub.cache_dir, 1000)
    assert aihub("list").err == SKIP_WARNING  # a new answer that still carries it


def test_output_that_cannot_be_written_is_one_line(aihub: Aihub) -> None:
    with Path("/dev/full").open("w") as full:
        result = aihub.subprocess("list", stdout=full)
    assert result.returncode == 1
    assert result.stderr.endswith("aihub: cannot write the output: No space left on device\n")


def test_arguments_that_are_not_text_are_a_usage_error(aihub: Aihub) -> None:
    result = aihub("list", "--tag", "\udcff")  # how Python passes the byte 0xff from argv
    assert (result.code, result.out) == (2, "")
    assert result.err == "aihub: an argument is not valid text in UTF-8\n"
    assert aihub.server.requests == []


def test_a_bad_timeout_does_not_stop_commands_that_make_no_request(aihub: Aihub) -> None:
    aihub("list")
    env = {"AIHUBMIX_TIMEOUT": "soon"}
    assert aihub("cache", "info", env=env).code == 0
    assert aihub("list", "--offline", "-o", "ids", env=env).code == 0
    assert aihub("cache", "clear", env=env).code == 0


@pytest.mark.parametrize("suffix", ["/v1", "/v1/", "/V1"])
def test_the_openai_sdk_base_url_is_accepted(aihub: Aihub, suffix: str) -> None:
    """AIHubMix tells OpenAI SDK users to set https://aihubmix.com/v1; aihub adds the paths."""
    url = aihub.server.url + suffix
    listed = aihub("list", "-o", "ids", env={"AIHUBMIX_BASE_URL": url})
    assert (listed.code, listed.err) == (0, SKIP_WARNING)
    assert listed.out.startswith("gpt-5\n")
    legacy = aihub("legacy", "-o", "ids", env={"AIHUBMIX_BASE_URL": url})
    assert legacy.code == 0 and "claude-3-haiku-20240307\n" in legacy.out
    assert [r.path for r in aihub.server.requests] == ["/api/v1/models", "/v1/models"]
