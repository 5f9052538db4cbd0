"""`aihub completion SHELL`: the Tab completion script, printed as gh prints it."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode
from aihubmix_cli.shared.runtime import Runtime


def run(runtime: Runtime, *, shell: str) -> int:
    from aihubmix_cli.shell.shell_completion import script

    runtime.out.write(script(shell))
    return ExitCode.OK
