"""The server's database: users, versioned scenarios and runs (SQLite by default,
PostgreSQL by URL) and its Alembic migrations.  Nothing here plans, assesses or weighs
risk: a run is stored as parameters, status, log and result files.

:mod:`~angara.server.store.database` opens (and migrates) a database;
:mod:`~angara.server.store.users`, :mod:`~angara.server.store.scenarios` and
:mod:`~angara.server.store.runs` read and write it inside a session.
"""
