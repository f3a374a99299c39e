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
  ;; matches there are masked off. $out needs room for one entry per byte of $len rounded up to 16 (stores past the
  ;; count land there).
  (func (export "index") (param $in i32) (param $len i32) (param $out i32) (param $termsOut i32)
    (param $feedsOut i32) (param $sep i32) (param $term i32) (result i32)
    (local $p i32) (local $end i32) (local $o i32) (local $t i32) (local $mask i32) (local $tmask i32)
    (local $lmask i32) (local $keep i32) (local $base i32) (local $feeds i32)
    (local $entry i32) (local $below i32) (local $m i32) (local $q i32)
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
        ;; Each terminator: its entry (entries before this block, plus the block's matches below it) and the line
        ;; feeds before it. Done before the positions, from the masks alone, so neither loop branches per match.
        (local.set $entry (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
        (block $termsDone
          (loop $terms
            (br_if $termsDone (i32.eqz (local.get $tmask)))
            (local.set $below
              (i32.sub (i32.and (local.get $tmask) (i32.sub (i32.const 0) (local.get $tmask))) (i32.const 1)))
            (i32.store (i32.add (local.get $termsOut) (local.get $t))
              (i32.add (local.get $entry) (i32.popcnt (i32.and (local.get $mask) (local.get $below)))))
            (i32.store (i32.add (local.get $feedsOut) (local.get $t))
              (i32.add (local.get $feeds) (i32.popcnt (i32.and (local.get $lmask) (local.get $below)))))
            (local.set $t (i32.add (local.get $t) (i32.const 4)))
            (local.set $tmask (i32.and (local.get $tmask) (i32.sub (local.get $tmask) (i32.const 1))))
            (br $terms)))
        ;; The positions: eight stores whatever the count, then a loop for any more. Stores past the count are
        ;; overwritten by the next block or lie past the end; they stay inside the output, which has an entry per
        ;; byte: a block starting at byte b has at most b entries before it, so it stores below entry b + 8.
        (local.set $m (local.get $mask))
        (i32.store offset=0 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=4 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=8 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=12 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=16 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=20 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=24 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (i32.store offset=28 (local.get $o) (i32.add (local.get $base) (i32.ctz (local.get $m))))
        (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
        (if (i32.gt_u (i32.popcnt (local.get $mask)) (i32.const 8))
          (then
            (local.set $q (i32.add (local.get $o) (i32.const 32)))
            (block $restDone
              (loop $rest
                (br_if $restDone (i32.eqz (local.get $m)))
                (i32.store (local.get $q) (i32.add (local.get $base) (i32.ctz (local.get $m))))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (br $rest)))))
        (local.set $o (i32.add (local.get $o) (i32.shl (i32.popcnt (local.get $mask)) (i32.const 2))))
        (local.set $feeds (i32.add (local.get $feeds) (i32.popcnt (local.get $lmask))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (global.set $terminators (i32.shr_u (local.get $t) (i32.const 2)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2)))
)
