"""The shell side of Tab completion: the scripts aihub ships, and how it answers them.

typer's scripts and answers fall short in ways a person notices: bash splits `--features=thi`
and `gemma-2-9b-it:f` at its word breaks (`=` and `:`) and hands typer the pieces; zsh filters
the answers by case although `show` ignores it; fish offers file names when aihub has nothing
to offer. Only `audit PATH` and `export --merge FILE` take file names: there aihub answers
`:files:` (base/tab.py) and each script offers the shell's own file completion.
The scripts here send the whole line (bash) or ask for plain values (zsh), and the
answer classes below, registered in place of typer's for the run that answers a Tab press:
- complete whole words (`--features=thinking`), and for bash cut each back to the part after
  bash's last word break, as bash-completion's `__ltrim_colon_completions` does;
- fall back to a case-insensitive match when nothing matches in case (`GPT-5` -> `gpt-5`).
Run without the new variables, as by the scripts `--install-completion` writes, they answer
as typer's classes do, plus the case-insensitive fallback.

typer publishes neither its completion classes nor click's completion helpers: this module
imports them itself, the one place besides cli/typer_internals.py that reaches into typer
(shell/ sits below cli/, so it cannot import from there; that module's docstring says what to
check on a typer upgrade, these imports included).
"""

from __future__ import annotations

import os

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._click.shell_completion import split_arg_string as split_words
from typer._completion_classes import (
    BashComplete,
    FishComplete,
    ZshComplete,
    _sanitize_help_text,
)

from aihubmix_cli.base.tab import FILES
from aihubmix_cli.shell.quickcomplete import WORD_BREAKS, bash_cut

SHELLS = ("bash", "zsh", "fish")

HEADER = "# {shell} completion for aihub: `aihub completion {shell}` prints it. Do not edit.\n"

BASH = """\
_aihub_completion() {
    # The line up to the cursor, whole: bash's own words are cut at = and :, which ids and
    # --option=value use. aihub answers with the part after bash's last word break.
    local line="${COMP_LINE:0:COMP_POINT}"
    mapfile -t COMPREPLY < <(env _AIHUB_COMPLETE=complete_bash _AIHUB_COMP_LINE="$line" \\
        _AIHUB_WORDBREAKS="$COMP_WORDBREAKS" "$1" 2>/dev/null)
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == ":files:" ]]; then
        # audit PATH and --merge FILE: the file names bash itself would offer.
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]-}")
    fi
    return 0
}

complete -F _aihub_completion aihub
"""

ZSH = """\
#compdef aihub
_aihub_completion() {
  local reply value help
  local -a values shown
  reply="$(env _AIHUB_COMPLETE=complete_zsh _AIHUB_PLAIN=1 \\
    _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" aihub 2>/dev/null)" || return 1
  [[ -n $reply ]] || return 1  # nothing to offer: no file names either
  if [[ $reply == :files: ]]; then
    _files  # audit PATH and --merge FILE: zsh's own file completion
    return
  fi
  while IFS=$'\\t' read -r value help; do
    values+=("$value")
    shown+=("$value${help:+  -- $help}")
  done <<< "$reply"
  # -U: aihub has matched already, ignoring case where nothing matched in case.
  compadd -U -l -d shown -a values
}

# Autoloaded from $fpath, this file's body is the function _aihub, run on every Tab;
# sourced, it registers the function instead.
if [[ "${funcstack[1]}" == _aihub ]]; then
  _aihub_completion "$@"
else
  compdef _aihub_completion aihub
fi
"""

FISH = """\
function __aihub_complete
    set -l reply (env _AIHUB_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \\
        _TYPER_COMPLETE_ARGS=(commandline -cp) aihub 2>/dev/null)
    if test "$reply" = ":files:"
        __fish_complete_path (commandline -ct)  # audit PATH and --merge FILE
    else if set -q reply[1]
        printf '%s\n' $reply
    end
end

# --no-files everywhere: only audit PATH and --merge FILE take file names, and for those
# aihub says so and the function above offers them.
complete --command aihub --no-files --arguments "(__aihub_complete)"
"""


