"""The native tier: wasm compiled to C, built with the system's C compiler
and loaded as a CPython extension module.

Pipeline: ``lower`` IR -> ``emit_*`` (C source) -> ``toolchain`` (compiler
discovery, flags) and ``compile_pool`` (parallel build) -> ``cache``
(sealed libraries, atomic writes) -> ``loader`` (extension import; the
shared runtime ``_wasmic_native_rt``, built once from ``csrc/rt_*.c``).

Interface for the runtime objects (how Store/Module/Instance plug in):

* ``ensure_runtime(cache_dir=None)`` loads the runtime (host objects can
  then be made from ``runtime_types()`` before any module is compiled).
* ``compile_module(module, wasm=None, *, opt_level=2, cache_dir=None,
  sanitize=None, fuel=False, epochs=False, big_function=10000) -> CompiledModule``
  -- WasmError
  if no compiler works or the module needs what this tier lacks (SIMD).
  ``cache_dir`` is Config.cache (default ``$WASMIC_CACHE_DIR`` or the user
  cache dir); ``sanitize`` defaults to ``$WASMIC_SANITIZE``; ``fuel`` and
  ``epochs`` are Config.consume_fuel and Config.epoch_interruption.
* ``CompiledModule.instantiate(imports, *, stack_budget, epoch=None,
  store_cells=None, run_start=True) -> Instance``:
  ``imports`` is one object per import in module order -- for a function a
  native export/``Func`` (linked directly, no Python in between) or any
  Python callable (called through a per-signature vectorcall trampoline);
  for the others a native ``Table``, ``Memory`` or ``Global`` (the types in
  ``runtime_types()``, constructible from Python).  ``stack_budget`` is in
  bytes (Config.max_wasm_stack).  ``epoch`` is the engine's epoch cell
  (``Engine._epoch``, an ``array("Q")``), ``store_cells`` a writable buffer
  of 64-bit cells the store keeps (e.g. ``array("q")``): fuel left, epoch
  deadline, and optionally Store.set_limits' memory_size and
  table_elements (-1: none), read in place by native code and by the
  memories and tables the instance defines.  ``run_start=False`` leaves
  the start function to ``Instance.start()`` (run once).
* ``Instance.exports``: name -> METH_FASTCALL built-in (functions; its
  ``__self__`` is a ``Func`` with ``index``, ``type_id``, ``instance``),
  ``Memory`` (buffer protocol; ``pages``, ``data_len``, ``grow``),
  ``Table`` (``size``, ``get``, ``set``, ``grow``) or ``Global`` (``value``).
* Values follow the public rules (``runtime.values``); traps raise
  ``runtime.trap.Trap`` with its ``TrapCode`` and the wasm frames of the C
  stack, innermost first, across nested entries (``csrc/rt_backtrace.c``);
  a Python exception raised by a host function propagates as itself.

Decisions (details where they are implemented):

* Traps longjmp (``sigsetjmp(buf, 0)``: no signal-mask syscall) to the
  innermost entry from Python of the current thread (``rt_entry.c``).
* Stack exhaustion is a byte budget below the outermost entry, checked
  against the frame address in every function that calls others; the
  limit rises by a fixed cost per call, so recursion the C compiler turned
  into a loop still traps (``emit_function``, ``wasmic.h``).
* Memories reserve their maximum as address space and grow in place, so
  buffer views never dangle; without a reservation, growth fails while a
  view is exported (``rt_memory.c``).
* While wasm runs no reference is released (values in wasm locals are
  borrowed); releases wait until no wasm runs (``rt_internal.h``).
* Funcrefs carry an engine-canonical type id (``typeids``); indirect calls
  compare it before calling through the exact C function type.
* At the default -O2, functions of more than 10,000 wasm instructions are
  compiled at -O1 in files of their own: GCC's time grows faster than a
  function's size, and a big module's few huge functions would dominate
  its cold compile (``big_functions``).  A split module's files compile
  as soon as they are written, the biggest waiting first (``compile_pool``),
  and bounds checks an earlier check covers are left out (``emit_bounds``).
* Fuel and epochs are checked at function entries and loop headers
  (``emit_metering``).  Wasm holds the GIL while it runs, so a Python
  thread cannot advance the epoch meanwhile: host calls can.

A Python-tier instance's functions are plain callables, so they import
fine; its memories, tables and globals are not native objects and are
refused with an error saying so.  ``CompiledModule.serialize()`` and
``deserialize(data, cache_dir=None)`` carry a compiled module with its
libraries (``artifact``).  Not yet: guard-page bounds checks.
"""

from .artifact import deserialize
from .compiler import (
    DEFAULT_STACK_BUDGET,
    CompiledModule,
    UnsupportedByNative,
    compile_module,
    ensure_runtime,
)
from .loader import runtime

__all__ = ["DEFAULT_STACK_BUDGET", "CompiledModule", "UnsupportedByNative", "compile_module",
           "deserialize", "ensure_runtime", "runtime", "runtime_types"]


def runtime_types() -> dict[str, type]:
    """The runtime's native object types (Memory, Table, Global, Func,
    Instance), loading the runtime if needed (WasmError without a compiler)."""
    rt = runtime() or ensure_runtime()
    return {name: getattr(rt, name) for name in ("Memory", "Table", "Global", "Func", "Instance")}
