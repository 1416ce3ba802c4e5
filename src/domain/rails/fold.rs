//! Names for rails that take ASCII only (Pix, VietQR): accents dropped, as banks print
//! them (`São Paulo` → `Sao Paulo`, `Nguyễn Văn Đức` → `Nguyen Van Duc`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `s` in ASCII with accents dropped; `None` when a character has no ASCII letter
/// (Thai, emoji): such a name must be typed in Latin letters.
#[must_use]
pub fn ascii_fold(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            c if is_combining_mark(c) => {}
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_go_and_other_scripts_are_refused() {
        assert_eq!(ascii_fold("São Paulo").as_deref(), Some("Sao Paulo"));
        assert_eq!(
            ascii_fold("Nguyễn Văn Đức").as_deref(),
            Some("Nguyen Van Duc")
        );
        assert_eq!(ascii_fold("ร้านนก"), None);
    }
}
