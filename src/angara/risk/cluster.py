"""A local Dask cluster as Angara runs one: single-threaded workers, quiet, this machine only,
and closed to other users of the machine; and the credentials for a remote scheduler.

A Dask scheduler runs whatever function a connected client sends it, so an open scheduler
port lets anyone who reaches it run code as the server's user.  The local cluster therefore
either stays inside this process (threads, ``inproc://``: no port at all) or, with worker
processes, listens on 127.0.0.1 only and speaks TLS with mutual authentication under a key
and certificate made in memory for this cluster alone: a client without them is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import dask
from distributed import LocalCluster
from distributed.security import Security

LOOPBACK = "127.0.0.1"
# the scheduler and workers serve HTTP (status pages, metrics) even without a dashboard:
# no routes, so that nothing about the runs is shown there
NO_HTTP_ROUTES: dict[str, list[str]] = {
    "distributed.scheduler.http.routes": [],
    "distributed.worker.http.routes": [],
}


def local_cluster(workers: int, processes: bool = False) -> LocalCluster:
    """``workers`` single-threaded workers (threads of this process unless ``processes``).

    One thread each because a task is one HiGHS solve with one thread: the same seed then
    gives the same plan wherever it runs.  Threads talk in-process (``inproc://``); worker
    processes over TLS on 127.0.0.1 with temporary credentials (``tls://127.0.0.1:PORT``),
    which a :class:`distributed.Client` made from the returned cluster uses by itself.
    """
    security = Security.temporary() if processes else Security()  # type: ignore[no-untyped-call]
    with dask.config.set(NO_HTTP_ROUTES):
        return LocalCluster(  # type: ignore[no-untyped-call]
            processes=processes,
            n_workers=workers,
            threads_per_worker=1,
            host=LOOPBACK if processes else None,
            protocol="tls://" if processes else "inproc://",
            security=security,
            dashboard_address=None,
            # the scheduler serves HTTP even without a dashboard, by default on port 8787 of
            # every interface: any free port, this machine only
            scheduler_kwargs={"dashboard_address": f"{LOOPBACK}:0"},
            worker_dashboard_address=None,
            silence_logs=logging.ERROR,
            # no memory limit: a large solve must not be killed or paused by Dask (and threads
            # of one process would each count the others' memory as their own)
            memory_limit=0,
        )


@dataclass(frozen=True)
class SchedulerTLS:
    """The files a client needs to reach a remote scheduler over TLS (PEM files).

    ca_file: the certificate authority that signed the scheduler's and workers' certificates.
    cert: this client's certificate; key: its private key (None: the key is inside ``cert``).
    """

    ca_file: Path
    cert: Path
    key: Path | None = None

    def problems(self) -> list[str]:
        """What is wrong with the files (missing or unreadable), in plain words; empty if fine."""
        found = []
        for label, path in (("CA file", self.ca_file), ("certificate", self.cert), ("key", self.key)):
            if path is not None and not path.is_file():
                found.append(f"the TLS {label} {path} is not a readable file")
        return found

    def security(self) -> Security:
        """Dask's security settings for a client: TLS required, the scheduler checked against
        the CA, this client identified by its certificate."""
        return Security(  # type: ignore[no-untyped-call]
            tls_ca_file=str(self.ca_file),
            tls_client_cert=str(self.cert),
            tls_client_key=str(self.key) if self.key is not None else None,
            require_encryption=True,
        )


def client_security(tls: SchedulerTLS | None) -> Security:
    """The security of a client of a remote scheduler: from ``tls`` if given, else from Dask's
    configuration (``distributed.comm.tls.*``, ``DASK_DISTRIBUTED__COMM__TLS__...``)."""
    return tls.security() if tls is not None else Security()  # type: ignore[no-untyped-call]
