"""What may be shown: small referral counts hidden in pages shared outside the core members.

A referral count of 1 or 2 between two named agencies can point to a person in
a small town. ``--public`` pages show such counts as "<3" (threshold
configurable), draw those links at one width, and carry a note saying so.
Client ages are never shown in any page or file (the analysis does not use them).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Disclosure", "INTERNAL", "DEFAULT_THRESHOLD"]

DEFAULT_THRESHOLD = 3


@dataclass(frozen=True)
class Disclosure:
    """``threshold`` None: an internal page, counts as they are; else counts below it are masked."""

    threshold: int | None = None

    @property
    def public(self) -> bool:
        return self.threshold is not None

    def masked(self, count: int) -> bool:
        return self.threshold is not None and 0 < count < self.threshold

    def count(self, count: int) -> int | str:
        """A count as shown: ``"<3"`` when it is small and the page is public."""
        return f"<{self.threshold}" if self.masked(count) else count

    def delta(self, before: int, after: int) -> int | str:
        """A change between two counts; unknown ("-") when either side is masked."""
        return "-" if self.masked(before) or self.masked(after) else after - before


INTERNAL = Disclosure()
