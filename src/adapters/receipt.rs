//! A buyer's receipt, as an HTML page and as a PDF. The HTTP door gathers the
//! localized lines; this module only lays them out.
//!
//! The PDF is drawn with krilla and embeds Noto Sans (Latin with Vietnamese, Greek,
//! Cyrillic) and Noto Sans Thai, subset to the glyphs used; both are under the SIL Open
//! Font License (`assets/fonts/OFL.txt`).

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::html::escape;

static NOTO_SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
static NOTO_SANS_THAI: &[u8] = include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf");

/// A receipt's text, already localized; nothing here is escaped yet.
#[derive(Debug, Clone)]
pub struct ReceiptText {
    pub lang: String,
    /// "Receipt".
    pub title: String,
    /// "Paid to {seller}".
    pub heading: String,
    /// The amount, formatted for the buyer.
    pub amount: String,
    /// (label, value) lines: what for, when, how, references.
    pub lines: Vec<(String, String)>,
    /// A closing sentence (a refund), if any.
    pub note: Option<String>,
}

/// The receipt's body for [`super::html::page`]: every value escaped, `actions` (links
/// to print and download, already HTML) hidden when printing.
#[must_use]
pub fn html(r: &ReceiptText, actions: &str) -> String {
    let mut rows = String::new();
    for (label, value) in &r.lines {
        rows.push_str(&format!(
            "<dt>{}</dt><dd dir=\"auto\">{}</dd>",
            escape(label),
            escape(value)
        ));
    }
    let note = r
        .note
        .as_deref()
        .map(|n| format!("<p class=\"notice\">{}</p>", escape(n)))
        .unwrap_or_default();
    format!(
        "<div class=\"card receipt\"><p class=\"muted\">{title}</p><h1>{heading}</h1>\
         <p class=\"amount\">{amount}</p><dl>{rows}</dl>{note}\
         <p class=\"noprint\">{actions}</p></div>",
        title = escape(&r.title),
        heading = escape(&r.heading),
        amount = escape(&r.amount),
    )
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("an embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The two embedded faces: Thai letters from the Thai one, everything else from Noto Sans.
struct Faces {
    latin: Font,
    thai: Font,
    /// The same faces parsed for their character maps: what can be drawn.
    maps: [rustybuzz::Face<'static>; 2],
}

impl Faces {
    fn load() -> Result<Self, PdfError> {
        let map = |data: &'static [u8]| rustybuzz::Face::from_slice(data, 0).ok_or(PdfError::Font);
        Ok(Self {
            latin: Font::new(NOTO_SANS.into(), 0).ok_or(PdfError::Font)?,
            thai: Font::new(NOTO_SANS_THAI.into(), 0).ok_or(PdfError::Font)?,
            maps: [map(NOTO_SANS)?, map(NOTO_SANS_THAI)?],
        })
    }

    fn is_thai(c: char) -> bool {
        ('\u{0E00}'..='\u{0E7F}').contains(&c)
    }

    /// `text` cut where the face changes, each run with its face.
    fn runs<'a>(&self, text: &'a str) -> Vec<(&'a str, &Font, &'static [u8])> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut thai = None;
        for (i, c) in text.char_indices() {
            // Combining marks stay with the letter before them.
            let now = if Self::is_thai(c) {
                true
            } else if is_mark(c) {
                thai.unwrap_or(false)
            } else {
                false
            };
            if thai.is_some_and(|t| t != now) {
                out.push(self.run(&text[start..i], thai == Some(true)));
                start = i;
            }
            thai = Some(now);
        }
        if start < text.len() {
            out.push(self.run(&text[start..], thai == Some(true)));
        }
        out
    }

    fn run<'a>(&self, text: &'a str, thai: bool) -> (&'a str, &Font, &'static [u8]) {
        if thai {
            (text, &self.thai, NOTO_SANS_THAI)
        } else {
            (text, &self.latin, NOTO_SANS)
        }
    }

    /// The width of `text` at `size` points, shaped as it will be drawn.
    fn width(&self, text: &str, size: f32) -> f32 {
        // Measured as drawn.
        let text = self.drawable(text);
        self.runs(&text)
            .iter()
            .map(|(run, _, data)| shaped_width(run, data, size))
            .sum()
    }

    /// `text` with every character the faces lack drawn as one they have: the minus
    /// sign of a discount as a hyphen-minus, rather than an empty box.
    fn drawable<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        let covered = |c: char| self.maps.iter().any(|f| f.glyph_index(c).is_some());
        if text
            .chars()
            .all(|c| c.is_whitespace() || is_mark(c) || covered(c))
        {
            return std::borrow::Cow::Borrowed(text);
        }
        text.chars()
            .map(|c| match c {
                _ if c.is_whitespace() || is_mark(c) || covered(c) => c,
                '\u{2212}' | '\u{2010}'..='\u{2015}' => '-',
                _ => c,
            })
            .collect::<String>()
            .into()
    }

    /// Draws `text` from `x` on the baseline `y`, run by run.
    fn draw(&self, surface: &mut Surface<'_>, (x, y): (f32, f32), size: f32, text: &str) {
        let mut x = x;
        let text = self.drawable(text);
        for (run, font, data) in self.runs(&text) {
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                run,
                false,
                TextDirection::Auto,
            );
            x += shaped_width(run, data, size);
        }
    }

    /// `text` broken into lines no wider than `max`: at spaces where it can, anywhere
    /// in a word (or a Thai phrase, written without spaces) that is wider alone.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size) > max && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Whether `c` is a combining mark that belongs to the letter before it.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn shaped_width(text: &str, data: &[u8], size: f32) -> f32 {
    let Some(face) = rustybuzz::Face::from_slice(data, 0) else {
        return 0.0;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    // Font units to points; advances and the em size are far below f32's exact range.
    let (units, per_em) = (units as f32, face.units_per_em() as f32);
    units * size / per_em
}

