"""Pure science models (numpy/scipy only): remodeling ODEs, radiobiology, decay, survival, and
the pain-diary teaching simulation.

Never imports matplotlib, ipywidgets or IPython. Import the submodules directly, for example
``from course.models import remodeling``.
"""
