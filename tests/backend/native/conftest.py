"""Fixtures for the native tier: WAT -> compiled, instantiated module.

Compiled libraries go to a cache kept in pytest's cache directory, so a
rerun loads them instead of compiling.  Without a working C compiler every
native test is skipped (the tier cannot exist there).
"""

from __future__ import annotations

import pytest

import wasmic
from wasmic.errors import WasmError


class NativeHelper:
    """Compile WAT with the native tier (cached in ``cache_dir``)."""

    def __init__(self, cache_dir: str):
        self.cache_dir = cache_dir

    def compile(self, wat: str, **options):
        from wasmic.backend.native import compile_module

        module, _info = wasmic.load(wat)
        return compile_module(module, cache_dir=self.cache_dir, **options)

    def instantiate(self, wat: str, imports=(), **options):
        """Compile and instantiate ``wat``; its exports dict."""
        return self.compile(wat).instantiate(imports, **options).exports

    def types(self):
        from wasmic.backend.native import runtime_types

        return runtime_types()


@pytest.fixture(scope="session")
def native_cache(request, tmp_path_factory) -> str:
    """pytest's cache directory (kept across runs), or a temporary one when
    the cache plugin is off (``-p no:cacheprovider``)."""
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return str(tmp_path_factory.mktemp("wasmic-native"))
    return str(cache.mkdir("wasmic-native"))


@pytest.fixture(scope="session")
def native(native_cache) -> NativeHelper:
    from wasmic.backend.native import toolchain
    from wasmic.backend.native.cache import cache_root

    try:
        toolchain.find_compiler(cache_root(native_cache))
    except WasmError as exc:
        pytest.fail(f"no C compiler: {exc}")
    return NativeHelper(native_cache)
