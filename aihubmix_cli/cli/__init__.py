"""The command line: the typer app, the option declarations, what aihub takes from typer's
unpublished API, the typer-free fast path and help. The top layer: nothing imports it but
__main__."""
