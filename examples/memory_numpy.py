"""Linear memory shared with numpy, without copying.

``Memory.get_buffer_ptr`` gives a writable buffer over the module's
memory: ``numpy.frombuffer`` wraps it, so numpy writes are what wasm reads
and the other way round.  Memory.read/write copy bytes in and out.
"""

import numpy as np

from wasmic import Engine, Instance, Module, Store

WAT = """
(module
  (memory (export "memory") 1)
  ;; sum of n f64 values starting at byte address $ptr
  (func (export "sum") (param $ptr i32) (param $n i32) (result f64)
    (local $acc f64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (f64.add (local.get $acc) (f64.load (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    local.get $acc)
  ;; scale n f64 values in place
  (func (export "scale") (param $ptr i32) (param $n i32) (param $k f64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (f64.store (local.get $ptr) (f64.mul (f64.load (local.get $ptr)) (local.get $k)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))))
"""

engine = Engine()
store = Store(engine)
exports = Instance(store, Module(engine, WAT), []).exports(store)
memory = exports["memory"]
print(f"memory: {memory.size(store)} page(s), {memory.data_len(store)} bytes")

# A float64 array living inside wasm memory, at byte offset 1024.
offset, count = 1024, 5
values = np.frombuffer(memory.get_buffer_ptr(store, count * 8, offset), dtype=np.float64)
values[:] = np.arange(1, count + 1)          # numpy writes straight into wasm memory
print("wasm sum:", exports["sum"](store, offset, count))

exports["scale"](store, offset, count, 0.5)   # wasm writes, numpy sees it at once
print("after wasm scaled by 0.5:", values.tolist())

# Copies in and out, with slice semantics for read.
memory.write(store, b"\x01\x02\x03", 0)
print("first bytes:", list(memory.read(store, 0, 4)))
del values  # a memory cannot grow while a buffer view of it is alive
print("grew from", memory.grow(store, 1), "to", memory.size(store), "pages")
