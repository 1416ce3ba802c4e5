//! UPI (India): not an EMVCo code but a `upi://pay` link, which the QR encodes and a
//! phone can open directly. Payments by link to a personal VPA are often declined by
//! the payer's app; a merchant VPA works (sellers are told so).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use super::RailError;

/// What stays as it is in a parameter: letters, digits and `. - _ @` (a VPA reads as typed).
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'@');

/// The most characters of the payee name.
const MAX_NAME: usize = 50;

/// A UPI payee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upi {
    /// The virtual payment address, `name@bank`.
    pub vpa: String,
    pub name: String,
}

impl Upi {
    /// Reads `<vpa> <name…>`: `asha@okaxis Asha Stores`.
    pub fn parse(args: &str) -> Result<Self, RailError> {
        let args = args.trim();
        let (vpa, name) = args
            .split_once(char::is_whitespace)
            .map_or((args, ""), |(v, n)| (v, n.trim()));
        if vpa.is_empty() {
            return Err(RailError::Missing { what: "upi-id" });
        }
        if !is_vpa(vpa) {
            return Err(RailError::Invalid {
                what: "upi-id",
                value: vpa.to_owned(),
                hint: "upi-id-form",
            });
        }
        if name.is_empty() {
            return Err(RailError::Missing { what: "name" });
        }
        if name.chars().count() > MAX_NAME {
            return Err(RailError::TooLong {
                field: "name",
                max: MAX_NAME,
            });
        }
        Ok(Self {
            vpa: vpa.to_ascii_lowercase(),
            name: name.to_owned(),
        })
    }

    /// `upi://pay?pa=…&pn=…&am=…&cu=INR[&tn=…]`; the note carries the payment's code,
    /// which both sides see in their statements.
    pub(super) fn payload(&self, amount: &str, note: Option<&str>) -> String {
        let enc = |s: &str| utf8_percent_encode(s, KEEP).to_string();
        let mut uri = format!(
            "upi://pay?pa={}&pn={}&am={amount}&cu=INR",
            enc(&self.vpa),
            enc(&self.name)
        );
        if let Some(n) = note {
            uri.push_str(&format!("&tn={}", enc(n)));
        }
        uri
    }
}

fn is_vpa(s: &str) -> bool {
    let Some((user, handle)) = s.split_once('@') else {
        return false;
    };
    (2..=256).contains(&user.len())
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && (2..=64).contains(&handle.len())
        && handle.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_carries_payee_amount_and_note_encoded() {
        let u = Upi::parse("Asha.Stores@okaxis Asha & Sons").unwrap();
        assert_eq!(u.vpa, "asha.stores@okaxis");
        assert_eq!(
            u.payload("250.00", Some("PC 7K2M")),
            "upi://pay?pa=asha.stores@okaxis&pn=Asha%20%26%20Sons&am=250.00&cu=INR&tn=PC%207K2M"
        );
    }

    #[test]
    fn bad_ids_and_missing_names_are_refused() {
        for (bad, code) in [
            ("", "payto_missing"),
            ("asha Asha", "payto_invalid"),
            ("a@okaxis Asha", "payto_invalid"),
            ("asha@ok-axis Asha", "payto_invalid"),
            ("asha@okaxis", "payto_missing"),
        ] {
            assert_eq!(Upi::parse(bad).unwrap_err().code(), code, "{bad}");
        }
    }
}
