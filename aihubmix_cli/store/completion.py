"""Tab completion values, answered from a small index in the cache folder.

Every Tab press starts aihub, so completion never touches the network and never reads the
600 KB catalog: each successful fetch of the catalog (or of the /v1/models list) writes the
ids and the list values it holds into `completion-index` (marshalled behind a header line
with its checksum: a Tab press must not wait for json's import). With no index, model ids come
from the catalog bundled with aihub and list values from the documented ones; a problem of any
kind offers nothing rather than printing into the person's prompt. `aihub history` alone also
offers the ids of its recorded history, read as the command reads it.
"""

from __future__ import annotations

import os

from aihubmix_cli.catalog import DOCUMENTED_VALUES, known_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

    from _typeshed import StrPath

    from aihubmix_cli.catalog import Model
    from aihubmix_cli.catalog.legacy import Entry

INDEX_NAME = "completion-index"
INDEX_VERSION = 2
OLD_INDEX_NAMES = ("completion-index.json",)  # what earlier versions wrote: `cache clear` goes
_MAGIC = b"aihub-completion"


def index_path(cache_dir: StrPath) -> str:
    return os.path.join(cache_dir, INDEX_NAME)


def read_index(cache_dir: StrPath) -> dict[str, Any]:
    import marshal

    from aihubmix_cli.store.cache_folder import distrust
    from aihubmix_cli.store.cache_io import checksum, open_regular, read_at

    if distrust(cache_dir) is not None:
        return {}  # anyone could have planted what it offers
    # A FIFO or a device in its place must be no index, not a read that waits for ever.
    opened = open_regular(index_path(cache_dir))
    if opened is None:
        return {}
    fd, size = opened
    try:
        raw = read_at(fd, size, 0)
    except OSError:
        return {}
    finally:
        os.close(fd)
    line, _, payload = raw.partition(b"\n")
    if line != b" ".join([_MAGIC, str(INDEX_VERSION).encode(), checksum(payload).encode()]):
        return {}  # damaged, foreign or older: the next fetch writes it anew
    try:
        index = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return index if isinstance(index, dict) else {}


def _is_index(path: str) -> bool:
    """Whether the file at `path` is a regular file that aihub wrote as its index."""
    from aihubmix_cli.store.cache_io import open_regular, read_at

    if os.path.islink(path):
        return False
    opened = open_regular(path)
    if opened is None:
        return False
    fd, _ = opened
    try:
        return read_at(fd, len(_MAGIC) + 1, 0) == _MAGIC + b" "
    except OSError:
        return False
    finally:
        os.close(fd)


def _update(cache_dir: StrPath, values: dict[str, list[str]]) -> None:
    """Merge `values` into the index, atomically; a failure costs only completion."""
    import marshal

    from aihubmix_cli.store.cache_folder import distrust, make
    from aihubmix_cli.store.cache_io import checksum, write_atomically

    if distrust(cache_dir) is not None:
        return  # the cache has said why it does not use the folder
    if os.path.lexists(index_path(cache_dir)) and not _is_index(index_path(cache_dir)):
        return  # a file of that name that is not aihub's is never replaced
    index = read_index(cache_dir)
    # Only what a shell can be handed (see _starting): one hostile id costs only itself.
    index.update({name: [v for v in listed if v.isprintable()] for name, listed in values.items()})
    payload = marshal.dumps(index)
    line = b" ".join([_MAGIC, str(INDEX_VERSION).encode(), checksum(payload).encode()])
    try:
        make(cache_dir)
        write_atomically(index_path(cache_dir), line + b"\n" + payload)
    except OSError:
        pass  # the cache's own warning has already said the folder is unwritable


def record_catalog(cache_dir: StrPath, models: Sequence[Model]) -> None:
    _update(
        cache_dir,
        {
            "models": [model.id for model in models],
            "types": known_values(models, "types"),
            "features": known_values(models, "features"),
            "input_modalities": known_values(models, "input_modalities"),
        },
    )


def _legacy_slot(api_key: str | None) -> str:
    """Each key's list apart: a keyless Tab press must not offer what another key can call."""
    from aihubmix_cli.store.cache import key_fingerprint

    return "legacy:" + (key_fingerprint(api_key) if api_key else "none")


def record_legacy(cache_dir: StrPath, entries: Iterable[Entry], api_key: str | None) -> None:
    entries = list(entries)
    owners: dict[str, str] = {}  # `--owner` ignores case: one spelling of each, the first seen
    for entry in entries:
        if entry.owner is not None:
            owners.setdefault(entry.owner.casefold(), entry.owner)
    slot = _legacy_slot(api_key)
    _update(
        cache_dir,
        {slot: [entry.id for entry in entries], f"{slot}:owners": sorted(owners.values())},
    )


# -- completers: called by typer with what has been typed so far ------------------------------


def _cache_dir() -> str:
    from aihubmix_cli.base.settings import Settings

    return Settings.from_environment().cache_dir


def _safely(produce: Callable[[], list[str]]) -> list[str]:
    try:
        return produce()
    except Exception:
        return []  # a traceback here would land in the middle of someone's command line


