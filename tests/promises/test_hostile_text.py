"""Hostile text in the catalog: a huge description, ids of controls and bidi characters,
ids that are not text or match only ignoring case, rich markup, lone surrogates, through the
real entry point."""

from __future__ import annotations

import json

from tests.conftest import Aihub
from tests.promises import hostile_runs
from tests.promises.hostile_checks import check_one_line_json
from tests.promises.hostile_runs import raw_catalog, run_cleanly, succeeded
from tests.support.catalog_server import CatalogServer

# The fixtures shared with the other hostile tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
hostile_server = hostile_runs.hostile_server
aihub = hostile_runs.aihub


def test_a_100k_character_description(hostile_server: CatalogServer, aihub: Aihub) -> None:
    piece = "plain words \x1b[31mred\x1b[0m \u202eevil\u202c [bold]b[/bold]\r\n\t"
    desc = (piece * (100_000 // len(piece) + 1))[:100_000]
    hostile_server.set_models([{"model_id": "a", "desc": desc}])
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert model["desc"] == desc
    panel = succeeded(aihub, "show", "-o", "table", "a")
    assert "plain words red evil [bold]b[/bold]" in panel
    succeeded(aihub, "list", "-o", "table")


def test_an_id_made_only_of_bidi_and_control_characters(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Nothing is left once it is made safe; the table still draws, JSON keeps it exactly.
    hidden = "\u202e\u2066\x1b\x07\x00\u200f\x7f\x9b\u2069\u061c"
    hostile_server.set_models([{"model_id": hidden}, {"model_id": "next"}])
    assert [m["model_id"] for m in json.loads(succeeded(aihub, "list", "--json"))] == [
        hidden,
        "next",
    ]
    table = succeeded(aihub, "list", "-o", "table")
    assert table.rstrip("\n").split("\n")[-1].startswith("2 models")
    assert succeeded(aihub, "list", "-o", "ids") == "\nnext\n"
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1].startswith("-\t")
    assert "The catalog lists no more for this model." in succeeded(
        aihub, "show", "-o", "table", "--", hidden
    )
    assert json.loads(succeeded(aihub, "show", "--json", "--", hidden)) == {"model_id": hidden}
    succeeded(aihub, "compare", "-o", "table", "--", hidden, "next")


def test_a_numeric_model_id_is_skipped_with_a_warning(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models([{"model_id": 42}, {"model_id": "ok"}])
    result = aihub("list", "--json")
    assert result.code == 0
    assert [m["model_id"] for m in json.loads(result.out)] == ["ok"]
    assert result.err == "aihub: warning: skipped 1 catalog entry without a model_id\n"


def test_rich_markup_in_the_data_shows_literally(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models(
        [
            {
                "model_id": "[bold red]x[/]",
                "model_name": "[link=http://x]y[/link]",
                "desc": "[/] closes nothing; [i]not italic[/i]",
                "features": "[red]f[/red],tools",
                "types": "llm",
                "pricing": {"input": 1, "output": 2},
                "endpoints": "[blink]/v1/chat[/blink]",
                "owner": "[u]someone[/u]",
            },
            {"model_id": "[/]", "types": "llm"},
        ]
    )
    table = succeeded(aihub, "list", "-o", "table")
    assert "[bold red]x[/]" in table and "\n[/]" in table
    panel = succeeded(aihub, "show", "-o", "table", "--", "[bold red]x[/]")
    for literal in (
        "[bold red]x[/]",
        "[link=http://x]y[/link]",
        "[/] closes nothing; [i]not italic[/i]",
        "[red]f[/red]",
        "[blink]/v1/chat[/blink]",
        "owner: [u]someone[/u]",
    ):
        assert literal in panel, literal
    compared = succeeded(aihub, "compare", "-o", "table", "--", "[bold red]x[/]", "[/]")
    assert "[bold red]x[/]" in compared and "[red]f[/red]" in compared
    assert "[blink]/v1/chat[/blink]" in compared
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1].startswith("[bold red]x[/]\t")


def test_ids_that_match_only_ignoring_case_or_not_at_all_exit_3(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models(
        [{"model_id": "Qwen/QwQ-32B"}, {"model_id": "qwen/qwq-32b"}, {"model_id": "\u202egpt"}]
    )
    # Two ids equal but for case: the query names neither, both are offered.
    result = run_cleanly(aihub, "show", "-o", "table", "QWEN/QWQ-32B", code=3)
    assert "Qwen/QwQ-32B" in result.err and "qwen/qwq-32b" in result.err
    # A hostile query and hostile suggestions come back made safe, on one line.
    run_cleanly(aihub, "show", "-o", "table", "--", "\x1b[31mgpt\n\u202e", code=3)
    run_cleanly(aihub, "compare", "-o", "table", "--", "gpt\r\n", "\x1b]8;;x\x07qwen", code=3)
    assert "gpt" in succeeded(aihub, "show", "-o", "table", "--", "\u202egpt")


# -- what these properties found ---------------------------------------------------------------
# Each kept with the smallest input found. Both were fixed in 4beb1be while the hostile
# tests were being written; they stay as plain regression tests.


def test_compare_feature_labels_are_made_terminal_safe(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: render_compare.print_compare_table drew feature names from the catalog as raw row labels.
    hostile_server.set_models([{"model_id": "a", "features": "\x1b[31m"}, {"model_id": "b"}])
    succeeded(aihub, "compare", "-o", "table", "a", "b")


def test_a_lone_surrogate_in_an_id(aihub: Aihub) -> None:
    # Was: completion._update and every write to stdout raised UnicodeEncodeError: exit 1.
    body = json.dumps({"success": True, "data": [{"model_id": "\ud800"}, {"model_id": "ok"}]})
    with raw_catalog(aihub, body.encode("ascii")):
        assert succeeded(aihub, "list", "-o", "ids") == "\nok\n"
        listed = check_one_line_json(succeeded(aihub, "list", "--json"))
        assert [m["model_id"] for m in listed] == ["\ud800", "ok"]
        succeeded(aihub, "list", "-o", "table")
        # Such an id cannot be typed as text: asking for it is a clean usage error.
        refused = aihub("show", "--", "\ud800")
        assert (refused.code, refused.err) == (2, "aihub: an argument is not valid text in UTF-8\n")
