"""Storage: users, versioned scenarios and runs in a database (SQLite by default,
PostgreSQL by URL), its Alembic migrations, and background runs on Dask.

:mod:`angara.store.database` opens (and migrates) a database; :mod:`~angara.store.users`,
:mod:`~angara.store.scenarios` and :mod:`~angara.store.runs` read and write it inside a
session; :mod:`~angara.store.execute` is what a background run does and
:mod:`~angara.store.queue` hands runs to Dask workers.
"""
