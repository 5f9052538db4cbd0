"""Where a catalog comes from: HTTP (transport.py), the caching rules over it (remote.py), the
recorded history for a past moment (past.py), and the catalog source over them all
(catalog.py: a small library the CLI drives, which also falls back to the bundled snapshot and
records what the server delivers). Imports only store/, catalog/ and base/."""
