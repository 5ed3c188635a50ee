"""The native tier: wasm compiled to C, built with the system's C compiler
and loaded as a CPython extension module.

Pipeline: ``lower`` IR -> ``emit_*`` (C source) -> ``toolchain`` (compiler
discovery, parallel build) -> ``cache`` (sealed libraries, atomic writes)
-> ``loader`` (extension import; the shared runtime ``_wasmic_native_rt``
built from ``csrc/rt_*.c``).

Interface for the runtime objects (how Store/Module/Instance plug in):

* ``compile_module(module, wasm=None, *, opt_level=2, cache_dir=None,
  sanitize=None) -> CompiledModule`` -- WasmError if no compiler works or
  the module needs what this tier lacks (SIMD).
* ``CompiledModule.instantiate(imports, *, stack_budget) -> Instance``:
  ``imports`` is one object per import in module order -- for a function a
  native export/``Func`` (linked directly, no Python in between) or any
  Python callable (called through a per-signature vectorcall trampoline);
  for the others a native ``Table``, ``Memory`` or ``Global`` (the types
  in ``runtime_types()``, constructible from Python).  ``stack_budget`` is
  bytes (Config.max_wasm_stack).
* ``Instance.exports``: name -> METH_FASTCALL built-in (functions; its
  ``__self__`` is a ``Func`` with ``index``, ``type_id``, ``instance``),
  ``Memory`` (buffer protocol; ``pages``, ``data_len``, ``grow``),
  ``Table`` (``size``, ``get``, ``set``, ``grow``) or ``Global`` (``value``).
* Values follow the public rules (``runtime.values``); traps raise
  ``runtime.trap.Trap`` with its ``TrapCode`` and the innermost frame; a
  Python exception raised by a host function propagates as itself.

A Python-tier instance's functions are plain callables, so they import
fine; its memories, tables and mutable globals are not native objects and
must be adapted by the runtime layer (not done here yet).
"""

from .compiler import DEFAULT_STACK_BUDGET, CompiledModule, compile_module
from .loader import runtime

__all__ = ["DEFAULT_STACK_BUDGET", "CompiledModule", "compile_module", "runtime", "runtime_types"]


def runtime_types() -> dict[str, type]:
    """The runtime's native object types (Memory, Table, Global, Func,
    Instance); the runtime must be loaded (any ``compile_module`` does it)."""
    rt = runtime()
    if rt is None:
        raise RuntimeError("the native runtime is not loaded yet; compile a module first")
    return {name: getattr(rt, name) for name in ("Memory", "Table", "Global", "Func", "Instance")}
