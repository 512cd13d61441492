//! Step names as learners write them (`a1[1]`, `δ⁽¹⁾₂`, `dL/dw(2)[1,1]`, `E_total`), read
//! back to the step most likely meant.

use crate::source::suggest::nearest;
use crate::trace::{Quantity, StepId};

/// Other ways of writing a quantity, as in textbooks and blog posts.
const QUANTITY_ALIASES: [(&str, &str); 16] = [
    ("δ", "delta"),
    ("dz", "delta"),
    ("dl/dz", "delta"),
    ("∂l/∂z", "delta"),
    ("dl/dw", "dw"),
    ("∂l/∂w", "dw"),
    ("dl/db", "db"),
    ("∂l/∂b", "db"),
    ("net", "z"),
    ("out", "a"),
    ("o", "a"),
    ("h", "a"),
    ("weight", "w"),
    ("bias", "b"),
    ("m_hat", "mhat"),
    ("v_hat", "vhat"),
];

/// Names for the loss.
const LOSS_ALIASES: [&str; 7] = ["loss", "l", "e", "error", "e_total", "etotal", "cost"];

/// A step name this slip most likely meant, if any: `a1[1]`, `z(1)(1)`, `δ⁽¹⁾₁`, `W(2)[1,1]`,
/// `dL/dw(2)[1,1]`, `E_total`. Its existence in the lesson is checked by the caller.
pub fn repair(name: &str) -> Option<StepId> {
    // Superscript and subscript digits become plain ones, a comma between the two runs
    // (δ⁽¹⁾₂ → δ(1),2), so the numbers stay apart.
    let mut plain = String::new();
    let mut last_script = 0;
    for c in name.trim().chars().filter(|c| !c.is_whitespace()) {
        let (c, script) = match c {
            '⁽' => ('(', 0),
            '⁾' => (')', 0),
            '⁰' | '⁴'..='⁹' | '¹' | '²' | '³' => (superscript_digit(c), 1),
            '₀'..='₉' => (char::from(b'0' + (c as u32 - '₀' as u32) as u8), 2),
            c => (c, 0),
        };
        if script != 0 && last_script != 0 && script != last_script {
            plain.push(',');
        }
        if c.is_ascii_digit() || script != 0 {
            last_script = script;
        }
        plain.extend(c.to_lowercase());
    }
    if LOSS_ALIASES.contains(&plain.as_str()) {
        return Some(StepId::LOSS);
    }
    let (word, tail) = plain
        .split_once(|c: char| c.is_ascii_digit() || matches!(c, '(' | '[' | '_' | '^' | '{'))
        .map_or((plain.as_str(), ""), |(word, _)| {
            (word, plain.get(word.len()..).unwrap_or_default())
        });
    let stems = Quantity::stems();
    let names: Vec<&str> = stems.iter().map(String::as_str).collect();
    let quantity = Quantity::from_name(word)
        .or_else(|| {
            QUANTITY_ALIASES
                .iter()
                .find(|(from, _)| *from == word)
                .and_then(|(_, to)| Quantity::from_name(to))
        })
        // One-letter slips (x, y) are too far from meaning anything to guess at.
        .or_else(|| {
            (word.chars().count() >= 3)
                .then(|| nearest(word, &names, &[]))
                .flatten()
                .and_then(Quantity::from_name)
        })?;
    let numbers: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().ok())
        .collect::<Option<_>>()?;
    let weight_shaped = matches!(quantity, Quantity::DW | Quantity::W);
    let neuron_shaped = matches!(
        quantity,
        Quantity::Z | Quantity::A | Quantity::Delta | Quantity::DB | Quantity::B
    );
    let id = match (quantity, numbers.as_slice()) {
        (Quantity::Loss, []) => StepId::LOSS,
        (_, &[l, j]) if !weight_shaped && j > 0 => StepId::neuron(quantity, l, j - 1),
        (_, &[l, j, k]) if !neuron_shaped && j > 0 && k > 0 => {
            StepId::weight(quantity, l, j - 1, k - 1)
        }
        _ => return None,
    };
    (id.to_string() != name.trim()).then_some(id)
}

fn superscript_digit(c: char) -> char {
    match c {
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        c => char::from(b'0' + (c as u32 - '⁰' as u32) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(s: &str) -> Option<String> {
        repair(s).map(|id| id.to_string())
    }

    #[test]
    fn slips_in_step_names_are_repaired() {
        assert_eq!(repaired("a1[1]").as_deref(), Some("a(1)[1]"));
        assert_eq!(repaired("z(1)(1)").as_deref(), Some("z(1)[1]"));
        assert_eq!(repaired("W(2)[1,1]").as_deref(), Some("w(2)[1,1]"));
        assert_eq!(repaired("δ⁽¹⁾₂").as_deref(), Some("delta(1)[2]"));
        assert_eq!(repaired("w⁽²⁾₁,₂").as_deref(), Some("w(2)[1,2]"));
        assert_eq!(repaired("dL/dw(2)[1,1]").as_deref(), Some("dw(2)[1,1]"));
        assert_eq!(repaired("dleta(2)[1]").as_deref(), Some("delta(2)[1]"));
        assert_eq!(repaired("E_total").as_deref(), Some("loss"));
        assert_eq!(repaired("Loss").as_deref(), Some("loss"));
        assert_eq!(repaired("delta(1,2)").as_deref(), Some("delta(1)[2]"));
        assert_eq!(repaired("banana(1)[1]"), None);
        assert_eq!(repaired("z(1)[0]"), None);
        assert_eq!(repaired("w(2)[1]"), None);
    }
}
