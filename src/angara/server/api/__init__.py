"""The REST API: routers over the store and the run queue, with accounts and roles.

Routes stay thin: they check who may do what and hand over to
:mod:`angara.server.store`, :mod:`angara.server.services`, :mod:`angara.scenario` and
the run queue.  :mod:`angara.server.app` mounts them; this package does not know the
web pages.
"""
