"""The OpenAI-compatible list (`/v1/models`) as a view; JSON carries the objects as received."""

from __future__ import annotations

from collections.abc import Sequence

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.base.units import iso_time
from aihubmix_cli.catalog.legacy import Entry
from aihubmix_cli.render.columns import UNKNOWN, Column
from aihubmix_cli.render.writers import View

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime


def _owner(entry: Entry) -> str:
    return terminal_safe(entry.owner or "")


def _date(entry: Entry) -> str:
    return f"{entry.created:%Y-%m-%d}" if entry.created else UNKNOWN


def _time(entry: Entry) -> str:
    return created_time(entry.created)


def created_time(when: datetime | None) -> str:
    """`created` in plain output, the list's and one model's alike: `2025-04-16T00:00:00Z`
    (JSON keeps the server's Unix seconds)."""
    return iso_time(when.timestamp()) if when else ""


def _id(entry: Entry) -> str:
    return terminal_safe(entry.id)


LEGACY_COLUMNS = (
    Column("id", "ID", _id, _id),
    Column("owned_by", "Owner", lambda e: _owner(e) or UNKNOWN, _owner, drop_rank=1),
    Column("created", "Created", _date, _time, drop_rank=2),
)

LEGACY_VIEW = View(LEGACY_COLUMNS, lambda entry: entry.data, lambda entry: entry.id)


def legacy_view(fields: Sequence[str] | None = None) -> View:
    """The list; with `fields` (from --columns), those columns and JSON fields only."""
    if not fields:
        return LEGACY_VIEW
    from aihubmix_cli.render.models import data_column, picked_view

    known = {column.name: column for column in LEGACY_COLUMNS}
    columns = [known.get(f) or data_column(f, lambda entry: entry.data) for f in fields]
    return picked_view(LEGACY_VIEW, columns, fields)
