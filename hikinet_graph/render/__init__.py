"""Rendering: pages, maps, charts and text for people (no files written)."""
