"""Strings through linear memory: Python text to wasm and back.

Wasm functions take and return numbers only, so text crosses as UTF-8
bytes in the module's memory: the host asks the module for space
(``alloc``), writes the bytes, and passes (pointer, length); a result comes
back as a pointer and a length the host reads.
"""

from wasmic import Engine, Instance, Module, Store

WAT = """
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  ;; a bump allocator: good enough for an example
  (func $alloc (export "alloc") (param $size i32) (result i32)
    (global.get $next)
    (global.set $next (i32.add (global.get $next) (local.get $size))))
  ;; reverse the bytes of an ASCII string into a new buffer; returns its pointer
  (func (export "reverse") (param $ptr i32) (param $len i32) (result i32)
    (local $out i32) (local $i i32)
    (local.set $out (call $alloc (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8
          (i32.add (local.get $out) (local.get $i))
          (i32.load8_u (i32.sub (i32.add (local.get $ptr) (local.get $len))
                                (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    local.get $out))
"""

engine = Engine()
store = Store(engine)
exports = Instance(store, Module(engine, WAT), []).exports(store)
memory, alloc, reverse = exports["memory"], exports["alloc"], exports["reverse"]


def to_wasm(text: str) -> tuple[int, int]:
    """Copy ``text`` into wasm memory as UTF-8; its (pointer, length)."""
    data = text.encode("utf-8")
    pointer = alloc(store, len(data))
    memory.write(store, data, pointer)
    return pointer, len(data)


def from_wasm(pointer: int, length: int) -> str:
    """The UTF-8 text at ``pointer``."""
    return memory.read(store, pointer, pointer + length).decode("utf-8")


for word in ("stressed", "drawer", "WebAssembly"):
    pointer, length = to_wasm(word)
    print(f"{word} -> {from_wasm(reverse(store, pointer, length), length)}")
