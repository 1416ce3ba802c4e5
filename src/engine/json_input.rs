//! Reading a request's JSON: a body must be an object, amounts are read from their
//! literal text (never a float), and `amount_minor` beyond 64 bits is too large an
//! amount rather than a malformed field. Shared by the link, refund and bulk bodies.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::EngineError;
use super::link_body::FieldError;

/// The text of a JSON amount: a string's content or a number's literal. Numbers are read
/// from their literal text, never through a float.
pub fn amount_text(field: &str, raw: &RawValue) -> Result<String, FieldError> {
    let text = raw.get().trim();
    if text.starts_with('"') {
        serde_json::from_str::<String>(text)
            .map_err(|e| FieldError::new("invalid_field", field, format!("{field}: {e}")))
    } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(FieldError::new(
            "invalid_field",
            field,
            format!("{field} must be a decimal string such as \"250.00\" or a number"),
        ))
    }
}

/// An `amount_minor` as sent: minor units, or an integer beyond any amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinorUnits {
    Units(i64),
    TooLarge,
}

impl MinorUnits {
    /// The units, or `amount_too_large` naming `field`.
    ///
    /// # Errors
    /// An integer beyond what any link can ask for.
    pub fn get(self, field: &'static str) -> Result<i64, FieldError> {
        match self {
            Self::Units(m) => Ok(m),
            Self::TooLarge => Err(FieldError::from(EngineError::amount(
                field,
                &crate::domain::MoneyError::TooLarge,
            ))),
        }
    }
}

/// Reads `amount_minor`: an integer that does not fit 64 bits is too large an amount
/// (`amount_too_large`), not a malformed field; a fraction of a minor unit is
/// malformed.
///
/// # Errors
/// A value that is not a whole number.
pub fn minor_units<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<MinorUnits>, D::Error> {
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    if let Some(m) = n.as_i64() {
        return Ok(Some(MinorUnits::Units(m)));
    }
    if n.is_u64() {
        return Ok(Some(MinorUnits::TooLarge));
    }
    // Digits beyond 64 bits arrive as a float (`1e23`): whole and huge is too large; a
    // huge negative is refused like any negative (read as -1, never used in arithmetic).
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f >= 9.2e18 => Ok(Some(MinorUnits::TooLarge)),
        Some(f) if f.fract() == 0.0 && f <= -9.2e18 => Ok(Some(MinorUnits::Units(-1))),
        _ => Err(serde::de::Error::custom(
            "expected a whole number of minor units",
        )),
    }
}

/// Parses a JSON object, naming the field whose type is wrong (`customer_details.name`)
/// or reporting the syntax error with its position.
///
/// # Errors
/// An empty body, malformed JSON, a value other than an object, a missing field or a
/// value of the wrong type.
pub fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, FieldError> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => {
            return Err(FieldError::body(
                "invalid_json",
                "the request body is empty; send a JSON object",
            ));
        }
        // serde reads a struct from an array too, by position: `["7", null, "THB"]`
        // would be a link. Only an object names its fields.
        Some(b'{') => {}
        Some(_) => {
            return Err(FieldError::body(
                "invalid_json",
                "the body must be a JSON object",
            ));
        }
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = inner.to_string();
        if let Some(name) = msg
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            let field = if path == "." {
                name.to_owned()
            } else {
                format!("{path}.{name}")
            };
            return FieldError::new(
                "missing_field",
                field.clone(),
                format!("{field} is required"),
            );
        }
        match inner.classify() {
            serde_json::error::Category::Data if path != "." => {
                FieldError::new("invalid_field", path.clone(), format!("{path}: {inner}"))
            }
            serde_json::error::Category::Data => FieldError::body(
                "invalid_json",
                format!("the body must be a JSON object: {inner}"),
            ),
            _ => FieldError::body("invalid_json", format!("malformed JSON: {inner}")),
        }
    })?;
    // One JSON value and nothing after it: trailing bytes mean a broken client.
    de.end()
        .map_err(|e| FieldError::body("invalid_json", format!("malformed JSON: {e}")))?;
    Ok(value)
}
