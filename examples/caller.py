"""Caller: a host function that looks into the instance calling it.

With ``access_caller=True`` a host function gets a ``Caller`` first: it
finds the caller's exports by name (``caller["memory"]``) and can be used
wherever a store is expected.  This is how a host reads a string the
module passes as (pointer, length), without knowing the module in advance.
"""

from wasmic import Caller, Engine, Func, FuncType, Linker, Module, Store, ValType

WAT = """
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "Hello from module one")
  (func (export "run") (call $print (i32.const 100) (i32.const 21))))
"""

OTHER = """
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "and from module two")
  (func (export "run") (call $print (i32.const 8) (i32.const 19))))
"""


def print_from_memory(caller: Caller, pointer: int, length: int) -> None:
    memory = caller["memory"]                  # the *calling* instance's memory
    text = memory.read(caller, pointer, pointer + length).decode("utf-8")
    print(f"[{caller.data()['prefix']}] {text}")


engine = Engine()
store = Store(engine, data={"prefix": "host"})  # host data, reachable from the Caller
linker = Linker(engine)
# One definition serves both modules: each call sees its own caller.
linker.define_func("env", "print", FuncType([ValType.i32(), ValType.i32()], []),
                   print_from_memory, access_caller=True)
for source in (WAT, OTHER):
    linker.instantiate(store, Module(engine, source)).exports(store)["run"](store)

# The same with a Func made directly.
direct = Func(store, FuncType([ValType.i32(), ValType.i32()], []), print_from_memory,
              access_caller=True)
print("a Func with access_caller:", direct.type(store))
