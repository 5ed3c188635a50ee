"""Traps and backtraces: when wasm code fails at run time.

A trap raises ``wasmic.Trap`` with a ``TrapCode`` saying why, the spec's
message, and the wasm frames it unwound (function index and name, module
name, offsets into the binary).  An exception raised by a host function
travels through the wasm frames unchanged.
"""

from wasmic import Engine, Func, Instance, Module, Store, Trap

WAT = """
(module $calculator
  (import "host" "check" (func $check (param i32)))
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $average (export "average") (param $sum i32) (param $count i32) (result i32)
    (call $divide (local.get $sum) (local.get $count)))
  (func (export "validated") (param $x i32) (result i32)
    (call $check (local.get $x))
    (local.get $x)))
"""


def check(value: int) -> None:
    if value < 0:
        raise ValueError(f"negative input: {value}")


engine = Engine()
store = Store(engine)
module = Module(engine, WAT)
# Func(store, check) takes the import's type from check's annotations.
exports = Instance(store, module, [Func(store, check)]).exports(store)

try:
    exports["average"](store, 10, 0)
except Trap as trap:
    print("trap code:", trap.trap_code.name)
    print("message:  ", trap.message.splitlines()[0])
    for frame in trap.frames:
        # Offsets can be None: optimized native code knows only the trap site's.
        where = "unknown" if frame.module_offset is None else f"{frame.module_offset:#x}"
        print(f"  in {frame.module_name}!{frame.func_name} (function {frame.func_index}, "
              f"module offset {where})")
    print("full report:")
    print(trap)

try:
    exports["validated"](store, -5)
except ValueError as error:                 # the host's own exception, unchanged
    print("host exception came back:", error)
