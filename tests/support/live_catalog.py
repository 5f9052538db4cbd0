"""A catalog shaped like the live AIHubMix one, at any size.

`live_catalog(count, seed)` returns raw `/api/v1/models` entries (comma strings for the list
fields, integers for limits, a `pricing` object) in the proportions of a mid-2026 snapshot of
the live service (804 entries): two in five untyped, a quarter bare, most limits unknown, odd
currency-converted prices, ids with slashes, `@`, parentheses and case-only twins, multi-line
Chinese descriptions. A fixed set of real models (`NAMED`) is always included exactly.
`describe(entries)` measures the shares that `PROPORTIONS` states, so tests can check any
size against the live snapshot.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

from tests.support.live_catalog_data import (
    CHOOSING,
    EN,
    FEATURES,
    HOSTED,
    LLM_BASES,
    MEDIA,
    MEDIA_BASES,
    MEDIA_PRICES,
    NAMED,
    SUFFIXES,
    ZH,
)

__all__ = ["CHOOSING", "NAMED", "PROPORTIONS", "REFERENCE_SIZE", "describe", "live_catalog"]

REFERENCE_SIZE = 804

# Shares in the live snapshot (counts out of 804 where the snapshot gives them).
PROPORTIONS: dict[str, float] = {
    "untyped": 322 / 804,
    "bare": 201 / 804,
    "context_unknown": 2 / 3,
    # "Missing on most", "0 on about a quarter": the rest send a number.
    "max_output_missing": 0.55,
    "max_output_zero": 0.25,
    "zero_priced": 31 / 804,
    "slash_ids": 70 / 804,
    "cache_read_equals_input": 80 / 804,
    "multiline_desc": 70 / 804,
    "type:llm": 350 / 804,
    "type:image_generation": 55 / 804,
    "type:video": 31 / 804,
    "type:embedding": 30 / 804,
    "type:rerank": 11 / 804,
    "type:search": 9 / 804,
    "type:ocr": 7 / 804,
    "type:tts": 7 / 804,
    "type:stt": 4 / 804,
}

# Entries per 804 by kind: a `types` string, or an untyped kind.
_PLAN: dict[str, int] = {
    "llm": 329,
    "t2t": 3,
    "image_generation,llm": 4,
    "llm,search": 6,
    "llm,ocr": 3,
    "image_generation": 50,
    "t2i": 1,
    "video": 31,
    "embedding": 27,
    "embedding,rerank": 3,
    "rerank": 8,
    "search": 3,
    "ocr": 4,
    "tts": 7,
    "stt": 4,
    "<bare>": 201,
    "<untyped>": 115,
    "<untyped-media>": 5,
}
_TOKEN_KINDS = ("llm", "t2t", "llm,search", "llm,ocr", "<bare>", "<untyped>")
_MEDIA_KINDS = ("image_generation", "t2i", "video", "tts", "stt", "<untyped-media>")
_OLD_NAMES = {"t2t": "llm", "t2i": "image_generation", "t2v": "video", "reranking": "rerank"}
_OUTPUTS = {"image_generation": "images", "t2i": "images", "<untyped-media>": "images",
            "video": "short videos", "tts": "speech", "stt": "a transcript"}  # fmt: skip
_CNY = 0.136987  # prices converted from yuan carry this rate's odd decimals


def _desc(rng: random.Random, name: str, multiline: bool, output: str | None) -> str:
    pool = MEDIA if output else ZH if rng.random() < 0.35 else EN
    count = rng.randint(2, len(pool)) if output else rng.randint(3, 9)
    parts = [p.format(name=name, output=output) for p in rng.sample(pool, count)]
    if multiline:
        return "\n".join(parts) if rng.random() < 0.5 else "\n\n".join(parts)
    return ("" if pool is ZH else " ").join(parts)


# -- the generator -----------------------------------------------------------------------------


def _quotas(plan: dict[str, int], count: int) -> dict[str, int]:
    """Scale per-804 counts to `count`, summing exactly (largest remainder)."""
    exact = {kind: n * count / REFERENCE_SIZE for kind, n in plan.items()}
    result = {kind: int(value) for kind, value in exact.items()}
    by_remainder = sorted(plan, key=lambda k: exact[k] - result[k], reverse=True)
    for kind in by_remainder[: count - sum(result.values())]:
        result[kind] += 1
    return result


def _kind(entry: dict[str, Any]) -> str:
    if "types" in entry:
        return str(entry["types"])
    if set(entry) == {"model_id", "pricing"}:
        return "<bare>"
    return "<untyped-media>" if entry["model_id"] == "flux-kontext-max" else "<untyped>"


def _number(value: float) -> int | float:
    # The live JSON mixes 10 and 0.6: whole prices arrive as integers.
    return int(value) if float(value).is_integer() else round(value, 6)


def _token_pricing(rng: random.Random, vendor: str, cache_equal: bool) -> dict[str, Any]:
    if vendor in ("DeepSeek", "Alibaba", "Zhipu", "Moonshot", "ByteDance", "Baidu", "Tencent"):
        price_in = rng.choice((0.3, 0.8, 1, 2, 4, 8, 12)) * _CNY
        price_out = price_in * rng.choice((2, 3, 4, 8))
    else:
        price_in = rng.choice((0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.8, 1, 1.25, 2, 2.5, 3, 5, 15))
        price_out = price_in * rng.choice((1, 2, 4, 4, 5, 8))
    if rng.random() < 0.03:
        price_in, price_out = rng.choice(((3.9995, 15.998), (0.46475, 1.859)))
    pricing: dict[str, Any] = {}
    roll = rng.random()
    if cache_equal or roll < 0.35:
        pricing["cache_read"] = _number(price_in if cache_equal else price_in / 10)
        if vendor == "Anthropic" or roll < 0.06:
            pricing["cache_write"] = _number(price_in * 1.25)
    pricing["input"] = _number(price_in)
    pricing["output"] = _number(price_out)
    return pricing


def _unique(rng: random.Random, taken: set[str], candidate: str) -> str:
    model_id = candidate
    while model_id in taken:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        model_id = f"{candidate}-{rng.choice((2024, 2025, 2026))}{month:02d}{day:02d}"
    taken.add(model_id)
    return model_id


def _case_twin(rng: random.Random, model_id: str) -> str:
    parts = model_id.split("-")
    styles = (
        "-".join(p[:1].upper() + p[1:] for p in parts),
        "-".join(parts[:1] + [p.upper() for p in parts[1:]]),
        model_id.upper(),
    )
    for twin in rng.sample(styles, len(styles)):
        if twin != model_id:
            return twin
    return model_id.swapcase()


def _entry(rng: random.Random, kind: str, flags: set[str], taken: set[str]) -> dict[str, Any]:
    media = kind in _MEDIA_KINDS or kind in ("embedding", "embedding,rerank", "rerank", "search",
                                             "ocr", "image_generation,llm")  # fmt: skip
    if media:
        family = kind.split(",", maxsplit=1)[0].replace("<untyped-media>", "image_generation")
        family = _OLD_NAMES.get(family, family)
        vendor = "media"
        name = rng.choice(MEDIA_BASES[family]) + rng.choice(SUFFIXES[:8])
        if "hosted" in flags:
            name = f"BAAI/{rng.choice(('bge-m3', 'bge-large-zh-v1.5', 'bge-reranker-v2-m3'))}"
            name += rng.choice(("", "-pro", "-v2"))
        price = rng.choice(MEDIA_PRICES[family])
        pricing: dict[str, Any] = {"input": _number(price), "output": _number(price)}
    else:
        vendor = rng.choice(list(LLM_BASES))
        if "fullwidth" in flags:
            vendor, name = "ByteDance", "doubao-seed-1-6" + rng.choice(SUFFIXES[2:])
        elif "hosted" in flags:
            org = rng.choice(list(HOSTED))
            name = f"{org}/{rng.choice(HOSTED[org])}"
            if rng.random() < 0.2:
                name = "Pro/" + name
        else:
            name = rng.choice(LLM_BASES[vendor][1]) + rng.choice(SUFFIXES)
        if "free" in flags:
            name += rng.choice(("-free", "-free", ":free"))
        pricing = _token_pricing(rng, vendor, "cache_equal" in flags)
        if "free" in flags:
            pricing = {"input": 0, "output": 0}
    model_id = _unique(rng, taken, name)
    entry: dict[str, Any] = {"model_id": model_id}
    if kind == "<bare>":
        entry["pricing"] = pricing
        return entry

    multiline = "multiline" in flags
    output = _OUTPUTS.get(kind.split(",", maxsplit=1)[0])
    empty = not multiline and rng.random() < 0.05
    entry["desc"] = "" if empty else _desc(rng, model_id, multiline, output)
    entry["pricing"] = pricing
    if not kind.startswith("<"):
        entry["types"] = kind
    features = [f for f in FEATURES if rng.random() < 0.35]
    if media:
        features = []
    elif "fullwidth" in flags:
        features = ["thinking，tools", "function_calling", "structured_outputs"]
    elif "tools" in features and rng.random() < 0.04:
        features[features.index("tools")] = "tool"
    if features or rng.random() < 0.6:
        joined = (", " if rng.random() < 0.03 else ",").join(features)
        entry["features"] = None if not joined and rng.random() < 0.3 else joined
    modalities = {"stt": "audio", "tts": "text"}.get(kind, "text")
    if kind in ("image_generation", "video", "image_generation,llm") or rng.random() < 0.3:
        modalities = "text,image" if rng.random() < 0.8 else "text,image,audio,video"
    if kind == "<untyped>" and rng.random() < 0.5:
        modalities = ""
    entry["input_modalities"] = modalities

    context = rng.choice((8192, 32768, 65536, 128000, 131072, 200000, 262144, 1048576))
    known = "no_context" not in flags
    if "max_zero" in flags:
        entry["max_output"] = 0
    elif "max_set" in flags:
        entry["max_output"] = min(rng.choice((4096, 8192, 16384, 32768, 65536)), context)
        if known and rng.random() < 0.12:  # the live catalog has max_output >= context_length
            entry["max_output"] = context * rng.choice((1, 2))
    if known:
        entry["context_length"] = context
    elif rng.random() < 0.4:
        entry["context_length"] = 0
    if rng.random() < 0.3:
        _extras(rng, entry, vendor, name, kind, "free" in flags)
    if "free" in flags:  # the late-2026 catalog links every free route to its paid model
        entry["variant_of"] = entry["model_id"].removesuffix("-free").removesuffix(":free")
    return entry


def _extras(
    rng: random.Random, entry: dict[str, Any], vendor: str, name: str, kind: str, free: bool
) -> None:
    entry["model_name"] = name.rsplit("/", maxsplit=1)[-1].replace("-", " ").title()
    if vendor in LLM_BASES:
        entry["developer_id"] = LLM_BASES[vendor][0]
        entry["vendor"] = vendor
    entry["endpoints"] = rng.choice(("chat_completions", "chat_completions,responses",
                                     "chat_completions,claude_api", "gemini_api"))  # fmt: skip
    entry["output_modalities"] = {"video": "video", "tts": "audio"}.get(
        kind, "image" if "image" in kind or "media" in kind else "text"
    )
    month = rng.randint(1, 12)
    entry["release_date"] = f"2025-{month:02d}-{rng.randint(1, 28):02d}"
    entry["last_updated"] = None if rng.random() < 0.3 else f"2026-{month:02d}-01"
    entry["retire_stage"] = "deprecated" if rng.random() < 0.1 else "active"
    features = entry.get("features") or ""
    if "thinking" in features:
        entry["reasoning"] = True
    if "tool" in features:
        entry["tool_call"] = True
    entry["open_weights"] = "/" in name
    if free:
        entry["variant_of"] = entry["model_id"].removesuffix("-free").removesuffix(":free")


def _pick(rng: random.Random, slots: list[tuple[str, set[str]]], kinds: tuple[str, ...],
          flag: str, wanted: int, avoid: tuple[str, ...] = ()) -> None:  # fmt: skip
    eligible = [s for s in slots if s[0] in kinds and not any(a in s[1] for a in avoid)]
    for _, flags in rng.sample(eligible, max(0, min(wanted, len(eligible)))):
        flags.add(flag)


def live_catalog(count: int = 804, seed: int = 2026) -> list[dict[str, Any]]:
    """`count` raw catalog entries in the live snapshot's proportions, `NAMED` included.

    Deterministic for a given (count, seed). Below len(NAMED) the named entries are cut.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    named = copy.deepcopy(NAMED)
    if count <= len(named):
        return named[:count]
    rng = random.Random(seed)
    quotas = _quotas(_PLAN, count)
    for entry in named:
        quotas[_kind(entry)] -= 1
    while any(n < 0 for n in quotas.values()):  # small catalogs: the named set overflows
        short = next(k for k, n in quotas.items() if n < 0)
        quotas[short] += 1
        quotas[max(quotas, key=lambda k: quotas[k])] -= 1
    slots = [(kind, set[str]()) for kind, n in quotas.items() for _ in range(n)]
    rng.shuffle(slots)

    def share(key: str, already: int) -> int:
        return round(PROPORTIONS[key] * count) - already

    token = _TOKEN_KINDS
    _pick(rng, slots, token, "free", share("zero_priced", 0))
    _pick(rng, slots, ("<untyped>", "llm", "t2t"), "fullwidth", round(3 * count / 804), ("free",))
    _pick(rng, slots, (*token, "embedding", "rerank"), "hosted", share("slash_ids", 3),
          ("free", "fullwidth"))  # fmt: skip
    _pick(rng, slots, token, "cache_equal", share("cache_read_equals_input", 0), ("free",))
    nonbare = tuple(k for k in _PLAN if k != "<bare>")
    _pick(rng, slots, nonbare, "multiline", share("multiline_desc", 3))
    unknown = share("context_unknown", 0) - sum(1 for e in named if not e.get("context_length"))
    media = [s for s in slots if s[0] in _MEDIA_KINDS or s[0] == "<bare>"]
    for _, flags in media:
        flags.add("no_context")
    _pick(rng, slots, nonbare, "no_context", unknown - len(media), ("no_context",))
    media_slots = sum(1 for kind, _ in slots if kind in _MEDIA_KINDS)
    _pick(rng, slots, _MEDIA_KINDS, "max_zero", round(media_slots * 0.8))
    zeros = sum("max_zero" in flags for _, flags in slots)
    named_zero = sum(1 for e in named if e.get("max_output") == 0)
    _pick(
        rng, slots, nonbare, "max_zero", share("max_output_zero", named_zero + zeros), ("max_zero",)
    )
    named_set = sum(1 for e in named if e.get("max_output"))
    wanted = round((1 - PROPORTIONS["max_output_missing"] - PROPORTIONS["max_output_zero"]) * count)
    chat = tuple(k for k in nonbare if k not in _MEDIA_KINDS)
    _pick(rng, slots, chat, "max_set", wanted - named_set, ("max_zero",))
    _pick(rng, slots, ("llm", "<untyped>"), "twin", round(3 * count / 804), ("hosted",))

    taken = {e["model_id"] for e in named}
    entries = [_entry(rng, kind, flags, taken) for kind, flags in slots]
    # A twin is another entry's id in other letter case, as the live catalog carries them.
    sources = [
        e["model_id"]
        for (kind, flags), e in zip(slots, entries, strict=True)
        if "twin" not in flags and kind in ("llm", "<untyped>") and "/" not in e["model_id"]
    ]
    for (_, flags), entry in zip(slots, entries, strict=True):
        twin = _case_twin(rng, rng.choice(sources)) if "twin" in flags and sources else ""
        if twin and twin not in taken:
            taken.discard(entry["model_id"])
            taken.add(twin)
            if entry.get("desc"):
                entry["desc"] = entry["desc"].replace(entry["model_id"], twin)
            entry["model_id"] = twin
    result = named + entries
    rng.shuffle(result)
    return _with_choosing(result, len(named))


