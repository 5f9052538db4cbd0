"""Rebuild the catalog snapshot bundled with aihub (aihubmix_cli/data/catalog-snapshot.json.gz).

For maintainers, before a release. Two sources:

    python scripts/build_snapshot.py
        GET /api/v1/models from AIHUBMIX_BASE_URL (default https://aihubmix.com, mirrors
        allowed) and bundle the answer as the server sent it.

    python scripts/build_snapshot.py --from-public-provider-conf aihubmix.json [--commit SHA]
        Convert `dist/aihubmix.json` of ThinkInAIXYZ/PublicProviderConf (Apache-2.0), a daily
        public copy of the same endpoint, back into the live shape. How the first snapshot was
        made, for networks that cannot reach aihubmix.com (see NOTICE).

Either way the result is the live envelope `{"data": [...], "message": "", "success": true}`
with comma strings, which aihub's ordinary parser reads, plus an `aihub_snapshot` object saying
when it was taken, where it came from and what a conversion could not restore. The script
refuses to write a snapshot that the parser rejects or that holds too few models.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aihubmix_cli.base.units import iso_time  # noqa: E402
from aihubmix_cli.catalog import parse_envelope, parse_models  # noqa: E402
from aihubmix_cli.store.bundled import SNAPSHOT_PATH  # noqa: E402

# A catalog this small is a broken or filtered answer, not the catalog.
MIN_MODELS = 300

# The converter replaces a context window it does not know (missing or 0) with this number.
PLACEHOLDER_CONTEXT = 8192

PPC_REPOSITORY = "https://github.com/ThinkInAIXYZ/PublicProviderConf"
PPC_FILE = "dist/aihubmix.json"


def convert_public_provider_conf(document: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """Entries in the live shape, and the time the copy was taken, from `dist/aihubmix.json`.

    What that converter keeps and how it is undone, entry by entry:
    - `model_id` and `pricing` verbatim (`id`, `metadata.pricing`): taken back as they are.
    - `desc` trimmed (`metadata.description`); `types`, `features`, `input_modalities` split on
      commas and trimmed (`metadata.typeHints`, `.features`, `.inputModalities`): joined again
      with commas. An empty string and a missing field both came out absent; they stay absent.
    - `context_length` as `limit.context`, with 8192 for missing or 0: an 8192 is dropped, as
      the window is then unknown (a model whose window really is 8192 loses it too).
    - `max_output` folded into `limit.output` = max(max_output, context, or 8192): it is
      `max_output` only where it exceeds the context; elsewhere it is dropped as unknown.
    - The server's order is kept; the fields it drops (`model_name`, `endpoints`,
      `output_modalities`, `release_date`, ...) cannot be restored.
    """
    entries: list[dict[str, Any]] = []
    for model in document["models"]:
        metadata = model.get("metadata") or {}
        entry: dict[str, Any] = {"model_id": model["id"]}
        if metadata.get("description"):
            entry["desc"] = metadata["description"]
        entry["pricing"] = metadata.get("pricing", {})
        for field, key in (
            ("types", "typeHints"),
            ("features", "features"),
            ("input_modalities", "inputModalities"),
        ):
            values = metadata.get(key)
            if values:
                entry[field] = ",".join(values)
        limit = model.get("limit") or {}
        context, output = limit.get("context"), limit.get("output")
        if isinstance(output, int) and isinstance(context, int) and output > context:
            entry["max_output"] = output
        if isinstance(context, int) and context > 0 and context != PLACEHOLDER_CONTEXT:
            entry["context_length"] = context
        entries.append(entry)
    return entries, document["updated_at"]


def build(entries: list[Any], taken: str, source: str, notes: list[str]) -> bytes:
    """The snapshot file's bytes, checked with the parser aihub reads the live answer with."""
    envelope = {
        "data": entries,
        "message": "",
        "success": True,
        "aihub_snapshot": {"taken": taken, "source": source, "notes": notes},
    }
    body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
    models, problems = parse_models(parse_envelope(body))
    for problem in problems:  # aihub skips such entries too; say so, but keep the rest
        print(f"build_snapshot: warning: {problem}", file=sys.stderr)
    if len(models) < MIN_MODELS:
        raise SystemExit(f"build_snapshot: only {len(models)} models; refusing to bundle that")
    # gzip rather than xz: xz is a fifth smaller (47 KB against 60 KB for the first snapshot)
    # but decompresses three times slower, and some Python builds lack the lzma module.
    # mtime=0: the same catalog always gives the same bytes.
    return gzip.compress(body, compresslevel=9, mtime=0)


def from_live() -> tuple[list[Any], str, str, list[str]]:
    from aihubmix_cli.base.settings import Settings
    from aihubmix_cli.sources.transport import http_get

    settings = Settings.from_environment()
    response = http_get(settings.base_urls, "/api/v1/models", timeout=settings.timeout)
    taken = iso_time(time.time())
    source = response.url.split("?", 1)[0]
    return parse_envelope(response.body), taken, source, []


def from_public_provider_conf(
    path: Path, commit: str | None
) -> tuple[list[Any], str, str, list[str]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    entries, taken = convert_public_provider_conf(document)
    where = (
        f"{PPC_REPOSITORY}/blob/{commit}/{PPC_FILE}" if commit else f"{PPC_REPOSITORY} {PPC_FILE}"
    )
    source = f"https://aihubmix.com/api/v1/models, as copied by {where} (Apache-2.0)"
    notes = [
        "converted back to the live shape by scripts/build_snapshot.py",
        "context_length 8192 (the converter's placeholder for missing or 0) dropped as unknown",
        "max_output kept only where the converter's limit.output exceeds the context",
        "fields the converter drops (model_name, endpoints, output_modalities, release_date, "
        "...) are absent",
    ]
    return entries, taken, source, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--from-public-provider-conf",
        metavar="FILE",
        type=Path,
        help=f"convert {PPC_FILE} of PublicProviderConf instead of fetching the live catalog",
    )
    parser.add_argument("--commit", help="the PublicProviderConf commit FILE comes from")
    parser.add_argument("--out", type=Path, default=SNAPSHOT_PATH, help="where to write it")
    args = parser.parse_args(argv)
    if args.from_public_provider_conf is not None:
        entries, taken, source, notes = from_public_provider_conf(
            args.from_public_provider_conf, args.commit
        )
    else:
        entries, taken, source, notes = from_live()
    data = build(entries, taken, source, notes)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(entries)} models taken {taken}, {len(data)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
