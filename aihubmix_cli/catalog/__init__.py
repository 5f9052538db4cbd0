"""The catalog as plain data: parse the server's answer, normalise it, filter and sort it.

Nothing here does I/O or drawing. One job per module: `parse` reads the server's answer,
`model` is what an entry is (fields, price rule, `Model`), `filters` narrows the catalog,
`sorting` orders it and `lookup` finds the model a person named. The names below are the
package's public face; importers need not know which module holds what.
"""

from __future__ import annotations

from aihubmix_cli.catalog.filters import (
    DOCUMENTED_VALUES,
    Filtered,
    Filters,
    apply_filters,
    filter_models,
    is_free,
    known_values,
    matches,
    normalise_feature,
    normalise_type,
    unknown_note,
)
from aihubmix_cli.catalog.lookup import find_model, not_found_message, suggest
from aihubmix_cli.catalog.model import (
    FEATURE_ALIASES,
    LIMIT_FIELDS,
    LIST_FIELDS,
    MEDIA_TYPES,
    PRICE_FIELDS,
    TYPE_ALIASES,
    Model,
    Tier,
)
from aihubmix_cli.catalog.parse import (
    PARSED_FORMAT,
    json_number,
    load_json,
    load_object,
    normalise_entry,
    parse_catalog,
    parse_envelope,
    parse_models,
    server_message,
    server_problem,
    split_list,
)
from aihubmix_cli.catalog.sorting import (
    SERVER_SORT_KEYS,
    SORT_KEYS,
    default_descending,
    sort_known_first,
    sort_models,
    sort_value,
)

__all__ = [
    "DOCUMENTED_VALUES",
    "FEATURE_ALIASES",
    "LIMIT_FIELDS",
    "LIST_FIELDS",
    "MEDIA_TYPES",
    "PARSED_FORMAT",
    "PRICE_FIELDS",
    "SERVER_SORT_KEYS",
    "SORT_KEYS",
    "TYPE_ALIASES",
    "Filtered",
    "Filters",
    "Model",
    "Tier",
    "apply_filters",
    "default_descending",
    "filter_models",
    "find_model",
    "is_free",
    "json_number",
    "known_values",
    "load_json",
    "load_object",
    "matches",
    "normalise_entry",
    "normalise_feature",
    "normalise_type",
    "not_found_message",
    "parse_catalog",
    "parse_envelope",
    "parse_models",
    "server_message",
    "server_problem",
    "sort_known_first",
    "sort_models",
    "sort_value",
    "split_list",
    "suggest",
    "unknown_note",
]
