"""Room for every agency's box on a map: no two boxes overlap, and agencies with no working tie stand in a band.

A box is an agency with its name under it (:func:`~hikinet_graph.render.labels.node_box`),
as large as it ever gets in any round, since positions are the same in every round.
The layout's shape is kept: the picture is scaled so that neighbours sit about one
box apart, then each overlapping pair is pushed apart along the axis where it
overlaps less, until no pair overlaps. Deterministic: no randomness, ties broken by order.
"""

from __future__ import annotations

import numpy as np

__all__ = ["APART_LIMIT", "GAP_PX", "boxes_apart", "band_below", "overlapping_pairs"]

APART_LIMIT = 400  # above this many agencies the map is read by area and boxes are not moved apart
GAP_PX = 6.0  # at least this much white between two boxes
BAND_TITLE_PX = 44.0  # room above the band's agencies for its title
SCREEN_ASPECT = 1.5  # a map's canvas is about this much wider than high (the legend takes the side)


def overlapping_pairs(xy: np.ndarray, boxes: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """The pairs ``(i, j)``, ``i < j``, whose boxes (``half_width, above, below`` around ``xy``) overlap."""
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
    half, above, below = boxes[:, 0], boxes[:, 1], boxes[:, 2]
    for step in range(rounds):
        pairs = overlapping_pairs(xy, boxes, GAP_PX)
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        dx, dy = xy[j, 0] - xy[i, 0], xy[j, 1] - xy[i, 1]
        sign_x = np.where(dx > 0, 1.0, np.where(dx < 0, -1.0, 1.0))  # a tie: the later agency goes right
        sign_y = np.where(dy > 0, 1.0, np.where(dy < 0, -1.0, 1.0))
        need_x = half[i] + half[j] + GAP_PX - np.abs(dx)
        need_y = np.where(sign_y > 0, below[i] + above[j], below[j] + above[i]) + GAP_PX - np.abs(dy)
        along_x = need_x <= need_y
        push = np.zeros_like(xy)
        moves = np.where(along_x, need_x, need_y) / 2 + 0.5
        for column, mask, sign in ((0, along_x, sign_x), (1, ~along_x, sign_y)):
            np.add.at(push[:, column], j[mask], moves[mask] * sign[mask])
            np.add.at(push[:, column], i[mask], -moves[mask] * sign[mask])
        xy += push
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
