"""The views of a round's map (each returns nodes, edges and its extras) and the change map.

``network``: who is linked to whom; ``ages``: agencies as boxes along the ages they
serve, with the boundaries that have gaps; ``areas``: one node per municipality or
district. Kept free of heavy imports: the CLI reads :data:`VIEWS` at start-up.
"""

__all__ = ["VIEWS"]

VIEWS = ("network", "ages", "areas")
