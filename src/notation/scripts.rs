//! Super- and subscripts: the layer of a name (`a⁽¹⁾`), its neurons (`w₁,₂`), powers (`x²`),
//! and the way back from them, for reading a name a learner copied from the screen.

use super::Notation;

/// `s` in superscript characters where Unicode has them (digits, parentheses, minus, plus);
/// other characters are kept.
pub fn superscript(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => SUPERSCRIPT_DIGITS[(c as u8 - b'0') as usize],
            '(' => '⁽',
            ')' => '⁾',
            '-' => '⁻',
            '+' => '⁺',
            c => c,
        })
        .collect()
}

/// `s` in subscript characters where Unicode has them (digits, parentheses, minus, plus).
pub fn subscript(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('₀' as u32 + u32::from(c as u8 - b'0')).unwrap_or(c),
            '(' => '₍',
            ')' => '₎',
            '-' => '₋',
            '+' => '₊',
            c => c,
        })
        .collect()
}

const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// The layer of a name: `⁽²⁾` in Unicode, `(2)` in ASCII, `^{(2)}` in LaTeX.
pub fn layer(l: usize, notation: Notation) -> String {
    match notation {
        Notation::Unicode => superscript(&format!("({l})")),
        Notation::Ascii => format!("({l})"),
        Notation::Latex => format!("^{{({l})}}"),
    }
}

/// Which kind of script a character is, when it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// A superscript character.
    Super,
    /// A subscript character.
    Sub,
}

/// The plain character a super- or subscript character stands for: `¹` → `1`, `₍` → `(`.
pub fn plain(c: char) -> Option<(char, Script)> {
    if let Some(d) = SUPERSCRIPT_DIGITS.iter().position(|&s| s == c) {
        return Some((char::from(b'0' + d as u8), Script::Super));
    }
    let sup = match c {
        '⁽' => Some('('),
        '⁾' => Some(')'),
        '⁻' => Some('-'),
        '⁺' => Some('+'),
        _ => None,
    };
    if let Some(p) = sup {
        return Some((p, Script::Super));
    }
    let sub = match c {
        '₀'..='₉' => char::from_u32(u32::from(b'0') + (c as u32 - '₀' as u32)),
        '₍' => Some('('),
        '₎' => Some(')'),
        '₋' => Some('-'),
        '₊' => Some('+'),
        _ => None,
    };
    sub.map(|p| (p, Script::Sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_back() {
        assert_eq!(superscript("(12)"), "⁽¹²⁾");
        assert_eq!(subscript("1,2"), "₁,₂");
        assert_eq!(layer(3, Notation::Unicode), "⁽³⁾");
        assert_eq!(layer(3, Notation::Ascii), "(3)");
        assert_eq!(layer(3, Notation::Latex), "^{(3)}");
        for c in "0123456789()-+".chars() {
            let up = superscript(&c.to_string()).chars().next().unwrap();
            let down = subscript(&c.to_string()).chars().next().unwrap();
            assert_eq!(plain(up), Some((c, Script::Super)), "{c}");
            assert_eq!(plain(down), Some((c, Script::Sub)), "{c}");
        }
        assert_eq!(plain('a'), None);
    }
}
