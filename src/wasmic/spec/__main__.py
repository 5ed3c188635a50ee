"""Entry point of ``python -m wasmic.spec``."""

from .cli import main

raise SystemExit(main())
