"""Fixtures for the import hook: a fresh directory on ``sys.path`` to write
modules into, the loader configured with the tier's engine, and every module
imported during a test forgotten afterwards."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

import wasmic.loader


class ModuleDir:
    """A directory on ``sys.path`` where a test writes importable files."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, content: str | bytes) -> Path:
        """Write ``content`` (text or bytes) to ``relative`` under the root."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, (bytes, bytearray)):
            path.write_bytes(content)
        else:
            path.write_text(content)
        importlib.invalidate_caches()
        return path


def _defined_in(module: object, folder: Path) -> bool:
    spec = getattr(module, "__spec__", None)
    places = [getattr(spec, "origin", None), *(getattr(spec, "submodule_search_locations", None)
                                               or [])]
    return any(place and Path(place).is_relative_to(folder) for place in places)


@pytest.fixture
def modules(tmp_path, tier_engine):
    """A ``ModuleDir`` on ``sys.path``, the loader using ``tier_engine``;
    the modules imported from it are forgotten afterwards (wasmic's own,
    imported lazily during the test, stay: a second copy of their classes
    would break ``isinstance``)."""
    sys.path.insert(0, str(tmp_path))
    wasmic.loader.configure(engine=tier_engine)
    try:
        yield ModuleDir(tmp_path)
    finally:
        wasmic.loader.reset()
        sys.path.remove(str(tmp_path))
        for name, module in list(sys.modules.items()):
            if _defined_in(module, tmp_path):
                del sys.modules[name]
