//! VietQR (Vietnam, NAPAS 247): tag 38 with the NAPAS id, the bank's BIN and the
//! account, and the service code for a transfer to an account. The purpose (tag 62,
//! sub-tag 08) carries the per-payment code a bank feed matches on.

use serde::{Deserialize, Serialize};

use super::{RailError, ascii_fold, emv};

/// The NAPAS application id in tag 38's sub-tag 00.
const AID: &str = "A000000727";
/// Service code: fast transfer to an account (not to a card).
const TO_ACCOUNT: &str = "QRIBFTTA";

/// Banks on NAPAS by BIN, with the names sellers call them (the first is shown).
const BANKS: &[(&str, &[&str])] = &[
    ("970436", &["Vietcombank", "VCB"]),
    ("970415", &["VietinBank", "ICB", "CTG"]),
    ("970418", &["BIDV"]),
    ("970405", &["Agribank", "VBA"]),
    ("970422", &["MBBank", "MB", "MB Bank"]),
    ("970407", &["Techcombank", "TCB"]),
    ("970416", &["ACB"]),
    ("970432", &["VPBank", "VPB"]),
    ("970423", &["TPBank", "TPB"]),
    ("970403", &["Sacombank", "STB"]),
    ("970437", &["HDBank", "HDB"]),
    ("970441", &["VIB"]),
    ("970443", &["SHB"]),
    ("970431", &["Eximbank", "EIB"]),
    ("970448", &["OCB"]),
    ("970426", &["MSB"]),
    ("970440", &["SeABank"]),
    ("970449", &["LPBank", "LienVietPostBank"]),
    ("970428", &["NamABank", "Nam A Bank"]),
    ("970425", &["ABBANK"]),
    ("970454", &["VietCapitalBank", "BVBank", "VCCB"]),
    ("970429", &["SCB"]),
    ("970400", &["SaigonBank"]),
    ("970406", &["DongABank", "DOB"]),
    ("970409", &["BacABank", "BAB"]),
    ("970412", &["PVcomBank"]),
    ("970427", &["VietABank", "VAB"]),
    ("970433", &["VietBank"]),
    ("970452", &["KienLongBank"]),
    ("970419", &["NCB"]),
    ("970430", &["PGBank"]),
    ("970438", &["BaoVietBank"]),
    ("970457", &["Woori"]),
];

/// A bank account in Vietnam.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VietQr {
    /// The bank's 6-digit BIN.
    pub bin: String,
    pub account: String,
    /// The account holder's name as the bank has it, without diacritics, upper case.
    pub name: String,
}

impl VietQr {
    /// Reads `<bank> <account> <name…>`: the bank by name (`Vietcombank`, `MB`) or BIN.
    pub fn parse(args: &str) -> Result<Self, RailError> {
        let all: Vec<&str> = args.split_whitespace().collect();
        let first = *all.first().ok_or(RailError::Missing { what: "bank" })?;
        // A bank's name may be several words (`Nam A Bank`): the longest that names one.
        let (bin, taken) = (1..=3.min(all.len()))
            .rev()
            .find_map(|n| bank_bin(&all[..n].join(" ")).map(|bin| (bin, n)))
            .ok_or_else(|| RailError::Invalid {
                what: "bank",
                value: first.to_owned(),
                hint: "bank-name",
            })?;
        let mut words = all[taken..].iter().copied();
        let account = words.next().ok_or(RailError::Missing {
            what: "account-number",
        })?;
        if account.len() > 19 || !account.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RailError::Invalid {
                what: "account-number",
                value: account.to_owned(),
                hint: "account-number-format",
            });
        }
        let typed = words.collect::<Vec<_>>().join(" ");
        if typed.is_empty() {
            return Err(RailError::Missing {
                what: "account-name",
            });
        }
        let name = ascii_fold(&typed)
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '))
            .ok_or_else(|| RailError::Invalid {
                what: "account-name",
                value: typed.clone(),
                hint: "account-name-letters",
            })?
            .to_ascii_uppercase();
        if name.chars().count() > 50 {
            return Err(RailError::TooLong {
                field: "account-name",
                max: 50,
            });
        }
        Ok(Self {
            bin: bin.to_owned(),
            account: account.to_ascii_uppercase(),
            name,
        })
    }

    /// The bank's usual short name.
    #[must_use]
    pub fn bank_name(&self) -> &'static str {
        BANKS
            .iter()
            .find(|(bin, _)| *bin == self.bin)
            .map_or("?", |(_, names)| names[0])
    }

    pub(super) fn payload(&self, amount: &str, purpose: Option<&str>) -> Result<String, RailError> {
        let beneficiary = format!(
            "{}{}",
            emv::field("00", &self.bin)?,
            emv::field("01", &self.account)?
        );
        let account = [
            emv::field("00", AID)?,
            emv::field("01", &beneficiary)?,
            emv::field("02", TO_ACCOUNT)?,
        ]
        .concat();
        let mut body = [
            emv::field("00", "01")?,
            emv::field("01", "12")?,
            emv::field("38", &account)?,
            emv::field("53", "704")?,
            emv::field("54", amount)?,
            emv::field("58", "VN")?,
        ]
        .concat();
        if let Some(p) = purpose {
            if p.chars().count() > 25 || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ') {
                return Err(RailError::TooLong {
                    field: "reference",
                    max: 25,
                });
            }
            body.push_str(&emv::field("62", &emv::field("08", p)?)?);
        }
        Ok(emv::finish(&body))
    }
}

