"""``Config`` (engine-wide settings) and ``Engine`` (the compilation context
that modules and stores share).

Every setting of wasmtime-py's ``Config`` exists here with its argument
checks (``TypeError`` for a wrong type, ``WasmError`` for a value it does
not know), so configuration code written for wasmtime-py runs unchanged.
Unlike wasmtime-py, settings can also be read back, which is how the rest of
wasmic consults them.  Each setting's doc says what it means in wasmic;
those marked "recorded only" concern machinery wasmic does not have (JIT
profilers, signal handlers, virtual-memory reservations, later proposals)
and are kept without effect.

As in wasmtime-py a ``Config`` configures one ``Engine``: once given to
one it is frozen, and giving it to a second raises ``ValueError``.
"""

from __future__ import annotations

import os
import platform
from array import array
from collections.abc import Callable
from typing import Any

from ..errors import WasmError
from ..valid.features import FEATURES
from .describe import describe

_U64_MAX = 2**64 - 1

STRATEGIES = ("auto", "python", "native", "cranelift")
"""Accepted ``Config.strategy`` values; "cranelift" is read as "native"."""

KNOWN_ARCHITECTURES = frozenset({
    "x86_64", "i686", "i586", "i386", "aarch64", "arm64", "arm", "armv7", "riscv64",
    "riscv64gc", "s390x", "powerpc64le", "powerpc64", "wasm32", "wasm64", "pulley32",
    "pulley64", "pulley32be", "pulley64be",
})


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a bool, got {describe(value)}")
    return value


def _truthy(value: Any) -> bool:
    return bool(value)


def _byte_size(value: Any) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected an int, got {describe(value)}")
    if not 0 <= value <= _U64_MAX:
        raise WasmError(f"a size in bytes must be in 0..2**64-1, got {describe(value)}")
    return int(value)


def _one_of(*choices: str, what: str, aliases: dict[str, str] | None = None) -> Callable:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise WasmError(f"unknown {what}: {value}")
        return (aliases or {}).get(value, value)
    return check


def _cache(value: Any) -> bool | str:
    if isinstance(value, bool):
        if not value:
            raise WasmError("caching cannot be explicitly disabled")
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected string or bool, got {describe(value)}")
    if not os.path.isfile(value) and not os.path.isdir(value):
        raise WasmError(f"failed to read config file: {value}")
    return value


def _target(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a str, got {describe(value)}")
    architecture = value.split("-", 1)[0]
    if architecture not in KNOWN_ARCHITECTURES:
        raise WasmError(f"Unrecognized architecture: {architecture}")
    return value


_ARCHITECTURE_ALIASES = {"amd64": "x86_64", "arm64": "aarch64", "i386": "i686", "i586": "i686"}


def host_architecture() -> str:
    """This machine's architecture, named as in target triples."""
    machine = platform.machine().lower()
    return _ARCHITECTURE_ALIASES.get(machine, machine)


class _Setting:
    """One ``Config`` property: checked and stored when set, readable, with
    a default."""

    def __init__(self, default: Any, check: Callable[[Any], Any], doc: str):
        self.default, self.check, self.__doc__ = default, check, doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, config: Config | None, owner: type | None = None) -> Any:
        if config is None:
            return self
        return config._values.get(self.name, self.default)

    def __set__(self, config: Config, value: Any) -> None:
        config._check_open()
        config._values[self.name] = self.check(value)


class _EnvironmentSetting(_Setting):
    """A setting whose default comes from an environment variable when it
    is set (checked like an assigned value), else from ``default``."""

    def __init__(self, variable: str, default: Any, check: Callable[[Any], Any], doc: str):
        super().__init__(default, check, f"{doc}  Defaults to ${variable} when set.")
        self.variable = variable

    def __get__(self, config: Config | None, owner: type | None = None) -> Any:
        if config is None:
            return self
        if self.name in config._values:
            return config._values[self.name]
        value = os.environ.get(self.variable)
        if value is None:
            return self.default
        try:
            return self.check(value)
        except WasmError as error:
            raise WasmError(f"environment variable {self.variable}: {error}") from None


def _proposal(name: str) -> _Setting:
    return _Setting(False, _flag, f"Enables the {name} proposal.  Recorded only: wasmic "
                    "implements WebAssembly 2.0, and rejects modules that use later proposals.")


