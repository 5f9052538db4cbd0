"""One module per command: each takes parsed options and a Runtime, and returns an exit code."""
