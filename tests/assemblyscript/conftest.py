"""Fixtures of the AssemblyScript tests (helpers in ``as_fixtures``)."""

from __future__ import annotations

import pytest
from as_fixtures import load_fixture


@pytest.fixture
def values(tier):
    """values.ts (incremental runtime, esm bindings) on ``tier``."""
    return load_fixture(tier, "values")


@pytest.fixture(params=["values", "values_minimal", "values_stub"])
def any_runtime(tier, request):
    """values.ts built with each runtime variant (incremental, minimal, stub)."""
    return load_fixture(tier, request.param)
