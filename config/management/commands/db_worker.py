"""
`manage.py db_worker`: django-tasks-db's worker, made to outlive the database.

The library's worker exits on the first database error, and e-mail then stops until
someone restarts it. This one, when the database goes away (a restart, a failover, a
dropped connection), logs it, waits with growing pauses (1 s doubling to 30 s), and
carries on once the database answers again. A task cut short by the outage is run
again: one that was running when the connection dropped is put back in the queue, and
one that failed only because the database was gone is queued again after a pause
(ASKWELL_TASK_DATABASE_RETRIES times at most). Tasks run at least once, never silently
not at all; the tasks that send e-mail mark what they sent in the same transaction.

It takes the same options as the library's command (`--batch`, `--queue-name`, ...).
"""

import contextlib
import logging
import os
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("askwell.worker")

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# The errors that mean the database itself is unavailable, rather than a task's bug.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
_OUTAGE_ERROR_PATHS = {f"{error.__module__}.{error.__qualname__}" for error in OUTAGE_ERRORS}


class ResilientWorker(library.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.pause = FIRST_PAUSE
        self.interrupted_task_id = None
        self.outages = 0

    def run(self):
        while self.running:
            try:
                super().run()
                return
            except OUTAGE_ERRORS as error:
                if not self.running:
                    return
                self.outages += 1
                logger.warning(
                    "The database is unavailable (%s); the worker tries again in %.0f s.",
                    str(error).strip() or type(error).__name__,
                    self.pause,
                )
                self.drop_connections()
                self.sleep(self.pause)
                self.pause = min(self.pause * 2, LONGEST_PAUSE)
                # No thundering-herd delay again: the worker is already running.
                self.startup_delay = False
                self.put_back_interrupted_task()

    def run_task(self, db_task_result):
        self.interrupted_task_id = db_task_result.pk
        super().run_task(db_task_result)
        # The result was recorded, so the database answers.
        self.interrupted_task_id = None
        self.pause = FIRST_PAUSE
        if (
            db_task_result.status != "FAILED"
            or db_task_result.exception_class_path not in _OUTAGE_ERROR_PATHS
        ):
            return
        self.queue_again(db_task_result, reason="failed while the database was unavailable")

    def queue_again(self, db_task_result, *, reason):
        runs = len(db_task_result.worker_ids)
        if runs > settings.ASKWELL_TASK_DATABASE_RETRIES:
            logger.error("Task %s %s, %d times: left failed.", db_task_result.pk, reason, runs)
            return
        DBTaskResult.objects.filter(pk=db_task_result.pk).update(
            status="READY",
            started_at=None,
            finished_at=None,
            exception_class_path="",
            traceback="",
            return_value=None,
            run_after=timezone.now() + timedelta(seconds=LONGEST_PAUSE),
        )
        logger.warning("Task %s %s: queued again.", db_task_result.pk, reason)

    def put_back_interrupted_task(self):
        """The task that was running when the connection dropped, if any, is queued
        again once the database answers (left as it is while it does not)."""
        if self.interrupted_task_id is None:
            return
        try:
            task = DBTaskResult.objects.filter(
                pk=self.interrupted_task_id, status="RUNNING"
            ).first()
            if task is not None:
                self.queue_again(task, reason="was interrupted by a database outage")
            self.interrupted_task_id = None
        except DatabaseError:
            self.drop_connections()

    @staticmethod
    def drop_connections():
        for connection in connections.all(initialized_only=True):
            # Closing a connection the server already dropped can fail too; it is
            # forgotten all the same, and the next query opens a new one.
            with contextlib.suppress(DatabaseError):
                connection.close()

    def sleep(self, seconds):
        """Sleep, waking early if the worker is told to stop."""
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))


class Command(library.Command):
    help = (
        "Run the task worker (e-mail, notifications, exports, deletions); it survives "
        "database outages."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # The library's handle(), with ResilientWorker for its Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
