"""The Angara server: a REST API over the store, with accounts and background runs.

Routes stay thin: they check who may do what and hand over to ``angara.store``,
``angara.scenario`` and the run queue.
"""
