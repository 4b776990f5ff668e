"""``python -m hifazat`` runs the CLI."""

from hifazat.cli import main

main()
