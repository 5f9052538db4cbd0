"""The catalogs the loopback catalog server (tests/support/catalog_server.py) serves: the
hand-written fixtures in raw API form, and deterministic synthetic variations of them."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any, cast

from tests.support.catalog_query import _number, _parts

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
CATALOG_FIXTURE = FIXTURES_DIR / "catalog.json"
LEGACY_FIXTURE = FIXTURES_DIR / "legacy_models.json"


# --------------------------------------------------------------------------
# Fixture loading
# --------------------------------------------------------------------------


def _entries_from_document(document: Any, source: str) -> list[dict[str, Any]]:
    # Accept both the envelope and a bare list so hand-made fixtures passed
    # with --fixture do not need to be wrapped.
    data = document.get("data") if isinstance(document, dict) else document
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ValueError(f"{source}: expected a list of objects under 'data'")
    return cast("list[dict[str, Any]]", data)


def load_models_file(path: Path) -> list[dict[str, Any]]:
    """Read catalog entries from an envelope or bare-list JSON file."""
    with path.open(encoding="utf-8") as handle:
        return _entries_from_document(json.load(handle), str(path))


def load_fixture_models() -> list[dict[str, Any]]:
    """The hand-written catalog in raw API form (a fresh copy on each call)."""
    return load_models_file(CATALOG_FIXTURE)


def load_legacy_fixture() -> list[dict[str, Any]]:
    """The default-group answer of GET /v1/models (a fresh copy on each call)."""
    return load_models_file(LEGACY_FIXTURE)


# --------------------------------------------------------------------------
# Synthetic catalog
# --------------------------------------------------------------------------

_CONTEXT_CHOICES = (8192, 32768, 65536, 128000, 131072, 200000, 262144, 400000, 1048576)
_OUTPUT_CHOICES = (4096, 8192, 16384, 32768, 65536, 128000)
_FEATURE_POOL = (
    "thinking",
    "tools",
    "function_calling",
    "web",
    "deepsearch",
    "long_context",
    "structured_outputs",
)
_MODALITY_POOL = ("text", "image", "audio", "video", "pdf")
_PRICE_FACTORS = (0.25, 0.5, 0.8, 1.0, 1.0, 1.25, 1.5, 2.0, 3.0)

# Sentence fragments to pad descriptions to the live catalog's average length;
# real descriptions are vendor blurbs of two to five sentences.
_DESC_SUBJECTS = (
    "This release",
    "The model",
    "This route",
    "The instruct variant",
    "This checkpoint",
)
_DESC_CLAIMS = (
    "improves instruction following on multi-step prompts",
    "reduces latency for interactive chat workloads",
    "handles long documents and repository-scale context",
    "is tuned for agentic tool use and structured outputs",
    "offers strong multilingual performance across 100+ languages",
    "balances cost and quality for high-volume batch jobs",
    "supports streaming, JSON mode and parallel function calls",
    "was trained with additional math, science and code data",
)
_DESC_TAILS = (
    "See the vendor documentation for rate limits.",
    "Pricing follows the upstream provider's list price.",
    "Snapshots are updated regularly without notice.",
    "Recommended for production workloads.",
    "Docs: https://docs.aihubmix.com/en/api/Aihubmix-Integration",
)


def _scaled_price(value: Any, factor: float) -> Any:
    # Keep the original JSON type so string-priced entries stay string-priced.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(value * factor, 4)
    if isinstance(value, str):
        number = _number(value)
        return value if number is None else str(round(number * factor, 4))
    return value


def _synthetic_desc(rng: random.Random, base: str) -> str:
    parts = [base] if base else []
    target = rng.randint(220, 420)
    while sum(len(p) + 1 for p in parts) < target:
        parts.append(f"{rng.choice(_DESC_SUBJECTS)} {rng.choice(_DESC_CLAIMS)}.")
    parts.append(rng.choice(_DESC_TAILS))
    return " ".join(parts)


def synthetic_catalog(
    n: int, seed: int = 0, *, base: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Return ``n`` deterministic, realistic catalog entries with unique ids.

    Entries are variations of the fixture's (or ``base``'s) entries, sized so
    that 850 of them serialise to roughly the live catalog's 600 KB.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    source = base if base is not None else load_fixture_models()
    templates = [e for e in source if isinstance(e.get("model_id"), str)]
    if not templates:
        raise ValueError("no entries with a model_id to vary")
    rng = random.Random(seed)
    result: list[dict[str, Any]] = []
    for i in range(n):
        template = templates[i % len(templates)]
        entry = copy.deepcopy(template)
        entry["model_id"] = f"{template['model_id']}-{i}"
        if isinstance(entry.get("model_name"), str):
            entry["model_name"] = f"{entry['model_name']} #{i}"

        pricing = entry.get("pricing")
        if isinstance(pricing, dict):
            factor = rng.choice(_PRICE_FACTORS)
            for key in ("input", "output", "cache_read", "cache_write"):
                if key in pricing:
                    pricing[key] = _scaled_price(pricing[key], factor)
            tiers = pricing.get("tiers")
            if isinstance(tiers, list):
                for tier in tiers:
                    if isinstance(tier, dict):
                        for key in ("input", "output", "cache_read", "cache_write"):
                            if key in tier:
                                tier[key] = _scaled_price(tier[key], factor)

        is_llm = "llm" in _parts(entry.get("types")) or "t2t" in _parts(entry.get("types"))
        if is_llm:
            context = rng.choice(_CONTEXT_CHOICES)
            # With the non-token models (always 0) this gives the live catalog's
            # share of about a quarter reporting max_output 0.
            output = 0 if rng.random() < 0.1 else min(rng.choice(_OUTPUT_CHOICES), context)
            # The live catalog occasionally sends these as numeric strings.
            stringly = rng.random() < 0.05
            entry["context_length"] = str(context) if stringly else context
            entry["max_output"] = str(output) if stringly else output
            features = [f for f in _FEATURE_POOL if rng.random() < 0.45]
            entry["features"] = ",".join(features)
            modalities = ["text"] + [m for m in _MODALITY_POOL[1:] if rng.random() < 0.3]
            entry["input_modalities"] = ",".join(modalities)

        entry["desc"] = _synthetic_desc(rng, str(entry.get("desc") or ""))
        result.append(entry)
    return result