def _starting(values: Iterable[str], incomplete: str) -> list[str]:
    """The values that start with `incomplete` and that a shell can be handed.

    Every candidate comes through here, so none is ever printed raw: a value holding a
    character that is not printable (escape, C1 or other control, NUL, bidi, a line break
    that would make it two candidates, a lone surrogate) is left out, not escaped, since an
    escaped id would name no model."""
    # Case matters here, as typer filters so anyway (Qwen/QwQ-32B and qwen/qwq-32b are two
    # models); shell_completion asks again with "" when nothing matches in case.
    return [value for value in values if value.startswith(incomplete) and value.isprintable()]


def complete_model(ctx: object, incomplete: str) -> list[str]:
    """Catalog ids; for `compare`, not those already on the line."""

    def produce() -> list[str]:
        given = set(getattr(ctx, "params", {}).get("models") or ())
        ids = read_index(_cache_dir()).get("models")
        if not ids:
            # Nothing fetched yet: the ids of the catalog bundled with aihub, which is what
            # `show` and `compare` would answer from until the server does.
            from aihubmix_cli.store import bundled

            ids = bundled.model_ids()
        return [i for i in _starting(ids, incomplete) if i not in given]

    return _safely(produce)


def complete_history_model(ctx: object, incomplete: str) -> list[str]:
    """What `aihub history` answers for: the catalog's ids, then those only the recorded
    history has (models since removed). Only this completer reads the history."""

    def produce() -> list[str]:
        from aihubmix_cli.base.settings import Settings

        current = complete_model(ctx, incomplete)
        given = set(getattr(ctx, "params", {}).get("models") or ())
        taken = given.union(current)
        settings = Settings.from_environment()
        recorded = _recorded_ids(settings.cache_dir, settings.state_dir)
        return current + [i for i in _starting(recorded, incomplete) if i not in taken]

    return _safely(produce)


def _recorded_ids(cache_dir: str, state_dir: str) -> list[str]:
    """Every id the recorded history holds, from the index while the history is as it was
    when they were read there: reading it (the bundled record and up to 20 kept versions)
    costs a Tab press 30 ms and 12 ms more a version."""
    from aihubmix_cli.store import history, timeline

    try:
        kept = sorted(os.listdir(os.path.join(state_dir, history.FOLDER)))
    except OSError:
        kept = []
    try:
        record = os.stat(timeline.HISTORY_PATH)
        shipped = f"{record.st_size}:{record.st_mtime_ns}"
    except OSError:
        shipped = "none"
    key = " ".join([shipped, state_dir, *kept])
    index = read_index(cache_dir)
    if index.get("history-key") == [key]:
        return list(index.get("history-ids") or [])
    ids = list(timeline.load(state_dir).runs)
    _update(cache_dir, {"history-key": [key], "history-ids": ids})
    return ids


def _legacy_values(suffix: str, incomplete: str) -> list[str]:
    def produce() -> list[str]:
        from aihubmix_cli.base.settings import Settings

        settings = Settings.from_environment()
        slot = _legacy_slot(settings.checked_api_key()) + suffix
        return _starting(read_index(settings.cache_dir).get(slot) or [], incomplete)

    return _safely(produce)


def complete_legacy_model(incomplete: str) -> list[str]:
    return _legacy_values("", incomplete)


def complete_legacy_owner(incomplete: str) -> list[str]:
    """The owners in the cached /v1/models list of this key (or of no key)."""
    return _legacy_values(":owners", incomplete)


def _comma_list(known: Callable[[], Sequence[str]]) -> Callable[[str], list[str]]:
    """Complete the last part of a comma list: `thinking,to` -> `thinking,tools`."""

    def complete(incomplete: str) -> list[str]:
        def produce() -> list[str]:
            done, _, last = incomplete.rpartition(",")
            taken = set(done.split(",")) if done else set()
            prefix = f"{done}," if done else ""
            return [prefix + v for v in _starting(known(), last) if v not in taken]

        return _safely(produce)

    return complete


def _list_values(field: str) -> Callable[[str], list[str]]:
    """The values of a catalog list (features, types...) that the index or the docs know."""
    return _comma_list(lambda: read_index(_cache_dir()).get(field) or DOCUMENTED_VALUES[field])


complete_types = _list_values("types")
complete_features = _list_values("features")
complete_modalities = _list_values("input_modalities")


def _model_names() -> list[str]:
    from aihubmix_cli.catalog.fields import MODEL_NAMES

    return MODEL_NAMES.all()


def _legacy_names() -> list[str]:
    from aihubmix_cli.catalog.fields import LEGACY_NAMES

    return LEGACY_NAMES.all()


def _fail_on_statuses() -> tuple[str, ...]:
    from aihubmix_cli.catalog.changes import FAIL_ON

    return FAIL_ON


complete_columns = _comma_list(_model_names)
complete_fail_on = _comma_list(_fail_on_statuses)
complete_legacy_columns = _comma_list(_legacy_names)


def complete_files(incomplete: str) -> list[str]:
    """File names, completed by the shell itself (see base/tab.py). The word typed
    comes first because typer keeps only the values that start with it."""
    from aihubmix_cli.base.tab import FILES

    return [incomplete + FILES]
