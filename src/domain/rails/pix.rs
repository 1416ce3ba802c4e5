//! Pix (Brazil) static BR Code: tag 26 with the Pix GUID and the seller's key, the
//! merchant name and city in ASCII, and tag 62 with a transaction id. The "copia e cola"
//! string is the payload itself.

use serde::{Deserialize, Serialize};

use super::{RailError, ascii_fold, digits_of, emv};

const GUI: &str = "br.gov.bcb.pix";
/// The most characters of the name and city fields.
const MAX_NAME: usize = 25;
const MAX_CITY: usize = 15;

/// A Pix key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum PixKey {
    /// A person's CPF, 11 digits.
    Cpf(String),
    /// A company's CNPJ, 14 digits.
    Cnpj(String),
    /// `+55` and the number.
    Phone(String),
    Email(String),
    /// A random key (EVP), a UUID in lower case.
    Random(String),
}

impl PixKey {
    /// Reads a key in any of its forms; CPF and CNPJ check digits are verified.
    pub fn parse(raw: &str) -> Result<Self, RailError> {
        let invalid = |hint| RailError::Invalid {
            what: "pix-key",
            value: raw.to_owned(),
            hint,
        };
        if raw.contains('@') {
            let (user, domain) = raw.split_once('@').unwrap_or_default();
            return if raw.len() <= 77
                && !user.is_empty()
                && domain.contains('.')
                && !raw.chars().any(char::is_whitespace)
            {
                Ok(Self::Email(raw.to_ascii_lowercase()))
            } else {
                Err(invalid("pix-email"))
            };
        }
        if is_uuid(raw) {
            return Ok(Self::Random(raw.to_ascii_lowercase()));
        }
        if let Some(rest) = raw.strip_prefix('+') {
            let digits =
                digits_of(&rest.replace(['(', ')'], "")).ok_or_else(|| invalid("pix-phone"))?;
            return match digits.strip_prefix("55") {
                Some(national) if (10..=11).contains(&national.len()) => {
                    Ok(Self::Phone(format!("+{digits}")))
                }
                _ => Err(invalid("pix-phone")),
            };
        }
        let digits = digits_of(raw).ok_or_else(|| invalid("pix-key"))?;
        match digits.len() {
            11 if cpf_checks(&digits) => Ok(Self::Cpf(digits)),
            11 => Err(invalid("cpf-check")),
            14 if cnpj_checks(&digits) => Ok(Self::Cnpj(digits)),
            14 => Err(invalid("cnpj-check")),
            _ => Err(invalid("pix-key")),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Cpf(k) | Self::Cnpj(k) | Self::Phone(k) | Self::Email(k) | Self::Random(k) => k,
        }
    }

    /// The key as Brazilians write it: `123.456.789-09`, `12.345.678/0001-95`.
    #[must_use]
    pub fn shown(&self) -> String {
        match self {
            Self::Cpf(k) => format!("{}.{}.{}-{}", &k[..3], &k[3..6], &k[6..9], &k[9..]),
            Self::Cnpj(k) => format!(
                "{}.{}.{}/{}-{}",
                &k[..2],
                &k[2..5],
                &k[5..8],
                &k[8..12],
                &k[12..]
            ),
            other => other.as_str().to_owned(),
        }
    }
}

/// A Pix receiver: key, name and city as the BR Code carries them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pix {
    pub key: PixKey,
    pub name: String,
    pub city: String,
}

impl Pix {
    /// Reads `<key> <name…>, <city>`: `123.456.789-09 Ana Souza, São Paulo`.
    pub fn parse(args: &str) -> Result<Self, RailError> {
        let args = args.trim();
        // A phone key is often typed with spaces (`+55 11 98765-4321`): it runs to the
        // first letter.
        let (key, rest) = if args.starts_with('+') {
            let end = args
                .find(|c: char| !(c.is_ascii_digit() || " +-()".contains(c)))
                .unwrap_or(args.len());
            (args[..end].trim(), args[end..].trim())
        } else {
            args.split_once(char::is_whitespace)
                .ok_or(RailError::Missing { what: "name" })?
        };
        if rest.is_empty() {
            return Err(RailError::Missing { what: "name" });
        }
        if key.is_empty() {
            return Err(RailError::Missing { what: "pix-key" });
        }
        let key = PixKey::parse(key)?;
        let (name, city) = rest
            .rsplit_once(',')
            .ok_or(RailError::Missing { what: "city" })?;
        Ok(Self {
            key,
            name: ascii_text(name.trim(), "name", MAX_NAME)?,
            city: ascii_text(city.trim(), "city", MAX_CITY)?,
        })
    }

    pub(super) fn payload(&self, amount: &str, txid: Option<&str>) -> Result<String, RailError> {
        self.code(Some(amount), txid)
    }

