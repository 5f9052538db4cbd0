"""Reading the server's answer: the JSON envelope, failures reported in a 200 body, and the
normalised JSON form of each entry.

The live service is looser than its published contract (see docs/live-service.md), so every
field is read tolerantly: numbers may be strings, list fields are comma strings (with
full-width commas now and then), and fields nobody documented pass through.
"""

from __future__ import annotations

import math

from aihubmix_cli.base.errors import BadResponseError
from aihubmix_cli.catalog.model import (
    FEATURE_ALIASES,
    LIMIT_FIELDS,
    LIST_FIELDS,
    PRICE_FIELDS,
    TYPE_ALIASES,
    Model,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

# The version of what a body parses into. The cache keeps the result beside the body
# (aihubmix_cli/store/parsed.py), so bump this whenever normalise_entry or parse_models change what
# they produce, or parsed.py what it stores: every stored copy is then rebuilt from its body.
PARSED_FORMAT = 4


def parse_catalog(body: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """Every entry's normalised JSON form, and the warnings about skipped ones, as plain data:
    what a warm run needs of a catalog body, which the cache can store and load quickly."""
    models, problems = parse_models(parse_envelope(body))
    return [model.data for model in models], problems


def parse_envelope(body: bytes) -> list[Any]:
    """Return the `data` list of a catalog response, or raise BadResponseError.

    The live service sometimes answers HTTP 200 with an `{"error": ...}` body or
    `success: false`; those are failures with the server's own message, never a catalog.
    """
    data = load_object(body).get("data")
    if not isinstance(data, list):
        raise BadResponseError("the server's answer holds no list of models")
    return data


def load_object(body: bytes) -> dict[str, Any]:
    """A response body that must be a JSON object reporting no failure of its own."""
    payload = load_json(body)
    if not isinstance(payload, dict):
        raise BadResponseError("the server's answer is not a JSON object")
    problem = server_problem(payload)
    if problem:
        raise BadResponseError(problem)
    return payload


def load_json(body: bytes) -> Any:
    if not body.strip():
        raise BadResponseError("the server sent an empty response")
    import json  # only a body being parsed pays for it, not a warm run

    try:
        # NaN, Infinity and 1e999 load as floats here; json_number makes the known numeric
        # fields null, and render.to_json does the same for any other field.
        try:
            return json.loads(body)
        except json.JSONDecodeError:
            raise
        except ValueError:
            # An integer of more than 4,300 digits, which Python refuses to convert: read
            # again, such integers as infinities (unknown, as 1e999 is), so that one field
            # of one model does not cost the whole catalog.
            return json.loads(body, parse_int=_integer)
    except RecursionError:
        # Nested deeper than Python's parser goes (some 1,000 levels): refused as a whole,
        # in one line, as any other answer aihub cannot read.
        raise BadResponseError("the server sent JSON nested too deeply to read") from None
    except ValueError:
        if body.lstrip()[:1] == b"<":
            raise BadResponseError("the server sent an HTML page instead of JSON") from None
        raise BadResponseError("the server sent invalid JSON") from None


def _integer(digits: str) -> int | float:
    """A JSON integer; one too long for Python to convert is an infinity, which every
    reader of the catalog takes for unknown (and JSON output writes as null)."""
    try:
        return int(digits)
    except ValueError:
        return float("-inf") if digits.startswith("-") else float("inf")


def server_problem(payload: dict[str, Any]) -> str | None:
    """The failure a response body reports, in the server's words, if it reports one."""
    if payload.get("error"):
        return f"the server reported an error: {server_message(payload) or 'no message'}"
    if payload.get("success") is False:
        return f"the server reported a failure: {server_message(payload) or 'no message'}"
    return None


def server_message(payload: Any) -> str | None:
    """The server's own words in a body reporting a failure, if it has any.

    The one place that knows the service's two shapes: the OpenAI one, `{"error": {"message":
    ...}}` (now and then `{"error": "..."}`), and the catalog envelope's `{"message": ...}`.
    It reads HTTP error bodies and 200 bodies that report a failure alike.
    """
    if not isinstance(payload, dict):
        return None
    error = payload.get("error")
    if isinstance(error, dict):
        if error.get("message"):
            return str(error["message"])
    elif error:
        return str(error)
    if payload.get("message"):
        return str(payload["message"])
    return None


# The live catalog writes some lists with the full-width comma (`"thinking，tools"`) or the
# ideographic one; both separate values just like ",".
_OTHER_COMMAS = str.maketrans({"，": ",", "、": ","})


def split_list(value: Any) -> list[str]:
    """`"thinking，tools, web,"` -> `["thinking", "tools", "web"]`; null, "" and junk -> `[]`.

    Parts are trimmed; empty parts and repeats go.
    """
    if isinstance(value, str):
        if "，" in value or "、" in value:
            value = value.translate(_OTHER_COMMAS)
        parts = value.split(",")
        # Most values are tidy ("thinking,tools"); only the others pay for stripping.
        if not value.isprintable() or " " in value or "" in parts:
            parts = [part.strip() for part in parts]
        else:
            return parts if len(set(parts)) == len(parts) else _dedupe(parts)
    elif isinstance(value, list):
        parts = [part.strip() for part in value if isinstance(part, str)]
    else:
        return []
    parts = [part for part in parts if part]
    return parts if len(set(parts)) == len(parts) else _dedupe(parts)


def json_number(value: Any) -> int | float | None:
    """A number as JSON should carry it: numeric strings become numbers, junk becomes null.

    NaN and infinities become null too: they are not JSON, and `--json` output must parse.
    """
    if type(value) is int:  # the common case first; bool is an int subclass, and not a number
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _normalise_prices(block: dict[str, Any]) -> dict[str, Any]:
    out = dict(block)
    for field in PRICE_FIELDS:
        if field in out:
            out[field] = json_number(out[field])
    return out


def _normalise_pricing(pricing: dict[str, Any]) -> dict[str, Any]:
    out = _normalise_prices(pricing)
    tiers = out.get("tiers")
    if isinstance(tiers, list):
        normalised: list[Any] = []
        for tier in tiers:
            if not isinstance(tier, dict):
                normalised.append(tier)
                continue
            block = _normalise_prices(tier)
            bound = block.get("tier")
            if isinstance(bound, dict) and "size" in bound:
                block["tier"] = {**bound, "size": json_number(bound["size"])}
            normalised.append(block)
        out["tiers"] = normalised
    return out


def normalise_entry(raw: dict[str, Any]) -> dict[str, Any]:
    """The JSON contract's form of one catalog entry.

    Comma fields become lists (types under their current names), numbers become numbers,
    absent fields stay absent and unknown fields pass through untouched.
    """
    data = dict(raw)
    for field in LIST_FIELDS:
        if field in data:
            data[field] = split_list(data[field])
    for field, aliases in (("types", TYPE_ALIASES), ("features", FEATURE_ALIASES)):
        values = data.get(field)
        if values and any(v.lower() in aliases for v in values):
            data[field] = _dedupe(aliases.get(v.lower(), v) for v in values)
    for field in LIMIT_FIELDS:
        if field in data:
            data[field] = json_number(data[field])
    pricing = data.get("pricing")
    if isinstance(pricing, dict):
        data["pricing"] = _normalise_pricing(pricing)
    return data


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_models(entries: Sequence[Any]) -> tuple[list[Model], list[str]]:
    """Models from the `data` list, and warnings about entries that had to be skipped.

    One unusable entry never costs the whole catalog.
    """
    models: list[Model] = []
    skipped = 0
    for entry in entries:
        model_id = entry.get("model_id") if isinstance(entry, dict) else None
        if not isinstance(model_id, str) or not model_id.strip():
            skipped += 1
            continue
        models.append(Model(normalise_entry(entry), len(models)))
    warnings = []
    if skipped:
        noun = "entry" if skipped == 1 else "entries"
        warnings.append(f"skipped {skipped} catalog {noun} without a model_id")
    return models, warnings
