//! Seller-provided text (names, descriptions, notes) made safe to show among our own.
//!
//! Such text may carry bidirectional controls (U+202E turns "exe.txt" around) or
//! invisible characters. Shown inside a sentence, it is cleaned of those and wrapped
//! in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so its direction cannot reorder
//! the words around it, and an Arabic or Hebrew name still reads right to left.
//! The stored text is never changed: this is for display only.

/// U+2068 FIRST STRONG ISOLATE.
const FSI: char = '\u{2068}';
/// U+2069 POP DIRECTIONAL ISOLATE.
const PDI: char = '\u{2069}';

/// Whether `c` can reorder or hide text: embeddings, overrides, isolates, marks, and
/// zero-width characters other than the joiners scripts and emoji need (U+200C, U+200D).
#[must_use]
pub fn is_spoofing(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{180E}'
    )
}

/// `s` without characters that could reorder or hide text.
#[must_use]
pub fn clean(s: &str) -> String {
    s.chars().filter(|&c| !is_spoofing(c)).collect()
}

/// `s` on one line: control characters (a newline in a name, a tab, a bell) as spaces.
#[must_use]
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `s` cut to `max` characters, an ellipsis marking the cut.
#[must_use]
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// `s` cleaned and isolated, ready to stand inside a sentence of ours.
#[must_use]
pub fn isolate(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(s.len() + 6);
    out.push(FSI);
    out.extend(s.chars().filter(|&c| !is_spoofing(c)));
    out.push(PDI);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_and_invisible_characters_are_dropped() {
        assert_eq!(clean("abc\u{202E}txt.exe"), "abctxt.exe");
        assert_eq!(clean("pay\u{200B}pal\u{FEFF}"), "paypal");
        assert_eq!(clean("\u{2066}x\u{2069}\u{200E}\u{200F}"), "x");
        // Joiners stay: emoji sequences and some scripts need them.
        assert_eq!(clean("👩\u{200D}💻"), "👩\u{200D}💻");
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn isolated_text_is_wrapped_once() {
        assert_eq!(isolate("Ann"), "\u{2068}Ann\u{2069}");
        assert_eq!(isolate("\u{202E}evil"), "\u{2068}evil\u{2069}");
        assert_eq!(isolate(""), "");
        let shown = isolate("שלום\u{2069}\u{202E}");
        assert_eq!(shown.matches(PDI).count(), 1);
        assert!(shown.ends_with(PDI));
    }

    proptest::proptest! {
        #[test]
        fn nothing_can_escape_the_isolate(s in "\\PC{0,40}") {
            let shown = isolate(&s);
            let inner: Vec<char> = shown.chars().collect();
            if !s.is_empty() {
                proptest::prop_assert_eq!(inner.first(), Some(&FSI));
                proptest::prop_assert_eq!(inner.last(), Some(&PDI));
                proptest::prop_assert!(inner[1..inner.len() - 1].iter().all(|c| !is_spoofing(*c)));
            }
        }
    }
}