    /// The BR Code; without an amount the payer types it.
    fn code(&self, amount: Option<&str>, txid: Option<&str>) -> Result<String, RailError> {
        let txid = txid.unwrap_or("***");
        if txid.len() > 25 || !(txid == "***" || txid.bytes().all(|b| b.is_ascii_alphanumeric())) {
            return Err(RailError::TooLong {
                field: "reference",
                max: 25,
            });
        }
        let account = format!(
            "{}{}",
            emv::field("00", GUI)?,
            emv::field("01", self.key.as_str())?
        );
        let mut body = [
            emv::field("00", "01")?,
            emv::field("26", &account)?,
            emv::field("52", "0000")?,
            emv::field("53", "986")?,
        ]
        .concat();
        if let Some(a) = amount {
            body.push_str(&emv::field("54", a)?);
        }
        body.push_str(
            &[
                emv::field("58", "BR")?,
                emv::field("59", &self.name)?,
                emv::field("60", &self.city)?,
                emv::field("62", &emv::field("05", txid)?)?,
            ]
            .concat(),
        );
        Ok(emv::finish(&body))
    }
}

/// A name or city in the ASCII the BR Code takes, within `max` characters.
fn ascii_text(s: &str, what: &'static str, max: usize) -> Result<String, RailError> {
    if s.is_empty() {
        return Err(RailError::Missing { what });
    }
    let folded = ascii_fold(s).ok_or_else(|| RailError::Invalid {
        what,
        value: s.to_owned(),
        hint: "latin",
    })?;
    if folded.chars().count() > max {
        return Err(RailError::TooLong { field: what, max });
    }
    Ok(folded)
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Mod-11 check digit over `digits` with `weights`, as CPF and CNPJ compute it.
fn mod11(digits: &[u32], weights: &[u32]) -> u32 {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

fn to_digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

fn cpf_checks(cpf: &str) -> bool {
    let d = to_digits(cpf);
    if d.len() != 11 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    mod11(&d[..9], &[10, 9, 8, 7, 6, 5, 4, 3, 2]) == d[9]
        && mod11(&d[..10], &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]) == d[10]
}

fn cnpj_checks(cnpj: &str) -> bool {
    let d = to_digits(cnpj);
    if d.len() != 14 || d.iter().all(|&x| x == d[0]) {
        return false;
    }
    mod11(&d[..12], &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == d[12]
        && mod11(&d[..13], &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) == d[13]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_central_banks_example_to_the_letter() {
        // The BR Code example of Banco Central do Brasil's Pix manual.
        let pix = Pix {
            key: PixKey::Random("123e4567-e12b-12d1-a456-426655440000".into()),
            name: "Fulano de Tal".into(),
            city: "BRASILIA".into(),
        };
        assert_eq!(
            pix.code(None, None).unwrap(),
            "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR\
             5913Fulano de Tal6008BRASILIA62070503***63041D3D"
        );
        let with_amount = pix.payload("49.90", Some("PC7K2M")).unwrap();
        let f = emv::parse(&with_amount).unwrap();
        assert_eq!(emv::get(&f, "54"), Some("49.90"));
        assert_eq!(emv::get(&f, "62"), Some("0506PC7K2M"));
    }

    #[test]
    fn keys_are_read_in_every_form_and_checked() {
        assert_eq!(
            PixKey::parse("529.982.247-25"),
            Ok(PixKey::Cpf("52998224725".into()))
        );
        assert_eq!(
            PixKey::parse("11.222.333/0001-81"),
            Ok(PixKey::Cnpj("11222333000181".into()))
        );
        assert_eq!(
            PixKey::parse("+55 (11) 98765-4321"),
            Ok(PixKey::Phone("+5511987654321".into()))
        );
        assert_eq!(
            PixKey::parse("Ana@Mail.com"),
            Ok(PixKey::Email("ana@mail.com".into()))
        );
        assert_eq!(PixKey::Cpf("52998224725".into()).shown(), "529.982.247-25");
        for bad in [
            "529.982.247-26",
            "111.111.111-11",
            "11.222.333/0001-82",
            "11987654321",
            "+1 555 0100",
            "ana@",
            "123",
        ] {
            assert!(PixKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_and_cities_are_ascii_within_their_limits() {
        let p = Pix::parse("529.982.247-25 Ana Conceição, São Paulo").unwrap();
        assert_eq!(
            (p.name.as_str(), p.city.as_str()),
            ("Ana Conceicao", "Sao Paulo")
        );
        let phone = Pix::parse("+55 11 98765-4321 Loja da Ana, Recife").unwrap();
        assert_eq!(phone.key, PixKey::Phone("+5511987654321".into()));
        assert_eq!(phone.name, "Loja da Ana");
        assert_eq!(
            Pix::parse("52998224725 Ana").unwrap_err(),
            RailError::Missing { what: "city" }
        );
        assert!(matches!(
            Pix::parse("52998224725 Ana Maria da Conceição Albuquerque, Recife"),
            Err(RailError::TooLong {
                field: "name",
                max: 25
            })
        ));
        assert!(matches!(
            Pix::parse("52998224725 Ana, Santo Antônio do Descoberto"),
            Err(RailError::TooLong {
                field: "city",
                max: 15
            })
        ));
    }
}
