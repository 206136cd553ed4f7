"""The words of the next meeting's agenda and the meeting log: key → {"ja": …, "en": …}."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
}
