"""How the audit judges a mention of a model id: ok, deprecated, removed, unknown or repriced,
against today's catalog and the kept versions, with the facts programs read and the text people
read. The rules live here, below the command and the report that shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from aihubmix_cli.audit.alternative import cheapest_alternative
from aihubmix_cli.audit.scan import Hit
from aihubmix_cli.audit.suggest import Suggestions
from aihubmix_cli.base.units import format_usd, iso_time, plain_number
from aihubmix_cli.catalog import PRICE_FIELDS, Model, parse_models

if TYPE_CHECKING:
    from aihubmix_cli.store.timeline import Timeline

FAILING = frozenset({"deprecated", "removed", "unknown"})
STATUSES = ("deprecated", "removed", "unknown", "repriced", "ok")


class Finding(NamedTuple):
    path: str  # as shown: relative to the working folder when inside it
    line: int
    column: int
    status: str  # one of STATUSES
    id: str  # as written in the file
    detail: str  # for people: prices, since when, suggestions
    facts: dict[str, Any]  # the same for programs (the JSON and SARIF properties)


class Catalogs:
    """What a finding is judged against: today's catalog and what the kept history says."""

    def __init__(
        self,
        current: dict[str, Model],
        removed: dict[str, tuple[Model, float]],  # id -> its last entry, gone since (epoch s)
        previous: dict[str, Model],  # the version prices are compared with; {} if none
        baseline: float | None,  # when that version was fetched
        # The kept versions from that one on, oldest first, each with when it was fetched.
        later: Sequence[tuple[float, dict[str, Model]]] = (),
        # When the version compared with is the bundled record's: the record and that
        # version's index in it, to date a price that first appeared within the record.
        record: tuple[Timeline, int] | None = None,
    ) -> None:
        self.current, self.removed, self.previous, self.baseline = (
            current,
            removed,
            previous,
            baseline,
        )
        self.later = later
        self.record = record
        # What `show` would suggest for a misspelt id, among the ids that share its first
        # letter (a near miss keeps it nearly always; all ids when none does).
        self.suggestions = Suggestions(current)

    def priced_since(self, model: Model, fields: Sequence[str] = PRICE_FIELDS) -> float | None:
        """When the model's current prices were first seen: the fetch time of the oldest of
        the newest run of versions that carry them, reaching back into the bundled record
        when every version from it on carries them (None when there is no version to read).
        Only `fields` are looked at: the prices that moved, not one the catalog stopped stating."""
        now = _rates(model, fields)
        since = None
        for fetched_at, models in reversed(self.later):
            seen = models.get(model.id)
            if seen is None or _rates(seen, fields) != now:
                return since
            since = fetched_at
        if self.record is not None:
            since = _record_since(*self.record, model.id, fields, now) or since
        return since


def _record_since(
    record: Timeline,
    base: int,
    model_id: str,
    fields: Sequence[str],
    now: tuple[float | None, ...],
) -> float | None:
    """The first version of the record, not before `base`, of the run of versions up to its
    last that carry these prices (None when its last version does not)."""
    since = None
    expected = len(record.times) - 1
    for run in reversed(record.runs.get(model_id, ())):
        if run.last != expected or run.last < base:
            break
        (seen,) = parse_models([{"model_id": model_id, **run.state}])[0]
        if _rates(seen, fields) != now:
            break
        since = record.times[max(run.first, base)]
        expected = run.first - 1
    return since


def _rates(model: Model, fields: Sequence[str]) -> tuple[float | None, ...]:
    return tuple(model.prices.get(field) for field in fields)


def since_text(catalogs: Catalogs) -> str | None:
    return iso_time(catalogs.baseline) if catalogs.baseline is not None else None


