"""Pure matplotlib drawing: data in, Axes or Figure out. Diagrams are drawn by code."""
