"""Finds the runtimes that can run here and builds a Runner for each.

A runtime that is missing (not installed, no C compiler, a wasmic tier not
written yet) becomes an `Absent` entry carrying the reason, so the tables
still show its column as "n/a".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module, metadata
from pathlib import Path

from .base import Runner, Unavailable
from .native import NativeRunner, build_library, find_compiler
from .pywasm_runner import PywasmRunner
from .wasm3_runner import Wasm3Runner
from .wasm_api import WasmtimeApiRunner

WASMIC_TIERS = ("native", "python")


@dataclass(frozen=True)
class Absent:
    """A runtime that cannot run here, and why."""

    name: str
    reason: str


def _import(module_name: str):
    try:
        return import_module(module_name)
    except ImportError as error:
        raise Unavailable(f"cannot import {module_name}: {error}") from error


def _native(workdir: Path) -> Runner:
    compiler = find_compiler()
    return NativeRunner(build_library(workdir, compiler), compiler)


def _wasmic(tier: str) -> Runner:
    try:
        wasmic = import_module("wasmic")
        api_names = ("Engine", "Store", "Module", "Instance", "Config")
        missing = [name for name in api_names if not hasattr(wasmic, name)]
        if missing:
            raise Unavailable(f"wasmic has no {', '.join(missing)} yet")
        config = wasmic.Config()
        if not hasattr(config, "strategy"):  # else setting it would silently do nothing
            raise Unavailable("wasmic.Config has no strategy setting yet")
        config.strategy = tier
        engine = wasmic.Engine(config)
    except Unavailable:
        raise
    except Exception as error:  # any failure means "this tier is not there yet"
        raise Unavailable(f"wasmic {tier} tier: {type(error).__name__}: {error}") from error
    return WasmtimeApiRunner(
        f"wasmic-{tier}", f"wasmic {wasmic.__version__} ({tier} tier)", wasmic, engine,
        slow=tier == "python",
    )


def _wasmtime() -> Runner:
    wasmtime = _import("wasmtime")
    version = f"wasmtime-py {metadata.version('wasmtime')}"
    return WasmtimeApiRunner("wasmtime", version, wasmtime, wasmtime.Engine(), slow=False)


def _pywasm3() -> Runner:
    return Wasm3Runner(_import("wasm3"))


def _pywasm() -> Runner:
    return PywasmRunner(_import("pywasm"), metadata.version("pywasm"))


def factories(workdir: Path) -> dict[str, Callable[[], Runner]]:
    """Every runtime the benchmark knows, by name, in table column order."""
    return {
        "native-c": lambda: _native(workdir),
        **{f"wasmic-{tier}": functools.partial(_wasmic, tier) for tier in WASMIC_TIERS},
        "wasmtime": _wasmtime,
        "pywasm3": _pywasm3,
        "pywasm": _pywasm,
    }


def discover(names: list[str], workdir: Path) -> list[Runner | Absent]:
    """A Runner, or an Absent with its reason, for each named runtime."""
    known = factories(workdir)
    found: list[Runner | Absent] = []
    for name in names:
        try:
            found.append(known[name]())
        except Unavailable as error:
            found.append(Absent(name, str(error)))
    return found
