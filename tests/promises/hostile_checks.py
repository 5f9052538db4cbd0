"""What hostile catalogs must leave intact, for tests/promises/test_hostile_*.py: the
characters that may never reach a terminal, the catalog as the server sends it and as aihub
parses it, and a check per output format against the entries the server sent."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import (
    LIMIT_FIELDS,
    LIST_FIELDS,
    PRICE_FIELDS,
    TYPE_ALIASES,
    Model,
    parse_envelope,
    parse_models,
)
from aihubmix_cli.render.models import MODEL_COLUMNS

PLAIN_COLUMNS = len(MODEL_COLUMNS)


# -- what may never reach a terminal -----------------------------------------------------------

# C0 controls (ESC among them) but the newline, DEL, C1 controls, bidi controls, and the
# Unicode line and paragraph separators.
FORBIDDEN = frozenset(
    [chr(code) for code in range(0x20) if code != 0x0A]
    + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2066, 0x206A)]
    + ["\u200e", "\u200f", "\u061c", "\u2028", "\u2029"]
    # Lone surrogates ("\ud800" in the server's JSON) have no UTF-8 form at all.
    + [chr(code) for code in range(0xD800, 0xE000)]
)
# What terminal_safe takes out of one-line text (a cell, an id): the above and the newline.
SANITISED = FORBIDDEN | {"\n"}


def assert_clean(text: str, where: str, *, newlines: bool = True) -> None:
    """No forbidden character in `text` (nor a newline, unless `newlines`)."""
    banned = FORBIDDEN if newlines else SANITISED
    found = sorted({char for char in text if char in banned})
    assert not found, f"{where}: {found!r} in {text[:300]!r}"


# -- helpers -----------------------------------------------------------------------------------


def server_body(catalog: Sequence[Any]) -> bytes:
    """The catalog as the loopback server sends it (NaN and Infinity included), or with
    escapes where it holds lone surrogates, which UTF-8 cannot carry otherwise."""
    envelope = {"data": list(catalog), "message": "", "success": True}
    text = json.dumps(envelope, ensure_ascii=False, allow_nan=True)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(envelope, allow_nan=True).encode("ascii")


def without_surrogates(value: Any) -> Any:
    """`value` with each lone surrogate replaced: the loopback server writes raw UTF-8."""
    if isinstance(value, str):
        return "".join("\ufffd" if 0xD800 <= ord(c) < 0xE000 else c for c in value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def sent(catalog: Sequence[Any]) -> list[Any]:
    """The entries as the server's JSON means them: two escaped surrogates that make a pair
    are one character, and of two keys that become equal the last one wins."""
    data: list[Any] = json.loads(server_body(catalog))["data"]
    return data


def parsed(catalog: Sequence[Any]) -> tuple[list[Model], list[str]]:
    return parse_models(parse_envelope(server_body(catalog)))


def usable(entry: Any) -> bool:
    """Whether aihub keeps the entry: an object whose model_id is non-blank text."""
    if not isinstance(entry, dict):
        return False
    model_id = entry.get("model_id")
    return isinstance(model_id, str) and bool(model_id.strip())


def finite(value: Any) -> Any:
    """`value` as JSON can carry it: NaN and the infinities become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [finite(item) for item in value]
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    return value


