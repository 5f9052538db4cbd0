"""store/: the cache, its safety, parsed copies, the state folder, the bundled snapshot,
remembered failures."""
