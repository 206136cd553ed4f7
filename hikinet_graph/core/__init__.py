"""The analysis: snapshots per round, the rules, the figures, comparisons (pure: no files, no CLI)."""
