;; The X12 scanner's structural index (see structural-index.ts): the position of every byte of a window that is
;; the element separator, the segment terminator or a line feed, found 16 bytes at a time with SIMD compares.
;; Built into structural-index.wasm by `npm run build:wasm` (wabt); a test checks that the two match.
(module
  (memory (export "memory") 1)
  ;; index(in, len, out, sep, term) -> count: writes the positions (relative to $in) of the bytes in [$in, $in+$len)
  ;; equal to $sep, $term or 10 as i32 at $out, in order, and returns how many. Reads up to 15 bytes past the end
  ;; (the caller leaves room); matches there are masked off.
  (func (export "index") (param $in i32) (param $len i32) (param $out i32) (param $sep i32) (param $term i32)
    (result i32)
    (local $p i32) (local $end i32) (local $o i32) (local $mask i32) (local $base i32) (local $v v128)
    (local $vs v128) (local $vt v128) (local $vl v128)
    (local.set $vs (i8x16.splat (local.get $sep)))
    (local.set $vt (i8x16.splat (local.get $term)))
    (local.set $vl (i8x16.splat (i32.const 10)))
    (local.set $p (local.get $in))
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $o (local.get $out))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $p)))
        (local.set $mask
          (i8x16.bitmask
            (v128.or
              (v128.or (i8x16.eq (local.get $v) (local.get $vs)) (i8x16.eq (local.get $v) (local.get $vt)))
              (i8x16.eq (local.get $v) (local.get $vl)))))
        ;; The last block may run past the end: keep only the bytes before it.
        (if (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
          (then
            (local.set $mask
              (i32.and (local.get $mask)
                (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1))))))
        (local.set $base (i32.sub (local.get $p) (local.get $in)))
        (block $emptied
          (loop $bits
            (br_if $emptied (i32.eqz (local.get $mask)))
            (i32.store (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $mask))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $mask (i32.and (local.get $mask) (i32.sub (local.get $mask) (i32.const 1))))
            (br $bits)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
)
