"""The web app: pages for planners who never open a terminal (see docs/web.md)."""
