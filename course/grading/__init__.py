"""Instructor tooling over nbgrader (validation both ways, class-scale autograde, feedback)."""