def same(left: Any, right: Any) -> bool:
    """Equal and of the same JSON types all the way down: 1, 1.0 and true differ."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def is_json_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def check_number(out: Any, raw: Any, where: str) -> None:
    """A number field: a JSON number or null; a finite number sent stays exactly that one."""
    assert out is None or is_json_number(out), (where, out)
    if is_json_number(raw):
        assert same(out, raw), (where, out, raw)
    elif not isinstance(raw, str):
        assert out is None, (where, out, raw)


def check_price_block(out: dict[str, Any], raw: dict[str, Any], where: str) -> None:
    """Prices are numbers or null and stay absent when absent; other keys pass through."""
    assert out.keys() == raw.keys(), where
    for key, value in raw.items():
        if key in PRICE_FIELDS:
            check_number(out[key], value, f"{where}.{key}")
        elif key == "tier" and isinstance(value, dict) and "size" in value:
            check_number(out[key].pop("size"), value["size"], f"{where}.tier.size")
            assert same(out[key], finite({k: v for k, v in value.items() if k != "size"}))
        elif key != "tiers":
            assert same(out[key], finite(value)), (where, key)


def check_json_object(out: Any, raw: dict[str, Any], where: str) -> None:
    """One model object of the JSON output against the entry the server sent."""
    assert isinstance(out, dict), where
    assert out.keys() == raw.keys(), where
    for key, value in raw.items():
        got = out[key]
        if key in LIST_FIELDS:
            assert isinstance(got, list), (where, key, got)
            assert all(isinstance(part, str) and part and part == part.strip() for part in got)
            assert len(set(got)) == len(got), (where, key, got)
            if key == "types":
                assert not any(part.lower() in TYPE_ALIASES for part in got), (where, got)
        elif key in LIMIT_FIELDS:
            check_number(got, value, f"{where}.{key}")
        elif key == "pricing" and isinstance(value, dict):
            check_price_block(got, value, f"{where}.pricing")
            if isinstance(value.get("tiers"), list):
                for n, (tier, raw_tier) in enumerate(
                    zip(got["tiers"], value["tiers"], strict=True)
                ):
                    if isinstance(raw_tier, dict):
                        check_price_block(tier, raw_tier, f"{where}.pricing.tiers[{n}]")
                    else:
                        assert same(tier, finite(raw_tier)), (where, n)
            elif "tiers" in value:
                assert same(got["tiers"], finite(value["tiers"])), where
        else:
            # model_id, desc, model_name, release_date, fields nobody documented: exactly
            # as sent (NaN and Infinity inside them are null).
            assert same(got, finite(value)), (where, key, got, value)


def check_json_models(out: Any, raws: Sequence[dict[str, Any]], where: str) -> None:
    assert isinstance(out, list), where
    assert len(out) == len(raws), where
    for n, (obj, raw) in enumerate(zip(out, raws, strict=True)):
        check_json_object(obj, raw, f"{where}[{n}]")


def check_plain(text: str, models: Sequence[Model], columns: int, where: str) -> None:
    """A header and one tab-separated line per model, every cell clean and non-empty."""
    assert text.endswith("\n"), where
    lines = text[:-1].split("\n")
    assert len(lines) == len(models) + 1, where
    for line, model in zip(lines[1:], models, strict=True):
        cells = line.split("\t")
        assert len(cells) == columns, (where, line)
        for cell in cells:
            assert cell, (where, line)
            assert_clean(cell, where, newlines=False)
        if not any(char in SANITISED for char in model.id):
            assert cells[0] == model.id, where


# A number, which a spreadsheet reads as one: CSV leaves it as it is.
PLAIN_NUMBER = r"-?[0-9]+(\.[0-9]*)?"


def check_csv(text: str, models: Sequence[Model], columns: int, where: str) -> None:
    assert_clean(text, where)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(models) + 1, where
    for row, model in zip(rows[1:], models, strict=True):
        assert len(row) == columns, (where, row)
        for cell in row:
            assert_clean(cell, where, newlines=False)
            # No cell starts a spreadsheet formula, bar a plain number.
            formula = cell.startswith(("=", "+", "-", "@"))
            assert not formula or re.fullmatch(PLAIN_NUMBER, cell), (where, cell)
        if not any(char in SANITISED for char in model.id):
            formula = model.id.startswith(("=", "+", "-", "@"))
            formula = formula and not re.fullmatch(PLAIN_NUMBER, model.id)
            assert row[0] == ("'" + model.id if formula else model.id), where


def check_ids(text: str, models: Sequence[Model], where: str) -> None:
    assert_clean(text, where)
    lines = text.split("\n")
    assert len(lines) == len(models) + 1 and lines[-1] == "", where
    for line, model in zip(lines, models, strict=False):
        if not any(char in SANITISED for char in model.id):
            assert line == model.id, where


def check_jsonl(text: str, raws: Sequence[dict[str, Any]], where: str) -> None:
    # JSON lines end at "\n" only: U+2028 and NEL may stand unescaped inside a string.
    text.encode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == "", where
    check_json_models([json.loads(line) for line in lines[:-1]], raws, where)


def check_one_line_json(text: str) -> Any:
    assert text.endswith("\n") and text.count("\n") == 1, text[:300]
    text.encode("utf-8")  # stdout is UTF-8: a lone surrogate must have been escaped
    return json.loads(text)