def judge(
    hit: Hit, catalogs: Catalogs, *, suggest: bool, cheaper: bool
) -> tuple[str, str, dict[str, Any]]:
    """A mention's status, its detail for people and its facts for programs: `suggest` looks
    for the cheapest alternative of what is not ok, `cheaper` of what is ok too."""
    facts: dict[str, Any] = {
        "price": None,
        "previous_price": None,
        "since": None,
        "suggestions": [],
        "alternative": None,
        # Whether an earlier version was there to judge by: false, "ok" only means current.
        "compared": catalogs.baseline is not None,
    }
    model = catalogs.current.get(hit.text) if hit.kind == "id" else None
    reference: Model | None = model
    if model is not None:
        facts["price"] = price_facts(model)
        facts["compared"] = model.id in catalogs.previous
        moved, fields = _price_moves(catalogs.previous.get(model.id), model)
        if model.deprecated:
            status, detail = "deprecated", "deprecated in the catalog"
        elif moved:
            status = "repriced"
            facts["previous_price"] = price_facts(catalogs.previous[model.id])
            when = catalogs.priced_since(model, fields)
            facts["since"] = iso_time(when) if when is not None else since_text(catalogs)
            detail = f"{moved} since {facts['since']}"
        else:
            status, detail = "ok", price_text(model)
        wants_alternative = suggest and (status != "ok" or cheaper)
    elif hit.kind == "id" and hit.text in catalogs.removed:
        status = "removed"
        reference, gone = catalogs.removed[hit.text]
        facts["compared"] = True
        facts["since"] = iso_time(gone)
        detail = f"not in the catalog since {facts['since']}"
        wants_alternative = suggest
    else:
        status = "unknown"
        facts["suggestions"] = catalogs.suggestions(hit.text)
        detail = "not a catalog id"
        if facts["suggestions"]:
            detail += f"; did you mean {', '.join(facts['suggestions'])}?"
            reference = catalogs.current[facts["suggestions"][0]]
        wants_alternative = suggest
    if wants_alternative and reference is not None:
        cheaper_than = reference if status == "ok" else None
        alternative = cheapest_alternative(reference, catalogs.current.values(), cheaper_than)
        if alternative is not None:
            facts["alternative"] = {"id": alternative.id, "price": price_facts(alternative)}
            price = price_text(alternative)
            detail += f"; cheapest alternative: {alternative.id} ({price})"
        else:
            facts["alternative"] = None
    return status, detail, facts


def price_facts(model: Model) -> dict[str, Any]:
    """Input and output prices as the JSON contract carries them (1, not 1.0), and their
    unit: USD per 1M tokens, or null when the catalog does not say."""
    sent = model.data.get("pricing")
    pricing: dict[str, Any] = sent if isinstance(sent, dict) else {}
    facts = {f: pricing.get(f) if f in model.prices else None for f in ("input", "output")}
    return {**facts, "unit": "usd_per_1m_tokens" if model.token_priced else None}


def _price_moves(before: Model | None, now: Model) -> tuple[str, list[str]]:
    """`input $1.25 → $1`, for each price that moved, and those prices' fields; "" when none
    did or nothing to compare. A price stated in one version only did not move: the catalog
    stopped (or started) saying it, which `changes` reports; `repriced` fails CI under
    `--fail-on repriced`, and an unstated price is unknown, not a new price."""
    if before is None:
        return "", []
    moves, fields = [], []
    for field in PRICE_FIELDS:
        old, new = before.prices.get(field), now.prices.get(field)
        if old is not None and new is not None and old != new:
            label = field.replace("_", " ")
            moves.append(f"{label} {money(now, old)} → {money(now, new)}")
            fields.append(field)
    return ", ".join(moves), fields


def money(model: Model, value: float | None) -> str:
    """A price of `model`: USD per 1M tokens when that is its unit, the bare number otherwise."""
    if value is None:
        return "none"
    return format_usd(value) if model.token_priced else plain_number(value)


def price_text(model: Model) -> str:
    """`in $1.25 · out $10 per 1M tokens`; prices of unknown unit without one."""
    parts = [
        f"{label} {money(model, model.prices[field])}"
        for field, label in (("input", "in"), ("output", "out"))
        if field in model.prices
    ]
    if not parts:
        return "no price listed"
    unit = "per 1M tokens" if model.token_priced else "(unit not documented)"
    return f"{' · '.join(parts)} {unit}"
