"""Many instances of one module: Linker.instantiate_pre and InstancePre.

Resolving a module's imports (finding each name in the linker and checking
its type) is done once by ``instantiate_pre``; ``InstancePre.instantiate``
then only creates the instance.  Each instance has its own memory and
globals - here a request counter per simulated tenant.
"""

import time

from wasmic import Engine, FuncType, Linker, Module, Store, ValType

WAT = """
(module
  (import "env" "now" (func $now (result i64)))
  (global $requests (mut i32) (i32.const 0))
  (global $last (mut i64) (i64.const 0))
  (func (export "handle") (result i32)
    (global.set $last (call $now))
    (global.set $requests (i32.add (global.get $requests) (i32.const 1)))
    (global.get $requests)))
"""

engine = Engine()
linker = Linker(engine)
linker.define_func("env", "now", FuncType([], [ValType.i64()]), time.monotonic_ns)
pre = linker.instantiate_pre(Module(engine, WAT))   # imports resolved here, once
print("pre-instantiated:", pre.module.exports[0].name)

store = Store(engine)
tenants = [pre.instantiate(store).exports(store) for _ in range(100)]
handled = []
for turn, tenant in enumerate(tenants):
    for _ in range(turn % 3 + 1):        # tenant i gets 1, 2 or 3 requests
        count = tenant["handle"](store)  # each instance counts its own
    handled.append(count)
print("instances:", len(tenants))
print("requests handled by the first five:", handled[:5])

# The same InstancePre works in any store of the engine.
other = Store(engine)
fresh = pre.instantiate(other).exports(other)
print("a fresh instance in another store starts at:", fresh["handle"](other))
