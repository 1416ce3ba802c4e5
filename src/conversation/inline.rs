//! Inline sharing (Telegram's inline mode, and any door with a like feature): a seller
//! types `@bot 250 THB tuition` in another chat and is offered link cards to post
//! there; `@bot <code>` or nothing offers their open links. The door only turns
//! [`InlineAnswer`] into its own result types.

use super::{Conversation, Reply, clip, language_guess};
use crate::domain::command::{LinkParse, LinkRequest, parse_link, slug_of};
use crate::domain::{LinkStatus, Slug};
use crate::engine::links::{Idempotency, Origin};
use crate::engine::push::PushLink;
use crate::engine::sellers::supported_locale;
use crate::engine::{LinkFilter, LinkRow, SellerRow, random};

/// One card offered for posting.
#[derive(Debug, Clone)]
pub struct InlineCard {
    /// Comes back when the card is picked: `s:<code>` for an existing link,
    /// `n:<code>:<reading>:<minor>:<CUR>` for a new one (at most 45 bytes).
    pub id: String,
    pub title: String,
    pub description: String,
    pub card: Reply,
}

/// The answer to an inline query.
#[derive(Debug, Clone)]
pub enum InlineAnswer {
    Cards(Vec<InlineCard>),
    /// Not a seller yet: a button that opens the bot's chat to register.
    Register {
        button: String,
    },
    /// The query does not read as a link: the error, on a button that opens the bot.
    Error {
        button: String,
    },
    /// Nothing to offer (the lookup failed; logged).
    Nothing,
}

/// The readings of a `/link`, the only one first.
fn readings(parsed: LinkParse) -> Vec<LinkRequest> {
    match parsed {
        LinkParse::One(req) => vec![*req],
        LinkParse::Choose(reqs) => reqs,
    }
}

impl Conversation {
    /// The cards for `query` typed by `user` of `channel` (`hint`: the app's language).
    pub async fn inline_cards(
        &self,
        channel: &str,
        user: &str,
        hint: Option<&str>,
        query: &str,
    ) -> InlineAnswer {
        let seller = match self.engine.chat_seller(channel, user).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                return InlineAnswer::Register {
                    button: self.t(language_guess(hint), "inline-register", &[]),
                };
            }
            Err(e) => {
                tracing::error!(error = %e, "inline query: seller lookup failed");
                return InlineAnswer::Nothing;
            }
        };
        let lang = supported_locale(&seller.locale).unwrap_or("en");
        let query = query.trim();
        if query.is_empty() || slug_of(query).is_some() {
            return InlineAnswer::Cards(self.open_link_cards(&seller, query, lang).await);
        }
        let default = crate::domain::Currency::from_code(&seller.currency).ok();
        let parsed = match parse_link(query, default, lang) {
            Ok(p) => p,
            Err(e) => {
                let reply = self.command_error_reply(&e, lang);
                return InlineAnswer::Error {
                    button: clip(&reply.plain(), 64),
                };
            }
        };
        // One card per reading: an amount that reads two ways is offered both ways, and
        // the seller picks the one they meant.
        let cards = readings(parsed)
            .iter()
            .enumerate()
            .map(|(i, req)| {
                // The link is made when the seller picks the card; its code is drawn
                // now so the card can already carry the URL.
                let slug = Slug::from_random(random());
                let preview = PushLink {
                    id: String::new(),
                    slug: slug.as_str().to_owned(),
                    url: self.engine.link_url(slug.as_str()),
                    status: LinkStatus::Active,
                    amount_minor: req.amount.minor(),
                    currency: req.amount.currency().code().to_owned(),
                    description: req.description.clone(),
                };
                let amount = self.amount(req.amount.minor(), req.amount.currency().code(), lang);
                InlineCard {
                    // The reading travels with the card: the link is made only if the
                    // query still reads the same when the card is picked.
                    id: format!(
                        "n:{}:{i}:{}:{}",
                        slug.as_str(),
                        req.amount.minor(),
                        req.amount.currency().code()
                    ),
                    title: self.t(lang, "inline-create", &[("amount", &amount)]),
                    description: req.description.clone(),
                    card: self.card(&seller.name, &preview, lang),
                }
            })
            .collect();
        InlineAnswer::Cards(cards)
    }

    async fn open_link_cards(
        &self,
        seller: &SellerRow,
        query: &str,
        lang: &str,
    ) -> Vec<InlineCard> {
        let links: Vec<LinkRow> = match slug_of(query) {
            Some(slug) => self
                .engine
                .link_by_slug(&seller.id, &slug)
                .await
                .ok()
                .into_iter()
                .collect(),
            None => self
                .engine
                .list_links(
                    &seller.id,
                    Some("active"),
                    LinkFilter {
                        limit: 10,
                        ..Default::default()
                    },
                )
                .await
                .unwrap_or_default(),
        };
        links
            .into_iter()
            .map(|link| {
                let card = self.card(&seller.name, &self.push_link(&link), lang);
                InlineCard {
                    id: format!("s:{}", link.slug),
                    title: card.title.clone().unwrap_or_default(),
                    description: link.description.clone(),
                    card,
                }
            })
            .collect()
    }

    /// `user` posted the card `card_id` (answering `query`) as the shared message
    /// `card_ref`: makes the link for a new card, and remembers the message so it
    /// shows the link's status from now on.
    pub async fn inline_chosen(
        &self,
        channel: &str,
        user: &str,
        (card_id, query): (&str, &str),
        card_ref: &str,
    ) {
        let seller = match self.engine.chat_seller(channel, user).await {
            Ok(Some(s)) => s,
            _ => return,
        };
        let (kind, rest) = card_id.split_once(':').unwrap_or(("", ""));
        let link = match kind {
            "s" => self.engine.link_by_slug(&seller.id, rest).await,
            "n" => match self.chosen_reading(&seller, rest, query) {
                Some((slug, req)) => {
                    let idem =
                        Idempotency::new(&format!("inline:{}", slug.as_str()), query.as_bytes())
                            .ok();
                    let origin = Origin {
                        channel: channel.to_owned(),
                        chat: user.to_owned(),
                        message: None,
                    };
                    self.new_link(&seller, &req, Some(origin), Some(slug), idem)
                        .await
                }
                None => return,
            },
            _ => return,
        };
        match link {
            Ok(link) => {
                if let Err(e) = self
                    .engine
                    .add_link_card(link.id.as_str(), channel, card_ref)
                    .await
                {
                    tracing::error!(error = %e, "recording a shared card failed");
                }
            }
            Err(e) => tracing::warn!(error = %e, "inline link could not be made"),
        }
    }

    /// The reading a new card showed, if `query` still reads the same way: the
    /// seller's default currency or language may have changed since the card was
    /// shown, and a link is never made for an amount the card did not say.
    fn chosen_reading(
        &self,
        seller: &SellerRow,
        card: &str,
        query: &str,
    ) -> Option<(Slug, LinkRequest)> {
        let default = crate::domain::Currency::from_code(&seller.currency).ok();
        let lang = supported_locale(&seller.locale).unwrap_or("en");
        let mut parts = card.split(':');
        let (slug, index, minor, currency) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let parsed = parse_link(query.trim(), default, lang).ok()?;
        let req = readings(parsed)
            .into_iter()
            .nth(index.parse::<usize>().ok()?)?;
        if req.amount.minor().to_string() != minor || req.amount.currency().code() != currency {
            tracing::warn!("inline card no longer reads as shown; no link made");
            return None;
        }
        Some((Slug::parse(slug)?, req))
    }
}
