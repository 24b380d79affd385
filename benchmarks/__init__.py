"""dlbook's benchmarks, not part of the package: ``make bench`` runs ``run.py``."""
