//! Replies as the Bot API takes them: Telegram HTML with every user string escaped,
//! inline keyboards, and inline-mode result cards.

use teloxide::types::{
    CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResult,
    InlineQueryResultArticle, InputMessageContent, InputMessageContentText, ParseMode,
};

use super::MAX_TEXT;
use crate::conversation::{Button, Reply, clip};

/// An inline-mode result posting `card`.
pub(super) fn article(
    id: String,
    title: String,
    description: String,
    card: &Reply,
) -> InlineQueryResult {
    let content = InputMessageContent::Text(
        InputMessageContentText::new(html(card, MAX_TEXT)).parse_mode(ParseMode::Html),
    );
    let mut a = InlineQueryResultArticle::new(id, title, content);
    // The seller's own words under the result's title: a line, without the marks
    // that could reorder it.
    let description = clip(&crate::domain::text::clean(&description), 100);
    if !description.is_empty() {
        a = a.description(description);
    }
    if let Some(kb) = keyboard(&card.buttons, true) {
        a = a.reply_markup(kb);
    }
    InlineQueryResult::Article(a)
}

/// Telegram HTML: every user string escaped; the title bold.
#[must_use]
pub fn html(r: &Reply, max: usize) -> String {
    let mut out = String::new();
    if let Some(t) = &r.title {
        out.push_str("<b>");
        out.push_str(&escape(&clip(t, 256)));
        out.push_str("</b>");
        if !r.text.is_empty() {
            out.push('\n');
        }
    }
    // Clip before escaping so an entity is never cut; escaping can grow the text,
    // so leave room for it.
    out.push_str(&escape(&clip(&r.text, max.saturating_sub(out.len()) / 2)));
    out
}

/// `<`, `>`, `&` escaped for Telegram's HTML parse mode.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// The reply's buttons as an inline keyboard; URL buttons only `with_urls`.
pub(super) fn keyboard(rows: &[Vec<Button>], with_urls: bool) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| match b {
                    Button::Url { label, url } => with_urls
                        .then(|| reqwest::Url::parse(url).ok())
                        .flatten()
                        .map(|u| InlineKeyboardButton::url(label.clone(), u)),
                    Button::Action { label, data } => {
                        Some(InlineKeyboardButton::callback(label.clone(), data.clone()))
                    }
                    Button::Share { label, query } => Some(
                        InlineKeyboardButton::switch_inline_query(label.clone(), query.clone()),
                    ),
                    Button::Copy { label, text } => Some(InlineKeyboardButton::copy_text_button(
                        label.clone(),
                        CopyTextButton { text: text.clone() },
                    )),
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}
