"""export/: the --merge writers under hostile input."""
