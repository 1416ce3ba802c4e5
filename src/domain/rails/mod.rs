//! National bank QR rails: the seller's own account as a QR that any banking app pays,
//! with the amount locked in. PromptPay (TH), VietQR (VN), Pix (BR) and QRIS (ID) are
//! EMVCo merchant-presented codes ([`emv`]); UPI (IN) is a `upi://pay` link.
//!
//! Pure: a [`PayTo`] is validated when the seller sets it, and [`PayTo::payload`] turns
//! it and an amount into the exact text the QR encodes.

pub mod emv;
mod fold;
pub mod pix;
pub mod promptpay;
pub mod qris;
pub mod slip;
pub mod upi;
pub mod vietqr;

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Currency, Money};

pub use fold::ascii_fold;

/// A national QR rail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rail {
    PromptPay,
    VietQr,
    Pix,
    Upi,
    Qris,
}

impl Rail {
    pub const ALL: [Self; 5] = [
        Self::PromptPay,
        Self::VietQr,
        Self::Pix,
        Self::Upi,
        Self::Qris,
    ];

    /// The name used in commands, the API and storage: `promptpay`, `vietqr`…
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PromptPay => "promptpay",
            Self::VietQr => "vietqr",
            Self::Pix => "pix",
            Self::Upi => "upi",
            Self::Qris => "qris",
        }
    }

    /// The name people know it by.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::PromptPay => "PromptPay",
            Self::VietQr => "VietQR",
            Self::Pix => "Pix",
            Self::Upi => "UPI",
            Self::Qris => "QRIS",
        }
    }

    /// Reads a rail's name, case-insensitively.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// The one currency the rail moves.
    #[must_use]
    pub fn currency_code(self) -> &'static str {
        match self {
            Self::PromptPay => "THB",
            Self::VietQr => "VND",
            Self::Pix => "BRL",
            Self::Upi => "INR",
            Self::Qris => "IDR",
        }
    }

    /// The rail that moves `currency`, if any.
    #[must_use]
    pub fn for_currency(currency: Currency) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.currency_code() == currency.code())
    }
}

impl fmt::Display for Rail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a seller is paid on one rail, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rail", rename_all = "lowercase")]
pub enum PayTo {
    PromptPay(promptpay::PromptPay),
    VietQr(vietqr::VietQr),
    Pix(pix::Pix),
    Upi(upi::Upi),
    Qris(qris::Qris),
}

impl PayTo {
    /// Reads what a seller typed after `/payto <rail>`; every part is checked.
    pub fn parse(rail: Rail, args: &str) -> Result<Self, RailError> {
        Ok(match rail {
            Rail::PromptPay => Self::PromptPay(promptpay::PromptPay::parse(args)?),
            Rail::VietQr => Self::VietQr(vietqr::VietQr::parse(args)?),
            Rail::Pix => Self::Pix(pix::Pix::parse(args)?),
            Rail::Upi => Self::Upi(upi::Upi::parse(args)?),
            Rail::Qris => Self::Qris(qris::Qris::parse(args)?),
        })
    }

    #[must_use]
    pub fn rail(&self) -> Rail {
        match self {
            Self::PromptPay(_) => Rail::PromptPay,
            Self::VietQr(_) => Rail::VietQr,
            Self::Pix(_) => Rail::Pix,
            Self::Upi(_) => Rail::Upi,
            Self::Qris(_) => Rail::Qris,
        }
    }

    /// The text of the QR that pays `amount` to this account. `reference` is the short
    /// per-payment code carried where the rail has room for one (VietQR purpose, Pix
    /// txid, UPI `tr`); PromptPay and QRIS have none for personal accounts.
    pub fn payload(&self, amount: Money, reference: Option<&str>) -> Result<String, RailError> {
        let rail = self.rail();
        if amount.currency().code() != rail.currency_code() {
            return Err(RailError::Currency {
                rail: rail.label(),
                currency: rail.currency_code(),
            });
        }
        let text = amount_text(amount)?;
        match self {
            Self::PromptPay(p) => p.payload(&text),
            Self::VietQr(v) => v.payload(&text, reference),
            Self::Pix(p) => p.payload(&text, reference),
            Self::Upi(u) => Ok(u.payload(&text, reference)),
            Self::Qris(q) => q.payload(&text),
        }
    }

