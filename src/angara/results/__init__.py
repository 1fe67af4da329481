"""Result folders read back: typed documents (:mod:`~angara.results.documents`), the tables
and the columns their readers rely on (:mod:`~angara.results.columns`), the reader
(:mod:`~angara.results.read`) and a saved plan rebuilt (:mod:`~angara.results.saved_plan`).

The one reader of what ``angara plan``, ``angara risk`` and the server's runs write: the
command line, the report and the server's pages and API all read through it.
"""
