//! The EMVCo merchant-presented QR format shared by PromptPay, VietQR, Pix and QRIS:
//! fields of a 2-digit tag, a 2-digit length and the value, closed by a CRC.
//!
//! One small core rather than a crate per rail: the format is a page of rules, every
//! rail needs the same parse and CRC, and the maintained crates each cover one country.

use super::RailError;

/// The tag of the CRC field, always last.
pub const CRC_TAG: &str = "63";

/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR).
#[must_use]
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 == 0 {
                crc << 1
            } else {
                (crc << 1) ^ 0x1021
            };
        }
    }
    crc
}

/// One field: tag, length, value. A value longer than 99 characters cannot be written.
pub fn field(tag: &str, value: &str) -> Result<String, RailError> {
    let len = value.chars().count();
    if len > 99 {
        return Err(RailError::TooLong {
            field: tag_name(tag),
            max: 99,
        });
    }
    Ok(format!("{tag}{len:02}{value}"))
}

/// Closes a payload: appends the CRC field, computed over everything before it and the
/// CRC's own tag and length (`6304`).
#[must_use]
pub fn finish(body: &str) -> String {
    let head = format!("{body}{CRC_TAG}04");
    let crc = crc16(head.as_bytes());
    format!("{head}{crc:04X}")
}

/// The top-level fields of a payload, in order, after checking its CRC.
pub fn parse(payload: &str) -> Result<Vec<(String, String)>, RailError> {
    parse_with_crc(payload, CRC_TAG)
}

/// As [`parse`], for formats that put their CRC under another tag (Thai slips: `91`).
pub fn parse_with_crc(payload: &str, crc_tag: &str) -> Result<Vec<(String, String)>, RailError> {
    let fields = split(payload)?;
    match fields.last() {
        Some((tag, crc)) if tag == crc_tag && crc.len() == 4 => {
            let body = &payload[..payload.len() - 4];
            let expected = format!("{:04X}", crc16(body.as_bytes()));
            if !crc.eq_ignore_ascii_case(&expected) {
                return Err(RailError::BadCrc);
            }
        }
        _ => return Err(RailError::BadCrc),
    }
    Ok(fields)
}

/// Splits a run of fields (a payload, or the value of a template field) without checks
/// beyond the shape.
pub fn split(text: &str) -> Result<Vec<(String, String)>, RailError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let head: String = chars
            .get(i..i + 4)
            .ok_or(RailError::Malformed)?
            .iter()
            .collect();
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RailError::Malformed);
        }
        let len: usize = head[2..].parse().map_err(|_| RailError::Malformed)?;
        let value: String = chars
            .get(i + 4..i + 4 + len)
            .ok_or(RailError::Malformed)?
            .iter()
            .collect();
        out.push((head[..2].to_owned(), value));
        i += 4 + len;
    }
    Ok(out)
}

/// The value of `tag` among `fields`.
#[must_use]
pub fn get<'a>(fields: &'a [(String, String)], tag: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(t, _)| t == tag)
        .map(|(_, v)| v.as_str())
}

/// The name a seller knows a field by, for errors.
fn tag_name(tag: &str) -> &'static str {
    match tag {
        "54" => "amount",
        "59" => "name",
        "60" => "city",
        "62" => "reference",
        _ => "account",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_is_ccitt_false() {
        // The catalogue check value of CRC-16/CCITT-FALSE.
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    #[test]
    fn fields_round_trip_and_long_values_are_refused() {
        let body = format!(
            "{}{}",
            field("00", "01").unwrap(),
            field("59", "ร้าน").unwrap()
        );
        assert_eq!(body, "0002015904ร้าน");
        let payload = finish(&body);
        let fields = parse(&payload).unwrap();
        assert_eq!(get(&fields, "59"), Some("ร้าน"));
        assert!(matches!(
            field("59", &"x".repeat(100)),
            Err(RailError::TooLong {
                field: "name",
                max: 99
            })
        ));
    }

    #[test]
    fn a_changed_character_breaks_the_crc() {
        let payload = finish(&format!(
            "{}{}",
            field("00", "01").unwrap(),
            field("54", "250.00").unwrap()
        ));
        let tampered = payload.replace("250.00", "950.00");
        assert_eq!(parse(&tampered), Err(RailError::BadCrc));
        assert_eq!(parse("0002"), Err(RailError::Malformed));
        assert_eq!(parse("000201"), Err(RailError::BadCrc));
    }
}
