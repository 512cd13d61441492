//! Numbers typed with a Chinese (or Japanese) input method: its full-width digits and signs
//! (`０`-`９`, `．`, `－`, `＋`, `，`, `ｅ`) read as the ASCII ones, as Unicode's compatibility
//! normalisation (NFKC) maps them, so `０．５９３３` is the answer 0.5933.

use std::borrow::Cow;

/// The ASCII character a full-width digit or sign stands for; any other character as it is.
pub fn halfwidth(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '－' => '-',
        '＋' => '+',
        '，' => ',',
        'ｅ' => 'e',
        'Ｅ' => 'E',
        c => c,
    }
}

/// `text` with its full-width digits and signs made ASCII (borrowed when there are none).
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| halfwidth(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(halfwidth).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_signs_become_ascii() {
        assert_eq!(normalize("０．５９３３"), "0.5933");
        assert_eq!(normalize("－１２３４５６７８９"), "-123456789");
        assert_eq!(normalize("＋３．５ｅ－５"), "+3.5e-5");
        assert_eq!(normalize("０，５"), "0,5");
        assert!(matches!(normalize("0.5933"), Cow::Borrowed(_)));
        // Other wide characters are left alone.
        assert_eq!(normalize("五"), "五");
    }
}
