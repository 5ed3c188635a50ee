"""The AssemblyScript test modules in ``fixtures/`` (rebuilt by
``fixtures/build.sh``), compiled once per tier and instantiated afresh for
each test.  (Not in conftest.py: test files import these helpers, and
several test folders have a conftest module.)"""

from __future__ import annotations

from pathlib import Path

import wasmic
from engines import engine_with
from wasmic.assemblyscript import load

FIXTURES = Path(__file__).parent / "fixtures"
_engines: dict[str, wasmic.Engine] = {}
_modules: dict[tuple[str, str], wasmic.Module] = {}


def engine_for(tier: str) -> wasmic.Engine:
    """One engine per tier for the whole session (modules compile once)."""
    if tier not in _engines:
        _engines[tier] = engine_with(tier)
    return _engines[tier]


def compiled(tier: str, name: str) -> wasmic.Module:
    """The fixture ``name``.wasm compiled for ``tier`` (cached)."""
    key = (tier, name)
    if key not in _modules:
        _modules[key] = wasmic.Module.from_file(engine_for(tier), FIXTURES / f"{name}.wasm")
    return _modules[key]


def load_fixture(tier: str, name: str, **options):
    """A new instance of the fixture ``name`` on ``tier``, with its bindings
    unless ``bindings`` says otherwise."""
    options.setdefault("bindings", FIXTURES / f"{name}.d.ts")
    return load(compiled(tier, name), engine=engine_for(tier), **options)
