;; The X12 scanner's structural index (see structural-index.ts): where the element separators and segment
;; terminators of a window are, and for each terminator which of those entries it is and how many line feeds come
;; before it, found 16 bytes at a time with SIMD compares.
;; Built into structural-index.wasm by `npm run build:wasm` (wabt); a test checks that the two match.
(module
  (memory (export "memory") 1)
  ;; Terminators found by the last call of index.
  (global $terminators (export "terminators") (mut i32) (i32.const 0))
  ;; index(in, len, out, termsOut, feedsOut, sep, term) -> count. For the bytes in [$in, $in+$len):
  ;; - at $out, as i32 in order: the position (relative to $in) of every byte equal to $sep or $term; returns how many;
  ;; - at $termsOut, for each byte equal to $term, in order: the number of its entry in $out;
  ;; - at $feedsOut, for each byte equal to $term: the number of line feeds (10) before it in the window;
  ;; sets $terminators to the number of terminators. Reads up to 15 bytes past the end (the caller leaves room);
  ;; matches there are masked off.
  (func (export "index") (param $in i32) (param $len i32) (param $out i32) (param $termsOut i32)
    (param $feedsOut i32) (param $sep i32) (param $term i32) (result i32)
    (local $p i32) (local $end i32) (local $o i32) (local $t i32) (local $mask i32) (local $tmask i32)
    (local $lmask i32) (local $low i32) (local $keep i32) (local $base i32) (local $feeds i32)
    (local $v v128) (local $vs v128) (local $vt v128) (local $vl v128) (local $isTerm v128)
    (local.set $vs (i8x16.splat (local.get $sep)))
    (local.set $vt (i8x16.splat (local.get $term)))
    (local.set $vl (i8x16.splat (i32.const 10)))
    (local.set $p (local.get $in))
    (local.set $end (i32.add (local.get $in) (local.get $len)))
    (local.set $o (local.get $out))
    (local.set $t (i32.const 0))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $p)))
        (local.set $isTerm (i8x16.eq (local.get $v) (local.get $vt)))
        (local.set $mask
          (i8x16.bitmask (v128.or (i8x16.eq (local.get $v) (local.get $vs)) (local.get $isTerm))))
        (local.set $tmask (i8x16.bitmask (local.get $isTerm)))
        (local.set $lmask (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vl))))
        ;; The last block may run past the end: keep only the bytes before it.
        (if (i32.lt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
          (then
            (local.set $keep
              (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p))) (i32.const 1)))
            (local.set $mask (i32.and (local.get $mask) (local.get $keep)))
            (local.set $tmask (i32.and (local.get $tmask) (local.get $keep)))
            (local.set $lmask (i32.and (local.get $lmask) (local.get $keep)))))
        (local.set $base (i32.sub (local.get $p) (local.get $in)))
        (block $emptied
          (loop $bits
            (br_if $emptied (i32.eqz (local.get $mask)))
            (local.set $low (i32.and (local.get $mask) (i32.sub (i32.const 0) (local.get $mask))))
            (i32.store (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $mask))))
            (if (i32.and (local.get $tmask) (local.get $low))
              (then
                (i32.store (i32.add (local.get $termsOut) (local.get $t))
                  (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
                (i32.store (i32.add (local.get $feedsOut) (local.get $t))
                  (i32.add (local.get $feeds)
                    (i32.popcnt (i32.and (local.get $lmask) (i32.sub (local.get $low) (i32.const 1))))))
                (local.set $t (i32.add (local.get $t) (i32.const 4)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $mask (i32.xor (local.get $mask) (local.get $low)))
            (br $bits)))
        (local.set $feeds (i32.add (local.get $feeds) (i32.popcnt (local.get $lmask))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (global.set $terminators (i32.shr_u (local.get $t) (i32.const 2)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
)
