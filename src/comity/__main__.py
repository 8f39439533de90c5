"""``python -m comity`` runs the command line."""

from comity.cli import main

main()
