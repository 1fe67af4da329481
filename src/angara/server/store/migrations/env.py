"""Alembic environment of Angara's store.

:func:`angara.server.store.database.open_database` runs the migrations on its own connection
(``config.attributes["connection"]``).  Run by the ``alembic`` command (for example
``alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."`` with a
``script_location`` pointing here), it opens ``-x url=...`` or the default database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from angara.server.store.database import default_url
from angara.server.store.tables import Base


def run_migrations(connection: Connection) -> None:
    """Migrate through ``connection``; SQLite alters tables by copying them (batch mode)."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    """Migrate the connection given by Angara, or the database named on the command line."""
    given = context.config.attributes.get("connection")
    if given is not None:
        run_migrations(given)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or default_url()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


main()
