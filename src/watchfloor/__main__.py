"""`python -m watchfloor` runs the command line."""

from .cli import main

main()
