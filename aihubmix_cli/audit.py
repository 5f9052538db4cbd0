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
space, by one `bytes.translate` in C. Every form worth reporting holds an anchor with a pivot
character in it (see `_typo_anchors`), and one compiled search per pivot skips, in C, from
pivot to pivot, checking what stands around it. Python looks only at the tokens around the
places found, and makes the typos of an id only when a token comes near it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .audit_files import read_text

TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "-._/:@()")
# One pass lowers letters and turns every byte that cannot be part of an id into a space.
_TABLE = bytes(
    (ord(chr(b).lower()) if chr(b) in TOKEN_CHARS else 0x20) if b < 0x80 else 0x20
    for b in range(256)
)

# Near misses (one slip away, or another case) are looked for only around ids at least this
# long that look like ids (a digit or a separator in them): `o3` and `auto` have too many
# innocent neighbours (`-O3`, `Auto`).
NEAR_MIN_LENGTH = 5


class Hit(NamedTuple):
    """One occurrence: where, the text as written, and how it relates to the ids."""

    line: int  # 1-based
    column: int  # 1-based, in Unicode code points
    text: str
    kind: str  # "id": an id as written; "case": an id in another case; "near": one slip away


def searchable(model_id: str) -> bool:
    """Whether an id can be found as a token: ASCII token characters, and not a plain word
    (`auto`, `DESCRIBE`), which would match ordinary prose and code everywhere."""
    if not model_id or not all(ch in TOKEN_CHARS for ch in model_id):
        return False
    return not model_id.isalpha()


_ID_MARK = re.compile(rb"[0-9./:@-]")


def _looks_like_id(text: bytes) -> bool:
    return _ID_MARK.search(text) is not None and b"://" not in text


# What wraps an id in prose and code without being part of it: `(gpt-5)`, `gpt-4.1.`,
# `gpt-5:` (a YAML key), `@gpt-5`. Written out rather than trimmed token by token, so that
# finding them costs a set lookup, not a look at every token.
_BEFORE = (b"", b"(", b"@")
_AFTER = (b"", b".", b":", b"..", b"...", b")", b").", b"):", b".)", b"))")

_SEPARATORS = b"-._"
_DIGITS = b"0123456789"
_ROWS = (b"qwertyuiop", b"asdfghjkl", b"zxcvbnm")


def _keyboard_neighbours() -> dict[int, bytes]:
    """Letters next to each letter on a QWERTY keyboard (same row, and the rows around)."""
    place = {key: (row, col) for row, keys in enumerate(_ROWS) for col, key in enumerate(keys)}
    return {
        key: bytes(
            other
            for other, (row2, col2) in place.items()
            if other != key and abs(row - row2) <= 1 and abs(col - col2) <= 1
        )
        for key, (row, col) in place.items()
    }


_NEIGHBOURS = _keyboard_neighbours()


def typos(key: bytes) -> set[bytes]:
    """The slips one keystroke makes in a (lowered) id: a character dropped or doubled, two
    neighbours swapped, a letter replaced by one next to it on the keyboard, a digit
    replaced by another digit, a separator (- . _) replaced by another, a hyphen added.

    A catalog of the live size has about 130,000 of them: cheap to build, and a file's tokens
    are checked against all of them by one set intersection. A model of every one-character
    edit would be ten times as many.
    """
    found: set[bytes] = set()
    add = found.add
    for i, char in enumerate(key):
        head, tail = key[:i], key[i + 1 :]
        add(head + tail)
        one = _ONE[char]
        add(head + one + one + tail)
        add(head + b"-" + one + tail)  # a stray hyphen
        if tail:
            add(head + tail[:1] + one + tail[1:])
        for other in _REPLACEMENTS.get(char, ()):
            add(head + other + tail)
    return _typo_filter(key, found)