/// The BIN of a bank named by BIN or by one of its names (case and spaces ignored).
fn bank_bin(name: &str) -> Option<&'static str> {
    let key: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    BANKS.iter().find_map(|(bin, names)| {
        let hit = *bin == key
            || names.iter().any(|n| {
                n.chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .eq_ignore_ascii_case(&key)
            });
        hit.then_some(*bin)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(bin: &str, account: &str) -> VietQr {
        VietQr {
            bin: bin.into(),
            account: account.into(),
            name: "TEST".into(),
        }
    }

    #[test]
    fn matches_published_payloads_to_the_letter() {
        // Codes made by a Vietnamese payment gateway (payOS) for a BIDV virtual account
        // and an MB account, with purposes.
        assert_eq!(
            account("970418", "V3CAS6262723924")
                .payload("375000", Some("CSPZKHEL6A2 NTK O0004"))
                .unwrap(),
            "00020101021238590010A000000727012900069704180115V3CAS62627239240208QRIBFTTA\
             530370454063750005802VN62250821CSPZKHEL6A2 NTK O000463044729"
        );
        assert_eq!(
            account("970422", "VQRQACLNP2680")
                .payload("100000", Some("Thanh toan don hang ABC"))
                .unwrap(),
            "00020101021238570010A000000727012700069704220113VQRQACLNP26800208QRIBFTTA\
             530370454061000005802VN62270823Thanh toan don hang ABC6304CE4C"
        );
    }

    #[test]
    fn sellers_name_their_bank_as_they_know_it() {
        let v = VietQr::parse("vietcombank 0011001234567 Nguyễn Văn Đức").unwrap();
        assert_eq!(v.bin, "970436");
        assert_eq!(v.name, "NGUYEN VAN DUC");
        assert_eq!(v.bank_name(), "Vietcombank");
        let mb = VietQr::parse("MB Bank 0123 AN").unwrap();
        assert_eq!((mb.bin.as_str(), mb.account.as_str()), ("970422", "0123"));
        assert_eq!(VietQr::parse("Nam A Bank 9 AN").unwrap().bin, "970428");
        assert_eq!(
            VietQr::parse("970422 123 AN").unwrap().bank_name(),
            "MBBank"
        );
        for (bad, code) in [
            ("", "payto_missing"),
            ("NoSuchBank 123 AN", "payto_invalid"),
            ("VCB", "payto_missing"),
            ("VCB 12-34 AN", "payto_invalid"),
            ("VCB 12345678901234567890 AN", "payto_invalid"),
            ("VCB 123", "payto_missing"),
            ("VCB 123 ร้าน", "payto_invalid"),
        ] {
            assert_eq!(VietQr::parse(bad).unwrap_err().code(), code, "{bad}");
        }
    }

    #[test]
    fn a_purpose_too_long_is_refused() {
        assert!(
            account("970436", "1")
                .payload("1", Some(&"A".repeat(26)))
                .is_err()
        );
        assert!(account("970436", "1").payload("1", Some("MÃ")).is_err());
    }
}
