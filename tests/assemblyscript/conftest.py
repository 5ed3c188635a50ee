"""Fixtures of the AssemblyScript tests (helpers in ``as_fixtures``)."""

from __future__ import annotations

import pytest
from as_fixtures import load_fixture

import wasmic.assemblyscript.heap as heap_module

CODEC_PATHS = [("python", "python-codecs"), ("native", "c-accelerator"), ("native", "python-codecs")]


@pytest.fixture(params=CODEC_PATHS, ids=["-".join(path) for path in CODEC_PATHS])
def tier(request, monkeypatch) -> str:
    """The tier, as in the other tests, and on the native tier each path of
    the codecs: its C accelerator (the default there) and the Python codecs
    (what runs when the accelerator cannot be built)."""
    strategy, codecs = request.param
    if strategy == "native" and codecs == "python-codecs":
        monkeypatch.setattr(heap_module, "boundary_for", lambda *args: None)
    return strategy


@pytest.fixture
def values(tier):
    """values.ts (incremental runtime, esm bindings) on ``tier``."""
    return load_fixture(tier, "values")


@pytest.fixture(params=["values", "values_minimal", "values_stub"])
def any_runtime(tier, request):
    """values.ts built with each runtime variant (incremental, minimal, stub)."""
    return load_fixture(tier, request.param)
