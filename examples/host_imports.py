"""Host functions: Python code the wasm module imports and calls.

Three ways to provide one: ``Func`` with an explicit ``FuncType``,
``Func`` typed from the Python annotations, and ``Linker.define_func``
(store-independent, resolved by name).
"""

import wasmic
from wasmic import Engine, Func, FuncType, Instance, Linker, Module, Store, ValType

WAT = """
(module
  (import "host" "square" (func $square (param i32) (result i32)))
  (import "host" "log" (func $log (param i32 i64)))
  ;; sum of squares 1..n, logging each step through the host
  (func (export "sum_squares") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $acc (i32.add (local.get $acc) (call $square (local.get $i))))
      (call $log (local.get $i) (i64.extend_i32_u (local.get $acc)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    local.get $acc))
"""

engine = Engine()
store = Store(engine)
module = Module(engine, WAT)

# 1. An explicit type, as in wasmtime-py.
square = Func(store, FuncType([ValType.i32()], [ValType.i32()]), lambda x: x * x)


# 2. The type inferred from annotations: int is i32, wasmic.i64 is i64.
def log(step: int, total: wasmic.i64) -> None:
    print(f"  step {step}: running total {total}")


instance = Instance(store, module, [square, Func(store, log)])
print("sum of squares 1..4 =", instance.exports(store)["sum_squares"](store, 4))

# 3. A Linker resolves imports by name; define_func works in any store.
linker = Linker(engine)
linker.define_func("host", "square", FuncType([ValType.i32()], [ValType.i32()]), lambda x: x * x)
linker.define_func("host", "log", FuncType([ValType.i32(), ValType.i64()], []), lambda s, t: None)
other_store = Store(engine)
quiet = linker.instantiate(other_store, module).exports(other_store)
print("through a Linker, 1..10 =", quiet.sum_squares(other_store, 10))
