"""Hostile catalogs: any JSON where the catalog should be, through every output format.

The catalog is remote data, so the properties here throw at aihub what a broken or malicious
server could send: any field of any JSON type, missing keys, nested junk, huge and negative
numbers, NaN and Infinity, very long strings, every unicode plane, control characters, ANSI
escapes, bidi overrides and rich markup. The contracts (docs/caching.md): nothing crashes; JSON
output parses and keeps the text exactly; terminal and plain output carry no control, escape
or bidi character from the data; markup shows literally.

The render-level properties run the parser and every renderer in-process, many examples; the
end-to-end ones run the real entry point against the loopback catalog server, fewer examples.
The last section keeps what these tests found, each with the smallest input found.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aihubmix_cli.catalog import (
    DOCUMENTED_VALUES,
    LIMIT_FIELDS,
    LIST_FIELDS,
    PRICE_FIELDS,
    SORT_KEYS,
    TYPE_ALIASES,
    Model,
    parse_envelope,
    parse_models,
    sort_models,
    sort_value,
)
from aihubmix_cli.catalog.costs import Workload, estimates
from aihubmix_cli.render import compare as render_compare
from aihubmix_cli.render import panels, writers
from aihubmix_cli.render.models import MODEL_COLUMNS, Costs, model_view, models_footer
from tests.conftest import Aihub, Outcome
from tests.support.catalog_server import CatalogServer

# -- the writers, as `aihub list` calls them ----------------------------------------------------

PLAIN_COLUMNS = len(MODEL_COLUMNS)


def models_json(models: list[Model], costs: Costs | None = None) -> str:
    return writers.json_array(model_view(costs), models)


def models_jsonl(models: list[Model]) -> str:
    return writers.json_lines(model_view(), models)


def models_plain(models: list[Model], costs: Costs | None = None) -> str:
    return writers.plain(model_view(costs).columns, models)


def models_csv(models: list[Model], costs: Costs | None = None) -> str:
    return writers.csv_text(model_view(costs).columns, models)


def models_ids(models: list[Model]) -> str:
    return writers.ids(model_view(), models)


def print_models_table(
    models: list[Model], out: io.StringIO, *, age: float, costs: Costs | None = None
) -> None:
    writers.table(out, None, model_view(costs), models, models_footer(models, age))


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


# -- strategies --------------------------------------------------------------------------------

NASTY_STRINGS = (
    "\x1b[31m",
    "\x1b]8;;http://x\x07",
    "\x1b]0;title\x1b\\",
    "\x1b[2J\x1b[H",
    "\x1bP1;2|x\x1b\\",
    "\x1b(0",
    "\x1b",
    "\x9b31m",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\x07",
    "\x00",
    "\x7f",
    "\x85",
    "\r",
    "\t",
    "\n",
    "\u2028",
    "\u2029",
    "[bold red]x[/]",
    "[/]",
    "[link=http://x]y[/link]",
    "[",
    "\\[bold]",
    ":smile:",
    "\u00ad",
    "\ufeff",
    "\u0301",
    "\U0001f600",
    "\U000e0041",
    "\ufdfa",
    ",",
    " ",
)
HUGE = 10**30
# Integers beyond the float range too: JSON numbers have no bound, and float() overflows.
BEYOND_FLOAT = 2**1024 - 2**970  # the smallest integer float() refuses
ENORMOUS = 10**400

nasty = st.sampled_from(NASTY_STRINGS)
# The server can escape a lone surrogate ("\ud800"): valid JSON syntax, no UTF-8 form.
surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2)
mixed_text = st.lists(
    st.one_of(st.text(max_size=6), nasty, surrogates), min_size=1, max_size=6
).map("".join)
texts = st.one_of(st.text(), nasty, mixed_text)
long_texts = st.one_of(texts.filter(bool), nasty).map(lambda piece: (piece * 10_000)[:10_000])

numbers: st.SearchStrategy[int | float] = st.one_of(
    st.integers(-HUGE, HUGE),
    st.integers(-ENORMOUS, ENORMOUS),
    st.sampled_from(
        [0, -1, 1, HUGE, -HUGE, 2**53 + 1, 2**63, -(2**63), BEYOND_FLOAT, 10**318, -ENORMOUS]
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -0.0]),
)
numeric_texts = st.one_of(
    numbers.map(str),
    st.sampled_from(["NaN", "Infinity", "-inf", "1e999", " 128000 ", "1_000", "0x10", "", "12k"]),
)
scalars: st.SearchStrategy[Any] = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), nasty), children, max_size=4),
    ),
    max_leaves=12,
)

list_words = st.one_of(
    st.sampled_from(
        [
            *DOCUMENTED_VALUES["types"],
            *DOCUMENTED_VALUES["features"],
            *DOCUMENTED_VALUES["input_modalities"],
            *TYPE_ALIASES,
            "T2T",
            " llm ",
            "search",
            "",
        ]
    ),
    texts,
)
list_fields = st.one_of(
    st.lists(list_words, max_size=5).map(",".join),
    st.lists(list_words, max_size=5).map(", ".join),
    st.lists(st.one_of(list_words, json_values), max_size=5),
    json_values,
)
limits = st.one_of(numbers, numeric_texts, json_values)
prices = st.one_of(numbers, numeric_texts, json_values)
tiers = st.one_of(
    st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "tier": st.one_of(
                        st.fixed_dictionaries({}, optional={"size": limits}), scalars
                    ),
                    "input": prices,
                    "output": prices,
                    "cache_read": prices,
                    "cache_write": prices,
                },
            ),
            json_values,
        ),
        max_size=3,
    ),
    json_values,
)
pricings = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "input": prices,
            "output": prices,
            "cache_read": prices,
            "cache_write": prices,
            "tiers": tiers,
            "currency": json_values,
        },
    ),
    json_values,
)
free_texts = st.one_of(texts, texts, long_texts, json_values)

KNOWN_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "model_name": free_texts,
    "desc": free_texts,
    "types": list_fields,
    "features": list_fields,
    "input_modalities": list_fields,
    "output_modalities": list_fields,
    "endpoints": list_fields,
    "context_length": limits,
    "max_output": limits,
    "pricing": pricings,
    "release_date": st.one_of(st.dates().map(str), texts, json_values),
    "retire_stage": st.one_of(st.sampled_from(["deprecated", "active", ""]), texts, json_values),
}

# Ids that collide, differ only by case, or look like options.
ID_POOL = ("gpt-5", "GPT-5", "a", "A", "ß", "SS", "ss", "-x", "--json", "[bold red]x[/]", "x y")
plausible_ids = st.one_of(st.text(min_size=1), st.sampled_from(ID_POOL), mixed_text)
_MISSING = object()
model_ids: st.SearchStrategy[Any] = st.one_of(
    plausible_ids, plausible_ids, plausible_ids, json_values, st.just(_MISSING)
)
extra_keys = st.one_of(st.text(max_size=10), nasty, st.sampled_from(["developer_id", "tags"]))


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly a catalog entry: known fields plausible or junk, unknown fields, odd ids."""
    model_id = draw(model_ids)
    known = draw(st.fixed_dictionaries({}, optional=KNOWN_FIELDS))
    extras = draw(st.dictionaries(extra_keys, st.one_of(json_values, long_texts), max_size=3))
    entry = {**extras, **known}
    entry.pop("model_id", None)
    return entry if model_id is _MISSING else {"model_id": model_id, **entry}


