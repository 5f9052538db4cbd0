"""`aihub completion SHELL`: the Tab completion script, printed as gh prints it."""

from __future__ import annotations

from aihubmix_cli.base.errors import ExitCode
from aihubmix_cli.base.record import Record
from aihubmix_cli.shared.runtime import Runtime


class Options(Record):
    """What `aihub completion` was asked: the shell."""

    __slots__ = ("shell",)

    def __init__(self, *, shell: str) -> None:
        self.shell = shell

    @classmethod
    def from_values(cls, *, shell: str) -> Options:
        """The one way both parsers turn their values into options."""
        return cls(shell=shell)


def run(runtime: Runtime, options: Options) -> int:
    shell = options.shell
    from aihubmix_cli.shell.shell_completion import script

    runtime.out.write(script(shell))
    return ExitCode.OK
