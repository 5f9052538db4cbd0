"""The hypothesis strategies for hostile catalogs (tests/promises/test_hostile_*.py): any
field of any JSON type, missing keys, nested junk, huge and negative numbers, NaN and
Infinity, very long strings, every unicode plane, control characters, ANSI escapes, bidi
overrides and rich markup."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from aihubmix_cli.catalog import DOCUMENTED_VALUES, TYPE_ALIASES
from aihubmix_cli.catalog.costs import Workload

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
