"""Typos of model ids, and the anchors that find ids and their typos fast.

`typos(key)` is every one-keystroke slip of a lowered id that `aihub audit` reports as a near
miss: a character dropped, doubled or swapped with its neighbour, a letter replaced by one
next to it on the keyboard, a digit changed, a separator changed, a stray hyphen. Every such
slip starts with an anchor's head, ends with its tail, or is written out (`typo_anchors`), so
a few compiled searches, one per pivot character (`passes`), find every place worth a look.
"""

from __future__ import annotations

import re
from typing import Any

# Near misses (one slip away, or another case) are looked for only around ids at least this
# long that look like ids (a digit or a separator in them): `o3` and `auto` have too many
# innocent neighbours (`-O3`, `Auto`).
NEAR_MIN_LENGTH = 5
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


# Anchors are found by one pass per pivot, a character every anchor holds: rare in text, so
# that the pass skips from one to the next at the speed of `memchr`.
_PIVOTS = [bytes((c,)) for c in b"-/@:."]
# How much of an anchor around its pivot the pass checks: enough to skip most of what is
# not an id, short enough to share one branch among the ids of a family and to keep the
# pattern small (Python's regex compiler takes tens of milliseconds over a long one, on
# every run). Python looks at the whole token around each place found.
_BEFORE_PIVOT, _AFTER_PIVOT = 4, 4


def typo_anchors(key: bytes) -> tuple[bytes, bytes, list[bytes]]:
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
        pivot = _PIVOTS[0]
        before, after = key.find(pivot), key.rfind(pivot)  # a pivot left, right of a gap
        gap = max(
            range(first + 1, last),
            key=lambda g: (
                (0 <= before < g) + (after > g),
                key[g - 1] not in _MARKS,
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


def passes(anchors: dict[bytes, int]) -> tuple[bytes, list[Any]]:
    """A translation that folds the characters anchors without a mark are found by into
    one, and one compiled search per pivot in the folded text, each a literal pivot and
    then a trie of what follows it, with what precedes it checked behind. An anchor with a
    length is a tail: it must end a token at least that long (`-1` in `x-1` is no typo),
    which the pass checks when the whole tail is in its trie. The text searched must end
    with a space."""
    bare = [a for a in anchors if not any(p in a for p in _MAIN)]
    # Each is found by the rarest character it holds (the first in _SECONDARY's order). All
    # those characters are folded into one, so how many there are costs nothing: what costs
    # is how often they stand in a file (an `e` would stop the pass every few words).
    firsts = {next(c for c in _SECONDARY if c in a) for a in bare}
    chosen = bytes(sorted(firsts, key=_SECONDARY.index))
    fold = bytes.maketrans(chosen, chosen[:1] * len(chosen))
    folded: dict[bytes, int] = {}
    for anchor, tail in anchors.items():
        key = anchor.translate(fold)
        folded[key] = merged(folded.get(key, tail), tail)
    by_pivot: dict[bytes, set[tuple[bytes, bytes, int]]] = {}
    pivots = [*_MAIN, chosen[:1]] if chosen else _MAIN
    # What may follow an id, as the folded text has it.
    key_end = b"[" + b"".join(map(re.escape, _one_each(_KEY_END.translate(fold)))) + b"]"
    for anchor, tail in folded.items():
        place = next(p for p in map(anchor.find, pivots) if p >= 0)
        pivot = anchor[place : place + 1]
        before = anchor[max(place - _BEFORE_PIVOT, 0) : place]
        after = anchor[place + 1 :]
        ends = tail if len(after) <= _AFTER_PIVOT else 0
        by_pivot.setdefault(pivot, set()).add((before, after[:_AFTER_PIVOT], ends))
    return fold, [
        re.compile(re.escape(pivot) + _trie(pivot, sorted(pairs), key_end)).search
        for pivot, pairs in sorted(by_pivot.items())
    ]


# What finds the anchors without a mark, rarest in text first.
_MAIN = [b"-", b"."]
_SECONDARY = b"_/@:" + b"3456789120" + b"zqjxkvwybgfpmhucdlsrniaote" + b"()"


def _one_each(chars: bytes) -> list[bytes]:
    return [bytes((char,)) for char in sorted(set(chars))]


def merged(one: int, other: int) -> int:
    """What an anchor must be followed by, when two roles share it: the laxer of the two."""
    if one > 0 and other > 0:
        return min(one, other)
    return one if one == other else 0


def _trie(pivot: bytes, pairs: list[tuple[bytes, bytes, int]], key_end: bytes) -> bytes:
    root: dict[int, Any] = {}
    for before, after, ends in pairs:
        node = root
        for char in after:
            node = node.setdefault(char, {})
        node.setdefault(-1, set()).add((before, ends))
    return _branch(root, pivot, key_end)


# An id ends where its token does, or where what wraps it begins (`o3.`, `o3:`, `(o3)`).
KEY_END = -1
_KEY_END = b" .:)"


def _branch(node: dict[int, Any], pivot: bytes, key_end: bytes, path: bytes = b"") -> bytes:
    befores = node.get(-1, set())
    if (b"", 0) in befores:
        return b""  # the shorter anchor already says enough
    here = pivot + path
    parts = []
    for char, child in sorted((c, n) for c, n in node.items() if c >= 0):
        one = bytes((char,))
        parts.append(re.escape(one) + _branch(child, pivot, key_end, path + one))
    # Tails end a token: the space after them is a literal, which the regex engine checks
    # before it enters any look behind.
    tails: dict[int, list[list[bytes]]] = {}
    for before, ends in sorted(befores):
        if ends > 0:
            atoms = [re.escape(bytes((c,))) for c in before + here]
            width = max(ends, len(atoms))
            if width > len(atoms):  # the rest of a token at least `ends` long
                atoms.insert(0, b"[^ ]{%d}" % (width - len(atoms)))
            tails.setdefault(width, []).append(atoms)
    if tails:
        looks = [b"(?<=" + _alternation(group) + b" )" for _, group in sorted(tails.items())]
        parts.append(b" " + (looks[0] if len(looks) == 1 else b"(?:" + b"|".join(looks) + b")"))
    for kind, then in ((KEY_END, key_end), (0, b"")):
        widths: dict[int, list[list[bytes]]] = {}
        for before, ends in sorted(befores):
            if ends == kind:
                atoms = [re.escape(bytes((c,))) for c in before]
                widths.setdefault(len(before), []).append(atoms)
        looks = [
            b"(?<=" + _alternation(group) + re.escape(here) + then + b")"
            for _, group in sorted(widths.items(), reverse=True)
        ]
        if then and len(looks) > 1:
            parts.append(then + b"(?:" + b"|".join(looks) + b")")
        else:
            parts.extend(then + look for look in looks)
    if len(parts) == 1:
        return parts[0]
    return b"(?:" + b"|".join(parts) + b")"


def _alternation(group: list[list[bytes]]) -> bytes:
    """Strings of regex atoms, all as long, as one trie: the engine tries the alternatives
    one after another, so sharing their first atoms keeps a failing try short."""
    if not group[0]:
        return b""
    firsts: dict[bytes, list[list[bytes]]] = {}
    for atoms in group:
        firsts.setdefault(atoms[0], []).append(atoms[1:])
    parts = [first + _alternation(rest) for first, rest in firsts.items()]
    return parts[0] if len(parts) == 1 else b"(?:" + b"|".join(parts) + b")"
