"""What every command runs on and shares: the Runtime (settings, streams, terminal, clock,
warnings, and the catalog source it is handed) and the selection list and export share.
Commands import it; it imports no command."""
