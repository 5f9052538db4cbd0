"""audit/: forked workers, the kept matcher."""
