//! "Did you mean …?" for misspelt names: a small edit distance, no crate.

/// Edit distance between `a` and `b`, ignoring case: insertions, deletions, substitutions and
/// swaps of two neighbouring characters each cost 1 (optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows suffice: the swap looks two rows back.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate `input` most likely meant, if any is close enough to be worth suggesting.
///
/// Close enough: an alias (e.g. PyTorch's or Keras's name for the same thing), a candidate
/// that starts with what was typed ("xavier" → "xavier_uniform"), or a candidate within a
/// small edit distance (1 for names of up to 3 letters, else about a third of the
/// length, at least 2 and at most 3).
pub fn nearest<'c>(
    input: &str,
    candidates: &[&'c str],
    aliases: &[(&str, &'c str)],
) -> Option<&'c str> {
    let normal = normalise(input);
    if normal.is_empty() {
        return None;
    }
    if let Some(&(_, to)) = aliases.iter().find(|(from, _)| normalise(from) == normal) {
        return Some(to);
    }
    let mut best: Option<(usize, &'c str)> = None;
    for &c in candidates {
        let d = edit_distance(&normal, c);
        let len = c.chars().count().max(normal.chars().count());
        let limit = if len >= 4 { (len / 3).clamp(2, 3) } else { 1 };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    if let Some((_, c)) = best {
        return Some(c);
    }
    if normal.chars().count() >= 2 {
        return candidates.iter().copied().find(|c| c.starts_with(&normal));
    }
    None
}

/// Lower case, with `-` and spaces read as `_`, so "Leaky-ReLU" meets "leaky_relu".
fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_known_by_hand() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
        assert_eq!(edit_distance("learing_rate", "learning_rate"), 1);
        assert_eq!(edit_distance("sigmod", "sigmoid"), 1);
        assert_eq!(edit_distance("sigmiod", "sigmoid"), 1); // one swap
        assert_eq!(edit_distance("tanh", "than"), 2); // h moved two places
        assert_eq!(edit_distance("ReLU", "relu"), 0); // case is ignored
        assert_eq!(edit_distance("é", "e"), 1); // characters, not bytes
    }

    #[test]
    fn distance_is_symmetric() {
        for (a, b) in [
            ("adam", "adamw"),
            ("mse", "half_sse"),
            ("ab", "ba"),
            ("xyz", ""),
        ] {
            assert_eq!(edit_distance(a, b), edit_distance(b, a));
        }
    }

    const ACTS: [&str; 6] = [
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "identity",
        "softmax",
    ];

    #[test]
    fn suggestions() {
        assert_eq!(nearest("sigmod", &ACTS, &[]), Some("sigmoid"));
        assert_eq!(nearest("ReLU", &ACTS, &[]), Some("relu"));
        assert_eq!(nearest("Leaky-ReLU", &ACTS, &[]), Some("leaky_relu"));
        assert_eq!(nearest("leaky", &ACTS, &[]), Some("leaky_relu"));
        assert_eq!(nearest("than", &ACTS, &[]), Some("tanh"));
        assert_eq!(nearest("banana", &ACTS, &[]), None);
        assert_eq!(nearest("", &ACTS, &[]), None);
        assert_eq!(
            nearest("linear", &ACTS, &[("linear", "identity")]),
            Some("identity")
        );
        assert_eq!(
            nearest("xavier", &["xavier_uniform", "he_uniform"], &[]),
            Some("xavier_uniform")
        );
    }
}
