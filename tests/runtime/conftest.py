"""Fixtures of the runtime tests: wasmtime (a test dependency) as the oracle."""

import pytest


@pytest.fixture(scope="module")
def wt():
    """The wasmtime package, whose Python API wasmic's follows."""
    import wasmtime

    return wasmtime
