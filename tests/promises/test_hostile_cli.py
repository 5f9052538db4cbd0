"""Hostile catalogs through the real entry point against the loopback catalog server, fewer
examples: every command and format ends cleanly and keeps the contracts of docs/caching.md."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import given

from aihubmix_cli.catalog import Model
from tests.conftest import Aihub
from tests.promises import hostile_runs
from tests.promises.hostile_checks import (
    PLAIN_COLUMNS,
    assert_clean,
    check_csv,
    check_ids,
    check_json_models,
    check_json_object,
    check_jsonl,
    check_one_line_json,
    check_plain,
    is_json_number,
    parsed,
    sent,
    usable,
    without_surrogates,
)
from tests.promises.hostile_runs import run_cleanly
from tests.promises.hostile_strategies import END_TO_END, object_catalogs
from tests.support.catalog_server import CatalogServer

# The fixtures shared with the other hostile tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
hostile_server = hostile_runs.hostile_server


def first_model(models: Sequence[Model], model_id: str) -> Model:
    return next(model for model in models if model.id == model_id)


@END_TO_END
@given(catalog=object_catalogs)
def test_cli_survives_hostile_catalogs(
    hostile_server: CatalogServer, catalog: list[dict[str, Any]]
) -> None:
    catalog = without_surrogates(catalog)
    hostile_server.set_models(catalog)
    models, _ = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    by_model = dict(zip((id(m) for m in models), raws, strict=True))
    columns = PLAIN_COLUMNS
    with tempfile.TemporaryDirectory() as folder:
        aihub = Aihub(hostile_server, Path(folder) / "cache")

        def output(*args: str) -> str:
            return run_cleanly(aihub, *args).out

        check_json_models(check_one_line_json(output("list", "--json")), raws, "list --json")
        check_jsonl(output("list", "-o", "jsonl"), raws, "list -o jsonl")
        check_plain(output("list", "-o", "plain"), models, columns, "list -o plain")
        check_csv(output("list", "-o", "csv"), models, columns, "list -o csv")
        check_ids(output("list", "-o", "ids"), models, "list -o ids")
        table = output("list", "-o", "table")
        assert_clean(table, "list -o table")
        costly = check_one_line_json(
            output("list", "--json", "--input-tokens", "100k", "--output-tokens", "10k")
        )
        assert all(
            is_json_number(o["estimated_cost_usd"]) or o["estimated_cost_usd"] is None
            for o in costly
        )

        sorted_ids = output("list", "--sort", "price", "--order", "desc", "-o", "ids")
        assert len(sorted_ids.split("\n")) == len(models) + 1
        assert_clean(sorted_ids, "list --sort price")
        filtered = output(
            "list", "--free", "--min-context", "1k", "-f", "tools", "--model", "a", "-o", "table"
        )
        assert_clean(filtered, "list --free ... -o table")

        # Every id is in the catalog, exactly, after "--": found, whatever it holds.
        ids = list(dict.fromkeys(model.id for model in models))
        if not ids:
            return
        assert_clean(output("show", "-o", "table", "--", ids[0]), "show")
        # In a pipe: one `field<TAB>value` line per field, no other tab or control.
        for line in output("show", "--", ids[0]).splitlines():
            field, tab, value = line.partition("\t")
            assert tab and field, line
            assert_clean(value, "show in a pipe", newlines=False)
        expected = by_model[id(first_model(models, ids[0]))]
        check_json_object(
            check_one_line_json(output("show", "--json", "--", ids[0])), expected, "show --json"
        )
        if len(ids) < 2:
            return
        pair = ids[:2]
        pair_models = [first_model(models, i) for i in pair]
        compared = output("compare", "-o", "table", "--", *pair)
        assert_clean(compared, "compare")
        check_json_models(
            check_one_line_json(output("compare", "--json", "--", *pair)),
            [by_model[id(m)] for m in pair_models],
            "compare --json",
        )