# The end-to-end catalogs hold objects only: the loopback server reads each entry as one.
object_catalogs = st.lists(entries(), max_size=8)
catalogs = st.lists(st.one_of(entries(), entries(), entries(), json_values), max_size=8)
workloads = st.builds(
    lambda input_tokens, cached, output_tokens: Workload(
        input_tokens, min(cached, input_tokens), output_tokens
    ),
    st.one_of(st.integers(0, 2_000_000), st.integers(0, 10**15)),
    st.integers(0, 10**15),
    st.one_of(st.integers(0, 200_000), st.integers(0, 10**15)),
)

FAST = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
END_TO_END = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

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


@contextmanager
def rich_terminal(columns: int = 100) -> Iterator[None]:
    """rich drawing as for a 100-column pipe: no colour, whatever the developer's shell says."""
    with mock.patch.dict(os.environ, {"COLUMNS": str(columns), "LINES": "50"}):
        for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
            os.environ.pop(name, None)
        yield


def drawn(draw: Callable[[io.StringIO], None], columns: int = 100) -> str:
    buffer = io.StringIO()
    with rich_terminal(columns):
        draw(buffer)
    return buffer.getvalue()


def compare_features(models: Sequence[Model]) -> list[str]:
    """The feature rows `aihub compare` draws: the documented ones, then the rest."""
    documented = DOCUMENTED_VALUES["features"]
    extra = sorted({f for m in models for f in m.features} - set(documented))
    return [*documented, *extra]


