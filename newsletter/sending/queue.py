"""Queueing the send's tasks so that none is lost and none runs too early.

With django-tasks' database backend, the task row lives in the same database as the send: it
is written inside the caller's transaction, so the state change and the task that continues
it commit together (a process dying right after the commit loses nothing) and no worker can
see the task before the data it needs. With any other backend the task is queued once the
transaction commits, as everywhere else in the project.
"""

import logging

from django.db import router

from django_tasks_db.backend import DatabaseBackend

from .. import services

logger = logging.getLogger(__name__)


def _same_database(backend):
    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return router.db_for_write(DBTaskResult) == "default"


def supports_defer(task):
    return bool(task.get_backend().supports_defer)


def enqueue(task, *args, run_after=None):
    """Queue ``task(*args)``, at ``run_after`` if given (needs a backend that can defer)."""
    backend = task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            # Only the test suite's immediate backend: it runs everything at once anyway.
            logger.info("Task backend cannot defer %s: not queued", task.name)
            return
        task = task.using(run_after=run_after)
    if _same_database(backend):
        task.enqueue(*args)
    else:
        services.after_commit(lambda: task.enqueue(*args))
