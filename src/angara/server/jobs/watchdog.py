"""The server's watchdog: a thread that keeps the server's lease on the database fresh and
fails running runs whose worker has gone silent.

A worker's heartbeat (:class:`angara.server.jobs.execute.Heartbeat`) refreshes a running
run every 10 s.  A worker can vanish without Dask telling anyone (a remote machine lost,
a future dropped by a server restart): its run would stay ``running`` for ever and count
against its user's limit.  The watchdog fails such a run once it has been silent for
:data:`SILENT_AFTER_S`.
"""

from __future__ import annotations

import logging
import threading

from angara.server.store import lease
from angara.server.store.database import Database
from angara.server.store.runs import fail_stale

WATCH_EVERY_S = 5.0  # the watchdog looks this often
SILENT_AFTER_S = 45.0  # a running run without a heartbeat for this long has lost its worker

logger = logging.getLogger(__name__)


class Watchdog:
    """Runs in the background from :meth:`start` to :meth:`stop`: refreshes ``holder``'s
    lease every :data:`angara.server.store.lease.REFRESH_EVERY_S` and fails runs silent for
    ``silent_after_s`` (looking every ``every_s``)."""

    def __init__(
        self,
        database: Database,
        holder: lease.Holder,
        silent_after_s: float = SILENT_AFTER_S,
        every_s: float = WATCH_EVERY_S,
    ) -> None:
        self.database = database
        self.holder = holder
        self.silent_after_s = silent_after_s
        self.every_s = every_s
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="angara-watchdog", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (waits for the current look to end)."""
        self._done.set()
        if self._thread.is_alive():
            self._thread.join()

    def look(self) -> list[int]:
        """One look: fail the silent runs; return their ids."""
        with self.database.session() as session:
            failed = fail_stale(session, self.silent_after_s)
        for run_id in failed:
            logger.warning(
                "run %s failed: its worker has been silent for %.0f s", run_id, self.silent_after_s
            )
        return failed

    def _watch(self) -> None:
        since_refresh = 0.0
        while not self._done.wait(self.every_s):
            since_refresh += self.every_s
            try:
                if since_refresh >= lease.REFRESH_EVERY_S:
                    since_refresh = 0.0
                    with self.database.session() as session:
                        if not lease.refresh(session, self.holder):
                            logger.error(
                                "this server lost its lease on the database (it was taken over after "
                                "this server went silent); stop this server"
                            )
                self.look()
            except Exception:  # a busy or unreachable database: try again at the next look
                logger.exception("the watchdog could not look at the runs")
