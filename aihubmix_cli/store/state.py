"""The state folder: what aihub must not forget, apart from the cache people wipe freely.

It holds the catalog's kept versions (`history/`, aihubmix_cli/store/history.py) and the watchers of
`aihub changes --watch NAME` (`watchers/NAME`: the version that watcher last reported).
`aihub cache clear` never touches it. Releases before it kept the history in the cache folder;
`migrate` moves those versions over, once, without losing one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.store import history

WATCHERS = "watchers"
_WATCHER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def migrate(cache_dir: str, state_dir: str) -> None:
    """Move the versions an earlier release kept in the cache folder into the state folder.

    Each file is moved whole or not at all (a copy written atomically, then the original
    removed), so an interrupted move loses nothing and the next run finishes it. Files that
    are not versions stay where they are.
    """
    old = Path(cache_dir) / history.FOLDER
    if not old.is_dir() or old.is_symlink():
        return  # the usual case: nothing left to move
    new = history.folder(state_dir)
    try:
        if old.resolve() == new.resolve():
            return  # both settings name one folder: it is already where it belongs
        sources = list(old.iterdir())
        Path(state_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        new.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return  # tried again by the next run; nothing has moved yet
    from aihubmix_cli.store.cache_io import write_atomically

    for source in sources:
        with contextlib.suppress(OSError):
            if source.name.startswith(".tmp-"):  # an interrupted write of an earlier release
                source.unlink()
                continue
            if not history.is_version_name(source.name) or source.is_symlink():
                continue
            target = new / source.name
            # The name holds the fetch time and the body's digest: the same name is the same
            # version, already moved.
            if not target.exists():
                write_atomically(target, source.read_bytes())
            source.unlink()
    with contextlib.suppress(OSError):
        old.rmdir()  # only when empty: anything not ours stays


def unwritable(state_dir: str) -> str | None:
    """Why nothing can be kept in the state folder (`Not a directory`: a file stands where it
    should be), or None; makes it, private, when it is missing. Writing the history is best
    effort for the run that fetches, but a command that promises to remember asks first."""
    try:
        Path(state_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        history.folder(state_dir).mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:  # a file, not a folder, where the folder should be
        import errno

        return os.strerror(errno.ENOTDIR)
    except OSError as error:
        return error.strerror or type(error).__name__
    if not os.access(history.folder(state_dir), os.W_OK | os.X_OK):
        import errno

        return os.strerror(errno.EACCES)
    return None


def unwritable_warning(state_dir: str, reason: str) -> str:
    """As the cache's: `cannot write the cache in DIR (REASON); continuing without it`."""
    return f"cannot write the state in {state_dir} ({reason}); continuing without it"


# -- watchers --------------------------------------------------------------------------------


class Seen(NamedTuple):
    """The version a watcher last reported."""

    fetched_at: float
    digest: str


def check_watcher(name: str) -> str:
    """`name` if it can name a watcher's file, else UsageError (exit 2)."""
    if _WATCHER_NAME.fullmatch(name) and name not in (".", ".."):
        return name
    from aihubmix_cli.base.text import quoted

    raise UsageError(
        f"--watch takes a name of letters, digits, '.', '_' and '-' (at most 64, no path "
        f"separators), such as 'ci' or 'daily-cron'; not {quoted(name)}"
    )


def watcher_path(state_dir: str, name: str) -> Path:
    return Path(state_dir) / WATCHERS / check_watcher(name)


def last_seen(state_dir: str, name: str) -> Seen | None:
    """What watcher `name` last reported, or None: never asked, or its file is damaged."""
    from aihubmix_cli.store.cache_io import open_regular, read_at

    opened = open_regular(str(watcher_path(state_dir, name)))  # a FIFO there must not hang us
    if opened is None:
        return None
    fd, size = opened
    try:
        raw = read_at(fd, min(size, 4096), 0)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        data: Any = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    fetched_at, digest = data.get("fetched_at"), data.get("digest")
    if not isinstance(fetched_at, (int, float)) or isinstance(fetched_at, bool):
        return None
    if not isinstance(digest, str):
        return None
    return Seen(float(fetched_at), digest)


def remember(state_dir: str, name: str, version: history.Version) -> str | None:
    """Record that watcher `name` has reported up to `version`; the reason it could not."""
    from aihubmix_cli.store.cache_io import write_atomically

    path = watcher_path(state_dir, name)
    payload = {"fetched_at": version.fetched_at, "digest": version.digest}
    try:
        Path(state_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        write_atomically(path, json.dumps(payload).encode())
    except OSError as error:
        return error.strerror or type(error).__name__
    return None


def watchers(state_dir: str) -> list[str]:
    """The watchers' names, for `aihub cache info`."""
    try:
        names = [path.name for path in (Path(state_dir) / WATCHERS).iterdir()]
    except OSError:
        return []
    return sorted(name for name in names if _WATCHER_NAME.fullmatch(name))
