"""Imported at the start of every grading kernel (``Execute.extra_arguments`` in the config).

A submission that calls ``os._exit()`` or ``os.abort()`` would kill the kernel and nbgrader
would then fail the whole submission, losing the points the student earned before that cell.
While grading, both raise ``SystemExit`` instead, so only that cell fails, as with
``sys.exit()``. Nothing else changes in the kernel.
"""

import os as _os


def _refuse(*_args, **_kwargs):
    raise SystemExit("os._exit() and os.abort() are disabled while a quiz is graded.")


_os._exit = _refuse
_os.abort = _refuse
