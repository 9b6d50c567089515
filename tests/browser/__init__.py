"""Real-browser tests.

A package, so that this folder's conftest does not shadow tests/conftest.py.
"""
