//! Running a hot loop with the widest vector instructions the CPU has.
//!
//! The loops are plain Rust; on x86-64 a copy is also compiled for AVX2 and chosen at run time.
//! Rust never fuses a multiply and an add into one rounding, so both copies compute every
//! number bit for bit alike: only the speed differs.

/// `dispatch!(body(args…))` calls `body`, an `#[inline(always)]` function, compiled for AVX2
/// when the CPU has it.
macro_rules! dispatch {
    ($body:ident($($arg:expr),* $(,)?)) => {{
        #[cfg(target_arch = "x86_64")]
        {
            #[target_feature(enable = "avx2")]
            unsafe fn avx2<A, B, C, D>(f: fn(A, B, C, D), a: A, b: B, c: C, d: D) {
                f(a, b, c, d)
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU supports AVX2, checked just above.
                unsafe { avx2($body, $($arg),*) }
            } else {
                $body($($arg),*)
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            $body($($arg),*)
        }
    }};
}

pub(crate) use dispatch;
