"""The catalog parsed once per fetch: what every warm run needs of a body, kept beside it.

Parsing and normalising a catalog body costs more than everything else a warm `aihub list
--json` does, and the body only changes when the server sends a new one. So the run that
receives a body parses it and stores the result in the cache folder (Cache.store_derived),
keyed to the body's checksum and PARSED_FORMAT; later runs load that instead, without reading
the body at all. A missing, damaged, foreign or older copy is a miss, rebuilt from the body,
never trusted blindly.

The copy has three parts, each read (and its checksum checked) only when a run needs it:
0. the ids and the warnings about skipped entries;
1. each entry's JSON text as render.to_json writes it, in UTF-8, joined by commas (their
   lengths, 0 where a text is not kept, are in part 0), kept as bytes and read as a view of
   the file: `list --json` writes pieces of it instead of encoding the catalog again, and an
   unfiltered one writes it whole between `[` and `]` (a table never reads it);
2. the entries' normalised JSON forms, for what reads more of a model than its views
   (`show`, `--columns desc`, costs);
3. the typed views of catalog.model.VIEW_FIELDS, a list per field, for filters, sorting and
   the default table: a tenth of the entries' bytes, loaded in a tenth of their time.
"""

from __future__ import annotations

import gc
from itertools import accumulate, chain, repeat

from aihubmix_cli.base.errors import BadResponseError, FetchError
from aihubmix_cli.catalog import PARSED_FORMAT, parse_catalog
from aihubmix_cli.catalog.model import VIEW_FIELDS, Model, StoredModel, view_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from aihubmix_cli.store.cache import Cache, CacheEntry

    Entries = list[dict[str, Any]]
    Buffer = bytes | memoryview

_HEAD, _TEXTS, _ENTRIES, _VIEWS = 0, 1, 2, 3


class ParsedCatalog:
    """The ids and warnings of a catalog, with its texts and entries loaded when asked for."""

    __slots__ = (
        "_columns",
        "_entries",
        "_starts",
        "_texts",
        "_views",
        "ids",
        "lengths",
        "problems",
    )

    def __init__(
        self,
        ids: list[str],
        problems: list[str],  # warnings about entries that had to be skipped
        lengths: list[int],  # each JSON text's length in bytes; 0: not kept
        texts: Callable[[], Buffer],  # the JSON texts joined by commas (see the module's help)
        entries: Callable[[], Entries],
        views: Callable[[], list[list[Any]]] | None = None,  # None: made from the entries
    ) -> None:
        self.ids = ids
        self.problems = problems
        self.lengths = lengths
        self._texts = texts
        self._entries = entries
        self._views = views or _Once(lambda: _views_of(self._entries()))
        self._starts: list[int] | None = None
        self._columns: list[list[Any]] | None = None

    def models(self) -> list[Model]:
        count = len(self.ids)
        with UnhurriedGC():
            return list(map(StoredModel, self.ids, range(count), repeat(self)))

    def texts(self) -> Buffer:
        return self._texts()

    def json_chunks(self, positions: list[int], *, lines: bool) -> list[Buffer] | None:
        """The JSON array (or, with `lines`, the JSON lines) of the entries at `positions`,
        in that order, as pieces to write one after the other; None when a text of one of
        them is not kept."""
        lengths = self.lengths
        if 0 in (lengths if len(positions) == len(lengths) else [lengths[p] for p in positions]):
            return None
        if not positions:
            return [] if lines else [b"[]\n"]
        texts = self._texts()
        if not lines and positions == list(range(len(lengths))):
            return [b"[", texts, b"]\n"]  # as stored: no copy of megabytes of text
        if self._starts is None:
            self._starts = list(accumulate((length + 1 for length in lengths), initial=0))
        starts, view = self._starts, memoryview(texts)
        separator = b"\n" if lines else b","
        chunks: list[Buffer] = [] if lines else [b"["]
        for position in positions:
            start = starts[position]
            chunks += (view[start : start + lengths[position]], separator)
        if lines:
            return chunks
        chunks[-1] = b"]\n"
        return chunks

    def entries(self) -> Entries:
        return self._entries()

    def views(self) -> list[list[Any]]:
        columns = self._columns
        if columns is None:
            columns = self._columns = self._views()
        return columns