# -- render-level properties ---------------------------------------------------------------------


@FAST
@given(catalog=catalogs)
def test_machine_formats_survive_hostile_catalogs(catalog: list[Any]) -> None:
    models, warnings = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    # Every usable entry is kept, in order, and one warning counts the others.
    assert [model.id for model in models] == [entry["model_id"] for entry in raws]
    skipped = len(catalog) - len(raws)
    assert len(warnings) == (1 if skipped else 0)
    assert not skipped or f"skipped {skipped} catalog" in warnings[0]

    columns = PLAIN_COLUMNS
    check_json_models(check_one_line_json(models_json(models)), raws, "json")
    check_jsonl(models_jsonl(models), raws, "jsonl")
    check_plain(models_plain(models), models, columns, "plain")
    check_csv(models_csv(models), models, columns, "csv")
    check_ids(models_ids(models), models, "ids")

    # Every order keeps every model, known values first.
    for key in SORT_KEYS:
        if key == "cost":
            continue
        for descending in (False, True):
            ordered = sort_models(models, key, descending=descending)
            assert sorted(m.position for m in ordered) == list(range(len(models)))
            known = [sort_value(m, key) is not None for m in ordered]
            assert known == sorted(known, reverse=True), key


@FAST
@given(catalog=catalogs)
def test_terminal_drawings_survive_hostile_catalogs(catalog: list[Any]) -> None:
    models, _ = parsed(catalog)

    table = drawn(partial(print_models_table, models, age=1.0))
    assert_clean(table, "table")
    noun = "model" if len(models) == 1 else "models"
    assert table.rstrip("\n").split("\n")[-1].startswith(f"{len(models)} {noun}")

    for model in models[:3]:
        assert_clean(drawn(partial(panels.print_model_panel, model)), "panel")
    features = compare_features(models)
    for diff in (False, True):
        comparison = drawn(
            partial(
                render_compare.print_compare_table, models, costs=None, diff=diff, features=features
            )
        )
        assert_clean(comparison, "compare")


@FAST
@given(catalog=catalogs, workload=workloads)
def test_every_format_survives_hostile_catalogs_with_a_workload(
    catalog: list[Any], workload: Workload
) -> None:
    models, _ = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    costs = estimates(models, workload)
    for model in models:
        cost, reason, *_ = costs[model]
        assert cost is None or (isinstance(cost, Decimal) and cost.is_finite())
        assert (cost is None) == (reason is not None)

    listed = check_one_line_json(models_json(models, costs))
    assert isinstance(listed, list)
    for obj in listed:
        cost_usd = obj.pop("estimated_cost_usd")
        reason = obj.pop("estimate_unavailable", None)
        assert cost_usd is None or is_json_number(cost_usd)
        assert (cost_usd is None) == isinstance(reason, str)
    check_json_models(listed, raws, "json")
    columns = PLAIN_COLUMNS + 1
    check_plain(models_plain(models, costs), models, columns, "plain")
    check_csv(models_csv(models, costs), models, columns, "csv")

    table = drawn(partial(print_models_table, models, age=0, costs=costs))
    assert_clean(table, "table")
    for model in models[:2]:
        panel = partial(
            panels.print_model_panel, model, cost=costs[model], workload=workload.describe()
        )
        assert_clean(drawn(panel), "panel")
    compare = partial(
        render_compare.print_compare_table,
        models,
        costs=costs,
        diff=False,
        features=compare_features(models),
    )
    assert_clean(drawn(compare), "compare")


