"""Start-up and listing benchmark: ratios against curl | jq and a bare interpreter.

    python bench/bench.py [--runs 21] [--models 850] [--big 10000] [--python PATH]
    python bench/bench.py --network        # only the runs that talk to the server

Starts the test catalog server on loopback with a catalog of the live size, and one of --big
models, both made by tests/support/live_catalog.py in the live catalog's proportions (two in
five untyped, a quarter bare, most limits unknown, the real quirks of ids, prices and features),
warms aihub's cache, then times whole commands (fresh processes, as a person or a script runs
them) interleaved round by round so that machine noise hits every command alike. aihub is this
checkout as a user has it: `pip install .` into a fresh virtual environment (bench/install.py
says why), its console script timed against that environment's own interpreter. Compares with
public tools only: curl | jq and a bare interpreter. Prints medians, the spread between the
quickest and slowest run, and the ratios the speed targets are set in: warm `list --json` and a
filtered table against curl | jq, help and a Tab press against `python -c pass`, and the
10,000-model catalog against the live-sized one. The runs that talk to the server, on the live-
sized catalog: a revalidation (a stale copy, the server answers 304) and a fetch with nothing
cached, against curl | jq and against `python -c "import httpx"`, the floor of any run that
makes a request with httpx. Each ratio is taken round by round (the two commands ran one after
the other) and printed as the median with the quartiles of those ratios: the noise of a shared
machine, in the ratio's own terms. Not a test: nothing here fails a build; the figures go in the
closing notes.
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
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from install import environment  # noqa: E402  (bench/, the script's own folder)

from tests.support.catalog_server import CatalogServer  # noqa: E402
from tests.support.live_catalog import live_catalog  # noqa: E402


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


# An environment, or a function that makes a new one for each run (a new empty cache).
Env = dict[str, str] | Callable[[], dict[str, str]]


def measure(
    commands: dict[str, tuple[Sequence[str] | str, Env]], runs: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}

    def env_of(env: Env) -> dict[str, str]:
        return env() if callable(env) else env

    for command, env in commands.values():
        time_once(command, env_of(env))  # warm-up: page cache, bytecode, the catalog cache
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(time_once(command, env_of(env)))
    return times


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return q1, q2, q3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--models", type=int, default=850)
    parser.add_argument("--big", type=int, default=10_000, help="size of the large catalog")
    parser.add_argument(
        "--python",
        help="an environment's interpreter with this checkout installed (default: a new one)",
    )
    parser.add_argument(
        "--network", action="store_true", help="only the revalidation and the full fetch"
    )
    args = parser.parse_args()
    for tool in ("curl", "jq"):
        if shutil.which(tool) is None:
            raise SystemExit(f"the benchmark compares against curl | jq; {tool} is missing")

    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("AIHUBMIX_", "_AIHUB"))}
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
        base_env.pop(name, None)

    stale = CatalogServer(live_catalog(args.models))
    # Every answer is stale at once: each run revalidates, and the server answers 304.
    stale.max_age = stale.swr = 0
    with (
        CatalogServer(live_catalog(args.models)) as server,
        CatalogServer(live_catalog(args.big, seed=1)) as big_server,
        stale,
        tempfile.TemporaryDirectory() as cache,
        tempfile.TemporaryDirectory() as big_cache,
        tempfile.TemporaryDirectory() as stale_cache,
        tempfile.TemporaryDirectory() as cold_caches,
        tempfile.TemporaryDirectory() as state,
        tempfile.TemporaryDirectory() as install_folder,
    ):
        python, script = environment(args.python, Path(install_folder))
        aihub = [str(script)]
        url = f"{server.url}/api/v1/models"
        base_env["AIHUBMIX_STATE_DIR"] = state  # the history goes here, not to the person's
        env = {**base_env, "AIHUBMIX_BASE_URL": server.url, "AIHUBMIX_CACHE_DIR": cache}
        stale_env = {**env, "AIHUBMIX_BASE_URL": stale.url, "AIHUBMIX_CACHE_DIR": stale_cache}
        made = iter(range(1_000_000))

        def cold_env() -> dict[str, str]:
            return {**env, "AIHUBMIX_CACHE_DIR": f"{cold_caches}/{next(made)}"}

        big_env = {**env, "AIHUBMIX_BASE_URL": big_server.url, "AIHUBMIX_CACHE_DIR": big_cache}
        table_env = {**env, "COLUMNS": "120"}
        big_table_env = {**big_env, "COLUMNS": "120"}
        help_env = {**env, "COLUMNS": "100"}

        def tab(line: str) -> dict[str, str]:
            # What completions/aihub.bash sends for a Tab press after `line`.
            return {**env, "_AIHUB_COMPLETE": "complete_bash", "_AIHUB_COMP_LINE": line}

        size = len(subprocess.run(["curl", "-s", url], capture_output=True, check=True).stdout)
        big_url = f"{big_server.url}/api/v1/models"
        big_size = len(
            subprocess.run(["curl", "-s", big_url], capture_output=True, check=True).stdout
        )
        filtered = [*aihub, "list", "--features", "thinking", "--sort", "context_length"]
        table = [*filtered, "--format", "table"]
        network: dict[str, tuple[Sequence[str] | str, Env]] = {
            FLOOR: ([str(python), "-c", "import httpx"], env),
            REVALIDATION: ([*aihub, "list", "--json"], stale_env),
            FETCH: ([*aihub, "list", "--json"], cold_env),
        }
        commands: dict[str, tuple[Sequence[str] | str, Env]] = {
            BARE: ([str(python), "-c", "pass"], env),
            CURL: (f"curl -s '{url}' | jq -c .data", env),
            "aihub list --json": ([*aihub, "list", "--json"], env),
            "aihub list -f thinking -s context_length -o table": (table, table_env),
            "aihub --help": ([*aihub, "--help"], help_env),
            "aihub list --help": ([*aihub, "list", "--help"], help_env),
            "Tab: aihub list --sort <Tab>": (aihub, tab("aihub list --sort ")),
            "Tab: aihub show gpt-<Tab>": (aihub, tab("aihub show gpt-")),
            f"aihub list --json, {args.big} models": ([*aihub, "list", "--json"], big_env),
            f"aihub list -f thinking ... -o table, {args.big} models": (table, big_table_env),
            **network,
        }
        if args.network:
            commands = {name: commands[name] for name in (BARE, CURL, *network)}
        times = measure(commands, args.runs)
        # The revalidations must have been 304s and the fetches whole answers, or the figures
        # mean something else.
        revalidated = stale.requests_to("/api/v1/models")[1:]
        assert revalidated and all("if-none-match" in r.headers for r in revalidated)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"catalogs: {args.models} models ({size / 1024:.0f} KB) and {args.big} models"
        f" ({big_size / 1024:.0f} KB); every command warm; {args.runs} runs each"
    )
    print(
        f"aihub: {script} (pip install of {REPO});"
        f" python {sys.version.split()[0]}; {os.cpu_count()} cores"
    )
    print()
    print(f"{'command':<60} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in times.items():
        print(
            f"{name:<60} {median[name] * 1000:7.1f}ms {min(values) * 1000:7.1f}ms"
            f" {max(values) * 1000:7.1f}ms"
        )
    print()

    def ratio(label: str, numerator: str, denominator: str, target: float | None) -> None:
        if numerator not in times or denominator not in times:
            return
        # Round by round: the two ran one after the other, under the same load.
        rounds = [a / b for a, b in zip(times[numerator], times[denominator], strict=True)]
        q1, value, q3 = quartiles(rounds)
        noise = f"[{q1:.2f}-{q3:.2f}]"
        if target is None:
            print(f"{label:<52} {value:5.2f}x {noise:<12}")
            return
        verdict = "ok" if value <= target else "OVER TARGET"
        print(f"{label:<52} {value:5.2f}x {noise:<12} (target <= {target}x: {verdict})")

    print("ratios: the median of the round-by-round ratios, [its quartiles]")

    ratio("revalidation (304) vs curl | jq", REVALIDATION, CURL, 2.0)
    ratio("fetch, nothing cached, vs curl | jq", FETCH, CURL, 2.5)
    ratio("revalidation (304) vs import httpx (the floor)", REVALIDATION, FLOOR, None)
    ratio("fetch, nothing cached, vs import httpx", FETCH, FLOOR, None)
    ratio("import httpx vs curl | jq", FLOOR, CURL, None)
    ratio("warm list --json vs curl | jq", "aihub list --json", CURL, 1.0)
    table_name = "aihub list -f thinking -s context_length -o table"
    ratio("filtered table vs curl | jq", table_name, CURL, 1.5)
    ratio("--help vs python -c pass", "aihub --help", BARE, 6)
    ratio("list --help vs python -c pass", "aihub list --help", BARE, 6)
    ratio("completion (--sort values) vs python -c pass", "Tab: aihub list --sort <Tab>", BARE, 3)
    ratio("completion (model ids) vs python -c pass", "Tab: aihub show gpt-<Tab>", BARE, 3)
    ratio(
        f"filtered table, {args.big} vs {args.models} models",
        f"aihub list -f thinking ... -o table, {args.big} models",
        "aihub list -f thinking -s context_length -o table",
        2,
    )
    ratio(
        f"list --json, {args.big} vs {args.models} models",
        f"aihub list --json, {args.big} models",
        "aihub list --json",
        3,
    )


BARE = "python -c pass"
CURL = "curl -s URL | jq -c .data"
FLOOR = 'python -c "import httpx"'
REVALIDATION = "aihub list --json, revalidated (304)"
FETCH = "aihub list --json, nothing cached"


if __name__ == "__main__":
    main()
