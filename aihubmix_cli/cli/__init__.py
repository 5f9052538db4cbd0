"""The command line: the typer app, the option declarations, the typer-free fast path, help
and Tab completion, the shell scripts. The top layer: nothing imports it but __main__."""
