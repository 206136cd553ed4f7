"""Rendering: pages, maps, charts and text for people (no files written).

The data's path through this package, one module a step::

    round_view.py   RoundView: one round's snapshot, analysis, public counts, tooltips, strongest links
    layout.py       where agencies and areas stand (seeded, all rounds together)
    thinning.py     which links a large map draws
    style.py        palette, colours, rings, vis-network options, legends
    tooltips.py     what hovering an agency shows
    views/          network.py  ages.py  areas.py  links.py (their lines)  change.py (the change map)
    maps.py         a round's map page: a view plus header chips, legend and words
    page.py         MapPage, the Jinja environment, the pyvis adapter, render_page
    index.py        the report's index page
    summary.py      its first lines (the story: working ties, hub, carriers, attendance, change)
    boundaries.py   its section on each age boundary (who leaves, starts, spans, carries)
    charts.py       inline SVG charts
    text.py         terminal tables
    templates/      base.html ← map.html, report.html
"""
