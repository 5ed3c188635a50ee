"""Fixtures of the runtime tests: wasmtime (a test dependency) as the oracle."""

import pytest


@pytest.fixture(scope="module")
def wt():
    """The wasmtime package, whose Python API wasmic's follows."""
    import wasmtime

    return wasmtime


@pytest.fixture
def default_tier(tier, monkeypatch):
    """Engines made without a Config (``Store()``, ``Engine()``) compile with
    ``tier`` ($WASMIC_STRATEGY): modules using it run every test on both tiers."""
    monkeypatch.setenv("WASMIC_STRATEGY", tier)
    return tier
