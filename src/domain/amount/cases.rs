//! The chat amount grammar as a table: what a seller types after `/link`, in which
//! language and with which default currency, and what paychat makes of it.
//!
//! `One(minor, currency, description)` is the link; `Choose([...])` the readings the
//! seller is asked to pick from, most likely first; `Refuse(code)` the error, by the code
//! of its message in `locales/*/amount.ftl` (`err-<code>`). Amounts are minor units:
//! `125_050` THB is ฿1,250.50, `1_250` VND is 1.250 ₫, `12_500` KWD is KWD 12.500.

use super::super::command::{AmountParse, LinkParse, parse_amount_in, parse_link};
use super::super::currency::Currency;

#[derive(Debug, Clone, Copy)]
enum W {
    One(i64, &'static str, &'static str),
    Choose(&'static [(i64, &'static str, &'static str)]),
    Refuse(&'static str),
}
use W::{Choose, One, Refuse};

/// (what follows `/link`, seller's language, default currency or "", expected).
#[rustfmt::skip]
const LINKS: &[(&str, &str, &str, W)] = &[
    // --- Seen when tried: each of these once made a wrong link or a wrong refusal ---
    ("1 250,50 EUR", "en", "THB", One(125_050, "EUR", "")),
    ("1 250,50 EUR cake", "es", "EUR", One(125_050, "EUR", "cake")),
    ("50.000 rupiah", "en", "THB", One(5_000_000, "IDR", "")),
    ("50.000 rupiah kopi", "id", "IDR", One(5_000_000, "IDR", "kopi")),
    ("49,90 reais", "en", "THB", One(4_990, "BRL", "")),
    ("49,90 reais bolo", "pt-BR", "BRL", One(4_990, "BRL", "bolo")),
    ("1,23,456 INR", "en", "THB", One(12_345_600, "INR", "")),
    ("₹1,00,000", "en", "INR", One(10_000_000, "INR", "")),
    ("₹1,00,000 rent", "en", "THB", One(10_000_000, "INR", "rent")),
    ("2jt", "id", "IDR", One(200_000_000, "IDR", "")),
    ("2jt sepatu", "id", "IDR", One(200_000_000, "IDR", "sepatu")),
    ("Rs 500", "en", "INR", One(50_000, "INR", "")),
    ("Rs 500 tiffin", "en", "THB", Choose(&[(50_000, "INR", "tiffin"), (50_000, "PKR", "tiffin"), (50_000, "LKR", "tiffin")])),
    ("250 บาท ค่าเรียน", "th", "THB", One(25_000, "THB", "ค่าเรียน")),
    ("250 baht tuition", "en", "USD", One(25_000, "THB", "tuition")),
    ("250 Baht", "en", "USD", One(25_000, "THB", "")),
    ("250บาท", "th", "USD", One(25_000, "THB", "")),
    ("250บาทค่าเรียน", "th", "THB", One(25_000, "THB", "ค่าเรียน")),
    ("1.250 KWD", "es", "EUR", Choose(&[(1_250_000, "KWD", ""), (1_250, "KWD", "")])),
    ("12.5 JPY", "en", "JPY", Refuse("amount-whole-only")),
    // --- 1.250: the language and the currency's decimals decide, or the seller does ---
    ("1.250", "en", "THB", Choose(&[(125_000, "THB", ""), (125, "THB", "")])),
    ("1.250 THB", "th", "THB", Choose(&[(125_000, "THB", ""), (125, "THB", "")])),
    ("1.250 THB", "en", "USD", Choose(&[(125_000, "THB", ""), (125, "THB", "")])),
    ("1.250", "pt-BR", "BRL", One(125_000, "BRL", "")),
    ("1.250", "id", "IDR", One(125_000, "IDR", "")),
    ("1.250", "vi", "VND", One(1_250, "VND", "")),
    ("1.250", "es", "EUR", One(125_000, "EUR", "")),
    ("1.250 USD", "pt-BR", "BRL", One(125_000, "USD", "")),
    ("1,250", "en", "THB", One(125_000, "THB", "")),
    ("1,250", "th", "THB", One(125_000, "THB", "")),
    ("1,250", "pt-BR", "BRL", Choose(&[(125_000, "BRL", ""), (125, "BRL", "")])),
    ("1,250 EUR", "es", "EUR", Choose(&[(125_000, "EUR", ""), (125, "EUR", "")])),
    ("1,250 IDR", "id", "IDR", One(125_000, "IDR", "")),
    ("1.250 SGD", "en", "SGD", Choose(&[(125_000, "SGD", ""), (125, "SGD", "")])),
    ("€1.250", "en", "EUR", Choose(&[(125_000, "EUR", ""), (125, "EUR", "")])),
    ("1.000 MXN", "en", "MXN", Choose(&[(100_000, "MXN", ""), (100, "MXN", "")])),
    ("250.505 THB", "en", "THB", Refuse("amount-decimals-or-thousands")),
    ("1.005", "th", "THB", Refuse("amount-decimals-or-thousands")),
    ("250.505 THB", "pt-BR", "BRL", One(25_050_500, "THB", "")),
    ("250,505", "es", "EUR", Refuse("amount-decimals-or-thousands")),
    ("0.250 THB", "en", "THB", One(25, "THB", "")),
    ("1250.500 THB", "en", "THB", One(125_050, "THB", "")),
    // --- Three-decimal currencies: KWD 12.500 is twelve and a half dinars in English ---
    ("12.500 KWD", "en", "THB", One(12_500, "KWD", "")),
    ("12,500 KWD", "pt-BR", "BRL", One(12_500, "KWD", "")),
    ("12.500 KWD", "pt-BR", "BRL", Choose(&[(12_500_000, "KWD", ""), (12_500, "KWD", "")])),
    ("1,250 KWD", "en", "KWD", Choose(&[(1_250_000, "KWD", ""), (1_250, "KWD", "")])),
    ("KWD 1.250", "en", "USD", One(1_250, "KWD", "")),
    ("1,250.500 KWD", "en", "KWD", One(1_250_500, "KWD", "")),
    ("12.5 KWD", "es", "EUR", One(12_500, "KWD", "")),
    ("1.2345 KWD", "en", "KWD", Refuse("amount-too-precise")),
    ("0.0001 KWD", "en", "KWD", Refuse("amount-below-minor-unit")),
    // Four digits after one separator, zeros too: never read as a decimal whose zeros
    // vanish (10,0000 is a hundred thousand grouped by ten thousands).
    ("10,0000 THB", "en", "THB", Refuse("amount-too-precise")),
    ("1,0000", "en", "USD", Refuse("amount-too-precise")),
    ("1.0000 KWD", "en", "KWD", Refuse("amount-too-precise")),
    ("1.2345 lakh", "en", "INR", One(12_345_000, "INR", "")),
    ("1.250 BHD", "th", "THB", One(1_250, "BHD", "")),
    // --- Whole-number currencies: 1.250 can only be thousands ---
    ("1.250 JPY", "en", "THB", One(1_250, "JPY", "")),
    ("¥1,250", "en", "JPY", One(1_250, "JPY", "")),
    ("1.250円", "en", "THB", One(1_250, "JPY", "")),
    ("250.50 JPY", "en", "JPY", Refuse("amount-whole-only")),
    ("1,5 JPY", "es", "JPY", Refuse("amount-whole-only")),
    ("0.5 JPY", "en", "JPY", Refuse("amount-below-minor-unit")),
    ("5000 JPY", "en", "THB", One(5_000, "JPY", "")),
    ("Rp 1,250", "en", "THB", One(125_000, "IDR", "")),
    ("50,000 IDR", "id", "IDR", One(5_000_000, "IDR", "")),
    ("$50.000", "es", "COP", One(5_000_000, "COP", "")),
    // --- Every separator form ---
    ("250", "en", "THB", One(25_000, "THB", "")),
    ("250.50", "en", "THB", One(25_050, "THB", "")),
    ("250,50", "en", "THB", One(25_050, "THB", "")),
    ("250,5", "pt-BR", "BRL", One(25_050, "BRL", "")),
    ("1,5", "en", "THB", One(150, "THB", "")),
    ("1,250.50", "en", "THB", One(125_050, "THB", "")),
    ("1,250.50", "pt-BR", "BRL", One(125_050, "BRL", "")),
    ("1.250,50", "en", "EUR", One(125_050, "EUR", "")),
    ("1.250,50", "es", "EUR", One(125_050, "EUR", "")),
    ("1.250.000", "id", "IDR", One(125_000_000, "IDR", "")),
    ("1,250,000", "en", "THB", One(125_000_000, "THB", "")),
    ("1.250.000", "en", "THB", One(125_000_000, "THB", "")),
    ("1.250.000,50", "id", "IDR", One(125_000_050, "IDR", "")),
    ("1,250.505 THB", "en", "THB", Refuse("amount-too-precise")),
    (".50 USD", "en", "THB", One(50, "USD", "")),
    ("฿.50", "th", "THB", One(50, "THB", "")),
    ("250.", "en", "THB", One(25_000, "THB", "")),
    ("250, tuition", "en", "THB", One(25_000, "THB", "tuition")),
    ("250. tuition", "en", "THB", One(25_000, "THB", "tuition")),
    ("1'250.50 CHF", "en", "CHF", One(125_050, "CHF", "")),
    ("0250", "en", "THB", One(25_000, "THB", "")),
    // --- Malformed: refused with the probable reading as the example ---
    ("1.250.50", "en", "THB", Refuse("amount-malformed-likely")),
    ("1,250,50", "en", "THB", Refuse("amount-malformed-likely")),
    ("1.250.50", "pt-BR", "BRL", Refuse("amount-malformed-likely")),
    ("1.2.3,4", "en", "THB", Refuse("amount-malformed")),
    ("1,2,3", "en", "THB", Refuse("amount-malformed")),
    ("1..5", "en", "THB", Refuse("amount-malformed")),
    ("1.250,50,00", "es", "EUR", Refuse("amount-malformed")),
    ("12,3.50", "en", "THB", Refuse("amount-malformed")),
    ("1,2345.50", "en", "THB", Refuse("amount-malformed")),
    // --- Indian lakh and crore grouping and words ---
    ("12,34,567 INR", "en", "INR", One(123_456_700, "INR", "")),
    ("12,50,000", "en", "INR", One(125_000_000, "INR", "")),
    ("1,00,000.50", "en", "INR", One(10_000_050, "INR", "")),
    ("₹1,250.50", "en", "INR", One(125_050, "INR", "")),
    ("1.5 lakh", "en", "INR", One(15_000_000, "INR", "")),
    ("10 lakhs rent", "en", "INR", One(100_000_000, "INR", "rent")),
    ("3 lac", "en", "INR", One(30_000_000, "INR", "")),
    ("2 crore", "en", "INR", One(2_000_000_000, "INR", "")),
    ("5cr", "en", "INR", One(5_000_000_000, "INR", "")),
    ("Rs.500/-", "en", "INR", One(50_000, "INR", "")),
    ("Rs. 1,500", "en", "PKR", One(150_000, "PKR", "")),
    ("500 rupees", "en", "LKR", One(50_000, "LKR", "")),
    ("500 rupees", "en", "THB", Choose(&[(50_000, "INR", ""), (50_000, "PKR", ""), (50_000, "LKR", "")])),
    ("₹500", "en", "THB", One(50_000, "INR", "")),
    // --- Magnitudes ---
    ("50k", "en", "THB", One(5_000_000, "THB", "")),
    ("50K THB", "en", "USD", One(5_000_000, "THB", "")),
    ("50 k", "en", "THB", One(5_000_000, "THB", "")),
    ("50kTHB", "en", "USD", One(5_000_000, "THB", "")),
    ("1.5k", "en", "THB", One(150_000, "THB", "")),
    ("2k5", "en", "THB", One(250_000, "THB", "")),
    ("2m", "en", "IDR", One(200_000_000, "IDR", "")),
    ("2 m rope", "en", "THB", One(200, "THB", "m rope")),
    ("1,250k", "en", "THB", Choose(&[(125_000_000, "THB", ""), (125_000, "THB", "")])),
    ("1.250k", "en", "THB", Choose(&[(125_000, "THB", ""), (125_000_000, "THB", "")])),
    ("50 thousand", "en", "USD", One(5_000_000, "USD", "")),
    ("2 million", "en", "USD", One(200_000_000, "USD", "")),
    ("50 mil", "en", "THB", Choose(&[(5_000_000_000, "THB", ""), (5_000_000, "THB", "")])),
    ("50 mil", "pt-BR", "BRL", One(5_000_000, "BRL", "")),
    ("50mil reais", "pt-BR", "USD", One(5_000_000, "BRL", "")),
    ("1,5 mil", "pt-BR", "BRL", One(150_000, "BRL", "")),
    ("2 milhões", "pt-BR", "BRL", One(200_000_000, "BRL", "")),
    ("50 mil", "es", "MXN", One(5_000_000, "MXN", "")),
    ("2 millones", "es", "MXN", One(200_000_000, "MXN", "")),
    ("50 mil pesos", "es", "MXN", One(5_000_000, "MXN", "")),
    ("0k", "en", "THB", Refuse("amount-not-positive")),
    // --- Compound magnitudes: a second, smaller part is added; after a million-word a
    //     bare number may be its decimals (Vietnamese, Indonesian) or the description ---
    ("2 jt 500 rb", "id", "IDR", One(250_000_000, "IDR", "")),
    ("2jt 500rb sepatu", "id", "IDR", One(250_000_000, "IDR", "sepatu")),
    ("2 juta 500 ribu rupiah", "id", "THB", One(250_000_000, "IDR", "")),
    ("2 triệu 500 nghìn", "vi", "VND", One(2_500_000, "VND", "")),
    ("2 triệu 500", "vi", "VND", Choose(&[(2_500_000, "VND", ""), (2_000_000, "VND", "500")])),
    ("2jt 3 pasang", "id", "IDR", Choose(&[(230_000_000, "IDR", "pasang"), (200_000_000, "IDR", "3 pasang")])),
    // A bare number filling a thousand-word's zeros may be added (2k 500 is 2,500) or
    // start the description: asked; with a currency after it, added. A shorter one is
    // a quantity. After a million-word with a currency after: decimals or added.
    ("2k 500", "en", "USD", Choose(&[(250_000, "USD", ""), (200_000, "USD", "500")])),
    ("2k 500 THB", "en", "USD", One(250_000, "THB", "")),
    ("2 thousand 500 THB", "en", "USD", One(250_000, "THB", "")),
    ("5 พัน 500", "th", "THB", Choose(&[(550_000, "THB", ""), (500_000, "THB", "500")])),
    ("50 ribu 500", "id", "IDR", Choose(&[(5_050_000, "IDR", ""), (5_000_000, "IDR", "500")])),
    ("1 lakh 50000", "en", "INR", Choose(&[(15_000_000, "INR", ""), (10_000_000, "INR", "50000")])),
    ("50k 2 shirts", "en", "THB", One(5_000_000, "THB", "2 shirts")),
    ("2 million 500 THB", "en", "USD", Choose(&[(250_000_000, "THB", ""), (200_050_000, "THB", "")])),
    ("1 lakh 50 thousand", "en", "INR", One(15_000_000, "INR", "")),
    ("1 crore 20 lakh", "en", "INR", One(1_200_000_000, "INR", "")),
    ("2 ล้าน 5 แสน", "th", "THB", One(250_000_000, "THB", "")),
    ("50k 2 shirts", "en", "THB", One(5_000_000, "THB", "2 shirts")),
    // --- Indonesian ---
    ("Rp50.000", "id", "IDR", One(5_000_000, "IDR", "")),
    ("Rp50.000 kopi", "en", "THB", One(5_000_000, "IDR", "kopi")),
    ("Rp 50.000", "id", "IDR", One(5_000_000, "IDR", "")),
    ("Rp.50.000", "id", "IDR", One(5_000_000, "IDR", "")),
    ("Rp 50.000,-", "id", "IDR", One(5_000_000, "IDR", "")),
    ("Rp 1.250.000,50", "id", "IDR", One(125_000_050, "IDR", "")),
    ("50rb", "id", "IDR", One(5_000_000, "IDR", "")),
    ("50 ribu", "id", "IDR", One(5_000_000, "IDR", "")),
    ("50 ribu rupiah", "id", "THB", One(5_000_000, "IDR", "")),
    ("2,5jt", "id", "IDR", One(250_000_000, "IDR", "")),
    ("2.5jt", "en", "IDR", One(250_000_000, "IDR", "")),
    ("2 juta rupiah", "id", "IDR", One(200_000_000, "IDR", "")),
    ("1.500 buku", "id", "IDR", One(150_000, "IDR", "buku")),
    ("Rp 1 500 000", "id", "IDR", One(150_000_000, "IDR", "")),
    ("15 pln bayar", "id", "IDR", Choose(&[(1_500, "IDR", "pln bayar"), (1_500, "PLN", "bayar")])),
    // --- Vietnamese ---
    ("250.000", "vi", "VND", One(250_000, "VND", "")),
    ("250.000 đồng", "vi", "VND", One(250_000, "VND", "")),
    ("250.000 đồng", "vi", "USD", One(250_000, "VND", "")),
    ("250.000đ", "vi", "VND", One(250_000, "VND", "")),
    ("250.000 ₫", "vi", "VND", One(250_000, "VND", "")),
    ("250 dong", "en", "THB", One(250, "VND", "")),
    ("VND 250.000", "en", "THB", One(250_000, "VND", "")),
    ("250k", "vi", "VND", One(250_000, "VND", "")),
    ("50 nghìn", "vi", "VND", One(50_000, "VND", "")),
    ("50 ngàn", "vi", "VND", One(50_000, "VND", "")),
    ("2 triệu đồng", "vi", "VND", One(2_000_000, "VND", "")),
    ("2 trieu", "vi", "VND", One(2_000_000, "VND", "")),
    ("2tr", "vi", "VND", One(2_000_000, "VND", "")),
    ("2tr5", "vi", "VND", One(2_500_000, "VND", "")),
    ("1,5 triệu", "vi", "VND", One(1_500_000, "VND", "")),
    ("50 đô", "vi", "VND", One(5_000, "USD", "")),
    ("50 đô la áo", "vi", "VND", One(5_000, "USD", "áo")),
    ("1,5 VND", "vi", "VND", Refuse("amount-whole-only")),
    // --- Brazilian Portuguese ---
    ("R$ 1.250,50", "pt-BR", "BRL", One(125_050, "BRL", "")),
    ("R$30", "en", "THB", One(3_000, "BRL", "")),
    ("R$ 0,50", "pt-BR", "BRL", One(50, "BRL", "")),
    ("49,90", "pt-BR", "BRL", One(4_990, "BRL", "")),
    ("30 real", "pt-BR", "USD", One(3_000, "BRL", "")),
    ("1 real bala", "pt-BR", "BRL", One(100, "BRL", "bala")),
    ("30 real leather", "en", "THB", Choose(&[(3_000, "THB", "real leather"), (3_000, "BRL", "leather")])),
    ("30 reais", "es", "EUR", One(3_000, "BRL", "")),
    ("BRL 1.250", "pt-BR", "USD", One(125_000, "BRL", "")),
    // --- Spanish ---
    ("1.250,50 €", "es", "EUR", One(125_050, "EUR", "")),
    ("20€", "es", "EUR", One(2_000, "EUR", "")),
    ("20 €", "es", "USD", One(2_000, "EUR", "")),
    ("20 euros", "es", "USD", One(2_000, "EUR", "")),
    ("12,5", "es", "EUR", One(1_250, "EUR", "")),
    ("$1.250,00", "es", "MXN", One(125_000, "MXN", "")),
    ("$250 pastel", "es", "MXN", One(25_000, "MXN", "pastel")),
    ("50 pesos", "es", "MXN", One(5_000, "MXN", "")),
    ("50 pesos", "es", "EUR", Choose(&[(5_000, "MXN", ""), (5_000, "ARS", ""), (5_000, "COP", "")])),
    ("$ 50 pesos", "es", "EUR", Choose(&[(5_000, "MXN", ""), (5_000, "ARS", ""), (5_000, "COP", "")])),
    ("250 ron añejo", "es", "EUR", Choose(&[(25_000, "EUR", "ron añejo"), (25_000, "RON", "añejo")])),
    ("10 soles", "es", "PEN", One(1_000, "PEN", "")),
    ("S/ 10", "es", "USD", One(1_000, "PEN", "")),
    // --- Thai ---
    ("฿250", "th", "THB", One(25_000, "THB", "")),
    ("฿1,250.50", "th", "THB", One(125_050, "THB", "")),
    ("250 บาท", "th", "USD", One(25_000, "THB", "")),
    ("250 บ. ค่าขนม", "th", "THB", One(25_000, "THB", "ค่าขนม")),
    ("๒๕๐ บาท", "th", "THB", One(25_000, "THB", "")),
    ("5 พัน", "th", "THB", One(500_000, "THB", "")),
    ("1 หมื่น", "th", "THB", One(1_000_000, "THB", "")),
    ("3 แสน", "th", "THB", One(30_000_000, "THB", "")),
    ("2 ล้าน", "th", "THB", One(200_000_000, "THB", "")),
    ("5พันบาท", "th", "THB", One(500_000, "THB", "")),
    ("5พันบาทค่าขนม", "th", "THB", One(500_000, "THB", "ค่าขนม")),
    ("250 ค่าเรียนพิเศษ 🎓", "th", "THB", One(25_000, "THB", "ค่าเรียนพิเศษ 🎓")),
    // --- Symbols and codes, before or after, glued or not ---
    ("250 THB tuition", "en", "USD", One(25_000, "THB", "tuition")),
    ("250THB", "en", "USD", One(25_000, "THB", "")),
    ("250 thb", "en", "USD", One(25_000, "THB", "")),
    ("250 Thb", "en", "USD", One(25_000, "THB", "")),
    ("THB 250 tuition", "en", "USD", One(25_000, "THB", "tuition")),
    ("thb 250", "en", "USD", One(25_000, "THB", "")),
    ("THB250", "en", "USD", One(25_000, "THB", "")),
    ("250 THB, tuition", "en", "USD", One(25_000, "THB", "tuition")),
    ("9.99 USD ebook", "en", "THB", One(999, "USD", "ebook")),
    ("$12.50", "en", "THB", One(1_250, "USD", "")),
    ("$12.50", "en", "SGD", One(1_250, "SGD", "")),
    ("$250 SGD", "en", "THB", One(25_000, "SGD", "")),
    ("12.50$", "vi", "USD", One(1_250, "USD", "")),
    ("US$5", "en", "THB", One(500, "USD", "")),
    ("S$ 12", "en", "THB", One(1_200, "SGD", "")),
    ("S$1,250.50", "en", "SGD", One(125_050, "SGD", "")),
    ("MX$1,250.00", "en", "MXN", One(125_000, "MXN", "")),
    ("50 dollars", "en", "SGD", One(5_000, "SGD", "")),
    ("50 dollars", "en", "THB", One(5_000, "USD", "")),
    ("€20", "en", "THB", One(2_000, "EUR", "")),
    ("20 euro", "en", "THB", One(2_000, "EUR", "")),
    ("RM 15", "en", "MYR", One(1_500, "MYR", "")),
    ("rm15", "en", "THB", One(1_500, "MYR", "")),
    ("15 ringgit", "en", "THB", One(1_500, "MYR", "")),
    ("RM1,250.50", "en", "MYR", One(125_050, "MYR", "")),
    ("₱500", "en", "THB", One(50_000, "PHP", "")),
    ("₱1,250", "en", "PHP", One(125_000, "PHP", "")),
    ("250 php", "en", "PHP", One(25_000, "PHP", "")),
    ("¥500", "en", "JPY", One(500, "JPY", "")),
    ("¥500", "en", "CNY", One(50_000, "CNY", "")),
    ("¥500", "en", "THB", Choose(&[(500, "JPY", ""), (50_000, "CNY", "")])),
    ("500 yen", "en", "THB", One(500, "JPY", "")),
    ("500 yuan", "en", "THB", One(50_000, "CNY", "")),
    ("EUR 1.250,50", "en", "THB", One(125_050, "EUR", "")),
    ("£5", "en", "USD", One(500, "GBP", "")),
    ("250 THB", "en", "", One(25_000, "THB", "")),
    // --- Lower-case codes that are words: asked about, never taken silently ---
    ("250 cup cakes", "en", "THB", Choose(&[(25_000, "THB", "cup cakes"), (25_000, "CUP", "cakes")])),
    ("250 CUP cakes", "en", "THB", One(25_000, "CUP", "cakes")),
    ("250 cup", "en", "", Refuse("currency-or-word")),
    ("250 all", "es", "EUR", Choose(&[(25_000, "EUR", "all"), (25_000, "ALL", "")])),
    ("250 top deals", "en", "THB", Choose(&[(25_000, "THB", "top deals"), (25_000, "TOP", "deals")])),
    ("10 mad hatters", "en", "USD", Choose(&[(1_000, "USD", "mad hatters"), (1_000, "MAD", "hatters")])),
    ("5 try it", "en", "USD", Choose(&[(500, "USD", "try it"), (500, "TRY", "it")])),
    ("250 pen set", "en", "THB", Choose(&[(25_000, "THB", "pen set"), (25_000, "PEN", "set")])),
    ("20 mop heads", "en", "SGD", Choose(&[(2_000, "SGD", "mop heads"), (2_000, "MOP", "heads")])),
    ("30 bob cut", "en", "THB", Choose(&[(3_000, "THB", "bob cut"), (3_000, "BOB", "cut")])),
    ("250 php course", "en", "THB", Choose(&[(25_000, "THB", "php course"), (25_000, "PHP", "course")])),
    ("250 nok cake", "th", "THB", Choose(&[(25_000, "THB", "nok cake"), (25_000, "NOK", "cake")])),
    ("250 cup", "en", "CUP", One(25_000, "CUP", "")),
    ("฿250 cup cakes", "en", "USD", One(25_000, "THB", "cup cakes")),
    ("250cup", "en", "THB", One(25_000, "CUP", "")),
    ("top 250", "en", "THB", Refuse("currency-or-word")),
    ("1.250 cup", "en", "THB", Refuse("amount-ambiguous")),
    // --- Group spaces: NBSP, narrow NBSP, thin space, plain spaces ---
    ("1\u{a0}250,50\u{a0}€", "es", "EUR", One(125_050, "EUR", "")),
    ("1\u{202f}250 EUR", "en", "THB", One(125_000, "EUR", "")),
    ("2\u{a0}500 THB", "en", "THB", One(250_000, "THB", "")),
    ("1\u{2009}250\u{2009}000 VND", "vi", "VND", One(1_250_000, "VND", "")),
    ("250\u{a0}tuition", "en", "THB", One(25_000, "THB", "tuition")),
    ("1 250 000 VND", "vi", "VND", One(1_250_000, "VND", "")),
    ("1 250 000", "vi", "VND", One(1_250_000, "VND", "")),
    ("1 250 THB", "en", "USD", One(125_000, "THB", "")),
    ("1 250,50", "es", "EUR", One(125_050, "EUR", "")),
    ("€1 250", "en", "EUR", Choose(&[(125_000, "EUR", ""), (100, "EUR", "250")])),
    ("5 100", "en", "THB", Choose(&[(510_000, "THB", ""), (500, "THB", "100")])),
    ("5 100 tickets", "en", "THB", Choose(&[(500, "THB", "100 tickets"), (510_000, "THB", "tickets")])),
    ("250 2 shirts", "en", "THB", One(25_000, "THB", "2 shirts")),
    ("250 100g coffee", "en", "THB", One(25_000, "THB", "100g coffee")),
    ("1 250 000 tickets", "en", "THB", One(125_000_000, "THB", "tickets")),
    // --- Refused, each with its own message ---
    ("0", "en", "THB", Refuse("amount-not-positive")),
    ("0.00 THB", "en", "THB", Refuse("amount-not-positive")),
    ("-5", "en", "THB", Refuse("amount-negative")),
    ("−5", "en", "THB", Refuse("amount-negative")),
    ("- 5", "en", "THB", Refuse("amount-negative")),
    ("฿-5", "th", "THB", Refuse("amount-negative")),
    ("-฿5", "th", "THB", Refuse("amount-negative")),
    ("0.001 THB", "en", "THB", Refuse("amount-below-minor-unit")),
    ("0,001", "pt-BR", "BRL", Refuse("amount-below-minor-unit")),
    ("99999999999999999999", "en", "THB", Refuse("amount-too-large")),
    ("10000000000000 THB", "en", "THB", Refuse("amount-too-large")),
    ("1e5", "en", "THB", Refuse("amount-exponent")),
    ("2.5E3 THB", "en", "THB", Refuse("amount-exponent")),
    ("1e-3", "en", "THB", Refuse("amount-exponent")),
    ("NaN", "en", "THB", Refuse("amount-not-a-number")),
    ("inf", "en", "THB", Refuse("amount-not-a-number")),
    ("-Infinity", "en", "THB", Refuse("amount-not-a-number")),
    ("∞ THB", "en", "THB", Refuse("amount-not-a-number")),
    ("$ NaN", "en", "USD", Refuse("amount-not-a-number")),
    ("12.5", "en", "JPY", Refuse("amount-whole-only")),
    ("1.005 USD", "en", "USD", Refuse("amount-decimals-or-thousands")),
    ("12.3456 THB", "en", "THB", Refuse("amount-too-precise")),
    ("abc250", "en", "THB", Refuse("amount-invalid")),
    ("250x", "en", "THB", Refuse("amount-invalid")),
    ("250cupcakes", "en", "THB", Refuse("amount-invalid")),
    ("250THX", "en", "THB", Refuse("amount-invalid")),
    ("250 THX tuition", "en", "THB", Refuse("unknown-currency")),
    ("THX 250", "en", "THB", Refuse("unknown-currency")),
    ("฿250 USD", "en", "THB", Refuse("amount-currency-conflict")),
    ("$250 THB", "en", "USD", Refuse("amount-currency-conflict")),
    // A second currency word is never the description's first word.
    ("250 USD THB", "en", "USD", Refuse("amount-currency-conflict")),
    ("250 บาท USD", "th", "THB", Refuse("amount-currency-conflict")),
    ("250 THB THB cake", "en", "USD", One(25_000, "THB", "cake")),
    // Every currency right after counts, however many: the reading's own command
    // (`1 JPY $`) must be refused alike.
    ("1¥ ¥ $", "en", "JPY", Refuse("amount-currency-conflict")),
    ("1 JPY $", "en", "JPY", Refuse("amount-currency-conflict")),
    ("1¥ ¥ ¥ cake", "en", "JPY", One(1, "JPY", "cake")),
    // A currency word after the currency is the description's.
    ("500000 VND yến sào", "vi", "VND", One(500_000, "VND", "yến sào")),
    ("30 USD euro adapter", "en", "USD", One(3_000, "USD", "euro adapter")),
    ("250", "en", "", Refuse("amount-missing-currency")),
    ("", "en", "THB", Refuse("missing-amount")),
    ("tuition 250", "en", "THB", Refuse("missing-amount")),
    ("Rs 1.250", "en", "THB", Refuse("amount-ambiguous")),
];

/// Refund amounts: (typed after `/refund CODE`, language, the link's currency, expected).
#[rustfmt::skip]
const REFUNDS: &[(&str, &str, &str, W)] = &[
    ("100", "en", "THB", One(10_000, "THB", "")),
    ("฿100", "th", "THB", One(10_000, "THB", "")),
    ("100 baht", "en", "THB", One(10_000, "THB", "")),
    ("1 250,50", "es", "EUR", One(125_050, "EUR", "")),
    ("1.250", "en", "THB", Choose(&[(125_000, "THB", ""), (125, "THB", "")])),
    ("1.250", "es", "KWD", Choose(&[(1_250_000, "KWD", ""), (1_250, "KWD", "")])),
    ("$100", "en", "SGD", One(10_000, "SGD", "")),
    ("Rs 100", "en", "PKR", One(10_000, "PKR", "")),
    ("50rb", "id", "IDR", One(5_000_000, "IDR", "")),
    ("100 USD", "en", "THB", Refuse("amount-currency-conflict")),
    ("100 cup", "en", "THB", Refuse("amount-currency-conflict")),
    ("100 thanks", "en", "THB", Refuse("amount-invalid")),
    ("all", "en", "THB", Refuse("amount-invalid")),
    ("-100", "en", "THB", Refuse("amount-negative")),
];

fn currency(code: &str) -> Option<Currency> {
    (!code.is_empty()).then(|| Currency::from_code(code).expect(code))
}

/// A result as the table writes it: amount, currency code and description per reading.
fn shape(readings: &[(i64, &'static str, String)]) -> String {
    let each: Vec<String> = readings
        .iter()
        .map(|(m, c, d)| format!("({m}, {c}, {d:?})"))
        .collect();
    each.join(" | ")
}

fn expected(want: W) -> Result<String, &'static str> {
    match want {
        One(m, c, d) => Ok(shape(&[(m, c, d.to_owned())])),
        Choose(rs) => Ok(shape(
            &rs.iter()
                .map(|&(m, c, d)| (m, c, d.to_owned()))
                .collect::<Vec<_>>(),
        )),
        Refuse(code) => Err(code),
    }
}

#[test]
fn every_link_in_the_table_reads_as_written() {
    let mut wrong = Vec::new();
    for &(args, lang, default, want) in LINKS {
        let got = parse_link(args, currency(default), lang)
            .map(|p| match p {
                LinkParse::One(r) => vec![*r],
                LinkParse::Choose(rs) => {
                    assert!((2..=3).contains(&rs.len()), "{args}: {} readings", rs.len());
                    rs
                }
            })
            .map(|rs| {
                let rs: Vec<_> = rs
                    .iter()
                    .map(|r| {
                        (
                            r.amount.minor(),
                            r.amount.currency().code(),
                            r.description.clone(),
                        )
                    })
                    .collect();
                shape(&rs)
            })
            .map_err(|e| e.code());
        if got != expected(want) {
            wrong.push(format!(
                "{args:?} ({lang}, {default:?}): got {got:?}, want {:?}",
                expected(want)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        LINKS.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_refund_amount_in_the_table_reads_as_written() {
    let mut wrong = Vec::new();
    for &(raw, lang, code, want) in REFUNDS {
        let link_currency = currency(code).expect("a link has a currency");
        let got = parse_amount_in(raw, link_currency, lang)
            .map(|p| match p {
                AmountParse::One(m) => vec![m],
                AmountParse::Choose(ms) => ms,
            })
            .map(|ms| {
                let rs: Vec<_> = ms
                    .iter()
                    .map(|m| (m.minor(), m.currency().code(), String::new()))
                    .collect();
                shape(&rs)
            })
            .map_err(|e| e.code());
        if got != expected(want) {
            wrong.push(format!(
                "{raw:?} ({lang}, {code}): got {got:?}, want {:?}",
                expected(want)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases:\n{}",
        wrong.len(),
        REFUNDS.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_choice_keeps_the_options_in_each_reading() {
    let parsed = parse_link("1.250 tuition exp:3d limit:none", currency("THB"), "en").unwrap();
    let LinkParse::Choose(readings) = parsed else {
        panic!("a choice: {parsed:?}");
    };
    let commands: Vec<String> = readings.iter().map(|r| r.command_text("en")).collect();
    assert_eq!(
        commands,
        [
            "/link 1250 THB tuition exp:3d limit:none",
            "/link 1.25 THB tuition exp:3d limit:none"
        ]
    );
    // Each reading written as a command reads back as exactly that reading.
    for args in ["1250 THB tuition exp:3d", "1.25 THB tuition exp:90m"] {
        let Ok(LinkParse::One(r)) = parse_link(args, currency("USD"), "en") else {
            panic!("{args}");
        };
        assert_eq!(r.command_text("en"), format!("/link {args}"));
    }
    let kwd = Currency::from_code("KWD").unwrap();
    let choice = parse_amount_in("1.250", kwd, "pt-BR").unwrap();
    let thousands = crate::domain::Money::from_minor(1_250_000, kwd).unwrap();
    let units = crate::domain::Money::from_minor(1_250, kwd).unwrap();
    assert_eq!(choice, AmountParse::Choose(vec![thousands, units]));
}

#[test]
fn the_table_covers_six_languages_and_a_dozen_currencies() {
    let mut langs: Vec<&str> = LINKS.iter().map(|c| c.1).collect();
    langs.sort_unstable();
    langs.dedup();
    assert_eq!(langs, ["en", "es", "id", "pt-BR", "th", "vi"]);
    let mut currencies: Vec<&str> = LINKS
        .iter()
        .flat_map(|c| match c.3 {
            One(_, cur, _) => vec![cur],
            Choose(rs) => rs.iter().map(|r| r.1).collect(),
            Refuse(_) => vec![],
        })
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    for code in [
        "THB", "IDR", "VND", "BRL", "INR", "MYR", "PHP", "EUR", "USD", "JPY", "KWD", "MXN", "SGD",
    ] {
        assert!(currencies.contains(&code), "no case in {code}");
    }
    assert!(
        LINKS.len() + REFUNDS.len() >= 200,
        "{} cases",
        LINKS.len() + REFUNDS.len()
    );
}
