"""Linking two modules: one module's exports satisfy another's imports.

A ``Linker`` names externs; ``define_instance`` adds every export of an
instance under a module name, so a second module importing that name
links to it.  Here a "math" library shares its memory and a function with
an application module.
"""

from wasmic import Engine, Linker, Module, Store

LIBRARY = """
(module
  (memory (export "memory") 1)
  (func (export "cube") (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.mul (local.get $x) (local.get $x)))))
"""

APPLICATION = """
(module
  (import "math" "cube" (func $cube (param i32) (result i32)))
  (import "math" "memory" (memory 1))
  ;; store cube(1..n) as i32s at address 0, return their sum
  (func (export "cubes") (param $n i32) (result i32)
    (local $i i32) (local $sum i32) (local $c i32)
    (loop $next
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $c (call $cube (local.get $i)))
      (i32.store (i32.mul (i32.sub (local.get $i) (i32.const 1)) (i32.const 4)) (local.get $c))
      (local.set $sum (i32.add (local.get $sum) (local.get $c)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    local.get $sum))
"""

engine = Engine()
store = Store(engine)
linker = Linker(engine)

library = linker.instantiate(store, Module(engine, LIBRARY))
linker.define_instance(store, "math", library)           # math::cube, math::memory
application = linker.instantiate(store, Module(engine, APPLICATION))

total = application.exports(store)["cubes"](store, 4)
memory = library.exports(store)["memory"]                 # the same memory, shared
cubes = [int.from_bytes(memory.read(store, 4 * i, 4 * i + 4), "little") for i in range(4)]
print("cubes written by the application into the library's memory:", cubes)
print("their sum:", total)
