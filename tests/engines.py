"""Engines for tests, by tier and ``Config`` settings (importable from any
test folder: this folder is on the path through its conftest)."""

import wasmic


def engine_with(tier: str, **settings) -> wasmic.Engine:
    """An engine of ``tier`` (a ``Config.strategy``) with the given ``Config`` settings."""
    config = wasmic.Config()
    config.strategy = tier
    for name, value in settings.items():
        setattr(config, name, value)
    return wasmic.Engine(config)
