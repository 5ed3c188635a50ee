"""Hello, WebAssembly: compile a module, instantiate it, call an export.

The smallest complete use of the embedding API, written exactly as for
wasmtime-py (only the import differs): an Engine compiles, a Store owns
what runs, an Instance exposes the module's exports.
"""

from wasmic import Engine, Instance, Module, Store

# A module in the text format (binary .wasm bytes work the same way).
WAT = """
(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""

engine = Engine()                      # compilation settings (Config) live here
store = Store(engine)                  # every runtime object belongs to one store
module = Module(engine, WAT)           # parse, validate and compile, once
instance = Instance(store, module, [])  # no imports
add = instance.exports(store)["add"]

# Exports are called with the store first, then the wasm arguments.
print("add(2, 3) =", add(store, 2, 3))
# i32 arithmetic wraps around, and results come back signed.
print("add(2**31 - 1, 1) =", add(store, 2**31 - 1, 1))
