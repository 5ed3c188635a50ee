;; Text processing in linear memory: the host writes UTF-8 text into memory
;; at `input` and calls the exports.
(module
  (memory (export "memory") 1)

  ;; Where the host may write its text: everything from 1 KiB on.
  (global (export "input") i32 (i32.const 1024))

  ;; Is the byte a space, tab, newline or carriage return?
  (func $is_space (param $byte i32) (result i32)
    (i32.or
      (i32.or (i32.eq (local.get $byte) (i32.const 32))
              (i32.eq (local.get $byte) (i32.const 9)))
      (i32.or (i32.eq (local.get $byte) (i32.const 10))
              (i32.eq (local.get $byte) (i32.const 13)))))

  ;; The number of whitespace-separated words in memory[ptr .. ptr+len).
  (func (export "count_words") (param $ptr i32) (param $len i32) (result i32)
    (local $end i32) (local $words i32) (local $in_word i32) (local $space i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $space (call $is_space (i32.load8_u (local.get $ptr))))
        ;; A word starts at a non-space byte that follows a space (or the start).
        (if (i32.and (i32.eqz (local.get $space)) (i32.eqz (local.get $in_word)))
          (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
        (local.set $in_word (i32.eqz (local.get $space)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next)))
    (local.get $words))

  ;; Upper-case the ASCII letters of memory[ptr .. ptr+len) in place.
  (func (export "to_upper") (param $ptr i32) (param $len i32)
    (local $end i32) (local $byte i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $byte (i32.load8_u (local.get $ptr)))
        ;; 'a'..'z' is 97..122: subtracting 97 leaves 0..25 (unsigned) exactly for them.
        (if (i32.lt_u (i32.sub (local.get $byte) (i32.const 97)) (i32.const 26))
          (then (i32.store8 (local.get $ptr) (i32.sub (local.get $byte) (i32.const 32)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $next))))
)
