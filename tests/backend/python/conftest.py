"""The Python backend's tests run their modules on the Python tier, whatever
the default strategy ("auto" picks the native tier where a compiler works)."""

import pytest


@pytest.fixture(autouse=True)
def python_tier(monkeypatch):
    """Engines made without a Config compile with the Python tier."""
    monkeypatch.setenv("WASMIC_STRATEGY", "python")
