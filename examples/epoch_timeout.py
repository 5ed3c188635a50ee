"""A wall-clock timeout for wasm code: epoch interruption from a thread.

With ``Config.epoch_interruption`` wasm checks the engine's epoch counter
at function entries and loop back-edges.  A timer thread calls
``Engine.increment_epoch``; once the epoch reaches the store's deadline
(``Store.set_epoch_deadline``) the running code traps with
``TrapCode.INTERRUPT``.  Cheaper than fuel, and measured in time.
"""

import threading
import time

from wasmic import Config, Engine, Instance, Module, Store, Trap, TrapCode

WAT = '(module (func (export "forever") (loop $spin (br $spin))))'

config = Config()
config.epoch_interruption = True
engine = Engine(config)
store = Store(engine)
forever = Instance(store, Module(engine, WAT), []).exports(store)["forever"]

store.set_epoch_deadline(1)            # trap once the epoch advances by one
timer = threading.Timer(0.5, engine.increment_epoch)
started = time.monotonic()
timer.start()
try:
    forever(store)
except Trap as trap:
    assert trap.trap_code is TrapCode.INTERRUPT
    elapsed = time.monotonic() - started
    print(f"interrupted after about {round(elapsed, 1)} s:", trap.message.splitlines()[0])
finally:
    timer.join()
