"""Compile once, load many times: Module.serialize and Module.deserialize.

Compiling can be the slow part (the native tier runs a C compiler).  A
serialized module carries the compiled artifact; deserializing it skips
compilation.  The bytes are tied to this wasmic version and platform.
"""

import tempfile
import time
from pathlib import Path

from wasmic import Engine, Instance, Module, Store

WAT = """
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
"""

engine = Engine()
started = time.perf_counter()
module = Module(engine, WAT)
compiled_in = time.perf_counter() - started

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "fib.cwasm"
    path.write_bytes(module.serialize())
    print(f"serialized module: {path.stat().st_size} bytes")

    started = time.perf_counter()
    loaded = Module.deserialize_file(engine, path)     # or Module.deserialize(engine, data)
    loaded_in = time.perf_counter() - started

store = Store(engine)
fib = Instance(store, loaded, []).exports(store)["fib"]
print("fib(20) from the deserialized module:", fib(store, 20))
print("exports survive the round trip:", [export.name for export in loaded.exports])
# Timings vary by machine and tier; they are printed, not promised.
print(f"(compiled in {compiled_in * 1000:.1f} ms, deserialized in {loaded_in * 1000:.1f} ms)")
