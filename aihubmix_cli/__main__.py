"""Entry point for the `aihub` command and `python -m aihubmix_cli`.

The one place where failures become exit codes and a single line on stderr.
"""

from __future__ import annotations

import os
import sys

from aihubmix_cli.base.errors import AihubError, ExitCode
from aihubmix_cli.base.text import stderr_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from aihubmix_cli.shared.runtime import RuntimeFactory


def _say(message: str) -> None:
    sys.stderr.write(stderr_line(message) + "\n")


def main(argv: Sequence[str] | None = None, make_runtime: RuntimeFactory | None = None) -> int:
    """Run aihub; `make_runtime` builds the runtime of each command (the process's own by
    default; tests inject one with a fake terminal)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:  # started with stdout closed (`aihub list >&-`)
        sys.stdout = _Closed()
    _tolerant_streams()
    try:
        _check_encoding(args)
        code = _run(args, make_runtime)
        sys.stdout.flush()
    except AihubError as error:
        _say(str(error))
        code = error.exit_code
    except KeyboardInterrupt:
        _say("interrupted")
        code = ExitCode.INTERRUPTED
    except BrokenPipeError:
        code = _closed_pipe()
    except OSError as error:
        # Writing the output failed: a full disk behind a redirect, a closed terminal.
        _say(f"cannot write the output: {error.strerror or error}")
        code = ExitCode.FAILURE
    except Exception as error:
        if os.environ.get("AIHUB_DEBUG"):
            raise
        _say(f"unexpected error: {type(error).__name__}: {error} (AIHUB_DEBUG=1 shows where)")
        code = ExitCode.FAILURE
    return int(code)


class _Closed:
    """What stands for a standard output the process was started without: writing to it
    fails as writing to a closed descriptor does, and a command that writes nothing there
    (`aihub cache clear`) runs as usual."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _tolerant_streams() -> None:
    """Let stdout and stderr carry any text in any encoding (PYTHONIOENCODING=ascii, a latin-1
    locale): what the encoding cannot hold becomes a look-alike or `?` (text.stand_in) instead
    of a UnicodeEncodeError halfway through the output. JSON stays exact: render.to_json
    escapes it for such an encoding."""
    import codecs

    from aihubmix_cli.base.text import stand_in

    codecs.register_error("aihub-stand-in", stand_in)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue  # not a text file: a test's capture, say
        try:
            reconfigure(errors="aihub-stand-in")
        except (ValueError, OSError):
            pass  # a closed or detached stream: nothing will be written to it anyway


def _check_encoding(args: list[str]) -> None:
    """Refuse arguments that are not text: undecodable bytes arrive as lone surrogates,
    which no URL, cache key or terminal can carry."""
    from aihubmix_cli.base.errors import UsageError

    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError("an argument is not valid text in UTF-8") from None


def _run(args: list[str], make_runtime: RuntimeFactory | None) -> int:
    # Completion requests carry their words in the environment: the common ones are answered
    # from the generated table, the rest by typer.
    if os.environ.get("_AIHUB_COMPLETE"):
        from aihubmix_cli.cli import helptext
        from aihubmix_cli.shell import quickcomplete

        reply = quickcomplete.answer(helptext.table())
        if reply is not None:
            sys.stdout.write(reply + "\n")
            return ExitCode.OK
    elif not any(name.startswith("_AIHUB_COMPLETE") for name in os.environ):
        from aihubmix_cli.cli import fastpath, helptext

        if helptext.answer(args):
            return ExitCode.OK

        parsed = fastpath.parse(args)
        if parsed is not None:
            return fastpath.run(parsed, make_runtime)
    return _run_typer(args, make_runtime)


def _run_typer(args: list[str], make_runtime: RuntimeFactory | None) -> int:
    from typer.main import get_command

    from aihubmix_cli.cli.app import app
    from aihubmix_cli.cli.typer_internals import (
        ClickException,
        NoArgsIsHelpError,
        PacifyFlushWrapper,
        UsageError,
    )

    command = get_command(app)
    if os.environ.get("_AIHUB_COMPLETE"):
        from aihubmix_cli.shell.shell_completion import register

        register()  # after get_command: building the command registers typer's classes
    try:
        code = command.main(args=args, prog_name="aihub", standalone_mode=False, obj=make_runtime)
    except SystemExit:
        # typer ends a command whose reader went away with exit 1 and says nothing (it wraps
        # stdout first); a closed pipe ends quietly with 0 here, as on the fast path.
        if isinstance(sys.stdout, PacifyFlushWrapper):
            return _closed_pipe()
        raise
    except NoArgsIsHelpError as error:
        # `aihub cache` alone: its help has been drawn (rich prints it itself and leaves the
        # message empty), which is all that was asked for, as with a bare `aihub`.
        if error.format_message():
            print(error.format_message())
        return ExitCode.OK
    except UsageError as error:
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        _say(_usage_line(error) + hint)
        return ExitCode.USAGE
    except ClickException as error:
        _say(error.format_message())
        return error.exit_code
    # standalone_mode=False returns the code of typer.Exit, or None when a command returns.
    code = int(code) if isinstance(code, int) else ExitCode.OK
    if code == ExitCode.INTERRUPTED:
        # typer turns Ctrl-C into a quiet exit 130; no command of ours returns 130 itself.
        raise KeyboardInterrupt
    return code


# How alike an unknown option must be to a real one (difflib's ratio, dashes left out) for
# aihub to suggest it: typer's 0.6 with the dashes counted offers --columns for --bogus.
_CLOSE = 0.7


def _usage_line(error: Exception) -> str:
    """typer's message for a usage error as one clean line: an unknown option suggests only
    options close to it, and a missing argument's choices are listed as a sentence (typer
    puts each on a line of its own)."""
    named: str | None = getattr(error, "option_name", None)
    offered: list[str] | None = getattr(error, "possibilities", None)
    if named and offered:
        import difflib

        word = named.lstrip("-")
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)  # as get_close_matches does
        close = []
        for option in offered:
            matcher.set_seq1(option.lstrip("-"))
            if matcher.ratio() >= _CLOSE:
                close.append(option)
        error.possibilities = close  # type: ignore[attr-defined]
    message: str = error.format_message()  # type: ignore[attr-defined]
    return message.replace(":\n\t", ": ").replace(",\n\t", ", ")


def _closed_pipe() -> int:
    """The reader went away (`aihub list | head`): stop quietly, as cat and grep do.

    Python would complain again when it flushes stdout at exit, so point stdout at devnull.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return ExitCode.OK


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
