"""Finding model ids in text: the matching behind `aihub audit`. No I/O but reading files
(in worker processes, for big trees).

A token is a maximal run of the characters ids are made of: ASCII letters, digits and
`- . _ / : @ ( )`. Everything else (space, quotes, `=`, `,`, brackets, non-ASCII text) ends
a token, so `MODEL=gpt-5`, `"model": "gpt-5"` and `- gpt-5` all hold the token `gpt-5`,
while `gpt-5-mini`, `my-gpt-5-wrapper` and `https://x.dev/gpt-5/notes` are tokens of their
own that merely contain it. Punctuation a sentence or a call wraps around an id does not
hide it: `gpt-4.1.`, `gpt-5:` and `(gpt-5)` name the id; `llama3-70b-8192(33)` keeps its own
parentheses.

Speed: a file is read as bytes and lowered, every byte that cannot be in an id turned into a
space, by one `bytes.translate` in C. Every form worth reporting holds an anchor (see
`audit_typos.typo_anchors`), and three compiled searches (`audit_typos.passes`) skip, in C,
from pivot to pivot: a hyphen, a dot, and one character the same translation folds the
others an anchor may be found by into. Each pass costs a walk over the whole text, whatever
it finds. Python looks only at the tokens around the places found, and makes the typos of
an id only when a token comes near it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from aihubmix_cli.audit.files import read_text
from aihubmix_cli.audit.typos import KEY_END, NEAR_MIN_LENGTH, merged, passes, typo_anchors, typos

TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "-._/:@()")
# One pass lowers letters and turns every byte that cannot be part of an id into a space.
_TABLE = bytes(
    (ord(chr(b).lower()) if chr(b) in TOKEN_CHARS else 0x20) if b < 0x80 else 0x20
    for b in range(256)
)


class Hit(NamedTuple):
    """One occurrence: where, the text as written, and how it relates to the ids."""

    line: int  # 1-based
    column: int  # 1-based, in Unicode code points
    text: str
    kind: str  # "id": an id as written; "case": an id in another case; "near": one slip away


def searchable(model_id: str) -> bool:
    """Whether an id can be found as a token: ASCII token characters, and not a plain word
    (`auto`, `DESCRIBE`), which would match ordinary prose and code everywhere."""
    return _TOKEN.fullmatch(model_id) is not None and not model_id.isalpha()


_TOKEN = re.compile(r"[A-Za-z0-9._/:@()-]+")  # TOKEN_CHARS, as many as there are
_ID_MARK = re.compile(rb"[0-9./:@-]")


def _looks_like_id(text: bytes) -> bool:
    return _ID_MARK.search(text) is not None and b"://" not in text


# What wraps an id in prose and code without being part of it: `(gpt-5)`, `gpt-4.1.`,
# `gpt-5:` (a YAML key), `@gpt-5`. A token that starts or ends with one of these
# characters is looked up again without each of the wrappings it may have.
_BEFORE = (b"", b"(", b"@")
_AFTER = (b"", b".", b":", b"..", b"...", b")", b").", b"):", b".)", b"))")
_OPENING = frozenset(b"(@")
_CLOSING = frozenset(b".:)")


class _Key(NamedTuple):
    """What a lowered token found in a file stands for: where its id part is in it."""

    offset: int
    length: int
    near: bool  # a typo of an id rather than an id (in any case)


class Matcher:
    """The catalog's ids, ready to be found in text.

    `ids` are the ids reported when written exactly (the current catalog's and removed
    ones); `near_ids` are those whose other spellings count as near misses (the current
    catalog's).
    """

    def __init__(self, ids: Iterable[str], near_ids: Iterable[str]) -> None:
        self._ids = frozenset(i for i in ids if searchable(i))
        self._near_keys: set[bytes] = set()  # lowered ids whose other cases are misses
        # A typo of a near key starts with its head or ends with its tail, or is one of the
        # few written out: the typos themselves are made only for the keys a file comes near.
        self._heads: dict[bytes, list[bytes]] = {}
        self._tails: dict[bytes, list[bytes]] = {}
        self._written: set[bytes] = set()
        # Anchor -> what must follow it: the end of a token at least that long (a tail, or a
        # typo written out), the end of an id (KEY_END), or anything (0).
        anchors: dict[bytes, int] = {}
        headed: set[bytes] = set()  # near keys with a head, which every form of them holds
        for model_id in near_ids:
            key = model_id.lower().encode()
            if searchable(model_id) and len(key) >= NEAR_MIN_LENGTH and _looks_like_id(key):
                self._near_keys.add(key)
                head, tail, written = typo_anchors(key)
                if head:
                    headed.add(key)
                    self._heads.setdefault(head, []).append(key)
                    self._tails.setdefault(tail, []).append(key)
                    anchors[head] = 0
                    shortest = anchors.get(tail, len(key) - 1) or 0
                    anchors[tail] = min(shortest, len(key) - 1)
                self._written.update(written)
                for typo in written:  # a whole token
                    anchors[typo] = merged(anchors.get(typo, len(typo)), len(typo))
        # Ids win over typos of other ids: `gpt-4.1` is an id, not a slip of `gpt-4.2`.
        self._keys = frozenset(model_id.lower().encode() for model_id in self._ids)
        for key in self._keys - headed:  # every form holds these
            anchors[key] = merged(anchors.get(key, KEY_END), KEY_END)
        fold, self._passes = passes(anchors)
        self._table = _TABLE.translate(fold)
        self._index()

    def _index(self) -> None:
        # Heads by their first characters, tails by their last: most tokens looked at are
        # told apart from every typo by two slices.
        self._start = min(map(len, self._heads), default=1)
        self._end = min(map(len, self._tails), default=1)
        self._heads_by_start: dict[bytes, list[bytes]] = {}
        for head in self._heads:
            self._heads_by_start.setdefault(head[: self._start], []).append(head)
        self._tails_by_end: dict[bytes, list[bytes]] = {}
        for tail in self._tails:
            self._tails_by_end.setdefault(tail[-self._end :], []).append(tail)
        self._typos: dict[tuple[bool, bytes], set[bytes]] = {}
        self._near: dict[bytes, bool] = {}

    def spec(self) -> list[Any]:
        """What this matcher is made of, as plain data that marshal carries: `from_spec` makes
        it again without working it out (the live catalog's ids take some 20 ms of every run:
        their typo anchors and the tries of the passes)."""
        patterns = [search.__self__.pattern for search in self._passes]
        return [
            self._ids,
            self._near_keys,
            self._heads,
            self._tails,
            self._written,
            self._keys,
            self._table,
            patterns,
        ]

    @classmethod
    def from_spec(cls, spec: list[Any]) -> Matcher:
        """The matcher `spec` describes (see `spec`); ValueError when it describes none."""
        try:
            ids, near_keys, heads, tails, written, keys, table, patterns = spec
            kinds = (frozenset, set, dict, dict, set, frozenset, bytes, list)
            if not all(map(isinstance, spec, kinds)) or len(table) != 256:
                raise ValueError("parts of other kinds")
            matcher = cls.__new__(cls)
            matcher._ids, matcher._near_keys, matcher._keys = ids, near_keys, keys
            matcher._heads, matcher._tails, matcher._written = heads, tails, written
            matcher._table = table
            matcher._passes = [re.compile(pattern).search for pattern in patterns]
            matcher._index()
        except (TypeError, ValueError, re.error) as error:
            raise ValueError(f"not a matcher: {error}") from None
        return matcher

    def _key(self, token: bytes) -> _Key | None:
        """Where the id is in `token` if it is one, wrapped or not (see `_BEFORE`)."""
        if token in self._keys:
            return _Key(0, len(token), near=False)
        if token[0] not in _OPENING and token[-1] not in _CLOSING:
            return None
        for before in _BEFORE:
            if token.startswith(before):
                for after in _AFTER:
                    if token.endswith(after) and len(token) > len(before) + len(after):
                        inner = token[len(before) : len(token) - len(after)]
                        if inner in self._keys:
                            return _Key(len(before), len(inner), near=False)
        return None

    def _is_typo(self, token: bytes) -> bool:
        """Whether `token` is one slip away from a near key (see `typos`)."""
        known = self._near.get(token)
        if known is None:
            heads = self._heads_by_start.get(token[: self._start], ())
            tails = self._tails_by_end.get(token[-self._end :], ())
            known = self._near[token] = (
                token in self._written
                or any(
                    token.startswith(head) and token in self._typos_of(True, head) for head in heads
                )
                or any(
                    token.endswith(tail) and token in self._typos_of(False, tail) for tail in tails
                )
            )
        return known

    def _typos_of(self, head: bool, part: bytes) -> set[bytes]:
        """The typos of the keys sharing a head or a tail, made the first time a token
        starts or ends with it."""
        found = self._typos.get((head, part))
        if found is None:
            keys = (self._heads if head else self._tails)[part]
            found = self._typos[head, part] = set().union(*map(typos, keys))
        return found

    def scan(self, data: bytes) -> list[Hit]:
        """Every occurrence of an id, an id in another case, or a near miss, in order."""
        # Lowered, every byte that cannot be in an id a space, and the characters some
        # anchors are found by folded into one (see `passes`): which tokens to look at.
        # What they are is read from `data`.
        lowered = _lowered(data, self._table)
        seen: set[int] = set()  # tokens looked at, by where they start
        found: list[tuple[int, str, str]] = []
        # Every form worth reporting holds one of the anchors, which the passes find in C;
        # only the tokens around them are looked at here, each once.
        for search in self._passes:
            match = search(lowered)
            while match is not None:
                position = match.start()
                first = lowered.rfind(b" ", 0, position) + 1
                after = lowered.find(b" ", position)
                if first not in seen:
                    seen.add(first)
                    token = data[first:after].lower()
                    key = self._key(token)
                    if key is None and self._is_typo(token):
                        key = _Key(0, len(token), near=True)
                    if key is not None:
                        start = first + key.offset
                        kind = self._kind(data[start : start + key.length], key)
                        if kind is not None:
                            found.append((start, *kind))
                match = search(lowered, after)
        return _placed(data, sorted(found))

    def _kind(self, written: bytes, key: _Key) -> tuple[str, str] | None:
        """The text as written and what it is: an id, one in another case, a near miss."""
        text = written.decode("ascii")
        if key.near:
            return text, "near"
        if text in self._ids:
            return text, "id"
        if text.lower().encode() in self._near_keys:
            return text, "case"
        return None  # `O3` for `o3`: too short an id to call another case a miss


def _lowered(data: bytes, table: bytes = _TABLE) -> bytes:
    lowered = data.translate(table)
    return lowered if lowered.endswith(b" ") else lowered + b" "


def _placed(data: bytes, found: list[tuple[int, str, str]]) -> list[Hit]:
    """Hits at their lines and columns, from their byte offsets in order: each line counted
    once, from the one before."""
    hits = []
    line, counted = 1, 0
    for start, text, kind in found:
        line_start = data.rfind(b"\n", 0, start) + 1
        line += data.count(b"\n", counted, line_start)
        counted = line_start
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        hits.append(Hit(line, column, text, kind))
    return hits


def _line_and_column(data: bytes, position: int) -> tuple[int, int]:
    """What `_placed` works out for one hit alone: its line and column."""
    line_start = data.rfind(b"\n", 0, position) + 1
    line = data.count(b"\n", 0, line_start) + 1
    column = len(data[line_start:position].decode("utf-8", "replace")) + 1
    return line, column


def scan_files(matcher: Matcher, files: Sequence[str]) -> Iterator[tuple[str, list[Hit] | str]]:
    """Each file with its hits, or the reason it was not read, in order.

    A big tree is shared out among worker processes (forked, so that they inherit the
    matcher and the list of files instead of receiving them): reading text is work for
    every core, as it is for ripgrep. Workers send back only the files with something to say.
    """
    workers = _workers(len(files))
    if workers < 2:
        for path in files:
            yield path, _scan_one(matcher, path)
        return
    from aihubmix_cli.audit.workers import MAX_TASKS, forked_map

    size = max(_CHUNK, -(-len(files) // MAX_TASKS))
    chunks = [(i, min(i + size, len(files))) for i in range(0, len(files), size)]

    def scan_chunk(chunk: tuple[int, int]) -> list[tuple[int, list[tuple[Any, ...]] | str]]:
        found: list[tuple[int, list[tuple[Any, ...]] | str]] = []
        for number in range(*chunk):
            result = _scan_one(matcher, files[number])
            if isinstance(result, str):
                found.append((number, result))
            elif result:  # as plain tuples, which marshal carries
                found.append((number, list(map(tuple, result))))
        return found

    for (first, stop), results in zip(chunks, forked_map(scan_chunk, chunks, workers), strict=True):
        found = dict(results)
        for number in range(first, stop):
            result = found.get(number, [])
            yield files[number], result if isinstance(result, str) else list(map(Hit._make, result))


_CHUNK = 200
_PARALLEL_FROM = 1000  # files; below, starting workers costs more than it saves


def _workers(count: int) -> int:
    import os
    import sys

    if count < _PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    # One per core, busy or not: the load average lags a minute behind and counts earlier
    # scans, and on a shared machine two workers measured a quarter faster than one (the
    # scheduler gives each its share).
    return min(len(os.sched_getaffinity(0)), 8)


def _scan_one(matcher: Matcher, path: str) -> list[Hit] | str:
    data = read_text(path)
    return data if isinstance(data, str) else matcher.scan(data)
