"""Each command through the real CLI against the loopback catalog server: one file per
command (or per export tool)."""
