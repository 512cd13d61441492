//! How large a TOML file may be.
//!
//! The TOML parser keeps every key, value and span of a document in memory, and what that costs
//! depends on the document's shape more than on its size. Measured through the real binary
//! (`/usr/bin/time -f %M`, peak resident memory, files of 0.25–16 MiB), per byte of text:
//!
//! | the file is mostly …                                  | bytes of memory per byte |
//! | ----------------------------------------------------- | ------------------------ |
//! | decimal numbers, `x = [0.123456789, …]`               | 17                       |
//! | samples, `[[data]]` with `input` and `target`         | 63                       |
//! | empty arrays `[[], [], …]`, small integers `[1, 1, …]` | 66–75                   |
//! | one-number arrays `[[1], [1], …]`                     | 121                      |
//! | inline tables of dotted keys `[{a.a.a.a.a = 1}, …]`   | up to 590                |
//!
//! The last shape is the worst found (deeper nesting stops at the parser's recursion limit).
//! Files of exactly [`MAX_TOML_BYTES`] peak at 226 MB in that shape, 150 MB for inline tables
//! `{a.b.c = 1}`, 30–34 MB for brackets and small integers and 11 MB for decimal numbers: a TOML
//! file within the limit parses in under 256 MB whatever it holds.
//! The size is checked from the file's metadata before it is read, and again while reading.
//! Bulk numbers do not belong in TOML: a lesson reads its samples from a CSV file and a layer's
//! parameters from NumPy `.npy` files, which are read without that overhead.

/// Largest TOML file read (a lesson or a worksheet), in bytes: 384 KiB.
pub const MAX_TOML_BYTES: u64 = 384 * 1024;

/// `bytes` in the unit that suits it: "512 bytes", "384 KiB", "1.5 MiB", "2 GiB".
pub fn size(bytes: u64) -> String {
    match scaled(bytes) {
        (_, "bytes") => crate::msg!("err-bytes", n = bytes.to_string()),
        (x, unit) => round(x, unit),
    }
}

/// Would [`size`] show `a` and `b` as the same size (so that only bytes tell them apart)?
pub fn same_size(a: u64, b: u64) -> bool {
    let ((x, u), (y, v)) = (scaled(a), scaled(b));
    u == v && (x * 10.0).round() == (y * 10.0).round()
}

/// `bytes` as a number of the unit that suits it, and the unit.
fn scaled(bytes: u64) -> (f64, &'static str) {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        (b, "bytes")
    } else if b < KIB * KIB {
        (b / KIB, "KiB")
    } else if b < KIB * KIB * KIB {
        (b / (KIB * KIB), "MiB")
    } else {
        (b / (KIB * KIB * KIB), "GiB")
    }
}

/// Whole numbers without decimals ("384 KiB"), others to one decimal ("1.5 MiB").
fn round(x: f64, unit: &str) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0} {unit}")
    } else {
        format!("{x:.1} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_their_units() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(MAX_TOML_BYTES), "384 KiB");
        assert_eq!(size(MAX_TOML_BYTES + 1), "384.0 KiB");
        assert_eq!(size(3 * 1024 * 1024 / 2), "1.5 MiB");
        assert_eq!(size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(size(1 << 31), "2 GiB");
        assert!(same_size(MAX_TOML_BYTES, MAX_TOML_BYTES + 1));
        assert!(!same_size(MAX_TOML_BYTES, MAX_TOML_BYTES + 1024));
    }
}
