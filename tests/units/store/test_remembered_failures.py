"""A server that accepts connections and never answers costs one timeout, not one per run: for
a minute aihub answers at once from what it has, says so, and `--refresh` asks anyway."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import SKIP_WARNING, Aihub, age_cache
from tests.support.bundled_catalog import bundled_suffix, snapshot_ids_output
from tests.support.catalog_server import CatalogServer


class Silent:
    """A loopback socket that accepts every connection, counts it, and never says a word."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.connections: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    @property
    def accepted(self) -> int:
        return len(self.connections)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)  # held open, never read, never answered

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.listener.close()


@pytest.fixture
def silent() -> Iterator[Silent]:
    server = Silent()
    yield server
    server.close()


def test_a_silent_server_is_waited_for_once_then_not_asked_for_a_minute(
    aihub: Aihub, silent: Silent
) -> None:
    env = {"AIHUBMIX_BASE_URL": silent.url, "AIHUBMIX_TIMEOUT": "1"}
    first = aihub("list", "-o", "ids", env=env)
    assert (first.code, first.out) == (0, snapshot_ids_output())
    assert first.err == (
        f"aihub: warning: 127.0.0.1 unreachable (no answer from {silent.url}/api/v1/models "
        f"within 1 s){bundled_suffix()}\n"
    )
    assert silent.accepted == 1

    second = aihub("list", "-o", "ids", env=env)
    assert (second.code, second.out) == (0, snapshot_ids_output())
    assert silent.accepted == 1  # not asked: answered at once from the snapshot
    (warning,) = second.err.splitlines()
    assert warning.startswith(
        f"aihub: warning: 127.0.0.1 unreachable ({silent.url} did not answer just now (no "
        "answer within 1 s) and is not asked again within 60 s; --refresh asks now)"
    )
    assert warning.endswith(bundled_suffix())

    # Other commands, and legacy's other path, keep away from it too.
    legacy = aihub("legacy", env=env)
    assert legacy.code == 1 and "is not asked again within 60 s; --refresh asks now" in legacy.err
    assert silent.accepted == 1

    refreshed = aihub("list", "-o", "ids", "--refresh", env=env)
    assert refreshed.code == 0 and "no answer from" in refreshed.err
    assert silent.accepted == 2


def test_with_a_stored_copy_the_second_run_answers_from_it_without_asking(
    aihub: Aihub, silent: Silent
) -> None:
    good = aihub("list", "-o", "ids")
    age_cache(aihub.cache_dir, 2 * 3600)
    env = {"AIHUBMIX_BASE_URL": silent.url, "AIHUBMIX_TIMEOUT": "1"}
    first = aihub("list", "-o", "ids", env=env)
    assert (first.code, first.out) == (0, good.out)
    assert first.err == (
        f"aihub: warning: no answer from {silent.url}/api/v1/models within 1 s; "
        "showing the copy cached 2 h ago\n"
    )
    second = aihub("list", "-o", "ids", env=env)
    assert (second.code, second.out) == (0, good.out)
    assert second.err == (
        f"aihub: warning: {silent.url} did not answer just now (no answer within 1 s) and is "
        "not asked again within 60 s; --refresh asks now; showing the copy cached 2 h ago\n"
    )
    assert silent.accepted == 1


def test_the_window_is_a_minute_and_an_answer_ends_it(aihub: Aihub, silent: Silent) -> None:
    env = {"AIHUBMIX_BASE_URL": silent.url, "AIHUBMIX_TIMEOUT": "1"}
    assert aihub("list", "-o", "ids", env=env).code == 0
    assert silent.accepted == 1
    note = aihub.cache_dir / "unreachable"
    assert note.stat().st_mode & 0o777 == 0o600
    assert silent.url not in note.read_text()  # base URLs are noted by checksum only
    # A minute later it is asked again.
    lines = note.read_text().splitlines()
    name, at, cause = lines[1].split(" ", 2)
    note.write_text(f"{lines[0]}\n{name} {float(at) - 61!r} {cause}\n")
    assert aihub("list", "-o", "ids", env=env).code == 0
    assert silent.accepted == 2
    # A mirror that answers is asked while the silent one rests; the silent one's note stays.
    mirrors = {"AIHUBMIX_BASE_URL": f"{silent.url},{aihub.url}", "AIHUBMIX_TIMEOUT": "1"}
    answered = aihub("list", "-o", "ids", env=mirrors)
    assert (answered.code, answered.err) == (0, SKIP_WARNING)
    assert silent.accepted == 2
    assert len(note.read_text().splitlines()) == 2
    assert aihub("cache", "clear").code == 0
    assert not note.exists()


def test_an_answer_from_the_server_ends_its_window(aihub: Aihub) -> None:
    port = int(aihub.url.rsplit(":", 1)[1])
    aihub.server.stop()
    assert "connection refused" in aihub("list", "-o", "ids").err
    note = aihub.cache_dir / "unreachable"
    assert note.exists()
    with CatalogServer(port=port):  # back, at the same address
        # Within the window it is not asked...
        assert "is not asked again within 60 s" in aihub("list", "-o", "ids").err
        # ... until --refresh asks, and its answer removes the note.
        assert aihub("list", "-o", "ids", "--refresh").err == SKIP_WARNING
        assert not note.exists()
        assert aihub("list", "-o", "ids").err == ""


def test_connecting_gives_up_long_before_the_answer_would(aihub: Aihub) -> None:
    # A listener whose queue is full: the kernel drops further connection attempts, as a
    # firewall that drops packets does.
    with socket.create_server(("127.0.0.1", 0), backlog=0) as full:
        url = f"http://127.0.0.1:{full.getsockname()[1]}"
        with socket.create_connection(full.getsockname()[:2], timeout=5):
            result = aihub("list", "-o", "ids", env={"AIHUBMIX_BASE_URL": url})
    assert result.code == 0
    # AIHUBMIX_TIMEOUT is 5 s here: the connection got 3 of them, not all five.
    assert f"(cannot reach {url}/api/v1/models: no connection within 3 s)" in result.err


def test_a_refusal_is_remembered_too(aihub: Aihub) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    env = {"AIHUBMIX_BASE_URL": url}
    refused = aihub("list", "-o", "ids", env=env)
    assert refused.code == 0
    assert f"(cannot reach {url}/api/v1/models: connection refused)" in refused.err
    again = aihub("list", "-o", "ids", env=env)
    # A refusal is said as one, and a second ago as "just now".
    assert f"({url} refused the connection just now and is not asked again" in again.err
