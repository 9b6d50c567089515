"""Thin ipywidgets views over the pure science; the only part of the package importing ipywidgets.

Each view exposes ``.controls`` (dict of control widgets), ``.result`` (last computed value) and
``.widget`` (the root container to display). Constructors compute the initial state but never call
``display()``.
"""
