"""The word Tab completion answers with when the shell should complete file names itself: in
base/ because the completers (store/completion.py) and the Tab answers (shell/) both say it."""

# The reply that asks the shell for its own file-name completion: only `audit PATH` and
# `export --merge FILE` take paths, and the shell knows the files better than aihub. No id
# or value starts and ends with a colon, so the scripts cannot mistake it.
FILES = ":files:"
