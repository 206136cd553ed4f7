"""Room for every agency's box on a map: no two boxes overlap, and agencies with no working tie stand in a band.

A box is an agency with its name under it (:func:`~hikinet_graph.render.labels.node_box`),
as large as it ever gets in any round, since positions are the same in every round.
The layout's shape is kept: the picture is scaled so that neighbours sit about one
box apart, then each overlapping pair is pushed apart along the axis where it
overlaps less, until no pair overlaps. Deterministic: no randomness, ties broken by order.

Finding the overlapping pairs is most of the work. Only pairs near enough to overlap are
tested (:class:`_Neighbours`: the pairs within the largest boxes' reach plus a margin, found
by a sweep along x, and kept while no agency has moved more than half the margin), each
with the same test as every pair with every other; they come in the same order (by ``i``,
then ``j``) and each agency's pushes are summed in that order, so the positions are the
same to the last bit as with the all-pairs test (:func:`_all_pairs_overlapping`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["APART_LIMIT", "GAP_PX", "boxes_apart", "band_below", "overlapping_pairs"]

APART_LIMIT = 400  # above this many agencies the map is read by area and boxes are not moved apart
GAP_PX = 6.0  # at least this much white between two boxes
BAND_TITLE_PX = 44.0  # room above the band's agencies for its title
SCREEN_ASPECT = 1.5  # a map's canvas is about this much wider than high (the legend takes the side)
MARGIN_PX = 80.0  # the neighbour lists' margin: an agency moves this much (half each way) before they are made again


def _near_pairs(xy: np.ndarray, reach_x: float, reach_y: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pair ``(i, j)``, ``i < j``, by ``i`` then ``j``, at most about ``reach_x`` apart along x and ``reach_y``
    along y (finite positions; both reaches are widened by far more than any rounding, so none is missed).

    A sweep along x: after sorting, agency p's partners are the next ones up to ``x[p] + reach_x``.
    """
    count, x = len(xy), xy[:, 0]
    slack = 1e-6 * (1.0 + reach_x + reach_y + float(np.abs(xy).max()))
    order = np.argsort(x, kind="stable")
    ranked = x[order]
    follow = np.searchsorted(ranked, ranked + (reach_x + slack), side="right") - np.arange(1, count + 1)
    first = np.repeat(np.arange(count), follow)  # rank of the pair's left agency, then its followers' ranks
    second = np.arange(1, len(first) + 1) + first - np.repeat(np.cumsum(follow) - follow, follow)
    a, b = order[first], order[second]
    near = np.abs(xy[a, 1] - xy[b, 1]) <= reach_y + slack
    key = np.sort(np.minimum(a, b)[near] * count + np.maximum(a, b)[near])
    return key // count, key % count


