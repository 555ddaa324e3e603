"""`python -m watchfloor.cli` runs the command line, as the `watchfloor` script does."""

from . import main

main()