def _typo_filter(key: bytes, found: set[bytes]) -> set[bytes]:
    """The slips in `found` worth reporting as typos of `key`."""
    found = found - {key}
    # One edit changes one character's worth: a key with three letters and two marks keeps
    # at least two of each, so only the ends need a look.
    letters = len(key) - len(key.translate(None, _LETTERS))
    marks = len(key) - len(key.translate(None, _MARKS))
    if letters >= 3 and marks >= 2:
        return {t for t in found if t[0] not in _EDGES and t[-1] not in _EDGES}
    return {t for t in found if _plausible(t)}


_ONE = [bytes((b,)) for b in range(256)]


def _replacements() -> dict[int, tuple[bytes, ...]]:
    table: dict[int, tuple[bytes, ...]] = {}
    for group in (_DIGITS, _SEPARATORS):
        for char in group:
            table[char] = tuple(_ONE[o] for o in group if o != char)
    for char, near in _NEIGHBOURS.items():
        table[char] = tuple(_ONE[o] for o in near)
    return table


_REPLACEMENTS = _replacements()
_EDGES = frozenset(b"-._/:@")
_LETTERS = bytes(range(ord("a"), ord("z") + 1))
_MARKS = b"-./:@"


def _plausible(token: bytes) -> bool:
    """A typo worth reporting looks like an id itself: `gpt-` or `4-5` would be noise, and
    `gpt5` or `gpt_5` are more likely names in code (`gpt5 = ...`) than misspelt ids."""
    return (
        len(token) >= NEAR_MIN_LENGTH - 1
        and token[0] not in _EDGES
        and token[-1] not in _EDGES
        and len(token) - len(token.translate(None, _LETTERS)) >= 2
        and len(token.translate(None, _MARKS)) < len(token)
    )


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
        # Anchor -> the least length of the token it must end (a tail), or 0: anywhere.
        anchors: dict[bytes, int] = {}
        for model_id in near_ids:
            key = model_id.lower().encode()
            if searchable(model_id) and len(key) >= NEAR_MIN_LENGTH and _looks_like_id(key):
                self._near_keys.add(key)
                head, tail, written = _typo_anchors(key)
                if head:
                    self._heads.setdefault(head, []).append(key)
                    self._tails.setdefault(tail, []).append(key)
                    anchors[head] = 0
                    shortest = anchors.get(tail, len(key) - 1) or 0
                    anchors[tail] = min(shortest, len(key) - 1)
                self._written.update(written)
                anchors.update(dict.fromkeys(written, 0))
        self._head_sizes = sorted({len(head) for head in self._heads})
        self._tail_sizes = sorted({len(tail) for tail in self._tails})
        self._typos: dict[tuple[bool, bytes], set[bytes]] = {}
        self._near: dict[bytes, bool] = {}
        # Ids win over typos of other ids: `gpt-4.1` is an id, not a slip of `gpt-4.2`.
        keys: dict[bytes, _Key] = {}
        for model_id in self._ids:
            key = model_id.lower().encode()
            anchors[key] = 0  # every form worth reporting holds it
            for before in _BEFORE:
                answer = _Key(len(before), len(key), near=False)
                keys.update(dict.fromkeys((before + key + after for after in _AFTER), answer))
        self._keys = keys
        self._passes = _passes(anchors)

    def _is_typo(self, token: bytes) -> bool:
        """Whether `token` is one slip away from a near key (see `typos`)."""
        known = self._near.get(token)
        if known is None:
            heads = {token[:size] for size in self._head_sizes} & self._heads.keys()
            tails = {token[-size:] for size in self._tail_sizes} & self._tails.keys()
            known = self._near[token] = (
                token in self._written
                or any(token in self._typos_of(True, head) for head in heads)
                or any(token in self._typos_of(False, tail) for tail in tails)
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
        lowered = data.translate(_TABLE)
        end = len(lowered)
        seen: set[int] = set()
        hits: list[Hit] = []
        keys = self._keys
        # Every form worth reporting holds one of the anchors, which the passes find in C;
        # only the tokens around them are looked at here.
        for search in self._passes:
            match = search(lowered)
            while match is not None:
                position = match.start()
                first = lowered.rfind(b" ", 0, position) + 1
                after = lowered.find(b" ", position)
                if after < 0:
                    after = end
                token = lowered[first:after]
                key = keys.get(token)
                if key is None and self._is_typo(token):
                    key = _Key(0, len(token), near=True)
                if key is not None and first not in seen:
                    seen.add(first)
                    hit = self._hit(data, first + key.offset, key)
                    if hit is not None:
                        hits.append(hit)
                match = search(lowered, after)
        hits.sort()
        return hits

    def _hit(self, data: bytes, start: int, key: _Key) -> Hit | None:
        text = data[start : start + key.length].decode("ascii")
        if key.near:
            kind = "near"
        elif text in self._ids:
            kind = "id"
        elif text.lower().encode() in self._near_keys:
            kind = "case"
        else:
            return None  # `O3` for `o3`: too short an id to call another case a miss
        line, column = _line_and_column(data, start)
        return Hit(line, column, text, kind)


# Anchors are found by one pass per pivot, a character every anchor holds: rare in text, so
# that the pass skips from one to the next at the speed of `memchr`.
_PIVOTS = b"-/@:."
# How much of an anchor around its pivot the pass checks: enough to skip most of what is
# not an id, short enough to share one branch among the ids of a family.
_BEFORE_PIVOT, _AFTER_PIVOT = 4, 6


def _typo_anchors(key: bytes) -> tuple[bytes, bytes, list[bytes]]:
    """A head and a tail of `key`, and typos written out, such that every typo of `key`
    starts with the head, ends with the tail, or is written out; each holds a mark.

    Every typo holds a mark (`_plausible`). One slip changes the characters at one place,
    at most two neighbours: with a gap character between a head and a tail, a typo starts
    with the head or ends with the tail. When the key's marks leave no such gap (one mark,
    or two side by side), the few slips that touch them are written out; a key without a
    mark gets its mark from the slip, and all those slips are written out.
    """
    marks = [i for i, char in enumerate(key) if char in _MARKS]
    size = len(key)
    if not marks:
        slips = {key[:i] + b"-" + key[i:] for i in range(size)}
        for i in range(size):
            slips |= _replaced(key, i)
        return b"", b"", sorted(_typo_filter(key, slips))
    first, last = marks[0], marks[-1]
    if last - first >= 2:
        # Heads and tails that hold the first pivot share its pass; then the middle.
        gap = max(
            range(first + 1, last),
            key=lambda g: (
                (_PIVOTS[:1] in key[:g]) + (_PIVOTS[:1] in key[g + 1 :]),
                -abs(g - size // 2),
            ),
        )
        return key[:gap], key[gap + 1 :], []
    slips = {_swapped(key, i) for i in range(max(last - 1, 0), min(first, size - 2) + 1)}
    if first == last:
        slips.add(key[:first] + key[first + 1 :])
        slips |= _replaced(key, first)
    return key[: first + 1], key[last:], sorted(_typo_filter(key, slips))


def _swapped(key: bytes, i: int) -> bytes:
    return key[:i] + key[i + 1 : i + 2] + key[i : i + 1] + key[i + 2 :]


def _replaced(key: bytes, i: int) -> set[bytes]:
    return {key[:i] + other + key[i + 1 :] for other in _REPLACEMENTS.get(key[i], ())}


def _passes(anchors: dict[bytes, int]) -> list[Any]:
    """One compiled search per pivot (and per group of anchors without one), each a literal
    pivot and then a trie of what follows it, with what precedes it checked behind; a tail
    must end a token at least as long as a typo of its key (`-1` in `x-1` is no typo)."""
    by_pivot: dict[bytes, set[tuple[bytes, bytes, int]]] = {}
    plain: dict[bytes, list[bytes]] = {}
    for anchor, ends in anchors.items():
        where = [anchor.find(bytes((p,))) for p in _PIVOTS]
        place = next((w for w in where if w >= 0), -1)
        if place < 0:  # `o3`, `v_2`, `chatglm_pro`: passes for what they start with
            plain.setdefault(anchor[:2], []).append(anchor)
            continue
        pivot = anchor[place : place + 1]
        before = anchor[max(place - _BEFORE_PIVOT, 0) : place]
        after = anchor[place + 1 :] if ends else anchor[place + 1 : place + 1 + _AFTER_PIVOT]
        by_pivot.setdefault(pivot, set()).add((before, after, ends))
    for group in plain.values():
        low, high = min(group), max(group)  # what they share, all of them share
        pairs = enumerate(zip(low, high, strict=False))
        start = low[: next((i for i, (a, b) in pairs if a != b), len(low))]
        by_pivot.setdefault(start, set()).update((b"", a[len(start) :], 0) for a in group)
    return [
        re.compile(re.escape(pivot) + _trie(pivot, sorted(pairs))).search
        for pivot, pairs in sorted(by_pivot.items())
    ]


def _trie(pivot: bytes, pairs: list[tuple[bytes, bytes, int]]) -> bytes:
    root: dict[int, Any] = {}
    for before, after, ends in pairs:
        node = root
        for char in after:
            node = node.setdefault(char, {})
        node.setdefault(-1, set()).add((before, ends))
    return _branch(root, pivot)


def _branch(node: dict[int, Any], pivot: bytes, path: bytes = b"") -> bytes:
    befores = node.get(-1, set())
    if (b"", 0) in befores:
        return b""  # the shorter anchor already says enough
    # One look behind per width, its alternatives told apart by their first character.
    widths: dict[int, list[bytes]] = {}
    ending: list[bytes] = []
    behind = re.escape(pivot + path)
    for before, ends in sorted(befores):
        if ends:
            ending.append(b"(?<=%s%s)(?![^ ])(?<=[^ ]{%d})" % (re.escape(before), behind, ends))
        else:
            widths.setdefault(len(before), []).append(re.escape(before))
    parts = ending + [
        b"(?<=" + (b"(?:" + b"|".join(group) + b")" if len(group) > 1 else group[0]) + behind + b")"
        for _, group in sorted(widths.items())
    ]
    for char, child in sorted((c, n) for c, n in node.items() if c >= 0):
        one = bytes((char,))
        parts.append(re.escape(one) + _branch(child, pivot, path + one))
    if len(parts) == 1:
        return parts[0]
    return b"(?:" + b"|".join(parts) + b")"


def _line_and_column(data: bytes, position: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, position) + 1
    line = data.count(b"\n", 0, line_start) + 1
    column = len(data[line_start:position].decode("utf-8", "replace")) + 1
    return line, column


def scan_files(matcher: Matcher, files: Sequence[Path]) -> Iterator[tuple[Path, list[Hit] | str]]:
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
    import multiprocessing

    global _SHARED  # noqa: PLW0603 -- what forked workers inherit
    _SHARED = (matcher, files)
    chunks = [(i, min(i + _CHUNK, len(files))) for i in range(0, len(files), _CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers, _quiet_on_interrupt) as pool:
            for (first, stop), results in zip(chunks, pool.imap(_scan_chunk, chunks), strict=True):
                found = dict(results)
                for number in range(first, stop):
                    yield files[number], found.get(number, [])
    finally:
        _SHARED = None


_CHUNK = 200
_PARALLEL_FROM = 1000  # files; below, starting workers costs more than it saves
_SHARED: tuple[Matcher, Sequence[Path]] | None = None


def _workers(count: int) -> int:
    import multiprocessing
    import os
    import sys

    if count < _PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    # One per core, busy or not: the load average lags a minute behind and counts earlier
    # scans, and on a shared machine two workers measured a quarter faster than one (the
    # scheduler gives each its share).
    return min(len(os.sched_getaffinity(0)), 8)


def _quiet_on_interrupt() -> None:
    """Ctrl-C is the parent's to report (one line, exit 130), not each worker's traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _scan_chunk(chunk: tuple[int, int]) -> list[tuple[int, list[Hit] | str]]:
    assert _SHARED is not None
    matcher, files = _SHARED
    results = ((n, _scan_one(matcher, files[n])) for n in range(*chunk))
    return [(number, result) for number, result in results if result]


def _scan_one(matcher: Matcher, path: Path) -> list[Hit] | str:
    data = read_text(path)
    return data if isinstance(data, str) else matcher.scan(data)
