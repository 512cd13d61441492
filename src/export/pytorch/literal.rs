//! Numbers in a PyTorch script, at full precision: a small tensor as a nested Python list
//! a learner can read (`[[0.15, 0.2], [0.25, 0.3]]`), a large one packed as base64 of its
//! float64s (little-endian, row-major) in the `PACKED` table at the end of the script, and
//! read back with `unpack("name", *shape)`. 8 bytes a number and a third more for base64: a
//! 784-128-10 network's 101,770 parameters take 1.1 MB.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Tensors of at most this many numbers are written out as lists.
pub const INLINE: usize = 64;

/// Characters per line of packed base64, as MIME writes it.
const LINE: usize = 76;

/// A float as Python reads it back to the same f64: the shortest digits that do (`0.1`,
/// `1e-20`, `-0.0`), and `math.inf`, `-math.inf`, `math.nan` for the values Python has no
/// literal for.
pub fn python_float(x: f64) -> String {
    if x.is_nan() {
        "math.nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "math.inf" } else { "-math.inf" }.into()
    } else {
        format!("{x:?}")
    }
}

/// `values` (row-major, of shape `dims`) as a nested Python list; a scalar (no dims) as a
/// number.
pub fn nested_list(values: &[f64], dims: &[usize]) -> String {
    let mut out = String::new();
    nest(values, dims, &mut out);
    out
}

fn nest(values: &[f64], dims: &[usize], out: &mut String) {
    let Some((&first, rest)) = dims.split_first() else {
        out.push_str(&python_float(values[0]));
        return;
    };
    let per: usize = rest.iter().product();
    out.push('[');
    for i in 0..first {
        if i > 0 {
            out.push_str(", ");
        }
        nest(&values[i * per..(i + 1) * per], rest, out);
    }
    out.push(']');
}

/// The large tensors of a script, packed, in the order they were first used.
#[derive(Debug, Default)]
pub struct Packed {
    entries: Vec<(String, String)>,
}

impl Packed {
    /// A Python expression for the tensor `values` of shape `dims`: a `torch.tensor` of a
    /// nested list when it is small, else `unpack(key, *dims)` with the numbers packed under
    /// `key` (which must be new).
    pub fn tensor(&mut self, key: &str, values: &[f64], dims: &[usize]) -> String {
        if values.len() <= INLINE {
            return format!("torch.tensor({})", nested_list(values, dims));
        }
        self.unpack(key, values, dims)
    }

    /// `unpack(key, *dims)`, with `values` packed under `key`, however few they are.
    pub fn unpack(&mut self, key: &str, values: &[f64], dims: &[usize]) -> String {
        debug_assert!(self.entries.iter().all(|(k, _)| k != key), "{key} twice");
        self.entries.push((key.to_string(), pack(values)));
        let mut args = vec![python_string(key)];
        args.extend(dims.iter().map(|d| d.to_string()));
        format!("unpack({})", args.join(", "))
    }

    /// Is nothing packed?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `PACKED = {…}` table, a triple-quoted string of base64 per tensor.
    pub fn table(&self) -> String {
        let mut out = String::from("PACKED = {\n");
        for (key, text) in &self.entries {
            out.push_str(&format!("    {}: \"\"\"\n", python_string(key)));
            for line in text.as_bytes().chunks(LINE) {
                out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
                out.push('\n');
            }
            out.push_str("\"\"\",\n");
        }
        out.push_str("}\n");
        out
    }
}

/// Base64 of the numbers' float64 bytes, little-endian.
pub fn pack(values: &[f64]) -> String {
    let bytes: Vec<u8> = values.iter().flat_map(|x| x.to_le_bytes()).collect();
    STANDARD.encode(bytes)
}

/// A Python string literal of `text` (JSON's escapes are Python's too).
pub fn python_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// `text` on one line, for a Python comment: line breaks become spaces.
pub fn comment_text(text: &str) -> String {
    text.split(['\n', '\r']).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_in_python_syntax() {
        assert_eq!(python_float(0.1), "0.1");
        assert_eq!(python_float(1e-20), "1e-20");
        assert_eq!(python_float(2.0), "2.0");
        assert_eq!(python_float(-0.0), "-0.0");
        assert_eq!(python_float(0.39249999999999996), "0.39249999999999996");
        assert_eq!(python_float(f64::NEG_INFINITY), "-math.inf");
        assert_eq!(python_float(f64::NAN), "math.nan");
    }

    #[test]
    fn lists_nest_by_shape() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        assert_eq!(
            nested_list(&v, &[2, 3]),
            "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]"
        );
        assert_eq!(nested_list(&v[..1], &[]), "1.0");
        assert_eq!(nested_list(&v[..2], &[1, 1, 2]), "[[[1.0, 2.0]]]");
    }

    #[test]
    fn packing_is_base64_of_little_endian_bytes() {
        // 1.0 is 0x3FF0000000000000: bytes 00 … 00 F0 3F.
        assert_eq!(pack(&[1.0]), "AAAAAAAA8D8=");
        let mut packed = Packed::default();
        assert_eq!(
            packed.tensor("w", &[0.5, 0.25], &[2]),
            "torch.tensor([0.5, 0.25])"
        );
        let big = vec![0.0; INLINE + 1];
        assert_eq!(packed.tensor("x", &big, &[INLINE + 1]), "unpack(\"x\", 65)");
        assert!(
            packed
                .table()
                .starts_with("PACKED = {\n    \"x\": \"\"\"\nAAAA")
        );
        assert_eq!(python_string("a \"b\"\\"), "\"a \\\"b\\\"\\\\\"");
    }
}
