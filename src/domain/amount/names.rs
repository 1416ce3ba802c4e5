//! The words sellers write next to a number: currency codes, symbols and names, and
//! magnitudes (`k`, `jt`, `lakh`, `mil`), in the six languages paychat speaks.
//!
//! A name here only says what a word *may* stand for; the phrase reader in `mod.rs`
//! decides with the seller's default currency and language, and asks when they do not
//! settle it.

use crate::domain::currency::Currency;

/// What a word or symbol next to an amount says about its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Named {
    /// Exactly one currency: `฿`, `THB`, `baht`, `reais`.
    Is(Currency),
    /// A symbol or word several currencies share (`$`, `Rs`, `peso`, `¥`). `family` is
    /// every currency it may stand for; `alone` what it means without another clue: the
    /// seller's default when that is in the family, else the documented pick (`$` → USD)
    /// or the candidates to ask about, most likely first.
    Shared {
        family: &'static [&'static str],
        alone: Vec<Currency>,
    },
    /// A lower-case ISO code that reads as an ordinary word too (`cup`, `top`, `all`):
    /// the currency, or a word of the description.
    OrWord(Currency),
    /// Three capital letters that are no ISO 4217 code (`THX`).
    NotACode,
}

/// Currencies written `$`, or called "dollar", in their own country.
const DOLLARS: &[&str] = &[
    "USD", "SGD", "AUD", "CAD", "HKD", "NZD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU", "BND",
    "FJD", "BSD", "BBD", "BZD", "BMD", "JMD", "KYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD",
    "GYD",
];
/// Currencies called rupee and written `Rs`.
const RUPEES: &[&str] = &["INR", "PKR", "LKR", "NPR", "MUR", "SCR"];
/// Currencies called peso.
const PESOS: &[&str] = &["MXN", "PHP", "ARS", "CLP", "COP", "UYU", "DOP", "CUP"];
/// Currencies written `¥`.
const YEN_YUAN: &[&str] = &["JPY", "CNY"];

/// Symbols and short forms that name one currency, matched without regard to case.
const SYMBOLS: &[(&str, &str)] = &[
    ("฿", "THB"),
    ("rp", "IDR"),
    ("₫", "VND"),
    ("đ", "VND"),
    ("r$", "BRL"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₱", "PHP"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("rm", "MYR"),
    ("s$", "SGD"),
    ("us$", "USD"),
    ("mx$", "MXN"),
    ("a$", "AUD"),
    ("au$", "AUD"),
    ("ca$", "CAD"),
    ("nz$", "NZD"),
    ("hk$", "HKD"),
    ("nt$", "TWD"),
    ("₦", "NGN"),
    ("₪", "ILS"),
    ("₺", "TRY"),
    ("₴", "UAH"),
    ("zł", "PLN"),
    ("s/", "PEN"),
    ("₭", "LAK"),
    ("៛", "KHR"),
    ("₡", "CRC"),
    ("₲", "PYG"),
    ("₸", "KZT"),
    ("₾", "GEL"),
    ("৳", "BDT"),
    ("円", "JPY"),
];

/// Currency names in the six languages, folded (lower case, Latin accents removed, `đ`
/// kept), that name one currency.
const WORDS: &[(&str, &str)] = &[
    ("baht", "THB"),
    ("บาท", "THB"),
    ("บ", "THB"),
    ("rupiah", "IDR"),
    ("rupiahs", "IDR"),
    ("dong", "VND"),
    ("đong", "VND"),
    ("vnđ", "VND"),
    ("reais", "BRL"),
    ("ringgit", "MYR"),
    ("ringgits", "MYR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("rmb", "CNY"),
    ("renminbi", "CNY"),
    ("soles", "PEN"),
];

/// Lower-case ISO codes taken as the currency without asking: common in our sellers'
/// markets and no ordinary word in their languages. Every other lower-case code
/// (`cup`, `all`, `top`, `mad`, `try`, `pen`, `mop`, `bob`, `php`, `nok`, `pln`…) is
/// asked about unless it is the seller's default currency.
const PLAIN_CODES: &[&str] = &[
    "thb", "usd", "eur", "idr", "vnd", "brl", "inr", "myr", "sgd", "jpy", "kwd", "mxn", "gbp",
    "aud", "hkd", "cny", "krw", "twd", "chf", "nzd", "clp", "ars", "aed", "lkr", "pkr", "bdt",
    "ngn", "zar", "egp", "czk", "dkk", "huf", "qar", "omr", "bhd", "uyu", "khr", "mmk", "npr",
];

/// Magnitude words, folded, with the powers of ten they may mean (most likely first).
/// `m` counts only glued to the number (`2m`): alone it is more often metres.
const MAGNITUDES: &[(&str, &[u32])] = &[
    ("k", &[3]),
    ("thousand", &[3]),
    ("rb", &[3]),
    ("ribu", &[3]),
    ("jt", &[6]),
    ("juta", &[6]),
    ("tr", &[6]),
    ("trieu", &[6]),
    ("nghin", &[3]),
    ("ngan", &[3]),
    ("lakh", &[5]),
    ("lakhs", &[5]),
    ("lac", &[5]),
    ("lacs", &[5]),
    ("crore", &[7]),
    ("crores", &[7]),
    ("cr", &[7]),
    ("million", &[6]),
    ("millions", &[6]),
    ("millon", &[6]),
    ("millones", &[6]),
    ("milhao", &[6]),
    ("milhoes", &[6]),
    ("พัน", &[3]),
    ("หมื่น", &[4]),
    ("แสน", &[5]),
    ("ล้าน", &[6]),
];

/// What `token` says about a currency, if anything, for a seller whose default is
/// `default` and who writes `lang`.
pub(super) fn currency(token: &str, default: Option<Currency>, lang: &str) -> Option<Named> {
    let t = token.trim_end_matches([',', ';', ':', '!', '?', ')']);
    let lower = t.to_lowercase();
    let lower = lower.trim_end_matches('.');
    if let Some(shared) = shared(lower, default, lang) {
        return Some(shared);
    }
    let by_table = |table: &[(&str, &'static str)], key: &str| {
        table
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, code)| Currency::from_code(code).ok())
    };
    if let Some(c) = by_table(SYMBOLS, lower) {
        return Some(Named::Is(c));
    }
    let t = t.trim_end_matches('.');
    let three_letters = t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic());
    if three_letters
        && t.bytes().all(|b| b.is_ascii_uppercase())
        && let Ok(c) = Currency::from_code(t)
    {
        return Some(Named::Is(c));
    }
    if let Some(c) = by_table(WORDS, &fold(lower)) {
        return Some(Named::Is(c));
    }
    if !three_letters {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(Named::NotACode);
    }
    let c = Currency::from_code(t).ok()?;
    if Some(c) == default || PLAIN_CODES.contains(&lower) {
        Some(Named::Is(c))
    } else {
        Some(Named::OrWord(c))
    }
}

