"""What the environment asks for: base URLs, API key, cache and state folders, timeout."""

from __future__ import annotations

import os

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.base.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_BASE_URL = "https://aihubmix.com"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 86400  # a day: longer is no timeout at all, and overflows the clock's deadlines


class Settings(Record):
    __slots__ = (
        "api_key",
        "base_urls",
        "cache_dir",
        "given_base_urls",
        "state_dir_text",
        "strict",
        "timeout_text",
    )

    def __init__(
        self,
        base_urls: tuple[str, ...],
        cache_dir: str,
        # As found in the environment, and checked only by the commands that use them, so
        # that a bad AIHUBMIX_TIMEOUT cannot stop `aihub cache clear` nor a bad key `aihub
        # list`.
        timeout_text: str = "",
        api_key: str | None = None,
        # AIHUBMIX_STATE_DIR as found; the platform's folder is worked out only when a run
        # needs the state (most runs never do, and platformdirs costs a warm run).
        state_dir_text: str = "",
        # --strict or AIHUBMIX_STRICT: only an answer the server vouches for now will do.
        strict: bool = False,
        # AIHUBMIX_BASE_URL's parts as set, one for each of base_urls (which drop a trailing
        # `/` and `/v1`): what an error quotes. () when the base URLs were not set so.
        given_base_urls: tuple[str, ...] = (),
    ) -> None:
        self.base_urls = base_urls
        self.cache_dir = cache_dir
        self.timeout_text = timeout_text
        self.api_key = api_key
        self.state_dir_text = state_dir_text
        self.strict = strict
        self.given_base_urls = given_base_urls

    @property
    def state_dir(self) -> str:
        """Where what aihub must not forget lives (the catalog's history, watchers): apart
        from the cache, which people and tools wipe freely."""
        if self.state_dir_text.strip():
            return os.path.expanduser(self.state_dir_text)
        import platformdirs

        try:
            return _inside_home(str(platformdirs.user_state_dir("aihub", appauthor=False)), "state")
        except RuntimeError:  # no home directory: HOME empty and no passwd entry
            return without_home("state")

    @property
    def timeout(self) -> float:
        """Seconds to wait for the server, or UsageError for a value that is not one."""
        return _timeout(self.timeout_text)

    def check_timeout(self) -> None:
        """UsageError (exit 2) for an AIHUBMIX_TIMEOUT that is no timeout, said before any
        request and whatever is cached, as a bad base URL is."""
        _timeout(self.timeout_text)

    def check_base_urls(self) -> None:
        """UsageError (exit 2) for a base URL that cannot be asked: a configuration error,
        said before any request and whatever is cached, as a bad AIHUBMIX_TIMEOUT is. Plain
        string work: a warm run pays for no URL parser."""
        given = self.given_base_urls
        for url, as_set in zip(self.base_urls, given or self.base_urls, strict=False):
            # Checked and quoted as the user set it: `http://` is no `http:`.
            problem = _url_problem(as_set) or _url_problem(url)
            if problem is not None:
                from aihubmix_cli.base.text import quoted

                shown = quoted(without_credentials(as_set))
                raise UsageError(f"AIHUBMIX_BASE_URL {shown} {problem}")

    def checked_api_key(self) -> str | None:
        """The key, or UsageError if it cannot be sent; only commands that send it ask."""
        key = self.api_key
        # An HTTP header carries visible ASCII only; anything else fails deep in httpx with
        # a message that quotes the header, key included. Say so without echoing the key.
        if key is not None and not (key.isascii() and key.isprintable() and " " not in key):
            raise UsageError(
                "AIHUBMIX_API_KEY holds characters an API key cannot have (spaces, line "
                "breaks, control or non-ASCII characters); check how it was set"
            )
        return key

    def __repr__(self) -> str:
        # A Settings printed in a debug line or a traceback must not show the key.
        key = "set" if self.api_key else "unset"
        return (
            f"Settings(base_urls={self.base_urls!r}, cache_dir={self.cache_dir!r}, "
            f"timeout_text={self.timeout_text!r}, api_key=<{key}>, "
            f"state_dir_text={self.state_dir_text!r})"
        )

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        base_url = env.get("AIHUBMIX_BASE_URL", "")
        return cls(
            base_urls=_base_urls(base_url),
            given_base_urls=_parts(base_url),
            cache_dir=_cache_dir(env.get("AIHUBMIX_CACHE_DIR", "")),
            timeout_text=env.get("AIHUBMIX_TIMEOUT", ""),
            api_key=env.get("AIHUBMIX_API_KEY", "").strip() or None,
            state_dir_text=env.get("AIHUBMIX_STATE_DIR", ""),
            strict=env.get("AIHUBMIX_STRICT", "").strip().lower() not in _FALSE,
        )


