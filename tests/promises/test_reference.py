"""The command reference: the man page and docs/commands/, generated from the option
declarations, current, complete and readable by man."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from scripts import generate_reference
from tests.conftest import REPO

# CI installs man-db and sets this, so a missing man fails there instead of skipping.
REQUIRE_MAN = bool(os.environ.get("AIHUB_REQUIRE_MAN"))


def test_the_reference_is_what_the_generator_writes() -> None:
    expected = generate_reference.files()
    stale = [
        name
        for name, text in expected.items()
        if not (REPO / name).exists() or (REPO / name).read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"stale: {', '.join(stale)}; run python scripts/generate_reference.py"
    pages = {f"docs/commands/{p.name}" for p in (REPO / "docs/commands").glob("*.md")}
    assert pages == {name for name in expected if name.startswith("docs/commands/")}


def test_every_command_and_option_has_its_page() -> None:
    table = generate_reference.declarations()
    for path, entry in table.items():
        page = (
            REPO
            / "docs/commands"
            / (path.split(" ", maxsplit=1)[0] + ".md" if path else "README.md")
        )
        text = page.read_text(encoding="utf-8")
        assert f"\n```\n{entry['usage']}\n```\n" in text
        for param in entry["parameters"]:
            for name in param["names"]:
                assert f"`{name}`" in text, (path, name)
            if param["metavar"]:
                assert f"`{param['metavar']}`" in text, (path, param["metavar"])


def test_man_renders_the_man_page_with_every_command_and_option() -> None:
    man = shutil.which("man")
    if man is None:
        if REQUIRE_MAN:
            pytest.fail("man is not installed")
        pytest.skip("man is not installed (apt-get install man-db)")
    # Not a terminal: man prints plain text, no pager. --warnings passes groff's warnings on
    # (a bad request, a bad escape) to stderr.
    env = {**os.environ, "MANWIDTH": "100", "LC_ALL": "C.UTF-8"}
    env.pop("MAN_KEEP_FORMATTING", None)
    result = subprocess.run(
        [man, "--warnings", "-l", str(REPO / generate_reference.MAN_PAGE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    page = result.stdout
    assert page.startswith("AIHUB(1)")
    for section in (
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "COMMANDS",
        "ENVIRONMENT",
        "EXIT STATUS",
        "FILES",
        "EXAMPLES",
        "SEE ALSO",
    ):
        assert f"\n{section}\n" in page, section
    assert "aihub - Explore the AIHubMix model catalog" in page
    for entry in generate_reference.declarations().values():
        assert entry["usage"] in page
        for param in entry["parameters"]:
            names = ", ".join(param["names"])
            term = f"{names} {param['metavar']}" if names and param["metavar"] else names
            assert (term or param["metavar"]) in page, entry["usage"]


def test_every_variable_aihub_reads_is_in_the_man_page_and_the_docs() -> None:
    # The variables are read by name in the code: a new one must reach both references.
    read = set()
    for path in (REPO / "aihubmix_cli").rglob("*.py"):
        read.update(re.findall(r"\"(AIHUB(?:MIX)?_[A-Z_]+)\"", path.read_text(encoding="utf-8")))
    assert {"AIHUBMIX_BASE_URL", "AIHUBMIX_STATE_DIR", "AIHUBMIX_STRICT"} <= read
    man = (REPO / "man" / "aihub.1").read_text(encoding="utf-8").replace("\\-", "-")
    environment = man.split(".SH ENVIRONMENT", 1)[1].split(".SH ", 1)[0]
    docs = (REPO / "docs" / "caching.md").read_text(encoding="utf-8")
    documented = docs.split("## Environment", 1)[1].split("\n## ", 1)[0]
    assert sorted(v for v in read if v not in environment) == []
    assert sorted(v for v in read if f"`{v}`" not in documented) == []
