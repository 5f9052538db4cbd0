"""What `aihub audit` suggests for an id the catalog does not have: what `catalog.suggest`
(and so `aihub show`) answers, among the ids that share its first letter, or among all ids
when none of those is close.

A tree can hold dozens of misspelt or re-cased ids, and difflib's comparison of one with
every id of a live-size catalog costs a millisecond or more. `suggest` answers with the ids
equal to the text but for case, the ids holding it as a word, and difflib's closest
spellings; the ids that can be any of those are found first, and `suggest` is asked about
them alone, which gives the same answer for a fraction of the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aihubmix_cli.catalog import suggest

# What `catalog.suggest` asks of difflib.get_close_matches.
CLOSE_COUNT = 3
CLOSE_CUTOFF = 0.6


class Suggestions:
    """`suggest` for misspelt ids, remembered by the text's case-folded form (all `suggest`
    looks at)."""

    def __init__(self, ids: Iterable[str]) -> None:
        self._ids = list(ids)
        self._by_initial: dict[str, list[str]] = {}
        for model_id in self._ids:
            self._by_initial.setdefault(model_id[:1].casefold(), []).append(model_id)
        self._groups: dict[str, _Group] = {}  # made the first time a text needs one
        self._answers: dict[tuple[str, str], list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        initial, folded = text[:1].casefold(), text.casefold()
        found = self._answers.get((initial, folded))
        if found is None:
            found = self._group(initial).suggest(text) or self._group(None).suggest(text)
            self._answers[initial, folded] = found
        return found

    def _group(self, initial: str | None) -> _Group:
        """The ids starting with `initial` (all ids for None)."""
        key = "" if initial is None else f"={initial}"
        group = self._groups.get(key)
        if group is None:
            ids = self._ids if initial is None else self._by_initial.get(initial, [])
            group = self._groups[key] = _Group(ids)
        return group


class _Group:
    """Ids to suggest among, each with its case-folded form, and those forms by length with
    the count of each of their characters (what difflib's upper bounds need)."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = [(model_id, model_id.casefold()) for model_id in ids]
        self.by_length: dict[int, list[tuple[str, dict[str, int]]]] = {}
        for key in dict.fromkeys(folded for _, folded in self.ids):
            self.by_length.setdefault(len(key), []).append((key, _counts(key)))

    def suggest(self, text: str) -> list[str]:
        folded = text.casefold()
        close = set(close_matches(self, folded))
        # `suggest` takes ids equal to the text but for case and ids holding it as a word
        # (which hold it at all), then the closest spellings: nothing else can be named.
        shortlist = [i for i, key in self.ids if folded in key or key in close]
        return suggest(shortlist, text)


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return counts


def close_matches(group: _Group, word: str) -> list[str]:
    """`difflib.get_close_matches(word, keys, CLOSE_COUNT, CLOSE_CUTOFF)` over the group's
    distinct case-folded ids, the same list, computed with less of difflib's exact ratio.

    difflib's ratio, 2 * matches / total length, is at most its `quick_ratio` (matches
    counted as if every shared character lined up), itself at most its `real_quick_ratio`
    (as if every character did). The exact ratio is computed from the highest bound down,
    and stops once the best few found beat every bound left: none of those keys can be
    among the closest. Bounds and ratio divide whole numbers the same way, so a key with
    a bound below a ratio also has a ratio below it.
    """
    import difflib
    import heapq

    total_word = len(word)
    wanted = list(_counts(word).items())
    bounds: list[tuple[float, str]] = []
    for length, keys in group.by_length.items():
        total = length + total_word
        if 2.0 * min(length, total_word) / total < CLOSE_CUTOFF:
            continue
        for key, counts in keys:
            shared = 0
            for char, count in wanted:
                has = counts.get(char, 0)
                shared += has if has < count else count
            bound = 2.0 * shared / total
            if bound >= CLOSE_CUTOFF:
                bounds.append((bound, key))
    bounds.sort(reverse=True)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)  # as get_close_matches does: the ratio is not symmetric
    scored: list[tuple[float, str]] = []
    best: list[float] = []  # the CLOSE_COUNT highest ratios so far, lowest first
    for bound, key in bounds:
        if len(best) == CLOSE_COUNT and bound < best[0]:
            break
        matcher.set_seq1(key)
        ratio = matcher.ratio()
        if ratio >= CLOSE_CUTOFF:
            scored.append((ratio, key))
            heapq.heappush(best, ratio)
            if len(best) > CLOSE_COUNT:
                heapq.heappop(best)
    return [key for _, key in heapq.nlargest(CLOSE_COUNT, scored)]
