"""How `aihub audit` reports: a grouped report for people, a line per finding for pipes,
JSON for programs (shape version 1, see docs/audit.md), SARIF 2.1.0 for code scanning."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from aihubmix_cli import __version__
from aihubmix_cli.base.jsonout import to_json
from aihubmix_cli.base.text import terminal_safe

if TYPE_CHECKING:
    from aihubmix_cli.audit.judge import Finding

JSON_VERSION = 1
_HEADINGS = {
    "deprecated": "Deprecated",
    "removed": "Removed",
    "unknown": "Unknown",
    "repriced": "Repriced",
    "ok": "OK",
}
# What each status means for a code-scanning alert: a removed id fails at the first request.
_RULES = {
    "removed": ("error", "The model id is no longer in the catalog."),
    "deprecated": ("warning", "The catalog marks the model as deprecated."),
    "unknown": ("warning", "Not a catalog id, but one keystroke or a letter case away from one."),
    "repriced": ("note", "The model's price moved since the version compared with."),
    "ok": ("none", "A current catalog model."),
}


def write(
    out: IO[str],
    output_format: str,
    findings: Sequence[Finding],
    summary: dict[str, Any],
    *,
    since: str | None,
    width: int = 80,
    limitation: str | None = None,
) -> None:
    if output_format == "json":
        out.write(to_json(json_report(findings, summary, since, limitation)))
    elif output_format == "sarif":
        out.write(to_json(sarif_report(findings, Path.cwd(), limitation)))
    elif output_format == "plain":
        out.write("".join(plain_line(f) for f in findings))
    else:
        out.write(grouped_report(findings, summary, width))


def path_text(path: str) -> str:
    """A file's name for a terminal or a pipe, one that still finds the file.

    A name that is printable text is shown as it is. Any other (bytes that are not UTF-8,
    which Python holds as surrogate escapes; control, bidi or line-breaking characters) is
    shown with each such byte as `\\xHH` and each backslash as `\\\\`, the escapes
    `printf %b` reads back: `ls "$(printf %b 'bad\\xff.txt')"` finds the file.
    """
    if path.isprintable() and path == terminal_safe(path):
        return path
    out = []
    for char in path:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape for the byte code - 0xDC00
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\":
            out.append("\\\\")
        elif char.isprintable() and terminal_safe(char) == char:
            out.append(char)
        else:
            raw = char.encode("utf-8", "surrogatepass")
            out.append("".join(f"\\x{byte:02x}" for byte in raw))
    return "".join(out)


def plain_line(finding: Finding) -> str:
    """`path:line:col<TAB>status<TAB>id<TAB>detail`: one finding, grep- and cut-friendly."""
    place = f"{path_text(finding.path)}:{finding.line}:{finding.column}"
    return f"{place}\t{finding.status}\t{finding.id}\t{terminal_safe(finding.detail)}\n"


def _wrapped(first: str, text: str, width: int, indent: str) -> list[str]:
    """`first` then `text`, wrapped between words to `width`, later lines indented."""
    import textwrap

    separator = "  " if first.startswith(" ") else " "
    return textwrap.wrap(
        f"{first}{separator}{text}",
        width=max(width, len(first) + 10),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first]


def grouped_report(findings: Sequence[Finding], summary: dict[str, Any], width: int = 80) -> str:
    """By status (worst first), then by id, each id's places under it, wrapped between words
    to `width` so that no id is split by the terminal."""
    lines: list[str] = []
    for status, heading in _HEADINGS.items():
        chosen = [f for f in findings if f.status == status]
        if not chosen:
            continue
        by_id: dict[str, list[Finding]] = {}
        for finding in chosen:
            by_id.setdefault(finding.id, []).append(finding)
        lines.append(f"{heading} ({len(by_id)})")
        for model_id, places in by_id.items():
            detail = terminal_safe(places[0].detail)
            lines.extend(_wrapped(f"  {model_id}", detail, width, "      "))
            lines.extend(f"    {path_text(p.path)}:{p.line}:{p.column}" for p in places)
    files = len({f.path for f in findings})
    noun = "mention" if len(findings) == 1 else "mentions"
    tail = f"{len(findings)} {noun} in {files} of {summary['files']} files read"
    skipped = summary["skipped"]
    if skipped:
        tail += " (skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) + ")"
    if not findings:
        tail = f"No model ids found in {summary['files']} files read."
    first, _, rest = tail.partition(" ")
    lines.extend(_wrapped(first, rest, width, "  ") if rest else [tail])
    return "\n".join(lines) + "\n"


def json_report(
    findings: Sequence[Finding],
    summary: dict[str, Any],
    since: str | None,
    limitation: str | None = None,
) -> dict[str, Any]:
    counts = {status: 0 for status in _HEADINGS}
    for finding in findings:
        counts[finding.status] += 1
    return {
        "version": JSON_VERSION,
        "since": since,
        "files_read": summary["files"],
        "files_skipped": summary["skipped"],
        "counts": counts,
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "status": f.status,
                "id": f.id,
                "detail": f.detail,
                **f.facts,
            }
            for f in findings
        ],
        # Added in shape 1: whether an earlier catalog version was there to judge by, and
        # what the verdicts cannot say when none was (the line stderr shows).
        "history_known": limitation is None,
        "limitation": limitation,
    }


def repository_root(folder: str) -> str:
    """The git work tree's top folder holding `folder` (where code scanning roots its
    paths), or `folder` itself outside one. Read from the file system: no git needed."""
    here = Path(folder)
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return folder


def _uri(path: str, cwd: str, root: str) -> tuple[str, str | None]:
    """A finding's path as a SARIF artifact URI: relative to the repository root (%SRCROOT%)
    when inside it, wherever aihub ran from, else an absolute file URI; normalised either
    way, so never holding `..`.

    The name's bytes are percent-encoded as they are on disk: a name that is not UTF-8
    (held as surrogate escapes) becomes `%FF`, not an error."""
    import os

    absolute = os.path.normpath(Path(cwd, path))
    if absolute.startswith(root.rstrip("/") + "/"):
        return quote(os.fsencode(absolute[len(root.rstrip("/")) + 1 :])), "%SRCROOT%"
    return "file://" + quote(os.fsencode(absolute)), None


def sarif_report(
    findings: Sequence[Finding], cwd: Path, limitation: str | None = None
) -> dict[str, Any]:
    """SARIF 2.1.0, as GitHub code scanning reads it: one rule per status; `ok` mentions are
    results of kind `pass` (not alerts), every other one of kind `fail`."""
    folder = str(cwd)
    root = repository_root(folder)
    statuses = list(_RULES)
    rules = [
        {
            "id": f"aihub/{status}",
            "name": f"Model{status.title()}",
            "shortDescription": {"text": description},
            "defaultConfiguration": {"level": level},
        }
        for status, (level, description) in _RULES.items()
    ]
    results = []
    for finding in findings:
        uri, base = _uri(finding.path, folder, root)
        location: dict[str, Any] = {"uri": uri}
        if base is not None:
            location["uriBaseId"] = base
        results.append(
            {
                "ruleId": f"aihub/{finding.status}",
                "ruleIndex": statuses.index(finding.status),
                "kind": "pass" if finding.status == "ok" else "fail",
                "level": _RULES[finding.status][0],
                "message": {"text": f"{finding.id}: {finding.detail}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": location,
                            "region": {
                                "startLine": finding.line,
                                "startColumn": finding.column,
                                "endColumn": finding.column + len(finding.id),
                            },
                        }
                    }
                ],
                "properties": {"id": finding.id, **finding.facts},
            }
        )
    run_properties = {"history_known": limitation is None, "limitation": limitation}
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if limitation is not None:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": limitation}}
        ]
    return {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "aihub",
                        "version": __version__,
                        "informationUri": "https://docs.aihubmix.com/",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).as_uri() + "/"}},
                "invocations": [invocation],
                "properties": run_properties,
                # Columns count characters, as the other formats do, not UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
