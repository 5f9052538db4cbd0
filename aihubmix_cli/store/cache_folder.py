"""Which folder is aihub's cache, whether it can be trusted, and which files in it are aihub's.

aihub marks a cache folder it creates itself with a `CACHEDIR.TAG` (the cache directory
tag backup tools know: https://bford.info/cachedir/). A folder it did not create (say
AIHUBMIX_CACHE_DIR=$HOME) is never tagged: backup tools would skip it, and aihub would
take other programs' files for its own.

`aihub cache clear` removes only regular files (never a folder, never a link) whose exact
name is one aihub writes; in an untagged folder each must also start with aihub's own
header, so a file of someone else's that happens to share a name stays. Only in a tagged
folder do a damaged answer under aihub's name and a temporary file left by an interrupted
write go too, since nothing else writes there.

A folder that others can write to (another owner, or writable by everyone) is not used:
anyone could plant answers, parsed copies or a history in it.

Like the cache, this module stays off pathlib: every warm run loads it.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aihubmix_cli.store.cache_io import PathLike

TAG_NAME = "CACHEDIR.TAG"
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by aihub (aihubmix-cli).\n"
    b"# `aihub cache clear` removes the files aihub wrote here, nothing else.\n"
    b"# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
HISTORY = "history"
COMPLETION_INDEX = "completion-index"
OLD_COMPLETION_INDEX = "completion-index.json"  # what aihub before 0.10 wrote
BUNDLED_MARKER = "bundled-snapshot-used.json"


def make(directory: PathLike) -> None:
    """Create the cache folder if it is missing, private, with its tag; OSError if it cannot
    be made. A folder that exists already is used as it is and never tagged."""
    path = os.fspath(directory)
    if os.path.isdir(path):
        return
    try:
        try:
            os.mkdir(path, 0o700)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            os.mkdir(path, 0o700)
    except FileExistsError:
        return  # another run made it (and tags it), or it is not a folder: the write says so
    from aihubmix_cli.store.cache_io import write_atomically

    try:
        write_atomically(os.path.join(path, TAG_NAME), TAG)
    except OSError:
        pass  # an untagged folder of aihub's own is only cleared more carefully


def tagged(directory: PathLike) -> bool:
    """Whether aihub made this folder: its tag is a regular file holding aihub's tag."""
    name = os.path.join(os.fspath(directory), TAG_NAME)
    try:
        if not stat.S_ISREG(os.lstat(name).st_mode):
            return False
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return os.read(fd, len(TAG) + 1) == TAG
    except OSError:
        return False
    finally:
        os.close(fd)


def distrust(directory: PathLike) -> str | None:
    """Why the folder must not be used (others can write to it), or None when it is the
    person's own or does not exist yet (aihub then makes it private)."""
    path = os.fspath(directory)
    reason = None
    if os.name == "posix":
        try:
            status = os.stat(path)
        except OSError:
            status = None
        if status is not None and stat.S_ISDIR(status.st_mode):
            if status.st_uid not in (os.geteuid(), 0):
                reason = f"it belongs to another user (uid {status.st_uid})"
            elif status.st_mode & stat.S_IWOTH:
                reason = f"anyone can write to it (mode {stat.S_IMODE(status.st_mode):o})"
    return reason


def distrust_warning(directory: PathLike, reason: str) -> str:
    return (
        f"not using the cache folder {os.fspath(directory)}: {reason}; "
        "make it private (chmod 700) or set AIHUBMIX_CACHE_DIR to a folder of your own"
    )