class _Neighbours:
    """The pairs that may overlap, and what the overlap test and the push need of each, made again as agencies move.

    A pair is listed when its centres are within the largest boxes' reach plus :data:`MARGIN_PX` along both axes;
    until an agency moves more than half the margin from where it was when the list was made, no pair off the
    list can come near enough to overlap.
    """

    def __init__(self, boxes: np.ndarray, gap: float) -> None:
        """Neighbour lists for ``boxes`` (``half_width, above, below``), ``gap`` pixels apart."""
        self.boxes, self.gap = boxes, gap
        self.reach_x = 2 * float(boxes[:, 0].max(initial=0.0)) + gap
        self.reach_y = float(boxes[:, 1].max(initial=0.0)) + float(boxes[:, 2].max(initial=0.0)) + gap
        self.made_at = None

    def _make(self, xy: np.ndarray) -> None:
        """List the pairs near ``xy``, with each pair's widths: apart along x, and along y either way."""
        self.made_at = xy.copy()
        if np.isfinite(xy).all():
            self.i, self.j = _near_pairs(xy, self.reach_x + MARGIN_PX, self.reach_y + MARGIN_PX)
        else:  # a position that is not a number is near every other
            self.i, self.j = np.triu_indices(len(xy), 1)
        half, above, below = self.boxes[:, 0], self.boxes[:, 1], self.boxes[:, 2]
        i, j, gap = self.i, self.j, self.gap
        self.wide = half[i] + half[j] + gap  # as the all-pairs test adds them
        self.down = below[i] + above[j] + gap  # the room j needs below i
        self.up = below[j] + above[i] + gap  # the room j needs above i

    def overlapping(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions in the list of the pairs overlapping at ``xy``, and their ``xy[j] - xy[i]``.

        The all-pairs test, pair by pair: apart along x when ``|x_i - x_j| >= half_i + half_j + gap``, along y
        when one box's top is at least ``gap`` below the other's bottom; overlapping when apart along neither.
        """
        if self.made_at is None or not np.abs(xy - self.made_at).max() <= MARGIN_PX / 2:  # not a number: again
            self._make(xy)
        i, j = self.i, self.j
        step = xy[j] - xy[i]
        top, bottom = xy[:, 1] - self.boxes[:, 1], xy[:, 1] + self.boxes[:, 2] + self.gap
        apart = np.abs(step[:, 0]) >= self.wide
        apart |= top[i] >= bottom[j]
        apart |= top[j] >= bottom[i]
        listed = np.flatnonzero(~apart)
        return listed, step[listed]


def overlapping_pairs(xy: np.ndarray, boxes: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """The pairs ``(i, j)``, ``i < j``, whose boxes (``half_width, above, below`` around ``xy``) overlap.

    By ``i``, then ``j``: the pairs of :func:`_all_pairs_overlapping`, found among near pairs only.
    """
    xy = np.asarray(xy, dtype=np.float64)
    if len(xy) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    near = _Neighbours(np.asarray(boxes, dtype=np.float64), gap)
    listed, _ = near.overlapping(xy)
    return np.column_stack([near.i[listed], near.j[listed]])


def _all_pairs_overlapping(xy: np.ndarray, boxes: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """:func:`overlapping_pairs` by testing every pair with every other: the definition, kept for the tests."""
    x, y = xy[:, 0], xy[:, 1]
    half, above, below = boxes[:, 0], boxes[:, 1], boxes[:, 2]
    apart_x = np.abs(x[:, None] - x[None, :]) >= half[:, None] + half[None, :] + gap
    top, bottom = y - above, y + below
    apart_y = (top[:, None] >= bottom[None, :] + gap) | (top[None, :] >= bottom[:, None] + gap)
    i, j = np.nonzero(np.triu(~(apart_x | apart_y), k=1))
    return np.column_stack([i, j])


def _compact(xy: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The layout scaled so that the median agency's nearest neighbour is about one box away."""
    if len(xy) < 2:
        return xy - xy.mean(axis=0)
    centred = xy - xy.mean(axis=0)
    distance = np.hypot(*(centred[:, None, :] - centred[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(distance, np.inf)
    unit = float(np.median(distance.min(axis=1))) or 1.0
    width, height = np.median(2 * boxes[:, 0]), np.median(boxes[:, 1] + boxes[:, 2])
    return centred / unit * np.array([0.8 * width, 1.1 * height])


def _push(count: int, near: _Neighbours, listed: np.ndarray, step: np.ndarray) -> np.ndarray:
    """How far each of ``count`` agencies moves to part the overlapping pairs (``listed`` in ``near``, ``step``
    their ``xy[j] - xy[i]``): each pair apart along the axis where it overlaps less, half each.

    Each agency's moves along an axis are summed in the order of the pairs, first where it is the pair's ``j``,
    then where it is its ``i``, as :func:`numpy.bincount` adds them in turn.
    """
    i, j = near.i[listed], near.j[listed]
    dx, dy = step[:, 0], step[:, 1]
    up = dy < 0
    need_x = near.wide[listed] - np.abs(dx)
    need_y = np.where(up, near.up[listed], near.down[listed]) - np.abs(dy)
    along_x = need_x <= need_y
    moves = np.where(along_x, need_x, need_y) / 2 + 0.5
    moves *= np.where(along_x, dx < 0, up) * -2.0 + 1.0  # the sign; a tie: the later agency goes right, or down
    axis = np.where(along_x, 0, count)  # the sums along x first, then along y
    push = np.bincount(np.concatenate([j + axis, i + axis]), np.concatenate([moves, -moves]), minlength=2 * count)
    return push.reshape(2, count).T


def boxes_apart(xy: np.ndarray, boxes: np.ndarray, rounds: int = 2000) -> np.ndarray:
    """Positions near ``xy`` (any scale) at which no two boxes overlap, with :data:`GAP_PX` between them.

    Parameters
    ----------
    xy : ndarray
        ``(n, 2)`` positions from the layout.
    boxes : ndarray
        ``(n, 3)``: each agency's half width, and its extent above and below its centre, in pixels.

    Returns
    -------
    ndarray
        ``(n, 2)`` positions in pixels, centred on 0.
    """
    xy = _compact(np.asarray(xy, dtype=np.float64), boxes)
    near = _Neighbours(np.asarray(boxes, dtype=np.float64), GAP_PX)
    for step in range(rounds if len(xy) > 1 else 0):
        listed, steps = near.overlapping(xy)
        if not len(listed):
            break
        xy += _push(len(xy), near, listed, steps)
        if step % 100 == 99:  # crowded: give everybody a little more room and go on
            xy *= 1.05
    return _screen_shaped(xy - xy.mean(axis=0), boxes)


def _screen_shaped(xy: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The picture stretched along its short side to a screen's shape (:data:`SCREEN_ASPECT`).

    Stretching moves boxes only further apart, and a map fitted to the screen then
    uses its whole height as well as its width, so the agencies do not huddle in a strip.
    """
    if len(xy) < 2:
        return xy
    width = float((xy[:, 0] + boxes[:, 0]).max() - (xy[:, 0] - boxes[:, 0]).min())
    height = float((xy[:, 1] + boxes[:, 2]).max() - (xy[:, 1] - boxes[:, 1]).min())
    inner_w, inner_h = np.ptp(xy[:, 0]) or 1.0, np.ptp(xy[:, 1]) or 1.0
    if width > SCREEN_ASPECT * height:  # the centres' spread grows so the boxes' outline reaches the shape
        xy[:, 1] *= 1 + (width / SCREEN_ASPECT - height) / inner_h
    else:
        xy[:, 0] *= 1 + (SCREEN_ASPECT * height - width) / inner_w
    return xy


def band_below(xy: np.ndarray, boxes: np.ndarray, band_boxes: np.ndarray) -> tuple[np.ndarray, dict]:
    """Rows under the picture ``xy`` for the agencies of ``band_boxes``, and the band's rectangle.

    The rows are about as wide as the picture, centred under it, one box per cell.
    """
    if len(xy):
        left, right = float((xy[:, 0] - boxes[:, 0]).min()), float((xy[:, 0] + boxes[:, 0]).max())
        top = float((xy[:, 1] + boxes[:, 2]).max()) + 2 * BAND_TITLE_PX
    else:
        left = right = top = 0.0
    cell_w = float((2 * band_boxes[:, 0]).max()) + 2 * GAP_PX
    cell_h = float((band_boxes[:, 1] + band_boxes[:, 2]).max()) + 2 * GAP_PX
    per_row = max(3, int((right - left) // cell_w))
    per_row = min(per_row, len(band_boxes))
    rows = -(-len(band_boxes) // per_row)
    centre = (left + right) / 2
    k = np.arange(len(band_boxes))
    x = centre + ((k % per_row) - (per_row - 1) / 2) * cell_w
    y = top + BAND_TITLE_PX + (k // per_row) * cell_h + band_boxes[:, 1]
    band = {"left": round(centre - per_row * cell_w / 2, 1), "right": round(centre + per_row * cell_w / 2, 1),
            "top": round(top, 1), "bottom": round(top + BAND_TITLE_PX + rows * cell_h, 1)}
    return np.column_stack([x, y]), band