def _feature(name: str) -> _Setting:
    return _Setting(True, _flag, f"Enables {name}, part of WebAssembly 2.0 (default True); "
                    "when False, modules using it are rejected.")


def _recorded(default: Any, check: Callable[[Any], Any], what: str) -> _Setting:
    return _Setting(default, check, f"{what}  Recorded only: wasmic has no such machinery.")


class Config:
    """Settings for an ``Engine``: which WebAssembly features are enabled,
    resource accounting (fuel, epochs, stack), and how code is compiled."""

    __slots__ = ("_values", "_cranelift_flags", "_state")

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._cranelift_flags: dict[str, str] = {}
        self._state = "open"  # then "engine" (given to an Engine) or "closed"

    # --- what the runtime honours -------------------------------------------

    strategy = _EnvironmentSetting("WASMIC_STRATEGY", "auto",
                                   _one_of(*STRATEGIES, what="strategy",
                                           aliases={"cranelift": "native"}),
                                   "Which tier runs wasm code: \"python\" (generated Python), \"native\" "
                                   "(C compiled to an extension; \"cranelift\" is an alias), or \"auto\" "
                                   "(native when a C compiler is available, else python).")
    consume_fuel = _Setting(False, _flag, "Counts fuel as wasm runs and traps when it runs "
                            "out (stores start with 0 fuel; see Store.set_fuel).")
    epoch_interruption = _Setting(False, _truthy, "Lets wasm be interrupted when the engine's "
                                  "epoch passes a store's deadline (see Engine.increment_epoch).")
    max_wasm_stack = _Setting(2 * 1024 * 1024, _byte_size, "The stack wasm may use, in bytes "
                              "(default 2 MiB); deeper calls trap with \"call stack exhausted\".")
    wasm_bulk_memory = _feature("the bulk memory operations")
    wasm_multi_value = _feature("multiple results and block parameters")
    wasm_reference_types = _feature("reference types")
    wasm_simd = _feature("128-bit SIMD")
    shared_memory = _Setting(False, _flag, "Allows creating a ``SharedMemory`` (threads "
                             "proposal); modules still cannot use one, as wasmic has no threads.")
    cache = _Setting(None, _cache, "Caches compiled native code across runs: True for the "
                     "default location, the path of a cache directory, or of a cache "
                     "configuration file (its `directory` key names the directory).  "
                     "None when unset; False is refused, as in wasmtime.")
    cranelift_opt_level = _Setting("speed", _one_of("none", "speed", "speed_and_size",
                                                    what="opt level"),
                                   "How hard the native tier's C compiler optimizes: "
                                   "\"none\" (-O0), \"speed\" (-O2, except that functions of more "
                                   "than 10,000 wasm instructions get -O1, which compiles them several "
                                   "times faster: a big module's cold compile takes about half "
                                   "the time, every other function keeps -O2) or "
                                   "\"speed_and_size\" (-O3 for every function).")
    parallel_compilation = _Setting(True, _flag, "Lets the native tier compile a big module "
                                    "as several C files in parallel.")
    debug_info = _Setting(False, _flag, "Asks the native tier to compile with debug "
                          "information.")
    cranelift_nan_canonicalization = _Setting(False, _flag, "Replaces every NaN produced by "
                                              "arithmetic with the canonical NaN, for fully "
                                              "deterministic results.")
    target = _Setting(None, _target, "The target triple to compile for (None: this machine).  "
                      "The native tier compiles for this machine only: another target "
                      "makes \"auto\" use the python tier, whose code runs anywhere, and "
                      "\"native\" a WasmError.")

    # --- later proposals: recorded only ---------------------------------------

    wasm_threads = _proposal("threads")
    wasm_tail_call = _proposal("tail call")
    wasm_multi_memory = _proposal("multi-memory")
    wasm_memory64 = _proposal("memory64")
    wasm_relaxed_simd = _proposal("relaxed SIMD")
    wasm_relaxed_simd_deterministic = _proposal("relaxed SIMD (deterministic results)")
    wasm_exceptions = _proposal("exception handling")
    wasm_function_references = _proposal("typed function references")
    wasm_gc = _proposal("GC")
    wasm_wide_arithmetic = _proposal("wide arithmetic")
    wasm_custom_page_sizes = _proposal("custom page sizes")
    wasm_stack_switching = _proposal("stack switching")
    wasm_component_model = _proposal("component model")
    wasm_component_model_map = _proposal("component model map types")
    wasm_component_model_implements = _proposal("component model implements")

    # --- engine machinery wasmic does not have: recorded only -------------------

    profiler = _recorded("none", _one_of("none", "jitdump", "vtune", "perfmap", what="profiler"),
                         "The JIT profiling strategy: \"none\", \"jitdump\", \"vtune\" or "
                         "\"perfmap\".")
    cranelift_debug_verifier = _recorded(False, _flag, "Runs Cranelift's IR verifier.")
    gc_support = _recorded(True, _flag, "Enables GC support.")
    macos_use_mach_ports = _recorded(True, _flag, "Uses Mach ports for traps on macOS.")
    signals_based_traps = _recorded(True, _flag, "Uses signal handlers to detect traps.")
    native_unwind_info = _recorded(True, _flag, "Emits native unwind information.")
    memory_init_cow = _recorded(True, _flag, "Initializes memories copy-on-write.")
    memory_may_move = _recorded(True, _flag, "Lets linear memories move when they grow.")
    memory_reservation = _recorded(None, _byte_size, "Bytes of address space reserved per "
                                   "linear memory.")
    memory_guard_size = _recorded(None, _byte_size, "Bytes of guard region after each "
                                  "linear memory.")
    memory_reservation_for_growth = _recorded(None, _byte_size, "Extra bytes reserved for "
                                              "a relocated memory to grow into.")

    def cranelift_flag_enable(self, flag: str) -> None:
        """Enables a Cranelift code generator flag.  Recorded only."""
        if not isinstance(flag, str):
            raise TypeError(f"expected a str, got {describe(flag)}")
        self._check_open()
        self._cranelift_flags[flag] = "true"

    def cranelift_flag_set(self, key: str, value: str) -> None:
        """Sets a Cranelift code generator flag to a value.  Recorded only."""
        if not isinstance(key, str):
            raise TypeError(f"expected a str for key, got {describe(key)}")
        if not isinstance(value, str):
            raise TypeError(f"expected a str for value, got {describe(value)}")
        self._check_open()
        self._cranelift_flags[key] = value

    def _targets_host(self) -> bool:
        """Whether code is compiled for this machine (``target`` unset or naming
        this machine's architecture)."""
        if self.target is None:
            return True
        wanted = self.target.split("-", 1)[0].lower()
        return _ARCHITECTURE_ALIASES.get(wanted, wanted) == host_architecture()

    def _disabled_features(self) -> frozenset[str]:
        """The WebAssembly 2.0 features (``valid.features.FEATURES``) turned off."""
        return frozenset(name for name in FEATURES if not getattr(self, f"wasm_{name}"))

    def _check_open(self) -> None:
        if self._state != "open":
            raise ValueError("already closed: a Config cannot change once it was given "
                             "to an Engine or closed")

    def _consume(self) -> None:
        """Freeze this config for the Engine being made from it."""
        self._check_open()
        self._state = "engine"

    def close(self) -> None:
        """Discards this config; it can no longer be changed or given to an Engine."""
        if self._state == "open":
            self._state = "closed"

    def __enter__(self) -> Config:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


