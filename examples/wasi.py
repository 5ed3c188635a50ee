"""WASI: running a program that uses the WebAssembly System Interface.

``Linker.define_wasi`` provides the WASI preview 1 functions; the store's
``WasiConfig`` says what the program sees: arguments, environment,
standard streams, preopened directories.  This program (written in WAT to
stay self-contained; C compiled with wasi-libc works the same) prints its
argument count and a greeting, then exits with status 3 through
``proc_exit``, which reaches Python as an ``ExitTrap``.
"""

from wasmic import Engine, ExitTrap, Linker, Module, Store, WasiConfig

WAT = """
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello from WASI, argc = ?\\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))   ;; one iovec at address 0
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    ;; patch the digit: argc is small here
    (i32.store8 (i32.const 88) (i32.add (i32.const 48) (i32.load (i32.const 16))))
    (call $print (i32.const 64) (i32.const 26))
    (call $proc_exit (i32.const 3))))
"""

engine = Engine()
linker = Linker(engine)
linker.define_wasi()
module = Module(engine, WAT)

# Run once writing to this process's stdout, once capturing the output.
for capture in (False, True):
    config = WasiConfig()
    config.argv = ["greeter", "--loud", "world"]
    captured = bytearray()
    if capture:
        config.stdout_custom = captured.extend
    else:
        config.inherit_stdout()
    store = Store(engine)
    store.set_wasi(config)
    start = linker.instantiate(store, module).exports(store)["_start"]
    try:
        start(store)
    except ExitTrap as exit_trap:
        print(f"exited with status {exit_trap.code}", flush=True)
    if capture:
        print("captured:", captured.decode().strip())