# What AIHUBMIX_STRICT may be and still mean no; any other value turns strict mode on.
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _base_urls(value: str) -> tuple[str, ...]:
    """One URL, or a comma-separated list of mirrors tried in order.

    Whether each is a usable http(s) URL is the fetch layer's question: a bad one is a failed
    request (a cached copy may still answer), not a reason to refuse every command.
    """
    urls = tuple(_site(part) for part in _parts(value))
    return urls or (DEFAULT_BASE_URL,)


def _parts(value: str) -> tuple[str, ...]:
    """AIHUBMIX_BASE_URL's comma-separated parts as set, without the spaces around them."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _site(url: str) -> str:
    """The site's root: AIHubMix tells OpenAI SDK users to set `https://aihubmix.com/v1`,
    and aihub adds `/v1/models` and `/api/v1/models` itself, so a trailing `/v1` goes."""
    url = url.strip().rstrip("/")
    if url.lower().endswith("/v1"):
        url = url[: -len("/v1")].rstrip("/")
    return url


def without_credentials(url: str) -> str:
    """`https://user:secret@host` -> `https://***@host`: a password never reaches an error."""
    scheme, separator, rest = url.partition("://")
    authority, slash, tail = rest.partition("/")
    if separator and "@" in authority:
        return f"{scheme}://***@{authority.rsplit('@', 1)[1]}{slash}{tail}"
    return url


def _url_problem(url: str) -> str | None:
    """What makes `url` unusable as a base URL, or None."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return "is not an http:// or https:// URL"
    if not url.isprintable() or any(ch.isspace() for ch in url):
        return "is not a usable URL"
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    host_port = rest[:end].rpartition("@")[2]
    if host_port.startswith("["):
        host, bracket, after = host_port[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            return "is not a usable URL"
        port = after[1:]
    else:
        host, _, port = host_port.partition(":")
        if ":" in port:
            return "is not a usable URL"
    if not host:
        return "is not a usable URL"
    if host_port.endswith(":") or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        return "is not a usable URL"
    return None


def _cache_dir(value: str) -> str:
    if value.strip():
        return os.path.expanduser(value)
    import platformdirs  # only when the user did not choose a folder

    try:
        return _inside_home(str(platformdirs.user_cache_dir("aihub", appauthor=False)), "cache")
    except RuntimeError:  # no home directory: HOME empty and no passwd entry
        return without_home("cache")


def _inside_home(folder: str, kind: str) -> str:
    """`folder`, unless it lies in a home directory that does not exist (Debian's
    `/nonexistent`, a user not set up yet): aihub never makes a home directory."""
    home = os.path.expanduser("~")
    inside = os.path.isabs(home) and folder.startswith(os.path.join(home, ""))
    if inside and not os.path.isdir(home):
        return without_home(kind, f"the home directory {home} does not exist")
    return folder


_told_without_home: set[str] = set()


def without_home(kind: str, why: str = "") -> str:
    """Where the cache or the state lives when no home directory can be found (a container
    run as a uid without a passwd entry and `HOME=`): a folder of this user's under the
    temporary directory, said once on stderr with what to set to keep it."""
    import sys
    import tempfile

    uid = getattr(os, "getuid", lambda: "user")()
    folder = os.path.join(tempfile.gettempdir(), f"aihub-{uid}", kind)
    if kind not in _told_without_home:
        _told_without_home.add(kind)
        variable = "AIHUBMIX_CACHE_DIR" if kind == "cache" else "AIHUBMIX_STATE_DIR"
        why = why or (
            f"no home directory found (HOME is empty or relative, and uid {uid} has no passwd "
            "entry)"
        )
        sys.stderr.write(
            f"aihub: warning: {why}: the {kind} goes to {folder} for now; set "
            f"{variable} (or HOME) to keep it\n"
        )
    return folder


def _timeout(value: str) -> float:
    from aihubmix_cli.base.text import quoted

    if not value.strip():
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UsageError(
            f"AIHUBMIX_TIMEOUT must be a number of seconds above 0, not {quoted(value)}"
        )
    if seconds > MAX_TIMEOUT:
        # 1e10 s overflowed the clock's deadlines deep in the HTTP client.
        raise UsageError(
            f"AIHUBMIX_TIMEOUT must be at most {MAX_TIMEOUT} seconds, not {quoted(value)}"
        )
    return seconds
