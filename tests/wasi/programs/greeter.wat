;; Accepts one connection on descriptor 3 (a socket given by the host, e.g.
;; wasmic run --tcplisten), sends "hello, socket\n", reads up to 64 bytes
;; back and echoes them to stdout, then shuts the connection down.  Exits
;; with the errno of the first call that fails.
(module
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello, socket\n")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $exit (local.get $errno)))))
  (func (export "_start") (local $conn i32)
    (call $check (call $accept (i32.const 3) (i32.const 0) (i32.const 0)))
    (local.set $conn (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 64))   ;; iovec: the greeting
    (i32.store (i32.const 12) (i32.const 14))
    (call $check (call $send (local.get $conn) (i32.const 8) (i32.const 1) (i32.const 0)
                             (i32.const 16)))
    (i32.store (i32.const 8) (i32.const 128))  ;; iovec: 64 bytes to receive into
    (i32.store (i32.const 12) (i32.const 64))
    (call $check (call $recv (local.get $conn) (i32.const 8) (i32.const 1) (i32.const 0)
                             (i32.const 16) (i32.const 20)))
    (i32.store (i32.const 12) (i32.load (i32.const 16)))  ;; as many as came
    (call $check (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (call $check (call $shutdown (local.get $conn) (i32.const 3)))))
