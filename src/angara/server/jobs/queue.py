"""Background runs on Dask: an in-process cluster by default, or the cluster behind a
scheduler address.

A worker gets only the database URL and the run's id (:func:`execute_run`), so the
database stays the one record of every run; the queue keeps the futures only to cancel
runs that have not started and to fail a run whose worker died.

No run is repeated silently: the in-process scheduler gives up on a task the first time
the worker running it dies (Dask would otherwise run it again elsewhere, up to three
times), and the run is failed at once saying so; a run that Dask does start again (a
remote scheduler with its own setting) fails itself (see :func:`execute_run`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import warnings
from typing import Any

import dask
from distributed import Client, Future, LocalCluster
from sqlalchemy.orm import Session

from angara.risk.cluster import SchedulerTLS, client_security, local_cluster
from angara.server.jobs.execute import execute_run
from angara.server.store.database import Conflict, Database, StoreError, open_database
from angara.server.store.runs import ACTIVE, append_log, get_run, run_status, set_status, worker_stopped
from angara.server.store.tables import utc_now
from angara.server.store.users import Account

CONNECT_TIMEOUT_S = 10.0
WORKER_NICENESS = 10
# how often Dask may lose a worker while it runs one of our tasks before giving the task up
ALLOWED_FAILURES = 0
WORKER_DIED = "its process ended (killed, or out of memory?); start the run again"
MAX_REQUEUES = 3  # a queued run whose worker died before taking it up goes to another, this often


class RunQueue:
    """Hands runs of the database at ``db_url`` to Dask workers: ``workers`` local
    single-threaded workers when ``scheduler`` is None, else those of the scheduler at that
    address (``tcp://host:8786``).

    Local workers are processes by default: a solve then never holds the server's GIL, which
    would stall its requests (and their database locks) for as long as the model builds.
    ``processes=False`` keeps them in this process (quicker to start; for tests).
    """

    def __init__(
        self,
        db_url: str,
        scheduler: str | None = None,
        workers: int = 1,
        processes: bool = True,
        tls: SchedulerTLS | None = None,
    ) -> None:
        if workers < 1:
            raise StoreError(f"a run queue needs at least one worker, got {workers}")
        self.db_url = db_url
        self.scheduler = scheduler
        self.workers = workers
        self.processes = processes
        self.tls = tls  # the client's credentials for a remote scheduler
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None
        self._futures: dict[int, Future[str]] = {}
        self._lock = threading.Lock()
        self._database: Database | None = None  # to fail runs whose worker died

    def start(self) -> None:
        """Start the in-process cluster or connect to the scheduler; :class:`StoreError` if
        the scheduler cannot be reached."""
        if self._client is not None:
            return
        _quiet_dask()
        if self._database is None:
            self._database = open_database(self.db_url, upgrade=False)
        if self.scheduler is None:
            with (
                warnings.catch_warnings(),
                dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}),
            ):
                warnings.filterwarnings("ignore", module=r"distributed(\..*)?")
                self._cluster = local_cluster(self.workers, self.processes)
            self._client = Client(self._cluster, set_as_default=False)  # type: ignore[no-untyped-call]
            if self.processes:
                # solves yield the CPU to the server's requests: a planner's click beats a solve
                self._client.run(os.nice, WORKER_NICENESS)
            return
        try:
            self._client = Client(  # type: ignore[no-untyped-call]
                self.scheduler,
                timeout=CONNECT_TIMEOUT_S,
                set_as_default=False,
                security=client_security(self.tls),
            )
        except (OSError, ValueError, TypeError) as error:  # OSError covers refused and timed out
            hint = ""
            if self.scheduler.startswith("tls://") and self.tls is None:
                # Dask says only "TLS expects a `ssl_context` argument" when no credentials are set
                hint = (
                    " (a tls:// scheduler needs --scheduler-ca and --scheduler-cert, or Dask's TLS settings)"
                )
            raise StoreError(
                f"cannot reach the Dask scheduler at {self.scheduler}: {_describe(error)}{hint}"
            ) from None

    @property
    def client(self) -> Client:
        """The Dask client (after :meth:`start`)."""
        if self._client is None:
            raise StoreError("the run queue is not started")
        return self._client

    @property
    def address(self) -> str | None:
        """The scheduler's address (``inproc://...`` for the in-process cluster once
        started); None before :meth:`start` when no address was given."""
        if self._cluster is not None:
            return str(self._cluster.scheduler_address)
        return self.scheduler

    def submit(self, run_id: int) -> None:
        """Hand the queued run ``run_id`` to a worker."""
        self._submit(run_id, 0)

    def _submit(self, run_id: int, attempt: int) -> None:
        key = f"angara-run-{run_id}" + (f"-{attempt}" if attempt else "")
        future: Future[str] = self.client.submit(execute_run, self.db_url, run_id, pure=False, key=key)
        with self._lock:
            self._futures[run_id] = future
        future.add_done_callback(  # type: ignore[no-untyped-call]
            lambda _done: self._finished(run_id, future, attempt)
        )

    def cancel(self, session: Session, run_id: int, by: Account | None = None) -> None:
        """Cancel run ``run_id`` (``by`` whom, for its log): a queued run never starts, a
        running one stops within seconds, also in the middle of a solve (its worker's
        heartbeat sees the cancellation), saves no results and frees its worker.

        Raises :class:`Conflict` if the run is done, failed or cancelled already, and
        :class:`~angara.server.store.database.NotFound` if there is no such run.
        """
        run = get_run(session, run_id)
        who = f" by {by.name}" if by is not None else ""
        if run.status not in ACTIVE or not set_status(session, run_id, "cancelled", f"cancelled{who}"):
            status = get_run(session, run_id).status
            raise Conflict(f"run {run_id} is {status}; only queued or running runs can be cancelled")
        stamp = utc_now().strftime("%Y-%m-%d %H:%M:%S")
        append_log(session, run_id, f"{stamp} cancelled{who}")
        if run.status == "queued":
            with self._lock:
                future = self._futures.pop(run_id, None)
            if future is not None:
                # a worker that took it up meanwhile finds it cancelled and does nothing
                future.cancel()  # type: ignore[no-untyped-call]

    def pending(self) -> list[int]:
        """Ids of the runs handed to workers and not finished yet (as far as Dask knows)."""
        with self._lock:
            return sorted(self._futures)

    def close(self) -> None:
        """Disconnect from the workers and stop the in-process cluster at once; runs still
        in flight are abandoned (their threads end with the process, and the next server
        start marks them failed, see :func:`angara.server.store.runs.interrupted`)."""
        with self._lock:
            self._futures.clear()
        if self._client is not None:
            self._client.close()  # type: ignore[no-untyped-call]
            self._client = None
        if self._database is not None:
            self._database.close()
            self._database = None
        if self._cluster is not None:
            cluster, self._cluster = self._cluster, None
            # closing a worker waits for the task in its thread, which may solve for many
            # minutes; the threads are daemons, so a stopping server need not wait for them
            with contextlib.suppress(Exception):
                cluster.sync(_close_without_waiting, cluster)  # type: ignore[no-untyped-call]
            cluster.close()

    def __enter__(self) -> RunQueue:
        self.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    def _finished(self, run_id: int, future: Future[str], attempt: int) -> None:
        # Dask calls this in a thread of its own when the task ends, however it ends
        with self._lock:
            if self._futures.get(run_id) is future:
                del self._futures[run_id]
        if future.status != "error" or self._database is None:
            return  # done (execute_run recorded the outcome) or cancelled by us
        error = future.exception()  # type: ignore[no-untyped-call]
        # KilledWorker: the worker process died while it held the task (kill -9, out of memory)
        killed = type(error).__name__ == "KilledWorker"
        try:
            with self._database.session() as session:
                # Dask hands a worker more than the run it is doing: a run still queued in
                # the database had not started there, and goes to another worker unharmed
                requeue = killed and run_status(session, run_id) == "queued" and attempt < MAX_REQUEUES
                if not requeue:
                    worker_stopped(session, run_id, WORKER_DIED if killed else _describe(error))
        except Exception:  # no database: the watchdog fails the run later
            return
        if requeue and self._client is not None:
            self._submit(run_id, attempt + 1)


async def _close_without_waiting(cluster: LocalCluster) -> None:
    workers = list(cluster.workers.values())
    await asyncio.gather(*(w.close(executor_wait=False, reason="angara-stopping") for w in workers))


def _quiet_dask() -> None:
    # Dask's own messages (ports, versions, slow tasks, "cancelled") are noise on a server console
    for name in ("distributed", "distributed.scheduler", "distributed.worker", "distributed.core"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
