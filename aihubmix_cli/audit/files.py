"""Which files `aihub audit` reads.

Inside a git work tree: the files git tracks or would track (`git ls-files --cached
--others --exclude-standard`), so `.gitignore` is honoured. Elsewhere: a walk that skips
hidden folders, virtualenvs (a folder holding `pyvenv.cfg`), `node_modules` and
`__pycache__`. Either way symbolic links are not followed. Binary and very large files are
skipped when read (see `audit.read_text`). A file named on the command line is always read.
"""

# Paths are strings here, joined and tested with os.path: for a tree of ten thousand files,
# `Path` objects cost more than the walk itself.
# ruff: noqa: PTH110, PTH117, PTH118, PTH120

from __future__ import annotations

import contextlib
import marshal
import os
import re
import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from aihubmix_cli.base.errors import UsageError

SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})
# Files with a NUL byte in their first 8 KiB are binary, as git and grep judge it.
BINARY_PROBE = 8192
MAX_FILE_SIZE = 4 * 1024 * 1024
_FIRST_READ = 64 * 1024
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


class Listing:
    """The files under `paths` (see `files_under`), listed while the caller does other work
    (loading the catalog, building the matcher): on Linux by a forked process, which sends
    the list back in `marshal`'s format. A path that does not exist fails at once.

    Use it as a context manager: leaving it stops the process if its list was not taken.
    """

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        folders = False
        for given in paths:
            path = Path(given)
            if not path.exists() and not path.is_symlink():
                raise UsageError(f"no such file or folder: {given}")
            folders = folders or path.is_dir()
        self._pid, self._pipe = 0, -1
        # What was passed over (folders that could not be listed, FIFOs...), each with the
        # reason: the audit says so.
        self.unreadable: list[tuple[str, str]] = []
        if folders and sys.platform.startswith("linux"):  # files named are listed as named
            self._pipe, out = os.pipe()
            parent = os.getpid()
            self._pid = os.fork()
            if self._pid == 0:
                _list_into(paths, self._pipe, out, parent)
            os.close(out)

    def files(self) -> list[str]:
        if not self._pid:
            return list(files_under(self.paths, self.unreadable))
        with os.fdopen(self._pipe, "rb") as stream:
            self._pipe = -1
            data = stream.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status != 0:  # list here, to fail as the listing fails
            return list(files_under(self.paths, self.unreadable))
        files: list[str]
        files, unreadable = marshal.loads(data)
        self.unreadable = [(folder, reason) for folder, reason in unreadable]
        return files

    def __enter__(self) -> Listing:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pipe >= 0:
            os.close(self._pipe)
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)


def _list_into(paths: list[str], unused: int, out: int, parent: int) -> NoReturn:
    code = 1
    try:
        from aihubmix_cli.audit.workers import die_with_parent

        die_with_parent(parent)  # a listing of a huge tree ends with aihub, whatever ends it
        os.close(unused)
        unreadable: list[tuple[str, str]] = []
        data = marshal.dumps((list(files_under(paths, unreadable)), unreadable))
        with os.fdopen(out, "wb") as stream:
            stream.write(data)
        code = 0
    finally:
        os._exit(code)


def files_under(paths: list[str], unreadable: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """The files to read under each of `paths`, each once, in a stable order, named as
    `pathlib` would name them (`./src/` gives `src/app.py`). Each folder that cannot be
    listed, and each named path that is not a file to read, goes into `unreadable` with
    the reason."""
    seen: set[str] = set()
    if unreadable is None:
        unreadable = []
    for given in paths:
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"no such file or folder: {given}")
        folder = str(path)
        if path.is_dir():
            listed = _git_files(folder, unreadable)
            found = listed if listed is not None else _walk(folder, unreadable)
        elif _regular(folder):
            found = [folder]
        else:  # a FIFO, a device or a socket named: reading it could wait for ever
            unreadable.append((folder, "not a regular file"))
            found = []
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return True  # read, to report why it cannot be


def _child(folder: str, name: str) -> str:
    return name if folder == "." else os.path.join(folder, name)


def _git_files(folder: str, unreadable: list[tuple[str, str]]) -> list[str] | None:
    """The files git tracks or would track under `folder`; None outside a work tree. The
    folders git could not open, and tracked files that cannot be looked at, go into
    `unreadable`."""
    if not _maybe_in_git(folder):
        return None
    import subprocess

    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=folder,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},  # git's warnings in English, to be read below
        )
    except OSError:  # no git installed: walk instead
        return None
    if done.returncode != 0:
        return None
    # git says "warning: could not open directory 'sub/': Permission denied" and goes on.
    for line in done.stderr.decode("utf-8", "surrogateescape").splitlines():
        _, quote, rest = line.partition("could not open directory '")
        name, _, reason = rest.rpartition("': ")
        if quote and name:
            unreadable.append((_child(folder, name.rstrip("/")), f"unreadable folder: {reason}"))
    names = set(done.stdout.decode("utf-8", "surrogateescape").split("\0"))
    names.discard("")
    files = []
    # Sorted as paths are, part by part (`a/b` before `a-c`).
    for name in sorted(names, key=lambda name: os.path.normcase(name).split("/")):
        file = _child(folder, name if os.sep == "/" else name.replace("/", os.sep))
        try:
            mode = os.lstat(file).st_mode
        except FileNotFoundError:  # deleted but still tracked
            continue
        except OSError as error:  # in a folder that cannot be searched
            unreadable.append((file, f"unreadable: {error.strerror or error}"))
            continue
        if stat.S_ISREG(mode):  # not a submodule or a symbolic link: something to read
            files.append(file)
    return files