def _zero_priced(entry: dict[str, Any]) -> bool:
    pricing = entry.get("pricing") or {}
    return bool(pricing.get("input") == 0 and pricing.get("output") == 0)


def _with_choosing(result: list[dict[str, Any]], named: int) -> list[dict[str, Any]]:
    """`result` with the CHOOSING routes in it. Each takes the place of its namesake, or of a
    generated entry like it (a free route's of a free route, a chat model's of a typed llm
    one; the longest ids first), so the rest of the catalog stays as it was generated and
    the shares hold. Catalogs too small to have such entries are left alone."""
    if len(result) < named + 8 * len(CHOOSING):
        return result
    result = list(result)
    ids = {entry["model_id"]: n for n, entry in enumerate(result)}
    kept = {entry["model_id"] for entry in NAMED}
    for route in CHOOSING:
        at = ids.get(route["model_id"])
        if at is None:
            alike = [
                n
                for n, entry in enumerate(result)
                if entry["model_id"] not in kept
                and _zero_priced(entry) == _zero_priced(route)
                and entry.get("types") == "llm"
                and "/" not in entry["model_id"]  # the slash ids keep their share
            ]
            at = max(alike, key=lambda n: (len(result[n]["model_id"]), result[n]["model_id"]))
        kept.add(route["model_id"])
        result[at] = copy.deepcopy(route)
    return result


