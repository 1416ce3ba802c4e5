//! `/payto`: where the seller is paid by national bank QR. Each rail's details are
//! checked before they are saved, and the answer carries a test QR for one unit so the
//! seller sees, in their own banking app, the name buyers will see.

use super::qr;
use super::{Attachment, Ctx, Failure, Reply, clip, shown};
use crate::domain::rails::{PayTo, Rail, RailError};
use crate::domain::{Currency, Money};
use crate::engine::prompts::ApplyOnce;
use crate::engine::{Engine, EngineError};

impl super::Conversation {
    pub(super) async fn payto(
        &self,
        c: &Ctx,
        args: &str,
        once: Option<&ApplyOnce>,
    ) -> Result<Vec<Reply>, Failure> {
        let engine_err = |e| Failure::Engine(e, Some(c.lang));
        let args = args.trim();
        let (first, rest) = args
            .split_once(char::is_whitespace)
            .map_or((args, ""), |(f, r)| (f, r.trim()));
        if first.is_empty() {
            return Ok(vec![self.payto_list(c).await?]);
        }
        if first.eq_ignore_ascii_case("off") {
            let rail = match rest {
                "" => None,
                name => Some(self.rail_named(c, name)?),
            };
            let gone = match self.engine.remove_payto(&c.seller.id, rail, once).await {
                Ok(n) => n,
                // The same message again: it removed what it names the first time.
                Err(EngineError::AlreadyApplied) => 1,
                Err(e) => return Err(engine_err(e)),
            };
            let text = match (gone, rail) {
                (0, _) => self.t(c.lang, "payto-removed-none", &[]),
                (_, Some(r)) => self.t(c.lang, "payto-removed", &[("rail", r.label())]),
                (_, None) => self.t(c.lang, "payto-removed-all", &[]),
            };
            return Ok(vec![Reply::text(text)]);
        }
        let rail = self.rail_named(c, first)?;
        if rest.is_empty() {
            return Ok(vec![Reply::text(self.t(
                c.lang,
                &format!("payto-how-{}", rail.as_str()),
                &[],
            ))]);
        }
        let pay_to = PayTo::parse(rail, rest)
            .map_err(|e| Failure::Text(self.rail_error(&e, rail, c.lang)))?;
        match self.engine.set_payto(&c.seller.id, &pay_to, once).await {
            Ok(()) | Err(EngineError::AlreadyApplied) => {}
            Err(e) => return Err(engine_err(e)),
        }
        let currency = Currency::from_code(rail.currency_code()).map_err(|e| {
            engine_err(EngineError::invalid(
                "currency",
                "currency_unknown",
                e.to_string(),
            ))
        })?;
        let mut text = self.t(
            c.lang,
            "payto-set",
            &[
                ("rail", rail.label()),
                ("account", &shown(&pay_to.summary())),
                ("currency", currency.code()),
            ],
        );
        if rail == Rail::Upi {
            text.push('\n');
            text.push_str(&self.t(c.lang, "payto-upi-note", &[]));
        }
        let mut replies = vec![Reply::text(text)];
        replies.extend(self.test_qr(&pay_to, currency, c.lang));
        Ok(replies)
    }

    /// What is set, one line a rail, or how to set one.
    async fn payto_list(&self, c: &Ctx) -> Result<Reply, Failure> {
        let accounts = self
            .engine
            .paytos(&c.seller.id)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        if accounts.is_empty() {
            return Ok(Reply::text(self.t(c.lang, "payto-none", &[])));
        }
        let lines: Vec<String> = accounts
            .iter()
            .map(|p| {
                format!(
                    "• {} ({}): {}",
                    p.rail().label(),
                    p.rail().currency_code(),
                    shown(&p.summary())
                )
            })
            .collect();
        let mut text = self.t(c.lang, "payto-list", &[("accounts", &lines.join("\n"))]);
        // Credits a bank feed could not match: the seller settles them by hand.
        let credits = self
            .engine
            .unmatched_credits(&c.seller.id)
            .await
            .map_err(|e| Failure::Engine(e, Some(c.lang)))?;
        if !credits.is_empty() {
            let zone = self.zone(&c.seller);
            let lines: Vec<String> = credits
                .iter()
                .map(|cr| {
                    format!(
                        "• {} — {} — {}",
                        self.amount(cr.amount.minor(), cr.amount.currency().code(), c.lang),
                        shown(&clip(&cr.content, 60)),
                        zone.datetime(cr.received_at)
                    )
                })
                .collect();
            text.push_str("\n\n");
            text.push_str(&self.t(c.lang, "payto-unmatched", &[("credits", &lines.join("\n"))]));
        }
        Ok(Reply::text(text))
    }

    fn rail_named(&self, c: &Ctx, name: &str) -> Result<Rail, Failure> {
        Rail::parse(name).ok_or_else(|| {
            Failure::Text(self.t(
                c.lang,
                "payto-unknown-rail",
                &[("value", &shown(&clip(name, 24)))],
            ))
        })
    }

    /// A refused account in the seller's language: what is wrong and how it should look.
    fn rail_error(&self, e: &RailError, rail: Rail, lang: &str) -> String {
        let what = |id: &str| self.t(lang, &format!("payto-what-{id}"), &[]);
        let example = self.t(lang, &format!("payto-how-{}", rail.as_str()), &[]);
        let problem = match e {
            RailError::Missing { what: w } => self.t(lang, "payto-missing", &[("what", &what(w))]),
            RailError::Invalid {
                what: w,
                value,
                hint,
            } => self.t(
                lang,
                "payto-invalid",
                &[
                    ("what", &what(w)),
                    ("value", &shown(&clip(value, 40))),
                    ("hint", &self.t(lang, &format!("payto-hint-{hint}"), &[])),
                ],
            ),
            RailError::TooLong { field, max } => self.t(
                lang,
                "payto-too-long",
                &[("what", &what(field)), ("max", &max.to_string())],
            ),
            RailError::BadCrc => self.t(lang, "payto-bad-crc", &[]),
            RailError::Malformed | RailError::Currency { .. } | RailError::FractionalRupiah => {
                self.t(lang, "payto-malformed", &[])
            }
        };
        format!("{problem}\n{example}")
    }

    /// A QR for one unit of the rail's currency, to scan (not pay) in the seller's own
    /// banking app: it shows the name buyers will see.
    fn test_qr(&self, pay_to: &PayTo, currency: Currency, lang: &str) -> Option<Reply> {
        let one = Money::from_minor(10_i64.pow(u32::from(currency.exponent())), currency).ok()?;
        let qr = Engine::bank_qr(pay_to, one, None).ok()?;
        let png = match qr::png(&qr.payload, 8) {
            Ok(png) => png,
            Err(e) => {
                tracing::error!(error = %e, "drawing a bank QR failed");
                return None;
            }
        };
        let caption = self.t(
            lang,
            "payto-test-caption",
            &[
                ("rail", pay_to.rail().label()),
                ("amount", &self.amount(one.minor(), currency.code(), lang)),
            ],
        );
        Some(Reply {
            attachment: Some(Attachment::Document {
                filename: format!("{}-test.png", pay_to.rail().as_str()),
                mime: "image/png",
                bytes: png,
                caption,
            }),
            ..Reply::default()
        })
    }
}
