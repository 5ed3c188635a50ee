;; A program for the older WASI (wasi_unstable): writes a line with
;; fd_write, checks the snapshot-0 numbering of fd_seek's whence on
;; stdout (a stream: SPIPE whatever the whence), then exits with status 3.
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wasi_unstable\n")
  (func (export "_start")
    ;; iovec at 0: buffer 16, length 25
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 25))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (if (i32.ne (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 2) (i32.const 8))
                (i32.const 70))
      (then unreachable))
    (call $proc_exit (i32.const 3))))
