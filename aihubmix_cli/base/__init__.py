"""The layer at the bottom: exit codes and errors, settings from the environment, terminal-safe
text, units for people, plain records and JSON text. Imports nothing else from aihub."""
