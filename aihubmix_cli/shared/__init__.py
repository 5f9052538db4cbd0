"""What every command runs on and shares: the Runtime (settings, streams, terminal, cache,
clock, catalog loading), the selection list and export share, --as-of. Commands import it; it
imports no command."""
