"""Entry point of ``python -m wasmic``: the ``wasmic`` command."""

from .cli import main

raise SystemExit(main())
