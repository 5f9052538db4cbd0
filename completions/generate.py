"""Write the shell completion scripts in this folder from the program.

    python completions/generate.py          # rewrite aihub.bash, _aihub, aihub.fish
    python completions/generate.py --check  # exit 1 if any of them is stale

The scripts live in aihubmix_cli/shell/shell_completion.py, so that `aihub completion SHELL` prints
them without this folder; these copies are what the wheel installs under share/.
tests/commands/test_completion.py fails when a shipped script differs from what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from aihubmix_cli.shell.shell_completion import script  # noqa: E402

NAMES = {"bash": "aihub.bash", "zsh": "_aihub", "fish": "aihub.fish"}


def scripts() -> dict[str, str]:
    return {name: script(shell) for shell, name in NAMES.items()}


def main(argv: list[str]) -> int:
    stale = []
    for name, text in scripts().items():
        path = HERE / name
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if "--check" not in argv:
            path.write_text(text)
    if "--check" in argv and stale:
        print(f"stale: {', '.join(stale)}; run python completions/generate.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
