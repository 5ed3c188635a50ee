"""Helpers shared by the API tests."""

import wasmic


def exports_of(store: wasmic.Store, wat: str, imports=()) -> wasmic.InstanceExports:
    """Instantiate the module ``wat`` in ``store`` with ``imports``; its exports."""
    module = wasmic.Module(store.engine, wat)
    return wasmic.Instance(store, module, list(imports)).exports(store)


def engine_with(tier: str, **settings) -> wasmic.Engine:
    """An engine of ``tier`` with the given ``Config`` settings."""
    config = wasmic.Config()
    config.strategy = tier
    for name, value in settings.items():
        setattr(config, name, value)
    return wasmic.Engine(config)
