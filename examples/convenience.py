"""The short way: wasmic.instantiate, with exports you call like Python.

``wasmic.instantiate(wasm_or_path, imports=..., wasi=...)`` compiles,
links and instantiates in one call.  Its exports need no store argument:
functions are plain callables, and memories, tables and globals take
their methods' arguments without the store.  Import functions are plain
Python callables; their wasm types come from the module.
"""

import wasmic

WAT = """
(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (global $hits (export "hits") (mut i32) (i32.const 0))
  (func (export "add") (param i32 i32) (result i32)
    (global.set $hits (i32.add (global.get $hits) (i32.const 1)))
    (call $log (global.get $hits))
    (i32.add (local.get 0) (local.get 1))))
"""

calc = wasmic.instantiate(WAT, imports={"env": {"log": lambda n: print("  call number", n)}})
print("add(20, 22) =", calc.add(20, 22))
print("add(1, 1) =", calc["add"](1, 1))
print("hits global:", calc.hits.value())
calc.memory.write(b"plain bytes", 0)
print("memory:", bytes(calc.memory.read(0, 11)))
print("exports:", sorted(calc))

# The reference API is still there underneath.
store = calc.store
print("same call through the store:", calc.instance.exports(store)["add"](store, 2, 3))
