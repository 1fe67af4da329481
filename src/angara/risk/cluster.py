"""A local Dask cluster as Angara runs one: single-threaded workers, quiet, this machine only."""

from __future__ import annotations

import logging

from distributed import LocalCluster


def local_cluster(workers: int, processes: bool = False) -> LocalCluster:
    """``workers`` single-threaded workers (threads of this process unless ``processes``).

    One thread each because a task is one HiGHS solve with one thread: the same seed then
    gives the same plan wherever it runs.
    """
    return LocalCluster(  # type: ignore[no-untyped-call]
        processes=processes,
        n_workers=workers,
        threads_per_worker=1,
        dashboard_address=None,
        # the scheduler serves HTTP (health, metrics) even without a dashboard, by default on
        # port 8787 of every interface: any free port, this machine only
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
        # no memory limit: a large solve must not be killed or paused by Dask (and threads of
        # one process would each count the others' memory as their own)
        memory_limit=0,
    )
