"""Start-up and listing benchmark: ratios against curl | jq and a bare interpreter.

    python bench/bench.py [--runs 21] [--models 850] [--big 10000]

Starts the test catalog server on loopback with a catalog of the live size, and one of
--big models, both made by tests/live_catalog.py in the live catalog's proportions (two in five
untyped, a quarter bare, most limits unknown, the real quirks of ids, prices and features), warms
aihub's cache, then times whole commands (fresh processes, as a person or a script runs them)
interleaved round by round so that machine noise hits every command alike. Prints medians,
the spread between the quickest and slowest run, and the ratios the issues set targets for.
Not a test: nothing here fails a build; the figures go in the closing notes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.catalog_server import CatalogServer  # noqa: E402
from tests.live_catalog import live_catalog  # noqa: E402


def aihub_command() -> list[str]:
    script = shutil.which("aihub")
    return [script] if script else [sys.executable, "-m", "aihubmix_cli"]


def time_once(command: Sequence[str] | str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        shell=isinstance(command, str),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"benchmark command failed ({completed.returncode}): {command}")
    return elapsed


def measure(
    commands: dict[str, tuple[Sequence[str] | str, dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command, env in commands.values():
        time_once(command, env)  # warm-up: page cache, bytecode, the catalog cache
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(time_once(command, env))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--models", type=int, default=850)
    parser.add_argument("--big", type=int, default=10_000, help="size of the large catalog")
    args = parser.parse_args()
    for tool in ("curl", "jq"):
        if shutil.which(tool) is None:
            raise SystemExit(f"the benchmark compares against curl | jq; {tool} is missing")

    base_env = {k: v for k, v in os.environ.items() if not k.startswith("AIHUBMIX_")}
    # An installed package has bytecode; an editable checkout gets it on the first run only
    # if Python may write it.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        base_env.pop(name, None)
    aihub = aihub_command()

    with (
        CatalogServer(live_catalog(args.models)) as server,
        CatalogServer(live_catalog(args.big, seed=1)) as big_server,
        tempfile.TemporaryDirectory() as cache,
        tempfile.TemporaryDirectory() as big_cache,
    ):
        url = f"{server.url}/api/v1/models"
        env = {**base_env, "AIHUBMIX_BASE_URL": server.url, "AIHUBMIX_CACHE_DIR": cache}
        big_env = {**env, "AIHUBMIX_BASE_URL": big_server.url, "AIHUBMIX_CACHE_DIR": big_cache}
        table_env = {**env, "COLUMNS": "120"}
        complete_env = {
            **env,
            "_AIHUB_COMPLETE": "complete_bash",
            "COMP_WORDS": "aihub list --sort ",
            "COMP_CWORD": "3",
        }
        size = len(subprocess.run(["curl", "-s", url], capture_output=True, check=True).stdout)
        curl_jq = f"curl -s '{url}' | jq -c .data"
        filtered = ["list", "--features", "thinking", "--sort", "context_length"]
        commands: dict[str, tuple[Sequence[str] | str, dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "curl | jq -c .data": (curl_jq, env),
            "aihub list --json (warm)": ([*aihub, "list", "--json"], env),
            "aihub list --features thinking --sort context_length (table, warm)": (
                [*aihub, *filtered, "--format", "table"],
                table_env,
            ),
            "aihub completion request": (aihub, complete_env),
            "aihub --help": ([*aihub, "--help"], env),
            f"aihub filtered listing, {args.models} models": ([*aihub, *filtered], env),
            f"aihub filtered listing, {args.big} models": ([*aihub, *filtered], big_env),
        }
        times = measure(commands, args.runs)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"catalog: {args.models} models, {size / 1024:.0f} KB; {args.runs} runs each")
    print(f"aihub: {' '.join(aihub)}; python {sys.version.split()[0]}; {os.cpu_count()} cores")
    print()
    print(f"{'command':<72} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in times.items():
        print(
            f"{name:<72} {median[name] * 1000:7.1f}ms {min(values) * 1000:7.1f}ms"
            f" {max(values) * 1000:7.1f}ms"
        )
    print()

    def ratio(label: str, numerator: str, denominator: str, target: float) -> None:
        value = median[numerator] / median[denominator]
        verdict = "ok" if value <= target else "OVER TARGET"
        print(f"{label:<60} {value:5.2f}x  (target <= {target}x: {verdict})")

    curl = "curl | jq -c .data"
    bare = "python -c pass"
    ratio("warm list --json vs curl | jq", "aihub list --json (warm)", curl, 1.5)
    ratio(
        "warm filtered table vs curl | jq",
        "aihub list --features thinking --sort context_length (table, warm)",
        curl,
        2.5,
    )
    ratio("completion request vs python -c pass", "aihub completion request", bare, 8)
    ratio("aihub --help vs python -c pass", "aihub --help", bare, 12)
    small = median[f"aihub filtered listing, {args.models} models"]
    big = median[f"aihub filtered listing, {args.big} models"]
    verdict = "ok" if big - small <= 0.5 else "OVER TARGET"
    print(
        f"{f'{args.big} vs {args.models} models, filtered listing':<60} "
        f"+{(big - small) * 1000:.0f}ms  (target <= +500ms: {verdict})"
    )


if __name__ == "__main__":
    main()
