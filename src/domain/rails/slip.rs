//! The small QR on Thai bank transfer slips ("mini-QR"): the sending bank and the
//! transaction's reference, as the Bank of Thailand's slip-verify format has them
//! (tag 00 holding `00`=`000001`, `01` bank code, `02` reference; `51`=`TH`; CRC under
//! tag 91). It proves nothing by itself: it lets the seller see the reference and
//! paychat notice a slip sent twice.

use super::emv;

/// What a slip's QR says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipQr {
    /// The sending bank's 3-digit code (`004` Kasikorn, `014` SCB…).
    pub bank: String,
    pub reference: String,
}

/// Reads a slip's QR payload; `None` for anything else (a payment QR, a URL).
#[must_use]
pub fn read_slip_qr(payload: &str) -> Option<SlipQr> {
    let fields = emv::parse_with_crc(payload.trim(), "91").ok()?;
    if emv::get(&fields, "51") != Some("TH") {
        return None;
    }
    let inner = emv::split(emv::get(&fields, "00")?).ok()?;
    if emv::get(&inner, "00") != Some("000001") {
        return None;
    }
    let bank = emv::get(&inner, "01")?;
    let reference = emv::get(&inner, "02")?;
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    (plain(bank) && plain(reference)).then(|| SlipQr {
        bank: bank.to_owned(),
        reference: reference.to_owned(),
    })
}

/// A slip QR payload for `bank` and `reference` (tests and examples make slips).
#[must_use]
pub fn slip_qr_payload(bank: &str, reference: &str) -> String {
    let inner = format!(
        "000600000101{:02}{bank}02{:02}{reference}",
        bank.len(),
        reference.len()
    );
    let body = format!("00{:02}{inner}5102TH", inner.len());
    let head = format!("{body}9104");
    format!("{head}{:04X}", emv::crc16(head.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_qr_gives_its_bank_and_reference() {
        let payload = slip_qr_payload("004", "016123456789ABC1234");
        assert_eq!(
            read_slip_qr(&payload),
            Some(SlipQr {
                bank: "004".into(),
                reference: "016123456789ABC1234".into()
            })
        );
        // A changed character, a payment QR or a URL is no slip.
        assert_eq!(read_slip_qr(&payload.replace("ABC", "ABD")), None);
        assert_eq!(
            read_slip_qr(
                "00020101021129370016A000000677010111011300660000000005802TH530376454044.226304E469"
            ),
            None
        );
        assert_eq!(read_slip_qr("https://example.com"), None);
    }
}
