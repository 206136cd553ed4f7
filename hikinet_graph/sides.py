"""The command line's way of naming a snapshot: ``FOLDER`` (all data) or ``FOLDER@R`` (as of round R)."""

from __future__ import annotations

import re
from pathlib import Path

from .write.files import same_path

__all__ = ["parse_side", "compare_specs"]

_SIDE = re.compile(r"^(?P<path>.+)@(?P<round>-?\d+)$")


def parse_side(spec: str) -> tuple[str, int | None]:
    """The command line's ``FOLDER@R`` syntax: ``"data/city@4"`` → ``("data/city", 4)``.

    A plain folder (or workbook) is ``(folder, None)``: all data. A folder whose own
    name ends in ``@digits`` is taken as it is when it exists.

    Examples
    --------
    >>> parse_side("data/city_b@3"), parse_side("data/city_b")
    (('data/city_b', 3), ('data/city_b', None))
    """
    match = _SIDE.match(spec)
    if match and not Path(spec).exists():
        return match.group("path"), int(match.group("round"))
    return spec, None


def compare_specs(before: str, after: str):
    """Compare two sides given as ``FOLDER`` or ``FOLDER@R``; a folder named on both sides is loaded once.

    Returns
    -------
    Comparison
        :func:`hikinet_graph.core.compare.compare` of the two snapshots.
    """
    from .core.analysis import analyze
    from .core.compare import Side, compare
    from .core.snapshot import take_snapshot
    from .read.load import load_network

    sides: list = []
    for spec in (before, after):
        path, round_ = parse_side(spec)
        if sides and same_path(sides[0].path, path):
            network = sides[0].network
        else:
            network = load_network(path)  # first: it names a missing or looping path in the user's words
        snapshot = take_snapshot(network, round_)
        sides.append(Side(spec, path, round_, network, snapshot, analyze(snapshot)))
    return compare(*sides)
