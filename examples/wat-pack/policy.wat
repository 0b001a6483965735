;; An ABI v1 policy module written directly in WebAssembly text: the kenshin ABI does
;; not depend on Rust or on any SDK. kenshin translates `module = "policy.wat"` to
;; binary when it loads the pack.
;;
;; Rule WAT-HTTP-OFF: plain-HTTP management must be off.
;; The module does not parse JSON; it looks for the service entry as kenshin's facts
;; serialiser writes it (compact JSON, fields in schema order):
;;   {"name":"http","enabled":true   -> fail
;;   {"name":"http","enabled":false  -> pass
;;   neither                         -> unknown (never pass on missing facts)
;; A real pack would parse the input; this one shows the ABI in ~80 lines.
(module
  (memory (export "memory") 1)

  ;; Needles and the three possible outputs, at fixed addresses below 1024.
  (data (i32.const 0) "{\"name\":\"http\",\"enabled\":true")
  (data (i32.const 64) "{\"name\":\"http\",\"enabled\":false")
  (data (i32.const 128)
    "{\"results\":[{\"rule\":\"WAT-HTTP-OFF\",\"status\":\"fail\",\"fingerprint\":\"http\",\"message\":{\"en\":\"Plain-HTTP management is enabled\",\"ja\":\"HTTP（平文）による管理画面が有効です\"}}]}")
  (data (i32.const 384)
    "{\"results\":[{\"rule\":\"WAT-HTTP-OFF\",\"status\":\"pass\",\"fingerprint\":\"http\",\"message\":{\"en\":\"Plain-HTTP management is disabled\",\"ja\":\"HTTP（平文）による管理画面は無効です\"}}]}")
  (data (i32.const 640)
    "{\"results\":[{\"rule\":\"WAT-HTTP-OFF\",\"status\":\"unknown\",\"fingerprint\":\"http\",\"message\":{\"en\":\"Whether plain-HTTP management is enabled could not be determined\",\"ja\":\"HTTP 管理画面の有効・無効を確認できません\"}}]}")

  ;; Inputs are placed after the static data by a bump allocator; every evaluation
  ;; runs in a fresh instance, so nothing is ever freed.
  (global $bump (mut i32) (i32.const 1024))

  (func (export "kenshin_abi_version") (result i32) (i32.const 1))

  (func (export "kenshin_alloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (local.get $n)))
    (block $fits
      (loop $grow
        (br_if $fits (i32.le_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536))))
        ;; out of memory (the host's limit): report failure with a null pointer
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then (return (i32.const 0))))
        (br $grow)))
    (local.get $p))

  ;; 1 when the $nlen bytes at $needle occur in $hay..$hay+$hlen.
  (func $contains (param $hay i32) (param $hlen i32) (param $needle i32) (param $nlen i32) (result i32)
    (local $i i32) (local $j i32)
    (if (i32.gt_u (local.get $nlen) (local.get $hlen)) (then (return (i32.const 0))))
    (block $none
      (loop $outer
        (br_if $none (i32.gt_u (local.get $i) (i32.sub (local.get $hlen) (local.get $nlen))))
        (local.set $j (i32.const 0))
        (block $mismatch
          (loop $inner
            (if (i32.eq (local.get $j) (local.get $nlen)) (then (return (i32.const 1))))
            (br_if $mismatch
              (i32.ne
                (i32.load8_u (i32.add (local.get $hay) (i32.add (local.get $i) (local.get $j))))
                (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.const 0))

  ;; Packs (pointer, length) into the ABI's i64 return value.
  (func $out (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.extend_i32_u (local.get $len))))

  (func (export "kenshin_evaluate") (param $ptr i32) (param $len i32) (result i64)
    (if (call $contains (local.get $ptr) (local.get $len) (i32.const 0) (i32.const 29))
      (then (return (call $out (i32.const 128) (global.get $fail_len)))))
    (if (call $contains (local.get $ptr) (local.get $len) (i32.const 64) (i32.const 30))
      (then (return (call $out (i32.const 384) (global.get $pass_len)))))
    (call $out (i32.const 640) (global.get $unknown_len)))

  ;; Byte lengths of the three outputs (UTF-8; kept next to the data they measure).
  (global $fail_len i32 (i32.const 186))
  (global $pass_len i32 (i32.const 187))
  (global $unknown_len i32 (i32.const 228))
)
