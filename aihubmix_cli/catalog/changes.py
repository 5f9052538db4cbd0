"""What moved between two versions of the catalog: models added and removed, and per model
each change of price, limit, feature, modality, type or deprecation. Plain data in and out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from aihubmix_cli.catalog import PRICE_FIELDS, Model

# What a pinned id may have become since an earlier catalog version, as `aihub audit` judges it
# (and `--fail-on` takes, which Tab offers): the statuses that are news about an id.
FAIL_ON = ("deprecated", "removed", "unknown", "repriced")

# The list fields a change report follows (endpoints move too often to be news).
FOLLOWED_LISTS = ("types", "features", "input_modalities", "output_modalities")


class Change(NamedTuple):
    model_id: str
    field: str  # dotted, as in the JSON contract: "pricing.input", "context_length"
    old: Any
    new: Any

    def as_json(self) -> dict[str, Any]:
        return {"model_id": self.model_id, "field": self.field, "old": self.old, "new": self.new}


class Report(NamedTuple):
    added: list[Model]
    removed: list[Model]
    changed: list[Change]
    current: dict[str, Model]  # the newer version's models by id, to draw the changes

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _followed(model: Model) -> dict[str, Any]:
    """The values of `model` a report compares, unknowns as None."""
    pricing = model.data.get("pricing")
    sent: dict[str, Any] = pricing if isinstance(pricing, dict) else {}
    # Numbers as the JSON contract carries them (1, not 1.0), where they are usable prices.
    values: dict[str, Any] = {
        f"pricing.{field}": sent.get(field) if field in model.prices else None
        for field in PRICE_FIELDS
    }
    values["context_length"] = model.data["context_length"] if model.context_length else None
    values["max_output"] = model.data["max_output"] if model.max_output else None
    for field in FOLLOWED_LISTS:
        raw = model.data.get(field)
        values[field] = list(raw) if isinstance(raw, list) else []
    stage = model.data.get("retire_stage")
    values["retire_stage"] = stage if isinstance(stage, str) else None
    return values


def compare(old: Sequence[Model], new: Sequence[Model]) -> Report:
    """The report from `old` to `new`; models are matched by exact id."""
    old_by_id = {model.id: model for model in old}
    new_by_id = {model.id: model for model in new}
    added = [model for model in new if model.id not in old_by_id]
    removed = [model for model in old if model.id not in new_by_id]
    changed: list[Change] = []
    for model in new:
        before = old_by_id.get(model.id)
        if before is None:
            continue
        old_values, new_values = _followed(before), _followed(model)
        for field, value in new_values.items():
            previous = old_values[field]
            if field in FOLLOWED_LISTS:
                if sorted(previous) != sorted(value):
                    changed.append(Change(model.id, field, previous, value))
            elif previous != value:
                changed.append(Change(model.id, field, previous, value))
    return Report(added, removed, changed, new_by_id)


def percent_move(old: Any, new: Any) -> float | None:
    """How far a number moved, in per cent of the old one (None when that means nothing)."""
    if not isinstance(old, (int, float)) or not isinstance(new, (int, float)) or old == 0:
        return None
    return (new - old) / old * 100
