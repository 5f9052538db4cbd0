"""Exit codes and the exceptions that carry them.

Every failure the user can meet is an `AihubError`; `__main__.main` is the one place that turns
it into a line on stderr and an exit status.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


class ExitCode:
    """The exit statuses, as plain ints: enum costs a warm run more than its own work."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    NOT_FOUND = 3
    INTERRUPTED = 130


class AihubError(Exception):
    """A failure with a message fit to show the user as it is."""

    exit_code: int = ExitCode.FAILURE


class UsageError(AihubError):
    exit_code = ExitCode.USAGE


def empty_value(name: str, wanted: str) -> UsageError:
    """The usage error for an option or argument given as "": taken as it is, an empty value
    would quietly mean the default (`--columns ''`), the current folder (`audit ''`,
    `--check ''`) or nothing at all (`--merge ''` printed the export)."""
    return UsageError(f"{name} is empty; give {wanted}")


def check_model_ids(ids: Iterable[str]) -> None:
    """A model id that is empty (or only spaces, which no id is) is a usage error, before
    anything is fetched."""
    if any(not i.strip() for i in ids):
        raise empty_value("MODEL", "a model id (aihub list -o ids lists them)")


class NotFoundError(AihubError):
    exit_code = ExitCode.NOT_FOUND


class FetchError(AihubError):
    """The network or the server failed; a cached copy may still answer."""


class BadResponseError(FetchError):
    """The server answered, but with something that is not a usable catalog."""


class OfflineMissError(AihubError):
    """--offline was asked for and nothing is cached."""


class StrictError(AihubError):
    """--strict (AIHUBMIX_STRICT): no answer the server vouches for now, and a stale copy or
    the bundled snapshot may not stand in. Not a FetchError, so nothing falls back from it."""


class UnreachableError(FetchError):
    """The server could not be connected to, or did not answer in time."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause  # the failure without the URL: "connection refused"


class HttpStatusError(FetchError):
    """The server answered with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class AuthError(FetchError):
    """The server refused the API key (401/403). A cached answer does not stand in for it."""
