//! The rows of bank QR payment: a seller's account on a rail, a credit no link took, a
//! buyer's transfer slip.

use super::StoredAmount;
use crate::domain::{Money, PaymentId, SellerId};

/// A seller's account on one bank QR rail, as stored (`account` is the JSON of
/// `domain::rails::PayTo`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PaytoRow {
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub rail: String,
    pub account: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A bank credit no link could take, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BankCreditRow {
    #[sqlx(try_from = "String")]
    pub seller_id: SellerId,
    pub source: String,
    pub credit_id: String,
    #[sqlx(flatten, try_from = "StoredAmount")]
    pub amount: Money,
    pub content: String,
    pub reference: Option<String>,
    pub received_at: i64,
}

/// A buyer's transfer slip, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SlipRow {
    #[sqlx(try_from = "String")]
    pub payment_id: PaymentId,
    /// JPEG, without metadata.
    pub image: Vec<u8>,
    pub bank: Option<String>,
    pub reference: Option<String>,
    pub created_at: i64,
}
