"""Reading: bytes → tables → a validated Network (no analysis, no output)."""
