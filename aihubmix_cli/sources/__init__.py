"""Where a fresh catalog comes from: HTTP (transport.py) and the caching rules over it
(remote.py). Imports only store/, catalog/ and base/."""