const PAGE_W: f32 = 595.0; // A4, points
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const LABEL_W: f32 = 150.0;

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Fill::default()
    }
}

/// The receipt as an A4 PDF.
pub fn pdf(r: &ReceiptText) -> Result<Vec<u8>, PdfError> {
    let faces = Faces::load()?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — {}", r.title, r.heading))
            .language(r.lang.clone())
            .creator("paychat".to_owned()),
    );
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("page size".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let text_w = PAGE_W - 2.0 * MARGIN;
    let mut y = MARGIN + 14.0;
    surface.set_fill(Some(fill(102, 102, 102)));
    faces.draw(&mut surface, (MARGIN, y), 11.0, &r.title);
    y += 26.0;
    surface.set_fill(Some(fill(28, 30, 33)));
    for line in faces.wrap(&r.heading, 16.0, text_w) {
        faces.draw(&mut surface, (MARGIN, y), 16.0, &line);
        y += 22.0;
    }
    y += 12.0;
    faces.draw(&mut surface, (MARGIN, y), 28.0, &r.amount);
    y += 18.0;
    // A thin rule under the amount.
    let mut rule = PathBuilder::new();
    if let Some(rect) = Rect::from_xywh(MARGIN, y, text_w, 0.75) {
        rule.push_rect(rect);
    }
    if let Some(path) = rule.finish() {
        surface.set_fill(Some(fill(204, 204, 204)));
        surface.draw_path(&path);
    }
    y += 26.0;
    for (label, value) in &r.lines {
        let label_lines = faces.wrap(label, 10.5, LABEL_W - 10.0);
        surface.set_fill(Some(fill(102, 102, 102)));
        for (i, l) in label_lines.iter().enumerate() {
            faces.draw(&mut surface, (MARGIN, y + 15.0 * i as f32), 10.5, l);
        }
        surface.set_fill(Some(fill(28, 30, 33)));
        let value_lines = faces.wrap(value, 11.0, text_w - LABEL_W);
        for (i, l) in value_lines.iter().enumerate() {
            faces.draw(
                &mut surface,
                (MARGIN + LABEL_W, y + 15.0 * i as f32),
                11.0,
                l,
            );
        }
        let rows = label_lines.len().max(value_lines.len()).max(1);
        y += 15.0 * rows as f32 + 9.0;
        // A very long description continues no further than the page.
        if y > PAGE_H - MARGIN {
            break;
        }
    }
    if let Some(note) = &r.note {
        y += 8.0;
        surface.set_fill(Some(fill(28, 30, 33)));
        for line in faces.wrap(note, 11.0, text_w) {
            if y > PAGE_H - MARGIN {
                break;
            }
            faces.draw(&mut surface, (MARGIN, y), 11.0, &line);
            y += 15.0;
        }
    }
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_and_latin_are_drawn_with_their_own_faces() {
        let faces = Faces::load().unwrap();
        let runs: Vec<(&str, bool)> = faces
            .runs("฿250.00 ค่าเรียน Tiếng Việt")
            .into_iter()
            .map(|(t, _, d)| (t, d.len() == NOTO_SANS_THAI.len()))
            .collect();
        assert_eq!(
            runs,
            vec![
                ("฿", true),
                ("250.00 ", false),
                ("ค่าเรียน", true),
                (" Tiếng Việt", false)
            ]
        );
    }

    #[test]
    fn long_text_wraps_within_the_width_even_without_spaces() {
        let faces = Faces::load().unwrap();
        let text = "ค่าเรียนภาษาอังกฤษ".repeat(8);
        let lines = faces.wrap(&text, 11.0, 200.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| faces.width(l, 11.0) <= 200.0));
        assert_eq!(lines.concat(), text);
    }

    /// Every amount a receipt can show, discounts too, in every language: each
    /// character is drawn from an embedded face, none as an empty box.
    #[test]
    fn every_amount_is_drawn_with_glyphs_the_faces_have() {
        use crate::domain::Currency;
        use crate::domain::money::format_minor;
        let faces = Faces::load().unwrap();
        let codes = [
            "THB", "IDR", "VND", "BRL", "EUR", "GBP", "JPY", "USD", "PHP", "INR", "KRW", "MYR",
            "SGD", "MXN", "NGN", "ILS", "TRY", "UAH", "PLN", "KWD", "LAK", "KHR",
        ];
        for lang in crate::engine::sellers::LOCALES {
            for code in codes {
                let c = Currency::from_code(code).unwrap();
                let text = format!("−{}", format_minor(123_456, c, lang));
                let drawn = faces.drawable(&text);
                for ch in drawn
                    .chars()
                    .filter(|ch| !ch.is_whitespace() && !is_mark(*ch))
                {
                    assert!(
                        faces.maps.iter().any(|f| f.glyph_index(ch).is_some()),
                        "{ch:?} ({:04X}) of {drawn:?} ({lang}, {code}) has no glyph",
                        ch as u32
                    );
                }
            }
        }
    }

    #[test]
    fn a_receipt_becomes_a_pdf() {
        let bytes = pdf(&ReceiptText {
            lang: "vi".into(),
            title: "Biên nhận".into(),
            heading: "Đã trả cho Cô Lan".into(),
            amount: "250.000 ₫".into(),
            lines: vec![("Nội dung".into(), "Học phí tháng 5".into())],
            note: None,
        })
        .unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
