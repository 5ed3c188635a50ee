"""Which execution tier an engine compiles for, and the native tier's
settings derived from its ``Config``.

``Config.strategy``: "python" always uses the Python tier; "native" (and
its alias "cranelift") the native tier, or a ``WasmError`` saying why it
cannot; "auto" the native tier when a C compiler works and the native
runtime builds, else the Python tier -- said once per process through
``warnings``, with what to install.  Under "auto" a module the native tier
cannot compile (SIMD) runs on the Python tier, also said once.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

from ..errors import WasmError

NATIVE, PYTHON = "native", "python"

OPT_LEVELS = {"none": 0, "speed": 2, "speed_and_size": 3}
"""``Config.cranelift_opt_level`` -> the C compiler's -O level.  "speed_and_size"
asks for the most optimization wasmtime offers, which for a C compiler is -O3
(for every function; at -O2 big functions get -O1, see
``backend.native.big_functions``)."""

_lock = threading.Lock()
_native_problem: dict[str, str | None] = {}  # cache dir -> why the native tier fails (None: works)
_warned: set[str] = set()


def engine_tier(engine: Any) -> str:
    """The tier the engine's modules compile for by default: "native" or
    "python" (raises WasmError if "native" was asked for and cannot work)."""
    tier = engine._tier
    if tier is None:
        tier = engine._tier = _choose(engine.config)
    return tier


def _choose(config: Any) -> str:
    strategy = config.strategy
    if strategy == PYTHON:
        return PYTHON
    if not config._targets_host():
        if strategy == NATIVE:
            raise WasmError(f"Config.target is {config.target}, but the native tier compiles "
                            "for this machine only; use the python tier (strategy 'auto' or "
                            "'python'), whose code runs anywhere")
        return PYTHON
    problem = native_problem(cache_dir(config))
    if problem is None:
        return NATIVE
    if strategy == NATIVE:
        raise WasmError(f"Config.strategy is 'native' but the native tier cannot work here: {problem}")
    warn_once("no-native", f"wasmic runs wasm on its Python tier (slower): {problem}")
    return PYTHON


def native_problem(cache: str | None) -> str | None:
    """Why the native tier cannot work (no compiler, the runtime does not
    build), or None when it works; found out once per cache directory."""
    key = cache or ""
    with _lock:
        if key in _native_problem:
            return _native_problem[key]
        from ..backend.native import ensure_runtime

        try:
            ensure_runtime(cache)
            problem = None
        except WasmError as error:
            problem = str(error)
        _native_problem[key] = problem
        return problem


def warn_once(topic: str, message: str) -> None:
    """``warnings.warn(message)`` the first time ``topic`` comes up in this process."""
    with _lock:
        if topic in _warned:
            return
        _warned.add(topic)
    warnings.warn(message, RuntimeWarning, stacklevel=_outside_wasmic())


def _outside_wasmic() -> int:
    """The ``stacklevel`` for ``warn_once`` that names the first caller
    outside the wasmic package (the user's line)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame, level = sys._getframe(2), 2  # level 1 is warn_once, 2 its caller
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def cache_dir(config: Any) -> str | None:
    """The native cache directory ``Config.cache`` selects: a directory, or
    wasmtime's cache configuration file (its ``directory`` key); None for
    the default (``$WASMIC_CACHE_DIR`` or the user cache directory)."""
    setting = config.cache
    if not isinstance(setting, str):
        return None
    if os.path.isdir(setting):
        return setting
    try:
        import tomllib
    except ImportError:  # Python 3.10
        raise WasmError(f"reading the cache configuration file {setting} needs Python 3.11; "
                        "give Config.cache the cache directory instead") from None
    try:
        with open(setting, "rb") as file:
            parsed = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise WasmError(f"cannot read the cache configuration file {setting}: {error}") from None
    section = parsed.get("cache", parsed)
    directory = section.get("directory") if isinstance(section, dict) else None
    if directory is None:
        return None
    if not isinstance(directory, str):
        raise WasmError(f"the cache configuration file {setting}: `directory` must be a string")
    return str(Path(setting).parent / os.path.expanduser(directory))


def opt_level(config: Any) -> int:
    """The C optimization level for ``Config.cranelift_opt_level``."""
    return OPT_LEVELS[config.cranelift_opt_level]


def tier_class(cls: type, store: Any) -> type:
    """The class of a new public ``cls`` (Memory, Table, Global) in ``store``:
    its native variant when the store's engine runs the native tier."""
    from .store import store_of

    if engine_tier(store_of(store).engine) != NATIVE:
        return cls
    from .native_externs import NATIVE_VARIANTS

    return NATIVE_VARIANTS.get(cls, cls)
