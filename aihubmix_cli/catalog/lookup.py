"""Finding the one model a person named, and what they may have meant when none matches."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from aihubmix_cli.catalog.model import Model


def find_model(models: Iterable[Model], query: str) -> Model | None:
    """The model `query` names: its exact id, else the one id equal to it ignoring case."""
    folded = query.casefold()
    alike: list[Model] = []
    for model in models:
        if model.id == query:
            return model
        if model.id.casefold() == folded:
            alike.append(model)
    return alike[0] if len(alike) == 1 else None


def suggest(ids: Sequence[str], query: str, limit: int = 5) -> list[str]:
    """Ids a person may have meant, best first: every id equal to `query` but for case, then
    ids holding it as a whole word (`opus` in `claude-opus-4-1`), then close spellings."""
    import difflib  # only a miss pays for it

    folded = query.casefold()
    same = [i for i in ids if i.casefold() == folded]
    found = same + [i for i in _holding_word(ids, folded) if i not in same]
    by_folded: dict[str, list[str]] = {}
    for i in ids:
        by_folded.setdefault(i.casefold(), []).append(i)
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.6)
    found += [i for key in close for i in by_folded[key] if i not in found]
    return found[: max(limit, len(same))]


def _holding_word(ids: Sequence[str], folded: str) -> list[str]:
    """Ids that contain `folded` bounded by separators or a letter/digit change, the newest
    version first (`claude-opus-4-8` before `claude-2`), then the shortest, then the server's
    order."""
    if not any(char.isalnum() for char in folded):
        return []  # `-` or `.` is a separator in every id, not a word of any
    holding = [(position, i) for position, i in enumerate(ids) if _has_word(i.casefold(), folded)]
    holding.sort(key=lambda item: (_version(item[1]), len(item[1]), item[0]))
    return [i for _, i in holding if i.casefold() != folded]


def _kind(char: str) -> str:
    return "digit" if char.isdigit() else "letter" if char.isalnum() else "separator"


def _has_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = start == 0 or _kind(text[start - 1]) != _kind(text[start])
        after = end == len(text) or _kind(text[end - 1]) != _kind(text[end])
        if before and after:
            return True
        start = text.find(word, start + 1)
    return False


def _version(model_id: str) -> tuple[int, ...]:
    """A sort key putting higher version numbers first; long numbers are dates or sizes."""
    import re  # only a miss pays for it

    # The name after any org prefix (`deepseek-ai/`); a number that is a size (`67b`, `8k`)
    # says nothing of the version.
    name = model_id.rsplit("/", maxsplit=1)[-1].casefold()
    numbers = [int(n) for n in re.findall(r"(\d+)(?![\d.]*[bkm](?![a-z]))", name) if len(n) <= 3]
    # The 1 ranks `x-4-8` (4.8) before `x-4` (4.0): a missing minor number counts as lowest.
    return (*(-n for n in numbers), 1)


def not_found_message(query: str, suggestions: Sequence[str]) -> str:
    from aihubmix_cli.base.text import quoted  # a miss only

    if not suggestions:
        return f"no model {quoted(query)}"
    return f"no model {quoted(query)}; did you mean {', '.join(suggestions)}?"


def resolve(models: list[Model], queries: Sequence[str]) -> list[Model]:
    """The models the queries name, in order; NotFoundError naming every miss otherwise."""
    from aihubmix_cli.base.errors import NotFoundError

    found: list[Model] = []
    misses: dict[str, list[str]] = {}
    ids = [model.id for model in models]
    for query in queries:
        model = find_model(models, query)
        if model is not None:
            found.append(model)
        elif query not in misses:
            misses[query] = suggest(ids, query)
    if misses:
        raise NotFoundError(not_found_line(misses))
    return found


def not_found_line(misses: dict[str, list[str]]) -> str:
    """Every miss with what was perhaps meant; when that makes a line too long for stderr,
    each miss with its likeliest match, summarised by the export notes' rule."""
    whole = "; ".join(not_found_message(query, close) for query, close in misses.items())
    from aihubmix_cli.base.text import LINE, summary, visible

    if len(f"aihub: {whole}") <= LINE or len(misses) == 1:
        return whole  # one miss too long is a long query: the line is cut where it is said
    # A query is cut to 60 characters: a pasted paragraph must not crowd out the others.
    shown = {q: visible(q[:60]) for q in misses}
    items = [f"{shown[q]} ({close[0]}?)" if close else shown[q] for q, close in misses.items()]
    return summary(f"{len(misses)} models not found", items, verbose_names=False)
