//! The buyer's details on the payment page: the inputs a link asks for before Pay
//! (name, phone, e-mail, a shipping address), placed inside the Pay form, and shown
//! again with the buyer's entries and an error under each refused field.
//!
//! Every value the buyer typed is escaped; errors are message keys, never free text.

use crate::adapters::html::escape;
use crate::domain::buyer::{BuyerAsks, BuyerEntry, BuyerField, EntryError, EntryErrors};

/// A page message lookup: key and arguments to escaped text (as `pages.rs` builds it).
pub(super) type Translate<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// What the buyer sent and why parts of it were refused, to show the form again.
pub(super) struct FormAgain {
    pub(super) entry: BuyerEntry,
    pub(super) errors: EntryErrors,
}

/// One input: form name, message key of its label, `type`, `autocomplete`, max length,
/// required.
struct Input {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    max: usize,
    required: bool,
}

const fn input(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    max: usize,
) -> Input {
    Input {
        name,
        label,
        kind,
        autocomplete,
        max,
        required: true,
    }
}

const SHIPPING: [Input; 5] = [
    input("line1", "buyer-line1", "text", "address-line1", 200),
    Input {
        required: false,
        ..input("line2", "buyer-line2", "text", "address-line2", 200)
    },
    input("city", "buyer-city", "text", "address-level2", 100),
    input(
        "postal_code",
        "buyer-postal-code",
        "text",
        "postal-code",
        20,
    ),
    input("country", "buyer-country", "text", "country", 2),
];

const fn detail(field: BuyerField) -> Input {
    match field {
        BuyerField::Name => input("name", "buyer-name", "text", "name", 100),
        BuyerField::Phone => input("phone", "buyer-phone", "tel", "tel", 32),
        BuyerField::Email => input("email", "buyer-email", "email", "email", 254),
    }
}

/// Labels and errors of the form, placed above its Pay button: a notice when the
/// buyer's entries were refused, then the details, then the shipping address.
/// `country` prefills the country input on first showing.
pub(super) fn fields_html(
    asks: &BuyerAsks,
    again: Option<&FormAgain>,
    country: Option<&str>,
    t: &Translate<'_>,
) -> String {
    if asks.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<style>.buyer label{display:block;font-size:.9rem;color:#444}.buyer fieldset{border:0;\
         padding:0;margin:0}.buyer legend{font-weight:600;margin:0 0 .5rem;padding:0}\
         .field-error{color:#b3261e;font-size:.9rem;margin:-.75rem 0 1rem}\
         .buyer input[aria-invalid]{border-color:#b3261e}</style><div class=\"buyer\">",
    );
    if again.is_some_and(|a| !a.errors.is_empty()) {
        html.push_str(&format!(
            "<p class=\"notice\" role=\"alert\">{}</p>",
            t("buyer-errors-notice", &[])
        ));
    }
    if !asks.fields.is_empty() {
        html.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            t("buyer-heading", &[])
        ));
        for f in &asks.fields {
            html.push_str(&one(&detail(*f), again, None, t));
        }
        html.push_str("</fieldset>");
    }
    if asks.shipping {
        html.push_str(&format!(
            "<fieldset><legend>{}</legend>",
            t("buyer-shipping-heading", &[])
        ));
        for i in &SHIPPING {
            let prefill = (i.name == "country").then_some(country).flatten();
            html.push_str(&one(i, again, prefill, t));
        }
        html.push_str("</fieldset>");
    }
    html.push_str("</div>");
    html
}

fn one(i: &Input, again: Option<&FormAgain>, prefill: Option<&str>, t: &Translate<'_>) -> String {
    let value = match again {
        Some(a) => a.entry.get(i.name).unwrap_or_default(),
        None => prefill.unwrap_or_default(),
    };
    let error = again.and_then(|a| {
        a.errors
            .iter()
            .find(|(name, _)| *name == i.name)
            .map(|(_, e)| *e)
    });
    let (invalid, error_html) = match error {
        Some(e) => (
            format!(" aria-invalid=\"true\" aria-describedby=\"err-{}\"", i.name),
            format!(
                "<p class=\"field-error\" id=\"err-{}\">{}</p>",
                i.name,
                t(&error_key(e), &[])
            ),
        ),
        None => (String::new(), String::new()),
    };
    format!(
        "<label>{label}<input name=\"{name}\" type=\"{kind}\" autocomplete=\"{auto}\" \
         maxlength=\"{max}\" value=\"{value}\"{required}{invalid}></label>{error_html}",
        label = t(i.label, &[]),
        name = i.name,
        kind = i.kind,
        auto = i.autocomplete,
        max = i.max,
        value = escape(value),
        required = if i.required { " required" } else { "" },
    )
}

fn error_key(e: EntryError) -> String {
    format!("buyer-error-{}", e.code())
}
