//! A lesson's prose (notes, summaries) in plain ASCII, for `--ascii`: the Unicode math that
//! lessons write (σ′(z), a⁽¹⁾₁, Σⱼ, η·∂L/∂w, ½, −) spelled as the ASCII notation spells
//! formulas (`sigma'(z)`, `a(1)[1]`, `sum_j`, `eta*dL/dw`, `1/2`, `-`). Nothing above 127 is
//! left: a run of characters with no spelling is named (`[2 characters not in ASCII]`); for
//! plain text in Chinese, [`ascii_but_wide`] keeps the Chinese characters instead.

use super::scripts::{Script, plain};

/// A paragraph's lines as one: joined with a space, except between two wide (CJK)
/// characters, since Chinese prose has no spaces between words and one there shows as a gap.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for (j, line) in lines.into_iter().map(str::trim).enumerate() {
        if j > 0 && joins_with_space(&joined, line) {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined
}

/// Do two lines of a paragraph join with a space? Not between two wide (CJK) characters, and
/// not beside full-width punctuation, which carries its own space.
pub fn joins_with_space(before: &str, after: &str) -> bool {
    use unicode_width::UnicodeWidthChar;
    let (last, first) = (before.chars().last(), after.chars().next());
    let wide = |c: Option<char>| c.is_some_and(|c| c.width() == Some(2));
    let punct =
        |c: Option<char>| c.is_some_and(|c| "，。、；：！？（）《》「」『』【】“”‘’".contains(c));
    !(wide(last) && wide(first) || punct(last) || punct(first))
}

/// `text` with every character in ASCII.
pub fn ascii(text: &str) -> String {
    spelled(text, false)
}

/// `text` in ASCII as [`ascii`] spells it, except that wide characters — Chinese and its
/// full-width punctuation — and characters ASCII has no spelling for stay as they are: the
/// words of a plain-text document in Chinese, around formulas in ASCII.
pub fn ascii_but_wide(text: &str) -> String {
    spelled(text, true)
}

/// Is `c` a wide (two-column) character: Chinese, or full-width punctuation?
fn wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

