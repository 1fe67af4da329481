"""The Angara server (``angara serve``): a database of accounts, versioned scenarios and runs,
background runs on Dask, a REST API and web pages for a team.

Its parts, each a package that imports only those before it:

* :mod:`angara.server.store`: the database only (tables, migrations, accounts, scenario
  versions, runs); no planning, assessment or risk code;
* :mod:`angara.server.jobs`: the run queue on Dask and what a run does, through
  :mod:`angara.workflow`;
* :mod:`angara.server.services`: what the API and the pages share (settings, database,
  queue, a run's results, a stored scenario);
* :mod:`angara.server.api` (the REST API) and :mod:`angara.server.web` (the pages), which
  do not import each other;
* :mod:`angara.server.app`: ``create_app`` composes them.

Only :mod:`angara.cli` imports this package (for ``angara serve`` and ``angara users``).
"""
