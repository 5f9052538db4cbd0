"""`aihub audit` against ripgrep on a generated tree: 10,000 files, about 100 MB.

    python bench/bench_audit.py [--files 10000] [--size 10000] [--runs 5] [--keep DIR]
                                [--python PATH] [--ids bundled|live]

Generates, in a temporary folder, a tree of source, config and prose files (code with a
Zipf-distributed vocabulary, small numbers, some lock files full of hashes, model ids
mentioned now and then: 60 of the catalog's ids, mostly as written, some inside longer
tokens and URLs, a few misspelt), writes all the catalog's ids to ids.txt, and times,
interleaved round by round, `rg -F -f ids.txt` over the tree against `aihub audit --offline`
over the same tree (a warm cache; the real ids of the catalog bundled with aihub, or with
`--ids live` tests/support/live_catalog.py's generated ones). aihub is
this checkout as a user has it: `pip install .` into a fresh virtual environment, its `aihub`
console script run (bench/install.py says why); `--python` reuses an environment. `--keep`
generates the tree in DIR once and reuses it on later runs. Prints medians, the quickest and
slowest run, and the ratio. Not a test: nothing here fails a build; the figures go in the
closing notes.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from install import environment  # noqa: E402  (bench/, the script's own folder)

from tests.support.catalog_server import CatalogServer  # noqa: E402
from tests.support.live_catalog import live_catalog  # noqa: E402

_PARTS = [
    "user",
    "id",
    "name",
    "data",
    "value",
    "result",
    "config",
    "client",
    "request",
    "response",
    "model",
    "token",
    "count",
    "index",
    "item",
    "list",
    "map",
    "get",
    "set",
    "update",
    "parse",
    "load",
    "save",
    "text",
    "image",
    "prompt",
    "message",
    "error",
    "path",
    "file",
    "cache",
    "price",
    "input",
    "output",
    "max",
    "min",
    "total",
    "temp",
    "api",
    "key",
    "url",
    "batch",
    "stream",
    "chunk",
    "retry",
    "timeout",
    "handler",
    "session",
    "query",
    "row",
    "column",
    "table",
    "field",
    "schema",
    "record",
    "event",
    "queue",
    "worker",
    "job",
    "task",
    "status",
    "state",
    "node",
    "tree",
    "graph",
    "edge",
    "buffer",
    "offset",
    "length",
    "size",
    "limit",
]
_WORDS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "at",
    "this",
    "from",
    "or",
    "have",
    "an",
    "which",
    "you",
    "not",
    "are",
    "but",
    "can",
    "all",
    "if",
    "more",
    "will",
    "one",
    "do",
    "other",
    "their",
    "has",
    "time",
    "could",
    "these",
    "two",
    "may",
    "then",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
    "model",
    "price",
    "cheap",
    "fast",
    "context",
    "window",
]


class Generator:
    def __init__(self, ids: list[str], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        # A codebase pins a few dozen models, not the whole catalog, and misspells few.
        self.ids = rng.sample(ids, 60)
        self.typos = [model_id[:-1] for model_id in rng.sample(self.ids, 8)]
        names = set()
        while len(names) < 60_000:
            parts = [rng.choice(_PARTS) for _ in range(rng.randint(1, 3))]
            style = rng.random()
            if style < 0.6:
                names.add("_".join(parts))
            elif style < 0.9:
                names.add(parts[0] + "".join(p.title() for p in parts[1:]))
            else:
                names.add("".join(p.title() for p in parts))
        self.names = sorted(names)
        # Zipf-like: a few names everywhere, most rarely.
        self.cumulative = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.names))))

    def name(self) -> str:
        return self.rng.choices(self.names, cum_weights=self.cumulative)[0]

    def number(self) -> str:
        roll = self.rng.random()
        if roll < 0.7:
            return str(self.rng.randint(0, 100))
        if roll < 0.9:
            return str(self.rng.randint(0, 65536))
        return f"{self.rng.randint(0, 9)}.{self.rng.randint(0, 20)}.{self.rng.randint(0, 30)}"

    def mention(self) -> str:
        rng, model_id = self.rng, self.rng.choice(self.ids)
        roll = rng.random()
        # Mostly ids as written (code that runs names real ids), some inside longer tokens
        # and URLs, a few misspelt.
        if roll < 0.8:
            return model_id
        if roll < 0.88:
            return f"my-{model_id}-wrapper"
        if roll < 0.94:
            return f"https://example.com/docs/{model_id}/notes"
        if roll < 0.97:
            return rng.choice(self.typos)  # a near miss
        return model_id.upper()

    def line(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.003:
            return f'    model = "{self.mention()}"'
        if roll < 0.35:
            return f"    {self.name()} = {self.name()}({self.name()}, {self.number()})"
        if roll < 0.55:
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 14)))
            return f"# {words}."
        if roll < 0.7:
            return f'    "{self.name()}": "{rng.choice(_WORDS)}", "{self.name()}": {self.number()},'
        if roll < 0.8:
            return f"{self.name()}: {rng.choice(_WORDS)}-{self.number()}"
        if roll < 0.93:
            return f"    if {self.name()} > {self.number()} and not {self.name()}.{self.name()}():"
        return f'    url = "https://example.com/{self.name()}/{self.number()}?q={self.name()}"'

    def lock_line(self) -> str:
        digest = "".join(self.rng.choices("0123456789abcdef", k=64))
        return f'"{self.name()}": {{"version": "{self.number()}", "sha256": "{digest}"}},'

    def file(self, size: int) -> str:
        lock = self.rng.random() < 0.03
        lines: list[str] = []
        written = 0
        target = self.rng.randint(size // 2, size * 3 // 2)
        while written < target:
            line = self.lock_line() if lock else self.line()
            lines.append(line)
            written += len(line) + 1
        return "\n".join(lines) + "\n"


def generate(root: Path, ids: list[str], files: int, size: int) -> int:
    generator = Generator(ids)
    suffixes = (".py", ".md", ".yaml", ".json", ".ts", ".toml", ".txt")
    total = 0
    for number in range(files):
        folder = root / f"pkg{number % 100:02d}" / f"mod{number % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = generator.file(size)
        (folder / f"f{number}{generator.rng.choice(suffixes)}").write_text(text)
        total += len(text)
    return total


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    # No input: rg searches its standard input instead of the tree when that is a pipe.
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=10_000, help="average bytes per file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", type=int, default=850, help="with --ids live")
    parser.add_argument("--ids", choices=("bundled", "live"), default="bundled")
    parser.add_argument("--keep", type=Path, help="generate here once and reuse it")
    parser.add_argument(
        "--python",
        help="an environment's interpreter with this checkout installed (default: a new one)",
    )
    options = parser.parse_args()
    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("ripgrep (rg) is not installed: apt-get install ripgrep")
    # Real ids, quirks and all (slashes, colons, dots, ids without a separator): they decide
    # how many passes a file takes. The snapshot bundled with aihub holds the live catalog's
    # own; --ids live uses tests/support/live_catalog.py's generated ones.
    if options.ids == "bundled":
        from aihubmix_cli.store import bundled

        models = [model.data for model in bundled.load().models]
    else:
        models = live_catalog(options.models)
    ids = [m["model_id"] for m in models]
    work = options.keep or Path(tempfile.mkdtemp(prefix="aihub-audit-bench-"))
    tree, cache = work / "tree", work / "cache"
    made = work / "generated.txt"
    shape = f"{options.files} {options.size} {options.models} {options.ids}"
    if not made.exists() or made.read_text() != shape:
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        started = time.perf_counter()
        total = generate(tree, ids, options.files, options.size)
        print(
            f"generated {options.files} files, {total / 1e6:.1f} MB in "
            f"{time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
        (work / "ids.txt").write_text("".join(f"{i}\n" for i in ids))
        made.write_text(shape)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("AIHUBMIX_", "_AIHUB"))}
    for name in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
        base_env.pop(name, None)
    env = dict(base_env, AIHUBMIX_CACHE_DIR=str(cache))
    with tempfile.TemporaryDirectory() as install_folder:
        _, script = environment(options.python, Path(install_folder))
        aihub = [str(script), "audit"]
        with CatalogServer(models=models) as server:
            env["AIHUBMIX_BASE_URL"] = server.url
            subprocess.run([str(script), "list"], env=env, stdout=subprocess.DEVNULL, check=True)
        commands = {
            "rg -F -f ids.txt": [rg, "-F", "-f", str(work / "ids.txt")],
            "aihub audit --offline": [*aihub, "--offline", "-o", "plain"],
        }
        for command in commands.values():
            timed(command, tree, env)  # warm-up: page cache, bytecode
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.runs):
            for name, command in commands.items():
                times[name].append(timed(command, tree, env))
    print(f"aihub: {script} (pip install of {REPO}); {os.cpu_count()} cores")
    for name, runs in times.items():
        print(
            f"{name:24} median {statistics.median(runs):.3f}s  "
            f"(min {min(runs):.3f}, max {max(runs):.3f}, {len(runs)} runs)"
        )
    rg_median = statistics.median(times["rg -F -f ids.txt"])
    ratio = statistics.median(times["aihub audit --offline"]) / rg_median
    print(f"ratio audit / rg: {ratio:.2f}x")
    if options.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
