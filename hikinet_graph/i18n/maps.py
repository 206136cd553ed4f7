"""The words of the map pages and the report's network picture: key → {"ja": …, "en": …}."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
}