class Engine:
    """The shared context in which modules are compiled and stores run:
    one configuration and one epoch counter."""

    def __init__(self, config: Config | None = None):
        if config is None:
            config = Config()
        elif not isinstance(config, Config):
            raise TypeError(f"expected Config, got {describe(config)}")
        config._consume()
        self._config = config
        self._closed = False
        # One unsigned 64-bit cell, so native code can read the epoch in place.
        self._epoch = array("Q", [0])
        self._tier: str | None = None  # "native" or "python", chosen on first use (runtime.tier)

    @property
    def config(self) -> Config:
        """The (frozen) settings of this engine."""
        return self._config

    @property
    def epoch(self) -> int:
        """How many times ``increment_epoch`` was called."""
        return self._epoch[0]

    def increment_epoch(self) -> None:
        """Advances the epoch; wasm running in a store whose epoch deadline
        is now reached traps with "interrupt" (if epoch_interruption is on).
        Meant to be called from another thread (a timer) while wasm runs."""
        self._check_open()
        self._epoch[0] += 1

    def is_pulley(self) -> bool:
        """Whether code runs on wasmtime's Pulley interpreter: never in wasmic."""
        self._check_open()
        return False

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("already closed")

    def close(self) -> None:
        """Releases this engine; using it afterwards raises ``ValueError``."""
        self._closed = True

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
