"""Rebuild the catalog history bundled with aihub (aihubmix_cli/data/catalog-history.json.gz).

For maintainers, before a release:

    git clone https://github.com/ThinkInAIXYZ/PublicProviderConf ppc
    python scripts/build_history.py ppc

PublicProviderConf (Apache-2.0) commits a copy of AIHubMix's `/api/v1/models` as
`dist/aihubmix.json` several times a day. Every version of that file in the repository's
history is read back into the live shape by the same rules as the bundled snapshot
(`build_snapshot.convert_public_provider_conf`: its placeholder 8192 contexts are unknown, its
output limits are kept only where they exceed the context), and reduced to what a question
about the past needs: per model id, each distinct state of its prices (tiers included), types,
features, input modalities and limits, with the versions it was first and last seen in.

The file holds:

    {"aihub_history": {"format": 1, "source", "licence", "first_commit", "last_commit",
                       "notes"},
     "versions": [t0, dt1, dt2, ...],       # when each copy was taken: seconds since the
                                            # epoch, then the seconds since the one before
     "ids": [every model id, sorted],
     "orders": [[first, [id index, ...]], ...],  # the server's order from version `first` on
     "models": {"qwen3-max": [[first, last, state], ...], ...}}

`first` and `last` index `versions`; `state` is a live-shape entry without `model_id`. A model
absent from a version ends its run: a model that vanished and came back has two runs. A version
whose file is missing (deleted in that commit) or has no prices (the project's older format,
before November 2025) is no version; the times between versions show where the record has gaps.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from aihubmix_cli.catalog import parse_models  # noqa: E402
from aihubmix_cli.store.timeline import comparable  # noqa: E402
from scripts.build_snapshot import (  # noqa: E402
    PPC_FILE,
    PPC_REPOSITORY,
    convert_public_provider_conf,
)

HISTORY_PATH = REPO / "aihubmix_cli" / "data" / "catalog-history.json.gz"
FORMAT = 1


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def commits(repo: Path) -> list[tuple[str, str]]:
    """(commit, committer date) of every commit that touched the file, oldest first."""
    lines = _git(repo, "log", "--reverse", "--format=%H %cI", "--", PPC_FILE).splitlines()
    return [(line.split()[0], line.split()[1]) for line in lines if line.strip()]


def documents(repo: Path, shas: list[str]) -> Iterator[tuple[str, bytes | None]]:
    """Each commit's copy of the file, None where the commit deleted it; one git process."""
    with subprocess.Popen(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        for sha in shas:
            process.stdin.write(f"{sha}:{PPC_FILE}\n".encode())
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) < 3:  # "<sha>:<path> missing"
                yield sha, None
                continue
            body = process.stdout.read(int(header[2]))
            process.stdout.read(1)  # the newline after each object
            yield sha, body
        process.stdin.close()


def _seconds(iso: str) -> int:
    when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return int(when.timestamp())


def read_version(body: bytes) -> tuple[int, dict[str, dict[str, Any]]] | None:
    """When a copy was taken and each model's state in it; None for a copy without prices."""
    try:
        document = json.loads(body)
        models = document["models"]
    except (ValueError, KeyError, TypeError):
        return None
    if not any("pricing" in (m.get("metadata") or {}) for m in models):
        return None  # the older format: ratios, no prices
    entries, taken = convert_public_provider_conf(document)
    # aihub's own parser decides what is a model: entries it would skip are not kept either.
    parsed, _ = parse_models(entries)
    usable = {model.id for model in parsed}
    states: dict[str, dict[str, Any]] = {}
    for entry in entries:
        model_id = entry["model_id"]
        if model_id in usable and model_id not in states:  # the first of exact repeats
            # The same rule aihub compares its own versions with: what the record can see.
            states[model_id] = comparable(entry)
    return _seconds(taken), states


def build(repo: Path) -> dict[str, Any]:
    history = commits(repo)
    if not history:
        raise SystemExit(f"build_history: no commit of {repo} touches {PPC_FILE}")
    times: list[int] = []
    runs: dict[str, list[list[Any]]] = {}
    kept: list[str] = []
    previous: dict[str, dict[str, Any]] = {}
    orders: list[tuple[int, list[str]]] = []
    for sha, body in documents(repo, [sha for sha, _ in history]):
        version = read_version(body) if body is not None else None
        if version is None:
            continue
        taken, states = version
        if times and taken <= times[-1]:
            continue  # a copy not newer than the one before adds nothing
        index = len(times)
        times.append(taken)
        kept.append(sha)
        for model_id, state in states.items():
            model_runs = runs.setdefault(model_id, [])
            last = model_runs[-1] if model_runs else None
            if last is not None and last[1] == index - 1 and previous.get(model_id) == state:
                last[1] = index  # seen again, unchanged
            else:
                model_runs.append([index, index, state])
        if not orders or orders[-1][1] != list(states):
            orders.append((index, list(states)))  # the server's order, when it moves
        previous = states
    if not times:
        raise SystemExit(f"build_history: no version of {PPC_FILE} with prices")
    deltas = [times[0]] + [b - a for a, b in itertools.pairwise(times)]
    ids = sorted(runs)
    number = {model_id: n for n, model_id in enumerate(ids)}
    return {
        "aihub_history": {
            "format": FORMAT,
            "source": f"https://aihubmix.com/api/v1/models, as copied by {PPC_REPOSITORY} "
            f"{PPC_FILE}",
            "licence": "Apache-2.0",
            "first_commit": kept[0],
            "last_commit": kept[-1],
            "notes": [
                "converted back to the live shape by scripts/build_history.py with the rules "
                "of scripts/build_snapshot.py",
                "context_length 8192 (the converter's placeholder for missing or 0) dropped "
                "as unknown",
                "max_output kept only where the converter's limit.output exceeds the context",
                "descriptions and the fields the converter drops are not kept",
            ],
        },
        "versions": deltas,
        "ids": ids,
        "orders": [[first, [number[i] for i in order]] for first, order in orders],
        "models": runs,
    }


def encode(document: dict[str, Any]) -> bytes:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same history always gives the same bytes.
    return gzip.compress(body.encode(), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "repo", type=Path, help="a clone (or bare copy) of PublicProviderConf with its history"
    )
    parser.add_argument("--out", type=Path, default=HISTORY_PATH, help="where to write it")
    args = parser.parse_args(argv)
    document = build(args.repo)
    data = encode(document)
    args.out.write_bytes(data)
    runs = sum(len(r) for r in document["models"].values())
    print(
        f"{args.out}: {len(document['versions'])} versions, {len(document['models'])} ids, "
        f"{runs} states, {len(data)} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
