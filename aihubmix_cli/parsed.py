"""The catalog parsed once per fetch: what every warm run needs of a body, kept beside it.

Parsing and normalising a catalog body costs more than everything else a warm `aihub list
--json` does, and the body only changes when the server sends a new one. So the first run
to see a body parses it and stores the result in the cache folder (Cache.store_derived),
keyed to the body's checksum and PARSED_FORMAT; later runs load that instead. A missing,
damaged, foreign or older copy is a miss, rebuilt from the body, never trusted blindly.

The copy holds the ids, the warnings, each entry's JSON text as render.to_json writes it (so
`list --json` joins texts instead of encoding the catalog again) and, marshalled apart, the
entries' normalised JSON forms, unmarshalled only when something reads a model's data: an
unfiltered `list --json` never does.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
from collections.abc import Callable, Iterator
from itertools import repeat
from typing import Any, NamedTuple

from .cache import Cache, checksum
from .catalog import PARSED_FORMAT, Model, parse_catalog
from .catalog.model import StoredModel

Entries = list[dict[str, Any]]


class ParsedCatalog(NamedTuple):
    ids: list[str]
    problems: list[str]  # warnings about entries that had to be skipped
    texts: list[str | None]  # each entry's JSON text (see json_text)
    entries: Callable[[], Entries]  # each entry's normalised JSON form, loaded when asked

    def models(self) -> list[Model]:
        count = len(self.ids)
        with unhurried_gc():
            return list(map(StoredModel, self.ids, range(count), self.texts, repeat(self.entries)))


@contextlib.contextmanager
def unhurried_gc() -> Iterator[None]:
    """No cyclic garbage collection while a catalog's objects are made, and none of them
    looked at by later collections.

    Unmarshalling 10,000 entries makes hundreds of thousands of objects, none of them in a
    cycle; each few hundred would start a collection that walks all made so far, which costs
    a large catalog more than making them. Frozen, they are still freed by reference
    counting like any other object.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def json_text(data: dict[str, Any]) -> str | None:
    """`data` as render.to_json writes it, without the newline, or None where that text might
    depend on the rest of the output: to_json escapes a whole output to ASCII when any of
    it has no UTF-8 form, so an ASCII text holding an escape is not kept (a control
    character's escape is, now and then, dropped with them: it only costs speed)."""
    from .render.jsonout import to_json

    text = to_json(data)[:-1]
    return None if text.isascii() and "\\u" in text else text


def parser(cache: Cache, key: str) -> Callable[[bytes], ParsedCatalog]:
    """A `parse` for remote.fetch_cached that parses each body once, for cache entry `key`.

    A new body (a 200) makes a new copy; a 304 keeps the body and so the copy.
    """

    def parse(body: bytes) -> ParsedCatalog:
        digest = checksum(body)
        with unhurried_gc():
            stored = _stored(cache.load_derived(key, digest, PARSED_FORMAT), body)
        if stored is not None:
            return stored
        entries, problems = parse_catalog(body)
        ids = [entry["model_id"] for entry in entries]
        texts = [json_text(entry) for entry in entries]
        try:
            blob = marshal.dumps(entries)
        except ValueError:  # nested too deep for marshal: parse the body on every run instead
            pass
        else:
            cache.store_derived(key, digest, PARSED_FORMAT, (ids, problems, texts, blob))
        return ParsedCatalog(ids, problems, texts, lambda: entries)

    return parse


def _stored(value: Any, body: bytes) -> ParsedCatalog | None:
    """The copy in `value` if it has the shape `parse` stores (its checksum vouched for its
    bytes already), checked in C: this runs on every warm run, over every entry."""
    if not (isinstance(value, tuple) and len(value) == 4):
        return None
    ids, problems, texts, blob = value
    if not all(isinstance(part, list) for part in (ids, problems, texts)):
        return None
    if type(blob) is not bytes or len(texts) != len(ids):
        return None
    if set(map(type, ids)) - {str} or set(map(type, problems)) - {str}:
        return None
    if set(map(type, texts)) - {str, type(None)}:
        return None
    return ParsedCatalog(ids, problems, texts, _Entries(blob, ids, body))


class _Entries:
    """The entries of a stored copy, unmarshalled on first use; should they not match the
    ids (which their checksum makes all but impossible), parsed from the body instead."""

    def __init__(self, blob: bytes, ids: list[str], body: bytes) -> None:
        self.blob = blob
        self.ids = ids
        self.body = body
        self.entries: Entries | None = None

    def __call__(self) -> Entries:
        if self.entries is None:
            with unhurried_gc():
                self.entries = self._load()
        return self.entries

    def _load(self) -> Entries:
        try:
            entries: Any = marshal.loads(self.blob)
        except (ValueError, EOFError, TypeError):
            entries = None
        if (
            isinstance(entries, list)
            and not set(map(type, entries)) - {dict}
            and [entry.get("model_id") for entry in entries] == self.ids
        ):
            return entries
        # The same bytes parsed when the copy was made, so they parse now.
        return parse_catalog(self.body)[0]
