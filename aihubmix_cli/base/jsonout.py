"""JSON exactly as the contract says: the server's text kept as sent, always valid JSON."""

from __future__ import annotations

import math

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any


def to_json(value: Any, *, ascii_only: bool = False) -> str:
    """One line of JSON, newline-ended.

    allow_nan=False because NaN is not JSON: a non-finite number the catalog parser did not
    already make null (in an unknown field, say) becomes null here, so the output always
    parses. `ascii_only` escapes everything outside ASCII, for an output that cannot carry it.
    """
    import json

    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        # NaN or an infinity somewhere the catalog parser does not look (an unknown field,
        # a legacy object): null, which is what JSON can say about it.
        value = _finite(value)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if not ascii_only:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            ascii_only = True  # a lone surrogate ("\\ud800" in the server's JSON)
    if ascii_only:
        # Escaped, the output is still valid JSON and decodes to exactly the same text, in
        # any encoding (PYTHONIOENCODING=ascii would otherwise turn é into ?).
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text + "\n"


def carries_unicode(out: IO[str]) -> bool:
    """Whether `out` can take any text: a UTF encoding, or no encoding at all (a buffer)."""
    import codecs

    encoding = getattr(out, "encoding", None)
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return True


def write_json(out: IO[str], value: Any) -> None:
    out.write(to_json(value, ascii_only=not carries_unicode(out)))


def _finite(value: Any) -> Any:
    """`value` with every non-finite float made None, copied without recursion: a field
    nested 500 levels deep (which json reads and writes) must not exceed Python's stack."""
    if not isinstance(value, (dict, list)):
        return None if isinstance(value, float) and not math.isfinite(value) else value
    root: Any = {} if isinstance(value, dict) else []
    pending: list[tuple[Any, Any]] = [(value, root)]  # (original, its copy to fill)
    while pending:
        original, copy = pending.pop()
        items = original.items() if isinstance(original, dict) else enumerate(original)
        for key, item in items:
            kept: Any = item
            if isinstance(item, (dict, list)):
                kept = {} if isinstance(item, dict) else []
                pending.append((item, kept))
            elif isinstance(item, float) and not math.isfinite(item):
                kept = None
            if isinstance(copy, dict):
                copy[key] = kept
            else:
                copy.append(kept)
    return root
