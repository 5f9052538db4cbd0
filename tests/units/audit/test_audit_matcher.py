"""The audit's matcher, kept in the cache folder: made again from what it is made of
(`Matcher.spec`), used only for the same ids and the same code, rebuilt at any doubt."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest

from aihubmix_cli.audit import typos as audit_typos
from aihubmix_cli.audit.scan import Matcher
from aihubmix_cli.commands import audit as audit_command
from aihubmix_cli.store import bundled
from aihubmix_cli.store.cache import Cache
from tests.commands.test_audit import expected_lines, moved, tree  # noqa: F401  (fixtures)
from tests.conftest import Aihub

IDS = sorted({model.id for model in bundled.load().models})


def sample_text(ids: list[str]) -> bytes:
    """Every id as written, in other cases and wrapped, one typo of each, in prose."""
    words = []
    for n, model_id in enumerate(ids):
        typo = sorted(audit_typos.typos(model_id.lower().encode()))
        words += [model_id, model_id.upper(), f"({model_id}).", f"{model_id}-x"]
        words += [typo[n % len(typo)].decode()] if typo else []
    return " café ".join(words).encode()


def test_a_matcher_made_from_its_spec_finds_what_it_finds() -> None:
    built = Matcher(IDS, IDS[::2])
    again = Matcher.from_spec(marshal.loads(marshal.dumps(built.spec())))
    text = sample_text(IDS)
    found = built.scan(text)
    assert again.scan(text) == found
    assert {hit.kind for hit in found} == {"id", "case", "near"}


@pytest.mark.parametrize(
    "spec",
    [
        [],
        ["not", "a", "spec"],
        [frozenset(), set(), {}, {}, set(), frozenset(), b"short", []],
        [frozenset(), set(), {}, {}, set(), frozenset(), bytes(256), [b"(unclosed"]],
        [set(), set(), {}, {}, set(), frozenset(), bytes(256), []],
    ],
)
def test_a_spec_that_describes_no_matcher_is_refused(spec: list[Any]) -> None:
    with pytest.raises(ValueError, match="not a matcher"):
        Matcher.from_spec(spec)


def kept_file(aihub: Aihub) -> Path:
    return Path(Cache(aihub.cache_dir).derived_file(audit_command.MATCHER_KEY))


def keep_instead(aihub: Aihub, matcher: Matcher) -> None:
    """Put `matcher` where the one the last run kept lies, under the same ids and code."""
    digest = kept_file(aihub).read_bytes().split(b"\n", 1)[0].split()[4].decode()
    cache = Cache(aihub.cache_dir)
    key, version = audit_command.MATCHER_KEY, audit_command.MATCHER_FORMAT
    assert cache.store_derived(key, digest, version, [matcher.spec()])


def test_a_kept_matcher_is_used_then_rebuilt_when_damaged(
    moved: Aihub,  # noqa: F811
    tree: Path,  # noqa: F811
) -> None:
    expected = expected_lines(moved.state_dir)
    assert moved("audit").out.splitlines() == expected
    assert kept_file(moved).is_file()
    # A matcher that does not know claude-sonnet-4-5, kept as if for these ids: the next run
    # takes it at its word, which shows that it is used.
    ids = [m.get("model_id") for m in moved.server.models]
    current = [i for i in ids if isinstance(i, str) and i != "claude-sonnet-4-5"]
    keep_instead(moved, Matcher([*current, "o3"], current))
    assert "claude-sonnet-4-5" not in moved("audit").out
    # Damaged: a miss, worked out again and kept sound.
    data = bytearray(kept_file(moved).read_bytes())
    data[-10] ^= 0xFF
    kept_file(moved).write_bytes(bytes(data))
    assert moved("audit").out.splitlines() == expected
    assert moved("audit", "--offline").out.splitlines() == expected
    digest = kept_file(moved).read_bytes().split(b"\n", 1)[0].split()[4].decode()
    kept = Cache(moved.cache_dir).load_derived(
        audit_command.MATCHER_KEY, digest, audit_command.MATCHER_FORMAT
    )
    assert kept is not None and kept.part(0) is not None


def test_the_kept_matcher_answers_only_for_its_ids_and_its_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest = audit_command._matcher_digest
    base = digest(IDS, IDS)
    assert base is not None and base == digest(list(IDS), list(IDS))
    assert digest([*IDS, "new-model"], IDS) != base  # the catalog moved
    assert digest(IDS, IDS[1:]) != base  # an id was removed from the current catalog
    changed = tmp_path / "audit_typos.py"
    changed.write_bytes(Path(audit_typos.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(audit_typos, "__file__", str(changed))
    assert digest(IDS, IDS) != base  # aihub changed
    monkeypatch.setattr(audit_typos, "__file__", str(tmp_path / "gone.py"))
    assert digest(IDS, IDS) is None  # the code cannot be read: nothing is kept


def test_cache_clear_removes_the_kept_matcher(
    moved: Aihub,  # noqa: F811
    tree: Path,  # noqa: F811
) -> None:
    assert moved("audit").code == 0 and kept_file(moved).is_file()
    assert moved("cache", "clear").code == 0
    assert not kept_file(moved).exists()
