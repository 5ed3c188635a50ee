"""Fuel: bounding how much work wasm code may do.

With ``Config.consume_fuel`` every store has a fuel tank: wasm burns fuel
as it runs and traps with ``TrapCode.OUT_OF_FUEL`` when the tank is empty.
An infinite loop cannot hang the host, and fuel measures work done.
"""

from wasmic import Config, Engine, Instance, Module, Store, Trap, TrapCode

WAT = """
(module
  (func (export "count") (param $n i32)   ;; n turns of a small loop
    (loop $next
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (local.get $n))))
  (func (export "forever")                ;; never returns on its own
    (loop $spin (br $spin))))
"""

config = Config()
config.consume_fuel = True
engine = Engine(config)
store = Store(engine)
exports = Instance(store, Module(engine, WAT), []).exports(store)

# Fuel measures work: more loop turns cost more fuel.
for turns in (10, 100, 1000):
    store.set_fuel(1_000_000)
    exports["count"](store, turns)
    print(f"count({turns}) used {1_000_000 - store.get_fuel()} fuel")

# And it stops code that would never finish.
store.set_fuel(50_000)
try:
    exports["forever"](store)
except Trap as trap:
    assert trap.trap_code is TrapCode.OUT_OF_FUEL
    print("forever() stopped:", trap.message.splitlines()[0])
print("fuel left:", store.get_fuel())
