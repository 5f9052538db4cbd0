"""The catalog source as a library: loading, falling back and recording without a Runtime,
against the loopback server; and a Runtime running a command on the source it is handed."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from aihubmix_cli.__main__ import main
from aihubmix_cli.base.notices import Notices
from aihubmix_cli.base.settings import Settings
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.sources.catalog import CatalogSource
from aihubmix_cli.sources.remote import Mode
from aihubmix_cli.store import history
from tests.conftest import SKIP_WARNING, Aihub
from tests.support.catalog_server import CatalogServer, load_fixture_models


def source_for(url: str, cache_dir: Path, state_dir: Path, **kwargs: object) -> CatalogSource:
    settings = Settings((url,), str(cache_dir), "5", None, str(state_dir))
    return CatalogSource(settings, **kwargs)  # type: ignore[arg-type]


def served_ids() -> list[str]:
    return [m["model_id"] for m in load_fixture_models() if m.get("model_id")]


def test_a_source_loads_and_records_the_catalog_without_a_runtime(aihub: Aihub) -> None:
    err = io.StringIO()
    source = source_for(aihub.url, aihub.cache_dir, aihub.state_dir, notices=Notices(err))
    catalog = source.load()
    assert [model.id for model in catalog.models] == served_ids()
    assert not catalog.bundled and not source.used_bundled
    assert err.getvalue() == SKIP_WARNING  # said where the source was told to say things
    assert len(history.versions(aihub.state_dir)) == 1  # recorded as a version of the catalog
    # The next source finds it cached and fresh: the server is not asked again.
    again = source_for(aihub.url, aihub.cache_dir, aihub.state_dir, notices=Notices(err))
    assert [model.id for model in again.load().models] == served_ids()
    assert len(aihub.catalog_requests()) == 1
    # ... and the CLI reads the same copy.
    assert aihub("list", "-o", "ids").out.splitlines() == served_ids()
    assert len(aihub.catalog_requests()) == 1


def test_a_source_without_a_server_answers_from_the_bundled_snapshot_keeping_nothing(
    tmp_path: Path,
) -> None:
    with CatalogServer() as server:
        url = server.url
    err = io.StringIO()
    source = source_for(url, tmp_path / "cache", tmp_path / "state", notices=Notices(err))
    catalog = source.load()
    assert catalog.bundled and source.used_bundled and catalog.models
    (warning,) = err.getvalue().splitlines()
    assert warning.startswith("aihub: warning: 127.0.0.1 unreachable (")
    assert "showing the catalog bundled with aihub" in warning
    assert not (tmp_path / "state").exists()  # the snapshot is never recorded as a version


def test_a_source_answers_as_of_a_date_from_the_recorded_history_asking_no_server(
    tmp_path: Path,
) -> None:
    with CatalogServer() as server:
        source = source_for(server.url, tmp_path / "cache", tmp_path / "state", mode=Mode.OFFLINE)
        catalog = source.load(as_of="2026-01-15")
        assert server.requests_to("/api/v1/models") == []
    assert catalog.as_of is not None and catalog.as_of.startswith("as of 2026-01-15 (")
    assert len(catalog.models) > 100  # the catalog of the time, from the bundled record


def test_the_runtime_runs_a_command_on_the_source_it_is_handed(
    aihub: Aihub, tmp_path: Path
) -> None:
    other_models = [{"model_id": "only-on-the-handed-source", "types": "llm"}]
    with (
        CatalogServer(models=other_models) as other,
        CliRunner().isolation(env=aihub.env()) as (stdout, _, _),
    ):

        def make_runtime(mode: str) -> Runtime:
            settings = Settings.from_environment()
            handed = source_for(other.url, tmp_path / "other-cache", tmp_path / "other-state")
            return Runtime(settings, out=sys.stdout, err=sys.stderr, mode=mode, catalog=handed)

        code = main(["list", "-o", "ids"], make_runtime)
        sys.stdout.flush()
        assert len(other.requests_to("/api/v1/models")) == 1
    assert (code, stdout.getvalue().decode()) == (0, "only-on-the-handed-source\n")
    assert aihub.catalog_requests() == []  # the environment's server was never asked


def test_a_state_folder_that_cannot_be_written_is_said_by_every_command_that_fetches(
    aihub: Aihub, tmp_path: Path
) -> None:
    blocker = tmp_path / "afile"  # a file where the state folder should be
    blocker.write_text("")
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_STATE_DIR": str(blocker)})
    assert (result.code, result.out.splitlines()) == (0, served_ids())
    warning = f"cannot write the state in {blocker} (Not a directory); continuing without it"
    assert result.err == SKIP_WARNING + f"aihub: warning: {warning}\n"
    assert blocker.read_text() == ""  # left as it was
    # A cached run records nothing, so it has nothing to say.
    again = aihub("list", "-o", "ids", env={"AIHUBMIX_STATE_DIR": str(blocker)})
    assert (again.code, again.err) == (0, "")


def test_an_unknown_mode_is_refused_not_taken_for_normal(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not 'ofline'"):
        source_for("http://127.0.0.1:9", tmp_path / "cache", tmp_path / "state", mode="ofline")
