"""sources/: fetching through the cache, TLS."""