def _types(entry: dict[str, Any]) -> list[str]:
    raw = entry.get("types")
    parts = [p.strip() for p in raw.split(",")] if isinstance(raw, str) else []
    return [_OLD_NAMES.get(p, p) for p in parts if p]


def describe(entries: list[dict[str, Any]]) -> dict[str, float]:
    """The shares of `PROPORTIONS` measured on `entries`, plus a few quirk counts."""
    total = max(len(entries), 1)
    ids = [str(e.get("model_id")) for e in entries]
    counts: Counter[str] = Counter()
    for entry in entries:
        pricing = entry.get("pricing") or {}
        counts["untyped"] += not entry.get("types")
        counts["bare"] += set(entry) == {"model_id", "pricing"}
        counts["context_unknown"] += not entry.get("context_length")
        counts["max_output_missing"] += "max_output" not in entry
        counts["max_output_zero"] += entry.get("max_output") == 0
        counts["zero_priced"] += pricing.get("input") == 0 and pricing.get("output") == 0
        counts["slash_ids"] += "/" in str(entry.get("model_id"))
        cache_read = pricing.get("cache_read")
        counts["cache_read_equals_input"] += cache_read is not None and cache_read == pricing.get(
            "input"
        )
        counts["multiline_desc"] += "\n" in str(entry.get("desc") or "")
        counts["fullwidth_features"] += "，" in str(entry.get("features") or "")
        for name in set(_types(entry)):
            counts[f"type:{name}"] += 1
    folded = Counter(model_id.lower() for model_id in ids)
    shares = {key: counts[key] / total for key in PROPORTIONS}
    shares["fullwidth_features"] = counts["fullwidth_features"] / total
    shares["case_twin_groups"] = sum(1 for n in folded.values() if n > 1) / total
    shares["unique_ids"] = len(set(ids)) / total
    return shares
