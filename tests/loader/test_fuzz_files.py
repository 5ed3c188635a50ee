"""Whatever bytes a module file holds, importing it gives a module or a
WasmError naming the file: never an internal exception."""

from __future__ import annotations

import importlib
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wasmic
import wasmic.loader

HEADERS = [b"", b"\0asm", b"\0asm\x01\0\0\0", b"\0asm\x0d\0\x01\0", b"(module", b"(component"]
_names = itertools.count()


@pytest.fixture
def fuzz_modules(modules, tier_engine):
    """``modules``, with the recursion limit a store sets raised now, not
    while hypothesis runs."""
    wasmic.Store(tier_engine)
    return modules


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.sampled_from(HEADERS), body=st.binary(max_size=64),
       suffix=st.sampled_from([".wasm", ".wat"]))
def test_any_file_content_imports_or_raises_wasm_error(fuzz_modules, header, body, suffix):
    name = f"fuzzed_{next(_names)}"
    fuzz_modules.write(name + suffix, header + body)
    try:
        module = importlib.import_module(name)
    except wasmic.WasmError as error:
        assert name + suffix in str(error)
    else:
        assert isinstance(module, wasmic.loader.WasmModule)