/// A magnitude glued to the number (`50k`, `2jt`, `2m`) or written as its own word
/// (`2 juta`, `50 mil`), as the powers of ten it may mean, most likely first.
pub(super) fn magnitude(token: &str, glued: bool, lang: &str) -> Option<&'static [u32]> {
    let folded = fold(token);
    match folded.as_str() {
        "m" if glued => Some(&[6]),
        // `mil` is a thousand in Portuguese and Spanish, a million in English slang.
        "mil" if is_lang(lang, &["pt", "es"]) => Some(&[3]),
        "mil" => Some(&[6, 3]),
        f => MAGNITUDES.iter().find(|(w, _)| *w == f).map(|(_, p)| *p),
    }
}

/// The magnitude words that may start `folded`, longest first, with their byte length in
/// `folded`. Used to split glued forms such as `50kTHB` or `5พันบาท`.
pub(super) fn magnitude_prefixes(folded: &str, lang: &str) -> Vec<(usize, &'static [u32])> {
    let mut found: Vec<(usize, &'static [u32])> = MAGNITUDES
        .iter()
        .map(|(w, _)| *w)
        .chain(["m", "mil"])
        .filter(|w| folded.starts_with(w))
        .filter_map(|w| magnitude(w, true, lang).map(|p| (w.len(), p)))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found
}

/// `text` in lower case with Latin accents removed (`Dólares` → `dolares`, `triệu` →
/// `trieu`, `milhões` → `milhoes`); `đ` stays, so `đô` never becomes the word `do`.
pub(super) fn fold(text: &str) -> String {
    const TABLE: &[(&str, char)] = &[
        ("àáâãäåāăąạảấầẩẫậắằẳẵặ", 'a'),
        ("èéêëēėęěẹẻẽếềểễệ", 'e'),
        ("ìíîïīįịỉĩ", 'i'),
        ("òóôõöøōőọỏốồổỗộơớờởỡợ", 'o'),
        ("ùúûüūůűųụủũưứừửữự", 'u'),
        ("ỳýÿỵỷỹ", 'y'),
        ("ç", 'c'),
        ("ñ", 'n'),
    ];
    text.chars()
        .flat_map(char::to_lowercase)
        // Combining accents, as some keyboards send them.
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| {
            TABLE
                .iter()
                .find(|(from, _)| from.contains(c))
                .map_or(c, |&(_, to)| to)
        })
        .collect()
}

/// Whether `lang`'s primary subtag is one of `primaries`.
pub(super) fn is_lang(lang: &str, primaries: &[&str]) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    primaries.iter().any(|p| p.eq_ignore_ascii_case(primary))
}

/// A symbol or word several currencies share, resolved as far as the seller's default
/// currency and language allow.
fn shared(lower: &str, default: Option<Currency>, lang: &str) -> Option<Named> {
    let folded = fold(lower);
    let (family, picks): (&'static [&'static str], &[&str]) = match folded.as_str() {
        "$" | "dollar" | "dollars" | "dolar" | "dolares" | "đo" => (DOLLARS, &["USD"]),
        "rs" | "₨" | "rupee" | "rupees" | "rupia" | "rupias" => (RUPEES, &["INR", "PKR", "LKR"]),
        "peso" | "pesos" if is_lang(lang, &["es"]) => (PESOS, &["MXN", "ARS", "COP"]),
        "peso" | "pesos" => (PESOS, &["PHP", "MXN", "ARS"]),
        "¥" | "￥" => (YEN_YUAN, &["JPY", "CNY"]),
        // "real" is an everyday word in English and Spanish ("real leather").
        "real" => {
            let brl = Currency::from_code("BRL").ok()?;
            return Some(if is_lang(lang, &["pt"]) || default == Some(brl) {
                Named::Is(brl)
            } else {
                Named::OrWord(brl)
            });
        }
        _ => return None,
    };
    let alone = match default {
        Some(d) if family.contains(&d.code()) => vec![d],
        _ => picks
            .iter()
            .filter_map(|c| Currency::from_code(c).ok())
            .collect(),
    };
    Some(Named::Shared { family, alone })
}
