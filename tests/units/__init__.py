"""Unit tests, one folder per package of aihubmix_cli."""