    /// Who the buyer's banking app will show as the payee.
    #[must_use]
    pub fn payee(&self) -> String {
        match self {
            Self::PromptPay(p) => p.shown(),
            Self::VietQr(v) => v.name.clone(),
            Self::Pix(p) => p.name.clone(),
            Self::Upi(u) => u.name.clone(),
            Self::Qris(q) => q.merchant(),
        }
    }

    /// What is set, as the seller reads it back (`/payto`).
    #[must_use]
    pub fn summary(&self) -> String {
        match self {
            Self::PromptPay(p) => p.shown(),
            Self::VietQr(v) => format!("{} {} — {}", v.bank_name(), v.account, v.name),
            Self::Pix(p) => format!("{} — {}, {}", p.key.shown(), p.name, p.city),
            Self::Upi(u) => format!("{} — {}", u.vpa, u.name),
            Self::Qris(q) => format!(
                "{} ({})",
                q.merchant(),
                q.nmid().unwrap_or_else(|| "QRIS".into())
            ),
        }
    }
}

/// Why a payout account or a QR could not be made. `what`, `field` and `hint` are ids
/// (`account-number`, `thai-id-check`): the chat says them in the seller's language
/// (`payto-what-…`, `payto-hint-…`), the API and logs in English ([`english`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RailError {
    #[error("{} is missing", english(what))]
    Missing { what: &'static str },
    #[error("{} {value:?} is not valid: {}", english(what), hint_english(hint))]
    Invalid {
        what: &'static str,
        value: String,
        hint: &'static str,
    },
    #[error("the {} is longer than {max} characters", english(field))]
    TooLong { field: &'static str, max: usize },
    #[error("{rail} moves {currency} only")]
    Currency {
        rail: &'static str,
        currency: &'static str,
    },
    #[error("rupiah amounts in a QR are whole rupiah")]
    FractionalRupiah,
    #[error("the QR's check code does not match its content")]
    BadCrc,
    #[error("this is not an EMVCo payment QR")]
    Malformed,
}

/// Every field id a [`RailError`] may name.
pub const FIELDS: [&str; 12] = [
    "promptpay-id",
    "bank",
    "account-number",
    "account-name",
    "pix-key",
    "name",
    "city",
    "upi-id",
    "qris-code",
    "amount",
    "reference",
    "account",
];

/// Every hint id a [`RailError::Invalid`] may give.
pub const HINTS: [&str; 16] = [
    "pix-email",
    "pix-phone",
    "pix-key",
    "cpf-check",
    "cnpj-check",
    "latin",
    "thai-id-check",
    "qris-not-qris",
    "qris-dynamic",
    "qris-not-idr",
    "qris-no-name",
    "upi-id-form",
    "promptpay-forms",
    "bank-name",
    "account-number-format",
    "account-name-letters",
];

/// The English words for a field or hint id of [`RailError`].
#[must_use]
pub fn english(id: &str) -> &'static str {
    match id {
        "promptpay-id" => "PromptPay number",
        "bank" => "bank",
        "account-number" => "account number",
        "account-name" => "account name",
        "pix-key" => "Pix key",
        "name" => "name",
        "city" => "city",
        "upi-id" => "UPI id",
        "qris-code" => "QRIS code",
        "amount" => "amount",
        "reference" => "reference",
        "account" => "account",
        _ => "see /payto",
    }
}

