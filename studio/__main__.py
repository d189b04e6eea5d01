"""`python -m studio`: the same as the `step-studio` command."""

from studio.cli import main

raise SystemExit(main())
