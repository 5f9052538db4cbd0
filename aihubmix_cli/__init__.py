"""aihub: explore the AIHubMix model catalog from the terminal."""

__version__ = "0.1.0"
