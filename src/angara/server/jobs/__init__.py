"""Background runs: :mod:`~angara.server.jobs.queue` hands runs to Dask workers and
:mod:`~angara.server.jobs.execute` is what a worker does with one (through
:mod:`angara.workflow`), recording progress, log and results in the database."""