class UnhurriedGC:
    """No cyclic garbage collection while a catalog's objects are made, and none of them
    looked at by later collections.

    Unmarshalling 10,000 entries makes hundreds of thousands of objects, none of them in a
    cycle; each few hundred would start a collection that walks all made so far, which costs
    a large catalog more than making them. Frozen, they are still freed by reference
    counting like any other object.
    """

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_exc: object) -> None:
        gc.freeze()
        if self.enabled:
            gc.enable()


def json_text(data: dict[str, Any]) -> str | None:
    """`data` as render.to_json writes it, without the newline, or None where that text might
    depend on the rest of the output: to_json escapes a whole output to ASCII when any of
    it has no UTF-8 form, so an ASCII text holding an escape is not kept (a control
    character's escape is, now and then, dropped with them: it only costs speed)."""
    from aihubmix_cli.base.jsonout import to_json

    text = to_json(data)[:-1]
    return None if text.isascii() and "\\u" in text else text


class Parser:
    """Parses the catalog bodies of cache entry `key` once each: a body from the server
    (`__call__`) is parsed and its copy stored; a stored entry (`stored`) is answered from
    its copy, rebuilt from the body when the copy is missing or damaged."""

    def __init__(self, cache: Cache, key: str, *, rebuild: bool = False) -> None:
        self.cache = cache
        self.key = key
        self.rebuild = rebuild  # --refresh: the stored copy is made again, never trusted

    def __call__(self, body: bytes) -> ParsedCatalog:
        from aihubmix_cli.store.cache_io import checksum

        return self._parse(body, checksum(body))

    def _parse(self, body: bytes, digest: str) -> ParsedCatalog:
        entries, problems = parse_catalog(body)
        ids = [entry["model_id"] for entry in entries]
        encoded = [(json_text(entry) or "").encode() for entry in entries]
        lengths = [len(text) for text in encoded]
        texts = b",".join(encoded)
        views = _views_of(entries)
        parts = [[ids, problems, lengths], texts, entries, [VIEW_FIELDS, views]]
        self.cache.store_derived(self.key, digest, PARSED_FORMAT, parts)
        return ParsedCatalog(ids, problems, lengths, lambda: texts, lambda: entries, lambda: views)

    def stored(self, entry: CacheEntry) -> ParsedCatalog:
        derived = None
        if entry.checksum is not None and not self.rebuild:
            derived = self.cache.load_derived(self.key, entry.checksum, PARSED_FORMAT)
        head = _head(derived.part(_HEAD)) if derived is not None else None
        if derived is None or head is None:
            return self._parse(_body_of(entry), entry.checksum or "")
        ids, problems, lengths = head
        rebuilt: list[ParsedCatalog] = []

        def rebuild() -> ParsedCatalog:
            # A part damaged since its header was written: the body, parsed again, answers
            # for the whole run and leaves a sound copy for the next one.
            if not rebuilt:
                body = entry.read_body()
                if body is None:
                    # The body is damaged too, found only now that the run has begun to
                    # answer from the copy: a new fetch could hold another catalog, so this
                    # run stops, and the next one fetches.
                    self.cache.forget(self.key)
                    raise FetchError(
                        "the cached catalog was damaged and has been removed; run the "
                        "command again to fetch it"
                    )
                rebuilt.append(self._parse(body, entry.checksum or ""))
            return rebuilt[0]

        def texts() -> Buffer:
            loaded = _texts(derived.part(_TEXTS), lengths)
            return loaded if loaded is not None else rebuild().texts()

        def entries() -> Entries:
            with UnhurriedGC():
                loaded = _entries(derived.part(_ENTRIES), ids)
            return loaded if loaded is not None else rebuild().entries()

        def views() -> list[list[Any]]:
            with UnhurriedGC():
                loaded = _views(derived.part(_VIEWS), len(ids))
            return loaded if loaded is not None else rebuild().views()

        return ParsedCatalog(ids, problems, lengths, _Once(texts), _Once(entries), _Once(views))


def parser(cache: Cache, key: str, *, rebuild: bool = False) -> Parser:
    return Parser(cache, key, rebuild=rebuild)


