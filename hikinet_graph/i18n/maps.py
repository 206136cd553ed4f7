"""The words of the map pages and the report's network picture: key → {"ja": …, "en": …}."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "band_no_working": {"ja": "紹介・協働のつながりがまだない機関 (どの回でも)", "en": "Agencies with no working tie yet (in any round)"},
}
