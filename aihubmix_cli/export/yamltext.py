"""YAML written and merged as text, with no YAML library needed at run time.

aihub's entries sit between two comment lines, so a later `--merge` finds and replaces
exactly them and keeps every other byte of the file, comments included. When PyYAML is
installed (LiteLLM and llm both bring it) it checks the file before and after; without it,
aihubmix_cli/export/yamlcheck.py does, so a damaged file is refused either way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from aihubmix_cli.export import base

BEGIN = "# >>> aihub export: entries between these lines are replaced by aihub export --merge"
END = "# <<< aihub export"


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return base.yaml_bool(value)
    if isinstance(value, (int, float, Decimal)):
        return base.yaml_number(value)
    if isinstance(value, str):
        return base.yaml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def mapping_lines(data: Mapping[str, Any], indent: str = "") -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            lines.append(f"{indent}{key}:")
            lines.extend(mapping_lines(value, indent + "  "))
        else:
            lines.append(f"{indent}{key}: {scalar(value)}")
    return lines


def block(items: Sequence[Mapping[str, Any]], indent: str) -> str:
    """The marked block of list items, each line starting with `indent`."""
    lines = [indent + BEGIN]
    for item in items:
        body = mapping_lines(item, indent + "  ")
        lines.append(indent + "- " + body[0][len(indent) + 2 :])
        lines.extend(body[1:])
    lines.append(indent + END)
    return "\n".join(lines) + "\n"


def _marked(text: str) -> tuple[int, int, str] | None:
    """(start, end, indent) of the lines from BEGIN to END, if the file has them."""
    begins = [m for m in re.finditer(rf"^([ ]*){re.escape(BEGIN)}.*\n?", text, re.MULTILINE)]
    ends = [m for m in re.finditer(rf"^[ ]*{re.escape(END)}.*(\n|$)", text, re.MULTILINE)]
    if not begins and not ends:
        return None
    if len(begins) != 1 or len(ends) != 1 or ends[0].start() < begins[0].end():
        raise ValueError("its aihub export marker lines are damaged (edit or remove them)")
    return begins[0].start(), ends[0].end(), begins[0].group(1)


def merge_under_key(text: str, key: str, items: Sequence[Mapping[str, Any]]) -> str:
    """A top-level `key:` list with aihub's items replaced or added first."""
    check(text, dict, key)
    marked = _marked(text)
    if marked is not None:
        start, end, indent = marked
        merged = text[:start] + block(items, indent) + text[end:]
    else:
        merged = _insert_under_key(text, key, items)
    check(merged, dict, key)
    return merged


def _insert_under_key(text: str, key: str, items: Sequence[Mapping[str, Any]]) -> str:
    found = re.search(rf"^{re.escape(key)}:[ \t]*(\S.*?)?[ \t]*$", text, re.MULTILINE)
    if found is None:
        prefix = text if not text or text.endswith("\n") else text + "\n"
        return prefix + f"{key}:\n" + block(items, "  ")
    inline = found.group(1)
    if inline is not None and not inline.startswith("#"):
        if re.fullmatch(r"\[\s*\]", inline):
            rest = text[found.end() + 1 :]
            return text[: found.start()] + f"{key}:\n" + block(items, "  ") + rest
        raise ValueError(f"its {key} is written inline; aihub merges into a list of '- ' lines")
    after = found.end() + 1 if found.end() < len(text) else found.end()
    indent = "  "
    for line in text[after:].splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("- ") or stripped == "-":
            indent = line[: len(line) - len(stripped)]
        break
    head = text[:after] if text[:after].endswith("\n") else text[:after] + "\n"
    return head + block(items, indent) + text[after:]


def merge_top_list(text: str, items: Sequence[Mapping[str, Any]]) -> str:
    """A file whose top level is a list, with aihub's items replaced or added at the end."""
    check(text, list, None)
    marked = _marked(text)
    if marked is not None:
        start, end, indent = marked
        merged = text[:start] + block(items, indent) + text[end:]
    else:
        content = [line for line in text.splitlines() if line.strip() and line[0] != "#"]
        if content and re.fullmatch(r"\[\s*\]", content[0].strip()) and len(content) == 1:
            text = re.sub(r"^\[\s*\][ \t]*\n?", "", text, count=1, flags=re.MULTILINE)
        elif content and not content[0].startswith("-"):
            raise ValueError("its top level is not a list of '- ' entries")
        prefix = text if not text or text.endswith("\n") else text + "\n"
        merged = prefix + block(items, "")
    check(merged, list, None)
    return merged


def check(text: str, kind: type, key: str | None) -> None:
    """ValueError unless `text` is YAML of that kind (a mapping whose `key` is a list or
    empty, or a list): read by PyYAML when it is installed, by yamlcheck otherwise."""
    try:
        import yaml
    except ImportError:
        _check_without_pyyaml(text, kind, key)
        return
    try:
        loaded: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"not valid YAML{where}") from None
    except RecursionError:
        raise ValueError("not valid YAML: nested too deep") from None
    if loaded is None:
        return
    if not isinstance(loaded, kind):
        expected = "mapping of settings" if kind is dict else "list"
        raise ValueError(f"its top level is not a {expected}")
    listed = loaded.get(key) if isinstance(loaded, dict) and key is not None else None
    if listed is not None and not isinstance(listed, list):
        raise ValueError(f"its {key} is not a list")


def _check_without_pyyaml(text: str, kind: type, key: str | None) -> None:
    from aihubmix_cli.export.yamlcheck import shape

    found = shape(text)
    if found.top == "empty":
        return
    if found.top != ("mapping" if kind is dict else "list"):
        expected = "mapping of settings" if kind is dict else "list"
        raise ValueError(f"its top level is not a {expected}")
    if key is not None and found.keys.get(key, "empty") not in ("list", "empty"):
        raise ValueError(f"its {key} is not a list")
