"""The bundle's program: the same command line as the installed `step-studio` (no arguments opens
the window)."""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
