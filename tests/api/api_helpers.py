"""Helpers shared by the API tests."""

import wasmic


def exports_of(store: wasmic.Store, wat: str, imports=()) -> wasmic.InstanceExports:
    """Instantiate the module ``wat`` in ``store`` with ``imports``; its exports."""
    module = wasmic.Module(store.engine, wat)
    return wasmic.Instance(store, module, list(imports)).exports(store)
