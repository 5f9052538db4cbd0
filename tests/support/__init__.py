"""What the tests stand on: the catalog server on loopback, the catalogs it serves (live-sized,
late, bundled, history) and the real tools the export tests load."""
