"""A stricter nbgrader submit for a class on a shared machine (deploy/jupyterhub).

nbgrader's own submit leaves each submission in the exchange readable by every user and its
folder writable by every user; only an unlisted folder name (a timestamp and a random string)
hides it. On a JupyterHub where the exchange's ``inbound`` folder belongs to the course's grader
account and carries the set-group-ID bit (nbgrader's release creates it so), every submission
already belongs to the grader's group: :class:`GroupOnlySubmit` then takes away the permissions
of other users, so a classmate cannot read or replace a submission even knowing its name, while
the grader account still collects it (and may delete it) through the group.

Enable it in the global nbgrader configuration (``classctl.py install`` does)::

    c.ExchangeFactory.submit = "course.grading.exchange.GroupOnlySubmit"

Where ``inbound`` has no set-group-ID bit (a laptop, a custom exchange) nothing changes.

nbgrader's collect, for its part, only *warns* when a submission's folder belongs to another
account than the student it names ("cheating attempt?"), and then collects it: a student who
runs ``nbgrader submit --CourseDirectory.student_id=<classmate>`` (their own settings decide the
name) could replace the classmate's latest submission. :class:`OwnerCheckedCollect` collects,
for each student, the latest submission that student's own account made, and reports the others
as errors::

    c.ExchangeFactory.collect = "course.grading.exchange.OwnerCheckedCollect"
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

FILE_MODE = 0o640
DIR_MODE = 0o770  # the group (grader) may clean up, as nbgrader's 0777 intended


def restrict_to_group(submission: Path) -> bool:
    """Give one submission folder to the inbound folder's group, closed to other users.

    Only when ``inbound`` has the set-group-ID bit (its group is the course's, not the
    student's). nbgrader's copy resets the folder's mode, so files written after it (the
    timestamp, the submission secret) would keep the student's group: everything is therefore
    copied into a fresh folder made inside ``inbound`` (which takes the course's group) and
    swapped in. Returns whether it did so.
    """
    inbound = submission.parent
    group = inbound.stat()
    if not group.st_mode & stat.S_ISGID:
        return False
    fresh = inbound / f".{submission.name}.regroup"  # hidden: collect's glob skips it
    fresh.mkdir()
    if fresh.stat().st_gid != group.st_gid:  # not a set-group-ID folder after all
        fresh.rmdir()
        return False
    for root, dirs, files in os.walk(submission):
        target = fresh / Path(root).relative_to(submission)
        for name in dirs:
            (target / name).mkdir()  # inherits the group and the set-group-ID bit
        for name in files:
            shutil.copyfile(os.path.join(root, name), target / name)
            os.chmod(target / name, FILE_MODE)
    # Folder modes last: chmod clears the set-group-ID bit that the copies above relied on.
    for root, dirs, _ in os.walk(fresh):
        for name in dirs:
            os.chmod(os.path.join(root, name), DIR_MODE)
    os.chmod(fresh, DIR_MODE)
    shutil.rmtree(submission)
    fresh.rename(submission)
    return True


class GroupOnlySubmit(ExchangeSubmit):
    """nbgrader's submit, then :func:`restrict_to_group` on the new submission."""

    def copy_files(self):
        super().copy_files()
        dest = Path(self.inbound_path) / self.assignment_filename
        if restrict_to_group(dest):
            self.log.info("Submission readable by the course's graders only: %s", dest.name)


def owner_name(path: Path) -> str | None:
    """The account that owns ``path``, or None where it has no name (or no pwd: Windows)."""
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError):
        return None


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, keeping only submissions made by the account of the student named."""

    def init_src(self):
        super().init_src()
        if not self.check_owner:
            return
        inbound = Path(self.inbound_path)
        student = self.coursedir.student_id or "*"
        genuine: dict[str, list[dict]] = {}
        for path in sorted(inbound.glob(f"{student}+{self.coursedir.assignment_id}+*")):
            record = self._path_to_record(str(path))
            owner = owner_name(path)
            if owner == record["username"]:
                genuine.setdefault(record["username"], []).append(record)
            else:
                self.log.error(
                    "Not collected: %s names %s but was submitted by %s",
                    path.name,
                    record["username"],
                    owner or "an unknown account",
                )
        self.src_records = [self._choose(records) for records in genuine.values()]

    def _choose(self, records: list[dict]) -> dict:
        """The latest submission, or the latest before the due date (as nbgrader chooses)."""
        records = self._sort_by_timestamp(records)
        if self.duedate is not None and self.before_duedate:
            on_time = [r for r in records if r["timestamp"] <= self.duedate]
            if on_time:
                return on_time[0]
        return records[0]
