"""Who a page is for: internal (counts as they are) or public (small referral counts masked).

Kept free of heavy imports: the command line reads :data:`DEFAULT_THRESHOLD` and
:data:`INTERNAL` at start-up, so that ``hikinet --help`` starts without pandas. The
rule itself (which counts and sums a public page hides) is in :mod:`.public`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Disclosure", "INTERNAL", "DEFAULT_THRESHOLD", "SUPPRESSED"]

DEFAULT_THRESHOLD = 3
# a count hidden because it includes a count below the threshold (complementary suppression)
SUPPRESSED = "x"


@dataclass(frozen=True)
class Disclosure:
    """``threshold`` None: an internal page, counts as they are; else counts below it are masked."""

    threshold: int | None = None

    @property
    def public(self) -> bool:
        """Is this a page for sharing outside the core members (counts masked)?"""
        return self.threshold is not None

    def masked(self, count: int) -> bool:
        """Is this one pair's count primarily suppressed (1 to threshold-1 on a public page)?"""
        return self.threshold is not None and 0 < count < self.threshold

    def count(self, count: int) -> int | str:
        """One directed pair's count as shown: ``"<3"`` when it is small and the page is public.

        Only for a pair's own count; a sum of pairs goes through :class:`PublicCounts`.
        """
        return f"<{self.threshold}" if self.masked(count) else count

    def delta(self, before: int | str, after: int | str) -> int | str:
        """The change between two counts as shown: exact only when both sides are exact, else ``"x"``."""
        if isinstance(before, str) or isinstance(after, str):
            return SUPPRESSED
        return after - before

    def counts(self, snapshot) -> "PublicCounts":
        """The referral counts of ``snapshot`` as this disclosure shows them.

        Each call builds them anew: build them once per snapshot and hand them on
        (the report's :class:`~hikinet_graph.render.round_view.RoundView` does).
        """
        from .public import PublicCounts  # numpy and pandas: only when counts are shown

        return PublicCounts.of_snapshot(snapshot, self)


INTERNAL = Disclosure()
