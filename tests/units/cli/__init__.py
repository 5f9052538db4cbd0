"""cli/: help without typer, Tab answers without typer."""
