"""The command reference: the man page and docs/commands/, generated from the option
declarations, current, complete and readable by man."""

from __future__ import annotations

from scripts import generate_reference
from tests.conftest import REPO


def test_the_reference_is_what_the_generator_writes() -> None:
    expected = generate_reference.files()
    for name, text in expected.items():
        path = REPO / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        assert current == text, f"{name} is stale: run python scripts/generate_reference.py"
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
