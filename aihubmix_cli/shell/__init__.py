"""What talks to the shell: the common Tab presses answered without typer (quickcomplete.py) and
the completion scripts each shell sources (shell_completion.py). Imports only store/ and below."""