class _Once:
    """A function called at most once; its answer kept."""

    __slots__ = ("function", "value")

    def __init__(self, function: Callable[[], Any]) -> None:
        self.function: Callable[[], Any] | None = function
        self.value: Any = None

    def __call__(self) -> Any:
        if self.function is not None:
            self.value = self.function()
            self.function = None
        return self.value


def _body_of(entry: CacheEntry) -> bytes:
    body = entry.read_body()
    if body is None:
        raise BadResponseError(
            "the cached copy of the catalog is damaged; run the command again with --refresh"
        )
    return body


# The shapes `Parser._parse` stores, checked in C where it can be: this runs on every warm
# run, over every entry. The checksums vouched for the bytes already.


def _head(value: Any) -> tuple[list[str], list[str], list[int]] | None:
    if not (isinstance(value, list) and len(value) == 3):
        return None
    ids, problems, lengths = value
    if not (isinstance(ids, list) and isinstance(problems, list) and isinstance(lengths, list)):
        return None
    if set(map(type, ids)) - {str} or set(map(type, problems)) - {str}:
        return None
    if len(lengths) != len(ids) or set(map(type, lengths)) - {int}:
        return None
    return ids, problems, lengths


def _texts(value: Any, lengths: list[int]) -> Buffer | None:
    if not isinstance(value, (bytes, memoryview)):
        return None
    return value if len(value) == sum(lengths) + max(len(lengths) - 1, 0) else None


def _views_of(entries: Entries) -> list[list[Any]]:
    """The VIEW_FIELDS of every entry, a list per field. Equal values that cannot change
    (`("llm",)`, `128000`, a date) are one object, which marshal then writes once and loads
    once: a 10,000-model catalog has a few hundred distinct type and feature lists."""
    models = [Model(entry, position) for position, entry in enumerate(entries)]
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        # Floats by their text: 0.0 and -0.0 are equal, yet each is shown as it is.
        return shared.setdefault(
            (type(value), repr(value) if type(value) is float else value), value
        )

    return [[one(view_of(model, field)) for model in models] for field in VIEW_FIELDS]


def _views(value: Any, count: int) -> list[list[Any]] | None:
    """The columns of a views part stored as [VIEW_FIELDS, columns], if its fields are these."""
    if not (isinstance(value, list) and len(value) == 2 and value[0] == VIEW_FIELDS):
        return None
    columns = value[1]
    if not isinstance(columns, list) or len(columns) != len(VIEW_FIELDS):
        return None
    if any(not isinstance(column, list) or len(column) != count for column in columns):
        return None
    # The checksums vouch for the bytes, not for who wrote them: a copy whose values are not
    # of the types the views hold is a miss, not a crash in every later run.
    for field, column in zip(VIEW_FIELDS, columns, strict=True):
        allowed = _VIEW_TYPES.get(field, _PRICE_TYPES)
        if allowed is _STRINGS:
            # Lists of names: each distinct one checked once (a 10,000-model catalog has a
            # few hundred). A tuple equals only a tuple and a str only a str, so the distinct
            # ones have every type the column has; a list or a dict inside cannot be hashed.
            try:
                distinct = set(column)
            except TypeError:
                return None
            if set(map(type, distinct)) - allowed:
                return None
            if set(map(type, chain.from_iterable(distinct))) - {str}:
                return None
        elif set(map(type, column)) - allowed:
            return None
    return columns


_NONE = type(None)
_PRICE_TYPES: frozenset[type] = frozenset({float, int, _NONE})
_STRINGS: frozenset[type] = frozenset({tuple})
_VIEW_TYPES: dict[str, frozenset[type]] = {
    "name": frozenset({str, _NONE}),
    "types": _STRINGS,
    "features": _STRINGS,
    "input_modalities": _STRINGS,
    "context_length": frozenset({int, _NONE}),
    "max_output": frozenset({int, _NONE}),
    "release_date": frozenset({str, _NONE}),
    "token_priced": frozenset({bool}),
    "deprecated": frozenset({bool}),
}


def _entries(value: Any, ids: list[str]) -> Entries | None:
    if not isinstance(value, list) or set(map(type, value)) - {dict}:
        return None
    if [entry.get("model_id") for entry in value] != ids:
        return None
    return value
