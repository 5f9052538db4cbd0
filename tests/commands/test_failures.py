"""docs/caching.md's "When things go wrong", line by line, through the real server and CLI.

Every broken server, with and without a cached copy; every damaged cache; a full disk.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aihubmix_cli.store import cache as cache_module
from aihubmix_cli.store import cache_io
from tests.conftest import SKIP_WARNING, Aihub, age_cache
from tests.support.bundled_catalog import bundled_suffix, bundled_warning, snapshot_ids_output
from tests.support.catalog_server import CatalogServer


def entry_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.cache")) if cache_dir.exists() else []


# Each breakage: how to cause it (given the aihub harness), and what the one line must say.
Breakage = Callable[[Aihub], dict[str, str]]


def _fault(name: str, timeout: str = "5") -> Breakage:
    def cause(aihub: Aihub) -> dict[str, str]:
        aihub.server.fault = name
        return {"AIHUBMIX_TIMEOUT": timeout}

    return cause


def _stopped(aihub: Aihub) -> dict[str, str]:
    aihub.server.stop()
    return {}


def _unresolvable(aihub: Aihub) -> dict[str, str]:
    return {"AIHUBMIX_BASE_URL": "http://no-such-host.invalid"}


BREAKAGES: dict[str, tuple[Breakage, str]] = {
    "never answers": (_fault("hang", "0.5"), "within 0.5 s"),
    "connection refused": (_stopped, "connection refused"),
    "name does not resolve": (
        _unresolvable,
        "cannot reach http://no-such-host.invalid/api/v1/models: ",
    ),
    "far too large": (_fault("huge", "30"), "sent more than 50 MB; refusing it"),
    "401 on the catalog": (_fault("401"), "answered HTTP 401"),
}


@pytest.mark.parametrize("case", [c for c in BREAKAGES if c != "401 on the catalog"])
def test_with_nothing_cached_a_broken_service_means_a_warning_and_the_bundled_catalog(
    aihub: Aihub, case: str
) -> None:
    cause, message = BREAKAGES[case]
    result = aihub("list", "-o", "ids", env=cause(aihub))
    assert (result.code, result.out) == (0, snapshot_ids_output())
    (warning,) = result.err.splitlines()
    assert warning.startswith("aihub: warning: ") and message in warning
    assert warning.endswith(bundled_suffix())
    assert entry_files(aihub.cache_dir) == []  # the snapshot is never stored as an answer


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_with_nothing_cached_a_broken_service_fails_legacy_in_one_line_and_exit_1(
    aihub: Aihub, case: str
) -> None:
    cause, message = BREAKAGES[case]
    result = aihub("legacy", env=cause(aihub))
    assert result.code == 1
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("aihub: ") and message.replace("/api", "") in result.err
    assert "Traceback" not in result.err
    assert entry_files(aihub.cache_dir) == []


def test_with_nothing_cached_a_401_on_the_catalog_is_one_line_and_exit_1(aihub: Aihub) -> None:
    aihub.server.fault = "401"
    result = aihub("list")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"aihub: {aihub.url}/api/v1/models answered HTTP 401: Invalid token; the request "
        "carried no API key\n"
    )
    assert entry_files(aihub.cache_dir) == []


@pytest.mark.parametrize("case", [c for c in BREAKAGES if c != "401 on the catalog"])
def test_with_a_cached_copy_a_broken_service_means_a_warning_and_the_copy(
    aihub: Aihub, case: str
) -> None:
    good = aihub("list", "-o", "ids")
    cached = [p.read_bytes() for p in entry_files(aihub.cache_dir)]
    age_cache(aihub.cache_dir, 2 * 3600)
    cause, message = BREAKAGES[case]
    result = aihub("list", "-o", "ids", env=cause(aihub))
    assert (result.code, result.out) == (0, good.out)
    warnings = result.err.replace(SKIP_WARNING, "").splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("aihub: warning: ")
    assert message in warnings[0]
    assert warnings[0].endswith("showing the copy cached 2 h ago")
    # The failed refresh left the stored answer as it was (only its age was rewritten above).
    assert [len(p.read_bytes()) for p in entry_files(aihub.cache_dir)] == [len(b) for b in cached]


def test_a_401_on_the_catalog_does_not_fall_back_to_the_cache(aihub: Aihub) -> None:
    aihub("list")
    age_cache(aihub.cache_dir, 3600)
    aihub.server.fault = "401"
    result = aihub("list")
    assert result.code == 1 and result.out == ""
    assert "the request carried no API key" in result.err


# -- the cache -----------------------------------------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _wrong_shape(path: Path) -> None:
    # A well-formed entry whose stored body is not a catalog at all.
    entry = cache_module.decode(path.read_bytes())
    assert entry is not None
    path.write_bytes(cache_module.encode(entry.replace(body=b'{"data": "nope"}')))


def _older_version(path: Path) -> None:
    raw = path.read_bytes()
    current = f" version={cache_io.FORMAT_VERSION} ".encode()
    assert current in raw.partition(b"\n")[0]
    path.write_bytes(raw.replace(current, b" version=1 ", 1))


def _folder(path: Path) -> None:
    path.unlink()
    (path / "squatter").mkdir(parents=True)


@pytest.mark.parametrize("damage", [_truncate, _garbage, _empty, _wrong_shape, _older_version])
def test_a_damaged_cache_is_a_miss_that_heals(aihub: Aihub, damage: Callable[[Path], None]) -> None:
    good = aihub("list", "--json")
    (entry,) = entry_files(aihub.cache_dir)
    damage(entry)
    again = aihub("list", "--json")
    assert (again.code, again.out) == (0, good.out)
    assert len(aihub.catalog_requests()) == 2  # a miss: fetched anew
    healed = aihub("list", "--json")
    assert healed.out == good.out and len(aihub.catalog_requests()) == 2  # and stored again
    assert cache_module.decode(entry.read_bytes()) is not None


def test_a_folder_on_the_answer_s_name_is_kept_and_each_run_fetches(aihub: Aihub) -> None:
    # Not aihub's to remove: the run answers from the server and says it cannot cache.
    good = aihub("list", "--json")
    (entry,) = entry_files(aihub.cache_dir)
    _folder(entry)
    for requests in (2, 3):
        again = aihub("list", "--json")
        assert (again.code, again.out) == (0, good.out)
        assert "cannot write the cache in" in again.err
        assert len(aihub.catalog_requests()) == requests
    assert (entry / "squatter").is_dir()


def test_a_damaged_cache_with_the_server_down_is_a_miss_and_the_bundled_catalog(
    aihub: Aihub,
) -> None:
    aihub("list")
    (entry,) = entry_files(aihub.cache_dir)
    _garbage(entry)
    aihub.server.stop()
    result = aihub("list", "-o", "ids")
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert result.err == bundled_warning(
        f"127.0.0.1 unreachable (cannot reach {aihub.url}/api/v1/models: connection refused)"
    )


@pytest.mark.parametrize("failing", ["replace", "write"])
def test_a_full_disk_keeps_the_old_entry_and_still_answers(
    aihub: Aihub, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    good = aihub("list", "-o", "ids")
    (entry,) = entry_files(aihub.cache_dir)
    before = entry.read_bytes()
    age_cache(aihub.cache_dir, 1000)
    aged = entry.read_bytes()
    aihub.server.set_models(aihub.server.models[:5])  # a new catalog to store

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "replace":
        monkeypatch.setattr("aihubmix_cli.store.cache.os.replace", full)
    else:
        monkeypatch.setattr("aihubmix_cli.store.cache.os.fsync", full)
    result = aihub("list", "-o", "ids")
    assert result.code == 0
    assert len(result.out.splitlines()) == 5  # the new answer, shown though not stored
    assert "No space left on device" in result.err and "continuing without it" in result.err
    assert entry.read_bytes() == aged != before  # the old entry intact
    assert [p.name for p in aihub.cache_dir.iterdir() if p.name.startswith(".tmp-")] == []
    monkeypatch.undo()
    assert aihub("list", "-o", "ids", "--offline").out == good.out


def test_eight_warm_processes_at_once(aihub: Aihub) -> None:
    first = aihub("list", "--json")
    env = {**os.environ, **{k: v for k, v in aihub.env().items() if v is not None}}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "aihubmix_cli", "list", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(8)
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]
    assert [run.returncode for run in runs] == [0] * 8
    assert {out.decode() for out in outputs} == {first.out}
    assert len(aihub.catalog_requests()) == 1  # warm: none of them asked the server


NETWORK_COMMANDS = [
    ("list",),
    ("show", "gpt-5"),
    ("compare", "gpt-5", "o3"),
    ("export", "litellm", "gpt-5"),
    ("legacy",),
    ("legacy", "gpt-5"),
    ("changes",),
    ("audit", "."),
]
BAD_URLS = {
    "not a url": "is not an http:// or https:// URL",
    "file:///etc/passwd": "is not an http:// or https:// URL",
    "javascript:alert(1)": "is not an http:// or https:// URL",
    "127.0.0.1:8080": "is not an http:// or https:// URL",
    "http://[::1": "is not a usable URL",
    "http://127.0.0.1:99999": "is not a usable URL",
    "https://:443": "is not a usable URL",
}


@pytest.mark.parametrize("url", list(BAD_URLS))
def test_a_bad_base_url_is_a_usage_error_on_every_network_command(
    aihub: Aihub, url: str, tmp_path: Path
) -> None:
    assert aihub("list").code == 0  # a fresh copy: a configuration error is said all the same
    for args in NETWORK_COMMANDS:
        result = aihub(*args, env={"AIHUBMIX_BASE_URL": f"{aihub.url},{url}"})
        assert (result.code, result.out) == (2, ""), (args, result)
        assert result.err == f"aihub: AIHUBMIX_BASE_URL '{url}' {BAD_URLS[url]}\n", args
    assert len(aihub.server.requests) == 1
    # --offline touches no network: the base URL is not its business.
    offline = aihub("list", "-o", "ids", "--offline", env={"AIHUBMIX_BASE_URL": url})
    assert offline.code == 0


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://", "'http://' is not a usable URL"),
        (" https:// ", "'https://' is not a usable URL"),
        ("https://alice:s3cret@/v1/", "'https://***@/v1/' is not a usable URL"),
        ("http://a b/", "'http://a b/' is not a usable URL"),
        ("http://x\x07/", "'http://x\\x07/' is not a usable URL"),
    ],
)
def test_a_bad_base_url_is_quoted_as_it_was_set(aihub: Aihub, url: str, said: str) -> None:
    # `http://` was quoted as 'http:' (the trailing / dropped) and called no http:// URL.
    for value in (url, f"{aihub.url},{url}"):
        result = aihub("list", env={"AIHUBMIX_BASE_URL": value})
        assert (result.code, result.out, result.err) == (
            2,
            "",
            f"aihub: AIHUBMIX_BASE_URL {said}\n",
        )
    assert aihub.server.requests == []


def test_a_bad_base_url_hides_its_credentials(aihub: Aihub) -> None:
    result = aihub("list", env={"AIHUBMIX_BASE_URL": "ftp://alice:s3cret@mirror"})
    assert (result.code, result.err) == (
        2,
        "aihub: AIHUBMIX_BASE_URL 'ftp://***@mirror' is not an http:// or https:// URL\n",
    )


def test_credentials_in_the_base_url_never_show(aihub: Aihub) -> None:
    with CatalogServer() as other:
        port = other.url.rsplit(":", 1)[1]
    env = {"AIHUBMIX_BASE_URL": f"http://alice:s3cret@127.0.0.1:{port}"}
    failed = aihub("legacy", env=env)
    assert failed.code == 1
    assert f"http://***@127.0.0.1:{port}/v1/models" in failed.err
    bundled = aihub("list", env=env)
    assert bundled.code == 0
    # Refused a moment ago: not asked again, and the warning names it, credentials hidden.
    assert f"(http://***@127.0.0.1:{port} refused the connection just now" in bundled.err
    refreshed = aihub("list", "--refresh", env=env)
    assert f"http://***@127.0.0.1:{port}/api/v1/models" in refreshed.err
    for result in (failed, bundled, refreshed):
        assert "s3cret" not in result.err and "alice" not in result.err


def test_a_closed_stdout_is_one_line_and_exit_1(aihub: Aihub) -> None:
    def close_stdout() -> None:
        os.close(1)

    aihub("list")  # warm
    for args in (("list",), ("list", "--json"), ("show", "gpt-5")):
        result = aihub.subprocess(*args, preexec_fn=close_stdout, stdout=None)
        assert result.returncode == 1, args
        assert result.stderr == "aihub: cannot write the output: standard output is closed\n"
    cleared = aihub.subprocess("cache", "clear", preexec_fn=close_stdout, stdout=None)
    assert cleared.returncode == 0 and cleared.stderr.startswith("aihub: removed ")