def script(shell: str) -> str:
    """The completion script for `shell`, as shipped in completions/ and printed by
    `aihub completion SHELL`."""
    body = {"bash": BASH, "zsh": ZSH, "fish": FISH}[shell]
    header = HEADER.format(shell=shell)
    if body.startswith("#compdef"):  # zsh wants "#compdef aihub" as the very first line
        first, rest = body.split("\n", 1)
        return f"{first}\n{header}{rest}"
    return header + body


# -- answering ---------------------------------------------------------------------------------


def _option_head(incomplete: str) -> str:
    """`--features=` of `--features=thi`: click completes the value after it alone."""
    if incomplete[:1] == "-" and "=" in incomplete:
        return incomplete.partition("=")[0] + "="
    return ""


def whole_words(complete: object, args: list[str], incomplete: str) -> list[CompletionItem]:
    """What fits `incomplete`, each a whole word; in any case when nothing fits in case."""
    get = complete.get_completions  # type: ignore[attr-defined]
    head = _option_head(incomplete)
    items: list[CompletionItem] = get(args, incomplete)
    if not items and incomplete[len(head) :]:
        wanted = incomplete[len(head) :].casefold()
        items = [i for i in get(args, head) if str(i.value).casefold().startswith(wanted)]
    if head:
        for item in items:
            item.value = head + str(item.value)
    return items


def _line_words(line: str) -> tuple[list[str], str]:
    words = split_words(line)
    if not line or line[-1].isspace() or not words:
        return words[1:], ""
    return words[1:-1], words[-1]


def _files(items: list[CompletionItem]) -> bool:
    """Whether the answer is "file names": the shell completes those itself."""
    return len(items) == 1 and str(items[0].value).endswith(FILES)


class _Bash(BashComplete):
    def complete(self) -> str:
        line = os.environ.get("_AIHUB_COMP_LINE")
        if line is None:  # typer's own script: typer's words, typer's answers
            args, incomplete = self.get_completion_args()
            return "\n".join(str(item.value) for item in whole_words(self, args, incomplete))
        args, incomplete = _line_words(line)
        breaks = os.environ.get("_AIHUB_WORDBREAKS") or WORD_BREAKS
        cut = bash_cut(line, incomplete, breaks)
        head = incomplete[:cut].casefold()
        replies = []
        items = whole_words(self, args, incomplete)
        if _files(items):
            return FILES
        for item in items:
            value = str(item.value)
            if value[:cut].casefold() == head:
                replies.append(value[cut:])
        return "\n".join(replies)


class _Zsh(ZshComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = whole_words(self, args, incomplete)
        if os.environ.get("_AIHUB_PLAIN") and _files(items):
            return FILES
        if _files(items):
            return "_files"
        if os.environ.get("_AIHUB_PLAIN"):
            return "\n".join(_plain(item) for item in items)
        if not items:
            return "_files"  # what typer's own script expects for "nothing"
        values = "\n".join(self.format_completion(item) for item in items)
        return f"_arguments '*: :(({values}))'"


def _plain(item: CompletionItem) -> str:
    if not item.help:  # ids have none; sanitising imports rich, which a Tab press should not
        return str(item.value)
    help_text = " ".join(_sanitize_help_text(item.help).split())
    return f"{item.value}\t{help_text}"


class _Fish(FishComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = whole_words(self, args, incomplete)
        if _files(items):
            if os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
                raise SystemExit(1)  # typer's own script: "no values", so fish offers files
            return FILES
        action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":  # typer's own script asks first whether to offer files
            raise SystemExit(0 if items else 1)
        return "\n".join(self.format_completion(item) for item in items)


def register() -> None:
    """Answer Tab presses with the classes above; call after typer has registered its own."""
    add_completion_class(_Bash, "bash")
    add_completion_class(_Zsh, "zsh")
    add_completion_class(_Fish, "fish")
