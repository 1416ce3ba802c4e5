//! QRIS (Indonesia): only a licensed issuer makes a QRIS. A seller may add an amount to
//! their *own* static code: the code becomes single-amount (`01` = `12`), field 54 is
//! inserted in tag order and the CRC recomputed. paychat never builds one from scratch.

use serde::{Deserialize, Serialize};

use super::{RailError, emv};

/// The QRIS id in the national merchant-account template (tag 51, sub-tag 00).
const QRIS_ID: &str = "ID.CO.QRIS.WWW";

/// A seller's own static QRIS, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qris {
    /// The code as issued.
    pub code: String,
}

impl Qris {
    /// Checks a pasted static QRIS: its CRC, that it is static, a QRIS, in rupiah, in
    /// Indonesia, with a merchant name and no amount of its own.
    pub fn parse(args: &str) -> Result<Self, RailError> {
        // A pasted code may come wrapped over lines; spaces inside belong to it (names).
        let code: String = args
            .trim()
            .chars()
            .filter(|c| !matches!(c, '\n' | '\r'))
            .collect();
        if code.is_empty() {
            return Err(RailError::Missing { what: "qris-code" });
        }
        let fields = emv::parse(&code)?;
        let invalid = |hint| RailError::Invalid {
            what: "qris-code",
            value: crate::domain::text::clip(&code, 24),
            hint,
        };
        let is_qris = fields.iter().any(|(tag, value)| {
            ("26".."52").contains(&tag.as_str())
                && emv::split(value)
                    .ok()
                    .is_some_and(|sub| emv::get(&sub, "00") == Some(QRIS_ID))
        });
        if !is_qris {
            return Err(invalid("qris-not-qris"));
        }
        if emv::get(&fields, "01") != Some("11") || emv::get(&fields, "54").is_some() {
            return Err(invalid("qris-dynamic"));
        }
        if emv::get(&fields, "53") != Some("360") || emv::get(&fields, "58") != Some("ID") {
            return Err(invalid("qris-not-idr"));
        }
        if emv::get(&fields, "59").is_none_or(str::is_empty) {
            return Err(invalid("qris-no-name"));
        }
        Ok(Self { code })
    }

    fn fields(&self) -> Vec<(String, String)> {
        emv::parse(&self.code).unwrap_or_default()
    }

    /// The merchant name the buyer's app shows.
    #[must_use]
    pub fn merchant(&self) -> String {
        emv::get(&self.fields(), "59")
            .unwrap_or_default()
            .to_owned()
    }

    /// The national merchant id (NMID), when the code carries it.
    #[must_use]
    pub fn nmid(&self) -> Option<String> {
        let fields = self.fields();
        let template = emv::get(&fields, "51")?;
        let sub = emv::split(template).ok()?;
        emv::get(&sub, "02").map(str::to_owned)
    }

    /// The seller's code with `amount` added.
    pub(super) fn payload(&self, amount: &str) -> Result<String, RailError> {
        let mut fields = emv::parse(&self.code)?;
        fields.retain(|(tag, _)| tag != emv::CRC_TAG);
        for (tag, value) in &mut fields {
            if tag == "01" {
                "12".clone_into(value);
            }
        }
        let at = fields
            .iter()
            .position(|(tag, _)| tag.as_str() > "54")
            .unwrap_or(fields.len());
        fields.insert(at, ("54".to_owned(), amount.to_owned()));
        let body = fields
            .iter()
            .map(|(tag, value)| emv::field(tag, value))
            .collect::<Result<String, _>>()?;
        Ok(emv::finish(&body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merchant's static QRIS as published in a public project (issued by DANA).
    const STATIC: &str = "00020101021126570011ID.DANA.WWW011893600915303379682702090337968270303UMI\
        51440014ID.CO.QRIS.WWW0215ID10265640751030303UMI5204737253033605802ID5909BoonTrack\
        6012Kab. Bandung61054028663048DC1";

    #[test]
    fn a_published_static_code_is_taken_and_its_amount_added() {
        let q = Qris::parse(STATIC).unwrap();
        assert_eq!(q.merchant(), "BoonTrack");
        assert_eq!(q.nmid().as_deref(), Some("ID1026564075103"));
        let paid = q.payload("50000").unwrap();
        let before = emv::parse(STATIC).unwrap();
        let after = emv::parse(&paid).unwrap();
        assert_eq!(emv::get(&after, "01"), Some("12"));
        assert_eq!(emv::get(&after, "54"), Some("50000"));
        // Everything else as issued, in the same order, 54 between 53 and 58.
        let tags: Vec<&str> = after.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            tags,
            [
                "00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "63"
            ]
        );
        for (tag, value) in before
            .iter()
            .filter(|(t, _)| !matches!(t.as_str(), "01" | "63"))
        {
            assert_eq!(emv::get(&after, tag), Some(value.as_str()), "{tag}");
        }
    }

    #[test]
    fn other_codes_are_refused() {
        // A code for one payment (ours, with its amount) is not the shop's own code.
        let dynamic = Qris::parse(STATIC).unwrap().payload("50000").unwrap();
        assert_eq!(Qris::parse(&dynamic).unwrap_err().code(), "payto_invalid");
        // Wrapped over lines as pasted from a phone: the same code.
        let wrapped = format!("{}\n{}", &STATIC[..40], &STATIC[40..]);
        assert_eq!(Qris::parse(&wrapped).unwrap().code, STATIC);
        let tampered = STATIC.replace("BoonTrack", "BoonTrick");
        assert_eq!(Qris::parse(&tampered), Err(RailError::BadCrc));
        // A Pix code is no QRIS.
        let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
        assert_eq!(Qris::parse(pix).unwrap_err().code(), "payto_invalid");
        assert_eq!(Qris::parse("hello"), Err(RailError::Malformed));
    }
}
