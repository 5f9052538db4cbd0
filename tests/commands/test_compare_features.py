"""compare's feature rows read features as the filters do: tools and function_calling are one
capability, whichever word the catalog wrote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog import live_catalog


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(live_catalog(804)) as server:
        yield Aihub(server, tmp_path / "cache")


def test_tools_and_function_calling_rows_agree_as_the_filters_do(live: Aihub) -> None:
    # grok-4 writes only function_calling; gpt-5 both.
    only_fc = live("list", "grok-4", "--json").out
    assert '"function_calling"' in only_fc and '"tools"' not in only_fc
    table = live("compare", "grok-4", "gpt-5", "-o", "table")
    assert table.code == 0, table.err
    rows = {
        cells[0]: cells[1:]
        for cells in (re.split(r"\s{2,}", line.strip()) for line in table.out.splitlines())
        if cells and cells[0] in ("tools", "function_calling")
    }
    assert rows == {"tools": ["✓", "✓"], "function_calling": ["✓", "✓"]}
    assert set(live("list", "--features", "tools", "-o", "ids").out.split()) >= {"grok-4"}
