//! PromptPay (Thailand): tag 29 with the PromptPay application id and one proxy — a
//! mobile number, a national or tax id, or an e-wallet id. Anyone may make one for their
//! own proxy; the buyer's bank app shows the name registered to it.

use serde::{Deserialize, Serialize};

use super::{RailError, digits_of, emv};

/// The PromptPay application id in tag 29's sub-tag 00.
const AID: &str = "A000000677010111";

/// Where a PromptPay transfer lands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PromptPay {
    /// A Thai mobile number: its 9 digits after the leading 0.
    Mobile(String),
    /// A national id or a company's tax id: 13 digits with a check digit.
    NationalId(String),
    /// An e-wallet id: 15 digits.
    EWallet(String),
}

impl PromptPay {
    /// Reads `0812345678`, `+66 81 234 5678`, `1-2345-67890-12-1` or a 15-digit e-wallet id.
    pub fn parse(args: &str) -> Result<Self, RailError> {
        let raw = args.trim();
        if raw.is_empty() {
            return Err(RailError::Missing {
                what: "promptpay-id",
            });
        }
        let invalid = |hint| RailError::Invalid {
            what: "promptpay-id",
            value: raw.to_owned(),
            hint,
        };
        let digits =
            digits_of(raw.trim_start_matches('+')).ok_or_else(|| invalid("promptpay-forms"))?;
        match digits.len() {
            10 if digits.starts_with('0') => Ok(Self::Mobile(digits[1..].to_owned())),
            11 if digits.starts_with("66") => Ok(Self::Mobile(digits[2..].to_owned())),
            13 if thai_id_checks(&digits) => Ok(Self::NationalId(digits)),
            13 => Err(invalid("thai-id-check")),
            15 => Ok(Self::EWallet(digits)),
            _ => Err(invalid("promptpay-forms")),
        }
    }

    /// Tag 29's sub-tag and value.
    fn proxy(&self) -> (&'static str, String) {
        match self {
            Self::Mobile(nine) => ("01", format!("0066{nine}")),
            Self::NationalId(id) => ("02", id.clone()),
            Self::EWallet(id) => ("03", id.clone()),
        }
    }

    pub(super) fn payload(&self, amount: &str) -> Result<String, RailError> {
        let (sub, proxy) = self.proxy();
        let account = format!("{}{}", emv::field("00", AID)?, emv::field(sub, &proxy)?);
        let body = [
            emv::field("00", "01")?,
            // 12: a code for one amount (11 would be reusable for any amount).
            emv::field("01", "12")?,
            emv::field("29", &account)?,
            emv::field("53", "764")?,
            emv::field("54", amount)?,
            emv::field("58", "TH")?,
        ]
        .concat();
        Ok(emv::finish(&body))
    }

    /// The proxy as a Thai reads it: `081-234-5678`, `1-2345-67890-12-1`.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Self::Mobile(nine) => format!("0{}-{}-{}", &nine[..2], &nine[2..5], &nine[5..]),
            Self::NationalId(id) => format!(
                "{}-{}-{}-{}-{}",
                &id[..1],
                &id[1..5],
                &id[5..10],
                &id[10..12],
                &id[12..]
            ),
            Self::EWallet(id) => id.clone(),
        }
    }
}

/// The check digit of a Thai national or tax id: the first 12 digits weighted 13 down
/// to 2, and `(11 − sum mod 11) mod 10` must be the 13th.
fn thai_id_checks(id: &str) -> bool {
    let d: Vec<u32> = id.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 13 {
        return false;
    }
    let sum: u32 = d[..12].iter().zip((2..=13).rev()).map(|(x, w)| x * w).sum();
    (11 - sum % 11) % 10 == d[12]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rails::{PayTo, Rail};
    use crate::domain::{Currency, Money};

    fn thb(minor: i64) -> Money {
        Money::from_minor(minor, Currency::from_code("THB").unwrap()).unwrap()
    }

    /// Fields of a payload without its CRC, sorted by tag: the order of fields is free.
    fn fields(payload: &str) -> Vec<(String, String)> {
        let mut f = emv::parse(payload).unwrap();
        f.retain(|(t, _)| t != emv::CRC_TAG);
        f.sort();
        f
    }

    #[test]
    fn matches_a_published_payload_field_for_field() {
        // promptpay-qr's test for 000-000-0000 and ฿4.22.
        let published =
            "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469";
        let ours = PromptPay::Mobile("000000000".into())
            .payload("4.22")
            .unwrap();
        assert_eq!(fields(&ours), fields(published));
        emv::parse(&ours).unwrap();
    }

    #[test]
    fn ids_are_placed_as_published() {
        // promptpay-qr's national-id and tax-id payloads (without an amount): tag 29 is
        // the same in ours. Their ids are examples without a valid check digit.
        for (id, published) in [
            (
                "1111111111111",
                "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A",
            ),
            (
                "0123456789012",
                "00020101021129370016A000000677010111021301234567890125802TH530376463040CBD",
            ),
        ] {
            let ours = PromptPay::NationalId(id.into()).payload("1.00").unwrap();
            assert_eq!(
                emv::get(&fields(&ours), "29"),
                emv::get(&fields(published), "29")
            );
        }
    }

    #[test]
    fn sellers_type_their_number_as_they_know_it() {
        for typed in [
            "0812345678",
            "081-234-5678",
            "+66 81 234 5678",
            "66812345678",
        ] {
            assert_eq!(
                PromptPay::parse(typed),
                Ok(PromptPay::Mobile("812345678".into())),
                "{typed}"
            );
        }
        assert_eq!(
            PromptPay::parse("0812345678").unwrap().shown(),
            "081-234-5678"
        );
        // A real-shaped id with its check digit.
        assert_eq!(
            PromptPay::parse("1-1018-00000-00-3"),
            Ok(PromptPay::NationalId("1101800000003".into()))
        );
        assert!(matches!(
            PromptPay::parse("1101800000004"),
            Err(RailError::Invalid { .. })
        ));
        assert_eq!(
            PromptPay::parse("123456789012345"),
            Ok(PromptPay::EWallet("123456789012345".into()))
        );
        for bad in ["", "12345", "08123456789", "abc", "0812345678x"] {
            assert!(PromptPay::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_payload_locks_the_amount() {
        let p = PayTo::parse(Rail::PromptPay, "0812345678").unwrap();
        let payload = p.payload(thb(25_050), None).unwrap();
        let f = emv::parse(&payload).unwrap();
        assert_eq!(emv::get(&f, "54"), Some("250.50"));
        assert_eq!(emv::get(&f, "01"), Some("12"));
        assert_eq!(emv::get(&f, "53"), Some("764"));
    }
}
