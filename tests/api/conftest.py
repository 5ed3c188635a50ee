"""Fixtures of the API tests: a store on each tier, and a one-call way to
instantiate a module written in WAT."""

import pytest

import wasmic


@pytest.fixture
def store(tier_engine):
    """A fresh store of an engine compiling with the tier under test."""
    return wasmic.Store(tier_engine)


@pytest.fixture
def other_store(tier_engine):
    """A second store of the same engine (objects must not cross stores)."""
    return wasmic.Store(tier_engine)


@pytest.fixture
def foreign_store(tier):
    """A store of another engine with the same tier."""
    config = wasmic.Config()
    config.strategy = tier
    return wasmic.Store(wasmic.Engine(config))


@pytest.fixture(scope="module")
def wt():
    """wasmtime-py (a test dependency): the oracle whose API wasmic follows."""
    import wasmtime

    return wasmtime