/// The English words for a hint id of [`RailError::Invalid`].
#[must_use]
pub fn hint_english(id: &str) -> &'static str {
    match id {
        "pix-email" => "not an e-mail address",
        "pix-phone" => "a phone key is +55, the area code and the number",
        "pix-key" => "use a CPF, a CNPJ, +55 and a phone number, an e-mail or a random key",
        "cpf-check" => "its check digits do not match a CPF (a phone key starts with +55)",
        "cnpj-check" => "its check digits do not match a CNPJ",
        "latin" => "write it in Latin letters",
        "thai-id-check" => "its last digit does not match: check the id",
        "qris-not-qris" => "it is not a QRIS: send your shop's QRIS sticker code",
        "qris-dynamic" => "it is a code for one payment: send your shop's static QRIS",
        "qris-not-idr" => "it is not a rupiah code from Indonesia",
        "qris-no-name" => "it has no merchant name",
        "upi-id-form" => "a UPI id looks like name@bank, e.g. asha@okaxis",
        "promptpay-forms" => {
            "use a mobile number (0812345678), a 13-digit id or a 15-digit e-wallet id"
        }
        "bank-name" => {
            "use the bank's short name (Vietcombank, MB, Techcombank…) or its 6-digit BIN"
        }
        "account-number-format" => "up to 19 letters and digits, without spaces",
        "account-name-letters" => "the name as your bank shows it, in Latin letters (A–Z)",
        _ => "see /payto",
    }
}

impl RailError {
    /// A stable code for the API and the chat's messages.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing { .. } => "payto_missing",
            Self::Invalid { .. } => "payto_invalid",
            Self::TooLong { .. } => "payto_too_long",
            Self::Currency { .. } => "payto_currency",
            Self::FractionalRupiah => "payto_fractional_rupiah",
            Self::BadCrc => "payto_bad_crc",
            Self::Malformed => "payto_malformed",
        }
    }
}

/// The amount as the rails write it: major units with the currency's decimals
/// (`250.00`, VND `50000`); rupiah whole (QRIS apps expect no cents). At most 13
/// characters (EMVCo's limit for field 54).
pub fn amount_text(amount: Money) -> Result<String, RailError> {
    let text = if amount.currency().code() == "IDR" {
        if amount.minor() % 100 != 0 {
            return Err(RailError::FractionalRupiah);
        }
        (amount.minor() / 100).to_string()
    } else {
        amount.to_decimal_string()
    };
    if text.len() > 13 {
        return Err(RailError::TooLong {
            field: "amount",
            max: 13,
        });
    }
    Ok(text)
}

/// The digits of `s`, dropping the spaces, dashes and dots people group them with.
fn digits_of(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '/'))
        .collect();
    (!kept.is_empty() && kept.bytes().all(|b| b.is_ascii_digit())).then_some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(minor: i64, code: &str) -> Money {
        Money::from_minor(minor, Currency::from_code(code).unwrap()).unwrap()
    }

    #[test]
    fn amounts_are_written_as_each_rail_expects() {
        assert_eq!(amount_text(money(25_000, "THB")).unwrap(), "250.00");
        assert_eq!(amount_text(money(50_000, "VND")).unwrap(), "50000");
        assert_eq!(amount_text(money(5_000_000, "IDR")).unwrap(), "50000");
        assert_eq!(
            amount_text(money(5_000_050, "IDR")),
            Err(RailError::FractionalRupiah)
        );
        assert!(amount_text(money(99_999_999_999_999, "THB")).is_err());
    }

    #[test]
    fn every_id_has_its_english_words() {
        for id in FIELDS {
            assert_ne!(english(id), "see /payto", "{id}");
        }
        for id in HINTS {
            assert_ne!(hint_english(id), "see /payto", "{id}");
        }
        assert_eq!(
            PayTo::parse(Rail::Pix, "123 Ana, Recife")
                .unwrap_err()
                .to_string(),
            "Pix key \"123\" is not valid: use a CPF, a CNPJ, +55 and a phone number, an e-mail or a random key"
        );
    }

    #[test]
    fn a_rail_takes_its_own_currency_only() {
        let p = PayTo::parse(Rail::PromptPay, "0812345678").unwrap();
        assert!(matches!(
            p.payload(money(100, "USD"), None),
            Err(RailError::Currency { .. })
        ));
        assert_eq!(
            Rail::for_currency(Currency::from_code("VND").unwrap()),
            Some(Rail::VietQr)
        );
        assert_eq!(
            Rail::for_currency(Currency::from_code("USD").unwrap()),
            None
        );
        assert_eq!(Rail::parse(" PromptPay "), Some(Rail::PromptPay));
    }
}
