"""The ``angara`` command line."""

from angara.cli.app import app, main

__all__ = ["app", "main"]