fn spelled(text: &str, keep_wide: bool) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    // A layer superscript (⁽¹⁾) just written: the subscript after it is its neuron index.
    let mut after_layer = false;
    while let Some(c) = chars.next() {
        if let Some((_, kind)) = script(c) {
            let mut run = String::new();
            run.push(script(c).map_or(c, |(p, _)| p));
            while let Some(&next) = chars.peek() {
                match script(next) {
                    Some((p, k)) if k == kind => {
                        run.push(p);
                        chars.next();
                    }
                    // Indices of a step and a unit, ₂,₁: one run, [2,1].
                    None if next == ',' && kind == Script::Sub => {
                        let mut ahead = chars.clone();
                        ahead.next();
                        match ahead.peek().and_then(|&c| script(c)) {
                            Some((_, Script::Sub)) => {
                                run.push(',');
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                    _ => break,
                }
            }
            match kind {
                Script::Super if run.starts_with('(') && run.ends_with(')') => {
                    out.push_str(&run);
                    after_layer = true;
                    continue;
                }
                Script::Super => {
                    out.push('^');
                    out.push_str(&run);
                }
                Script::Sub if after_layer => {
                    out.push('[');
                    out.push_str(&run);
                    out.push(']');
                }
                Script::Sub => {
                    out.push('_');
                    out.push_str(&run);
                }
            }
            after_layer = false;
            continue;
        }
        after_layer = false;
        if c.is_ascii() || keep_wide && wide(c) {
            out.push(c);
        } else if keep_wide && c == '—' && chars.peek() == Some(&'—') {
            // Chinese's dash, ——, is one mark of punctuation.
            out.push_str("——");
            chars.next();
        } else if spelling(c) != UNWRITTEN {
            out.push_str(spelling(c));
        } else if keep_wide {
            // A document in Chinese is not ASCII anyway: what has no spelling stays itself
            // (⌊, p̃) rather than being named in English.
            out.push(c);
        } else {
            // A run of text ASCII cannot write (Chinese, say) is named, not turned into `?`s:
            // `[6 characters not in ASCII]`.
            let mut n = 1;
            while chars.peek().is_some_and(|&next| {
                spelling(next) == UNWRITTEN && !next.is_ascii() && !(keep_wide && wide(next))
            }) {
                chars.next();
                n += 1;
            }
            let what = if n == 1 { "character" } else { "characters" };
            out.push_str(&format!("[{n} {what} not in ASCII]"));
        }
    }
    out
}

/// What [`spelling`] gives a character it has no ASCII for.
const UNWRITTEN: &str = "?";

/// A super- or subscript character, letters included: (its plain character, which kind).
fn script(c: char) -> Option<(char, Script)> {
    if let Some(p) = plain(c) {
        return Some(p);
    }
    let sup = match c {
        'ᵀ' => 'T',
        'ᵗ' => 't',
        'ⁿ' => 'n',
        'ⁱ' => 'i',
        'ʲ' => 'j',
        'ᵏ' => 'k',
        'ˡ' => 'l',
        'ᴸ' => 'L',
        'ᶻ' => 'z',
        'ˣ' => 'x',
        _ => {
            let sub = match c {
                'ₐ' => 'a',
                'ₑ' => 'e',
                'ₒ' => 'o',
                'ₓ' => 'x',
                'ₕ' => 'h',
                'ₖ' => 'k',
                'ₗ' => 'l',
                'ₘ' => 'm',
                'ₙ' => 'n',
                'ₚ' => 'p',
                'ₛ' => 's',
                'ₜ' => 't',
                'ᵢ' => 'i',
                'ⱼ' => 'j',
                'ᵣ' => 'r',
                'ᵤ' => 'u',
                'ᵥ' => 'v',
                _ => return None,
            };
            return Some((sub, Script::Sub));
        }
    };
    Some((sup, Script::Super))
}

/// The ASCII spelling of a character that is neither ASCII nor a script.
fn spelling(c: char) -> &'static str {
    match c {
        'α' => "alpha",
        'β' => "beta",
        'γ' => "gamma",
        'δ' => "delta",
        'Δ' => "Delta",
        'ε' | 'ϵ' => "eps",
        'η' => "eta",
        'θ' => "theta",
        'λ' => "lambda",
        'μ' => "mu",
        'π' => "pi",
        'σ' => "sigma",
        'Σ' | '∑' => "sum",
        'τ' => "tau",
        'φ' => "phi",
        'Φ' => "Phi",
        'ω' => "omega",
        '∂' => "d",
        '∇' => "grad ",
        '−' | '–' | '‐' | '‑' => "-",
        '—' => "--",
        '·' | '⋅' | '∙' | '•' => "*",
        '×' => "x",
        '÷' | '⁄' => "/",
        '→' | '⟶' => "->",
        '←' | '⟵' => "<-",
        '⇒' => "=>",
        '↔' => "<->",
        '≈' | '≃' => "~",
        '≠' => "!=",
        '≤' => "<=",
        '≥' => ">=",
        '±' => "+/-",
        '√' => "sqrt",
        '∞' => "inf",
        '½' => "1/2",
        '¼' => "1/4",
        '¾' => "3/4",
        '⊙' => "(*)",
        '⊕' => "(+)",
        '′' | '‘' | '’' | 'ʹ' => "'",
        '″' => "''",
        '“' | '”' | '„' => "\"",
        '…' => "...",
        '∈' => " in ",
        '∏' => "prod",
        '°' => " deg",
        '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => " ",
        '\u{302}' => "hat",
        '\u{304}' => "bar",
        '\u{feff}' | '\u{200b}' => "",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'á' | 'à' | 'â' | 'ä' => "a",
        'ó' | 'ò' | 'ô' | 'ö' => "o",
        'ú' | 'ù' | 'û' | 'ü' => "u",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ç' => "c",
        'ñ' => "n",
        'ß' => "ss",
        _ => UNWRITTEN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_ascii_cannot_write_is_named_not_turned_into_question_marks() {
        assert_eq!(
            ascii("两层 sigmoid 网络, η = 0.5"),
            "[2 characters not in ASCII] sigmoid [2 characters not in ASCII], eta = 0.5"
        );
        assert_eq!(ascii("δ：误差项"), "delta[4 characters not in ASCII]");
        assert!(!ascii("前向传播").contains('?'));
    }

    #[test]
    fn chinese_stays_and_everything_else_is_spelled_in_ascii() {
        assert_eq!(
            ascii_but_wide("隐藏层的 σ′(z)——见 δ⁽²⁾₁，“好”"),
            "隐藏层的 sigma'(z)——见 delta(2)[1]，\"好\""
        );
        // A lone dash is ASCII's, and text with no Chinese is what `ascii` writes.
        assert_eq!(ascii_but_wide("a — b"), "a -- b");
        assert_eq!(ascii_but_wide("η·∂L/∂w"), ascii("η·∂L/∂w"));
        // What is neither Chinese nor spelled stays itself: the document is not ASCII anyway.
        assert_eq!(ascii_but_wide("层 ⚙"), "层 ⚙");
    }

    #[test]
    fn math_prose_reads_as_the_ascii_notation() {
        let cases = [
            (
                "a = σ(z) = 1 / (1 + e^(−z))",
                "a = sigma(z) = 1 / (1 + e^(-z))",
            ),
            (
                "The loss is ½ Σⱼ (aⱼ − yⱼ)².",
                "The loss is 1/2 sum_j (a_j - y_j)^2.",
            ),
            (
                "δ⁽¹⁾₁ = Σₖ w⁽²⁾ₖ₁·δ⁽²⁾ₖ",
                "delta(1)[1] = sum_k w(2)[k1]*delta(2)[k]",
            ),
            ("w ← w − η·∂L/∂w", "w <- w - eta*dL/dw"),
            ("m̂ and v̂, β₁ᵗ", "mhat and vhat, beta_1^t"),
            (
                "δ = aᵀ ⊙ σ′(z) … done",
                "delta = a^T (*) sigma'(z) ... done",
            ),
            ("W⁽ˡ⁾ is 128×784", "W(l) is 128x784"),
            ("attention causal ⊕1", "attention causal (+)1"),
            // A step and a unit, as recurrent layers name their numbers.
            (
                "∂L/∂h⁽¹⁾₆,₁ = 0.03, then x₁, y",
                "dL/dh(1)[6,1] = 0.03, then x_1, y",
            ),
            ("plain", "plain"),
        ];
        for (unicode, ascii_text) in cases {
            assert_eq!(ascii(unicode), ascii_text, "{unicode}");
        }
    }

    #[test]
    fn nothing_above_127_is_left() {
        let all: String = (0x80u32..0x3000).filter_map(char::from_u32).collect();
        assert!(ascii(&all).is_ascii());
    }
}