# -- end to end: the real entry point against the loopback server ----------------------------


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[CatalogServer]:
    with CatalogServer(models=[]) as running:
        yield running


# No colour and no terminal quirks from the developer's shell; a 100-column table.
CLI_ENV: dict[str, str | None] = {"COLUMNS": "100", "TTY_COMPATIBLE": None, "TERM": None}


def run_cleanly(aihub: Aihub, *args: str, code: int = 0) -> Outcome:
    """Run aihub: it exits with `code`, never with a traceback or an "unexpected error",
    and its stderr is clean. A "not found" (3) prints one line on stderr and nothing else."""
    result = aihub(*args, env=CLI_ENV)
    where = " ".join(args)
    assert "Traceback" not in result.err, (where, result.err)
    assert "unexpected error" not in result.err, (where, result.err)
    assert_clean(result.err, f"{where} (stderr)")
    assert result.code == code, (where, result.code, result.err)
    if code == 3:
        assert result.out == "", where
        assert result.err.count("\n") == 1 and result.err.endswith("\n"), (where, result.err)
    return result


def first_model(models: Sequence[Model], model_id: str) -> Model:
    return next(model for model in models if model.id == model_id)


@END_TO_END
@given(catalog=object_catalogs)
def test_cli_survives_hostile_catalogs(
    hostile_server: CatalogServer, catalog: list[dict[str, Any]]
) -> None:
    catalog = without_surrogates(catalog)
    hostile_server.set_models(catalog)
    models, _ = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    by_model = dict(zip((id(m) for m in models), raws, strict=True))
    columns = PLAIN_COLUMNS
    with tempfile.TemporaryDirectory() as folder:
        aihub = Aihub(hostile_server, Path(folder) / "cache")

        def output(*args: str) -> str:
            return run_cleanly(aihub, *args).out

        check_json_models(check_one_line_json(output("list", "--json")), raws, "list --json")
        check_jsonl(output("list", "-o", "jsonl"), raws, "list -o jsonl")
        check_plain(output("list", "-o", "plain"), models, columns, "list -o plain")
        check_csv(output("list", "-o", "csv"), models, columns, "list -o csv")
        check_ids(output("list", "-o", "ids"), models, "list -o ids")
        table = output("list", "-o", "table")
        assert_clean(table, "list -o table")
        costly = check_one_line_json(
            output("list", "--json", "--input-tokens", "100k", "--output-tokens", "10k")
        )
        assert all(
            is_json_number(o["estimated_cost_usd"]) or o["estimated_cost_usd"] is None
            for o in costly
        )

        sorted_ids = output("list", "--sort", "price", "--order", "desc", "-o", "ids")
        assert len(sorted_ids.split("\n")) == len(models) + 1
        assert_clean(sorted_ids, "list --sort price")
        filtered = output(
            "list", "--free", "--min-context", "1k", "-f", "tools", "--model", "a", "-o", "table"
        )
        assert_clean(filtered, "list --free ... -o table")

        # Every id is in the catalog, exactly, after "--": found, whatever it holds.
        ids = list(dict.fromkeys(model.id for model in models))
        if not ids:
            return
        assert_clean(output("show", "-o", "table", "--", ids[0]), "show")
        # In a pipe: one `field<TAB>value` line per field, no other tab or control.
        for line in output("show", "--", ids[0]).splitlines():
            field, tab, value = line.partition("\t")
            assert tab and field, line
            assert_clean(value, "show in a pipe", newlines=False)
        expected = by_model[id(first_model(models, ids[0]))]
        check_json_object(
            check_one_line_json(output("show", "--json", "--", ids[0])), expected, "show --json"
        )
        if len(ids) < 2:
            return
        pair = ids[:2]
        pair_models = [first_model(models, i) for i in pair]
        compared = output("compare", "-o", "table", "--", *pair)
        assert_clean(compared, "compare")
        check_json_models(
            check_one_line_json(output("compare", "--json", "--", *pair)),
            [by_model[id(m)] for m in pair_models],
            "compare --json",
        )


