"""``python -m angara`` runs the command line."""

from angara.cli import main

main()