def _maybe_in_git(folder: str) -> bool:
    """Whether git may see a work tree here: a `.git` in the folder or above it (git looks
    nowhere else, unless told by GIT_DIR). Elsewhere asking git costs a process for a no."""
    if "GIT_DIR" in os.environ:
        return True
    here = os.path.realpath(folder)  # git looks up from the physical folder
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


def _walk(folder: str, unreadable: list[tuple[str, str]]) -> list[str]:
    """Regular files under `folder`, sorted by name within each folder, folders after files;
    a folder that cannot be listed goes into `unreadable`, never silently."""
    files: list[str] = []
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        unreadable.append((folder, f"unreadable folder: {error.strerror or error}"))
        return files
    folders = []
    for entry in entries:
        # d_type from the directory listing: no stat per file, and links are not followed.
        if entry.is_file(follow_symlinks=False):
            files.append(_child(folder, entry.name))
        elif (
            entry.is_dir(follow_symlinks=False)
            and not entry.name.startswith(".")
            and entry.name not in SKIPPED_FOLDERS
        ):
            sub = _child(folder, entry.name)
            if not os.path.exists(os.path.join(sub, "pyvenv.cfg")):
                folders.append(sub)
    for sub in folders:
        files.extend(_walk(sub, unreadable))
    return files


def shown(file: str, cwd: Path) -> str:
    """The file as a report shows it, as ripgrep does: a relative path as it was found under
    the path given (`../proj/a.py`, never joined to the working folder); an absolute one
    relative to the working folder when inside it, else absolute, normalised either way."""
    if not os.path.isabs(file):
        # Found under a relative PATH: already what to show (files_under named it as
        # pathlib does, so `./src/` gave `src/app.py`).
        return file if os.sep == "/" else Path(file).as_posix()
    absolute = Path(os.path.normpath(file))
    try:
        if _inside(absolute, cwd):
            return Path(os.path.relpath(absolute, cwd)).as_posix()
    except ValueError:  # another drive on Windows
        pass
    return absolute.as_posix()


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.normpath(path)).relative_to(folder)
    except ValueError:
        return False
    return True


def read_text(path: str) -> bytes | str:
    """The bytes of a text file, or the reason it is not read (binary, too large, an error).

    Most files are small: one read of up to 64 KiB takes them whole. Only a file that fills
    it is asked its size, before the rest is read: asking `read` for up to the limit would
    make Python allocate the limit for every file, which costs more than the reading.
    """
    try:
        # Non-blocking: a FIFO that turns up after the listing is not waited on for ever.
        descriptor = os.open(path, _READ_FLAGS | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    try:
        data = os.read(descriptor, _FIRST_READ)
        if len(data) == _FIRST_READ:
            size = os.fstat(descriptor).st_size
            if size > MAX_FILE_SIZE:
                return "too large"
            parts = [data]
            size -= len(data)
            while size > 0:
                part = os.read(descriptor, size)
                if not part:
                    break
                parts.append(part)
                size -= len(part)
            data = b"".join(parts)
    except OSError as error:
        return f"unreadable: {error.strerror or error}"
    finally:
        os.close(descriptor)
    if data.find(b"\0", 0, BINARY_PROBE) >= 0:
        return "binary"
    if data[:1] == b"{" and _OWN_REPORT.match(data, 0, OWN_REPORT_PROBE):
        return "aihub report"
    return data


# aihub's own audit reports, by their opening as aihub writes them (whatever the file is
# called): SARIF whose driver is aihub, and the JSON report's first keys. Scanning one would
# count every id it quotes again (a CI job writes aihub.sarif into the checkout it audits).
OWN_REPORT_PROBE = 4096
_OWN_REPORT = re.compile(
    rb'\{\s*"\$schema":\s*"[^"]*sarif[^"]*",\s*"version":\s*"2\.1\.0",\s*"runs":\s*\[\s*\{'
    rb'\s*"tool":\s*\{\s*"driver":\s*\{\s*"name":\s*"aihub"'
    rb'|\{\s*"version":\s*\d+,\s*"since":\s*(?:null|"[^"]*"),\s*"files_read":'
)