# -- targeted examples -------------------------------------------------------------------------


@pytest.fixture
def aihub(hostile_server: CatalogServer, tmp_path: Path) -> Aihub:
    """aihub against the shared hostile server, with a cache of its own."""
    return Aihub(hostile_server, tmp_path / "cache")


class RawCatalog:
    """A loopback server answering every GET with one fixed body: bytes the catalog server
    cannot produce, such as `1e999` or an escaped lone surrogate."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RawCatalog:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextmanager
def raw_catalog(aihub: Aihub, body: bytes) -> Iterator[Aihub]:
    """`aihub` pointed at a RawCatalog serving `body`."""
    with RawCatalog(body) as raw:
        aihub.url = raw.url
        yield aihub


def succeeded(aihub: Aihub, *args: str) -> str:
    """stdout of a run that must succeed, checked clean (the cells, for plain text) unless
    it is JSON, which keeps the text exactly."""
    result = run_cleanly(aihub, *args)
    where = " ".join(args)
    if "--json" in args or "jsonl" in args:
        pass
    elif "plain" in args:
        for cell in result.out.replace("\n", "\t").split("\t"):
            assert_clean(cell, where, newlines=False)
    else:
        assert_clean(result.out, where)
    return result.out


def test_nan_and_infinity_become_null_in_list_json(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # The catalog server sends NaN, Infinity and -Infinity as Python's json writes them.
    hostile_server.set_models(
        [
            {
                "model_id": "a",
                "context_length": math.nan,
                "max_output": math.inf,
                "pricing": {"input": math.nan, "output": -math.inf, "cache_read": math.inf},
                "extra": [math.nan, {"deep": math.inf}, -math.inf, 1.5],
                "ratio": math.nan,
            }
        ]
    )
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert model == {
        "model_id": "a",
        "context_length": None,
        "max_output": None,
        "pricing": {"input": None, "output": None, "cache_read": None},
        "extra": [None, {"deep": None}, None, 1.5],
        "ratio": None,
    }
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1] == "\t".join(["a"] + ["-"] * 8)
    assert "unknown" in succeeded(aihub, "show", "-o", "table", "a")


def test_overflowing_number_literals_become_null_in_list_json(aihub: Aihub) -> None:
    body = (
        b'{"success": true, "data": [{"model_id": "a", "context_length": 1e999,'
        b' "max_output": -1E400, "pricing": {"input": 1e999, "output": -1e999},'
        b' "extra": [1e999, {"deep": -1e999}, 2.5e-999]}]}'
    )
    with raw_catalog(aihub, body):
        (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
        succeeded(aihub, "list", "-o", "table")
        succeeded(aihub, "show", "-o", "table", "a")
    assert model == {
        "model_id": "a",
        "context_length": None,
        "max_output": None,
        "pricing": {"input": None, "output": None},
        "extra": [None, {"deep": None}, 0.0],
    }


def test_a_100k_character_description(hostile_server: CatalogServer, aihub: Aihub) -> None:
    piece = "plain words \x1b[31mred\x1b[0m \u202eevil\u202c [bold]b[/bold]\r\n\t"
    desc = (piece * (100_000 // len(piece) + 1))[:100_000]
    hostile_server.set_models([{"model_id": "a", "desc": desc}])
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert model["desc"] == desc
    panel = succeeded(aihub, "show", "-o", "table", "a")
    assert "plain words red evil [bold]b[/bold]" in panel
    succeeded(aihub, "list", "-o", "table")


def test_an_id_made_only_of_bidi_and_control_characters(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Nothing is left once it is made safe; the table still draws, JSON keeps it exactly.
    hidden = "\u202e\u2066\x1b\x07\x00\u200f\x7f\x9b\u2069\u061c"
    hostile_server.set_models([{"model_id": hidden}, {"model_id": "next"}])
    assert [m["model_id"] for m in json.loads(succeeded(aihub, "list", "--json"))] == [
        hidden,
        "next",
    ]
    table = succeeded(aihub, "list", "-o", "table")
    assert table.rstrip("\n").split("\n")[-1].startswith("2 models")
    assert succeeded(aihub, "list", "-o", "ids") == "\nnext\n"
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1].startswith("-\t")
    assert "The catalog lists no more for this model." in succeeded(
        aihub, "show", "-o", "table", "--", hidden
    )
    assert json.loads(succeeded(aihub, "show", "--json", "--", hidden)) == {"model_id": hidden}
    succeeded(aihub, "compare", "-o", "table", "--", hidden, "next")


def test_a_numeric_model_id_is_skipped_with_a_warning(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models([{"model_id": 42}, {"model_id": "ok"}])
    result = aihub("list", "--json")
    assert result.code == 0
    assert [m["model_id"] for m in json.loads(result.out)] == ["ok"]
    assert result.err == "aihub: warning: skipped 1 catalog entry without a model_id\n"


def test_rich_markup_in_the_data_shows_literally(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models(
        [
            {
                "model_id": "[bold red]x[/]",
                "model_name": "[link=http://x]y[/link]",
                "desc": "[/] closes nothing; [i]not italic[/i]",
                "features": "[red]f[/red],tools",
                "types": "llm",
                "pricing": {"input": 1, "output": 2},
                "endpoints": "[blink]/v1/chat[/blink]",
                "owner": "[u]someone[/u]",
            },
            {"model_id": "[/]", "types": "llm"},
        ]
    )
    table = succeeded(aihub, "list", "-o", "table")
    assert "[bold red]x[/]" in table and "\n[/]" in table
    panel = succeeded(aihub, "show", "-o", "table", "--", "[bold red]x[/]")
    for literal in (
        "[bold red]x[/]",
        "[link=http://x]y[/link]",
        "[/] closes nothing; [i]not italic[/i]",
        "[red]f[/red]",
        "[blink]/v1/chat[/blink]",
        "owner: [u]someone[/u]",
    ):
        assert literal in panel, literal
    compared = succeeded(aihub, "compare", "-o", "table", "--", "[bold red]x[/]", "[/]")
    assert "[bold red]x[/]" in compared and "[red]f[/red]" in compared
    assert "[blink]/v1/chat[/blink]" in compared
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1].startswith("[bold red]x[/]\t")


def test_ids_that_match_only_ignoring_case_or_not_at_all_exit_3(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models(
        [{"model_id": "Qwen/QwQ-32B"}, {"model_id": "qwen/qwq-32b"}, {"model_id": "\u202egpt"}]
    )
    # Two ids equal but for case: the query names neither, both are offered.
    result = run_cleanly(aihub, "show", "-o", "table", "QWEN/QWQ-32B", code=3)
    assert "Qwen/QwQ-32B" in result.err and "qwen/qwq-32b" in result.err
    # A hostile query and hostile suggestions come back made safe, on one line.
    run_cleanly(aihub, "show", "-o", "table", "--", "\x1b[31mgpt\n\u202e", code=3)
    run_cleanly(aihub, "compare", "-o", "table", "--", "gpt\r\n", "\x1b]8;;x\x07qwen", code=3)
    assert "gpt" in succeeded(aihub, "show", "-o", "table", "--", "\u202egpt")


# -- what these properties found ---------------------------------------------------------------
# Each kept with the smallest input found. The first six were fixed in 4beb1be while this file
# was being written; they stay as plain regression tests.


def test_an_integer_price_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: catalog._price called float() on it, OverflowError, exit 1, in every format but JSON.
    hostile_server.set_models([{"model_id": "a", "pricing": {"input": BEYOND_FLOAT}}])
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1] == "\t".join(["a"] + ["-"] * 8)
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert same(model["pricing"]["input"], BEYOND_FLOAT)
    succeeded(aihub, "list", "-o", "table")
    succeeded(aihub, "show", "-o", "table", "a")
    assert succeeded(aihub, "list", "--max-price", "1", "-o", "ids") == ""


def test_a_context_length_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: units.format_tokens divided it into a float, OverflowError, exit 1, in the table.
    hostile_server.set_models([{"model_id": "a", "context_length": 10**318}, {"model_id": "b"}])
    succeeded(aihub, "list", "-o", "table")
    assert "unknown" in succeeded(aihub, "show", "-o", "table", "a")
    succeeded(aihub, "compare", "-o", "table", "a", "b")
    (model, _) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert same(model["context_length"], 10**318)


def test_a_tier_size_beyond_the_float_range(hostile_server: CatalogServer, aihub: Aihub) -> None:
    # Was: OverflowError in units.format_tokens, from render.model_rows, exit 1, in show.
    hostile_server.set_models(
        [{"model_id": "a", "pricing": {"input": 1, "tiers": [{"tier": {"size": 10**318}}]}}]
    )
    succeeded(aihub, "show", "-o", "table", "a")


def test_an_estimated_cost_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: render.model_object made the cost float('inf') and to_json refused it: exit 1.
    hostile_server.set_models(
        [{"model_id": "a", "types": "llm", "pricing": {"input": 3.517706171423554e307}}]
    )
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json", "--input-tokens", "5110413"))
    assert model["estimated_cost_usd"] is None
    # An absurd workload is refused up front, as a usage error, before any arithmetic.
    refused = aihub("list", "--json", "--input-tokens", "1" + "0" * 310, env=CLI_ENV)
    assert refused.code == 2 and "more tokens than any model takes" in refused.err


def test_compare_feature_labels_are_made_terminal_safe(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: render_compare.print_compare_table drew feature names from the catalog as raw row labels.
    hostile_server.set_models([{"model_id": "a", "features": "\x1b[31m"}, {"model_id": "b"}])
    succeeded(aihub, "compare", "-o", "table", "a", "b")


def test_a_lone_surrogate_in_an_id(aihub: Aihub) -> None:
    # Was: completion._update and every write to stdout raised UnicodeEncodeError: exit 1.
    body = json.dumps({"success": True, "data": [{"model_id": "\ud800"}, {"model_id": "ok"}]})
    with raw_catalog(aihub, body.encode("ascii")):
        assert succeeded(aihub, "list", "-o", "ids") == "\nok\n"
        listed = check_one_line_json(succeeded(aihub, "list", "--json"))
        assert [m["model_id"] for m in listed] == ["\ud800", "ok"]
        succeeded(aihub, "list", "-o", "table")
        # Such an id cannot be typed as text: asking for it is a clean usage error.
        refused = aihub("show", "--", "\ud800")
        assert (refused.code, refused.err) == (2, "aihub: an argument is not valid text in UTF-8\n")


def test_a_workload_beyond_the_float_range_in_show(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models([{"model_id": "a", "types": "llm", "pricing": {"input": 1}}])
    result = aihub("show", "a", "--input-tokens", "1" + "0" * 318, env=CLI_ENV)
    assert "unexpected error" not in result.err
    assert result.code in (0, 2), result.err
