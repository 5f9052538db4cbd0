"""catalog/: costs, a live-shaped catalog read right."""
