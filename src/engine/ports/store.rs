//! The persistence port, split by area; [`Store`] is all of them, for `Arc<dyn Store>`.
//!
//! The row types live in [`crate::engine::store`], beside the SQL implementation.

use async_trait::async_trait;

use crate::domain::{LinkId, PaymentId, RefundId, SellerId};

use crate::engine::store::{
    ApiKeyRow, BankCreditRow, ChangeSet, ChatRegistration, ContactRow, EventRow, EventWrite,
    InviteRow, LinkFilter, LinkRow, NewLink, NewOutboxRow, OperatorFilter, OutboxOutcome,
    OutboxRow, OutboxStats, OutreachRow, PaymentRow, PaymentWithLink, PaytoRow, PromptRow,
    PublicLinkRow, RefundRow, SellerChannelRow, SellerPrefs, SellerReach, SellerRow, SlipRow,
    StoreError, SummaryRow, WaMessageRow, WebhookEndpointRow,
};

/// Sellers and what they configure: API keys, webhook endpoint, preferences, chat
/// identities, invites, bank QR accounts (payto) and bank feeds.
#[async_trait]
pub trait SellerStore: Send + Sync + 'static {
    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
    async fn insert_seller(&self, seller: &SellerRow) -> Result<(), StoreError>;
    async fn seller(&self, id: &SellerId) -> Result<SellerRow, StoreError>;
    async fn sellers(&self) -> Result<Vec<SellerRow>, StoreError>;
    /// Stores a key's hash for a seller.
    async fn insert_api_key(
        &self,
        id: &str,
        seller_id: &SellerId,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// The seller owning a live key with this hash.
    async fn seller_by_key_hash(&self, key_hash: &str) -> Result<Option<SellerRow>, StoreError>;
    /// Revokes a key; false if no live key had that id.
    async fn revoke_api_key(&self, id: &str, now: i64) -> Result<bool, StoreError>;
    /// API keys (of one seller or all), oldest first: ids and times, never the hash.
    async fn api_keys(&self, seller_id: Option<&SellerId>) -> Result<Vec<ApiKeyRow>, StoreError>;
    async fn set_webhook_endpoint(&self, endpoint: &WebhookEndpointRow) -> Result<(), StoreError>;
    async fn webhook_endpoint(
        &self,
        seller_id: &SellerId,
    ) -> Result<Option<WebhookEndpointRow>, StoreError>;
    async fn delete_webhook_endpoint(&self, seller_id: &SellerId) -> Result<bool, StoreError>;
    /// Sets (or with `None` clears) the seller's own provider; false if no such seller.
    async fn set_seller_provider(
        &self,
        seller_id: &SellerId,
        provider: Option<&str>,
    ) -> Result<bool, StoreError>;
    /// Changes the preferences `prefs` names and leaves the others; `NotFound` if there
    /// is no such seller.
    async fn update_seller_prefs(
        &self,
        seller_id: &SellerId,
        prefs: &SellerPrefs,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Where the seller wants pushes (`None`: where the link was made).
    async fn seller_push_to(&self, seller_id: &SellerId) -> Result<Option<String>, StoreError>;
    /// The seller's reminder and reply-to preferences.
    async fn seller_reach(&self, seller_id: &SellerId) -> Result<SellerReach, StoreError>;
    /// Every chat identity of a seller.
    async fn seller_identities(
        &self,
        seller_id: &SellerId,
    ) -> Result<Vec<SellerChannelRow>, StoreError>;
    /// Moves a chat identity to another seller.
    async fn repoint_identity(
        &self,
        channel: &str,
        external_user: &str,
        seller_id: &SellerId,
    ) -> Result<(), StoreError>;
    /// Stores an invite; with a receipt (source, key), at most once for it
    /// (`AlreadyProcessed` the second time), in the same transaction.
    async fn insert_invite(
        &self,
        invite: &InviteRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError>;
    /// Marks a live invite used by `who`; false if it is unknown, used or expired.
    async fn use_invite(&self, code_hash: &str, who: &str, now: i64) -> Result<bool, StoreError>;
    /// The seller a live (unused, unexpired) invite attaches to, if it names one.
    async fn invite_seller(
        &self,
        code_hash: &str,
        now: i64,
    ) -> Result<Option<SellerId>, StoreError>;
    /// Sets the seller's account on one rail (replacing the one there), with the
    /// receipt of the command that set it in the same transaction.
    async fn set_payto(
        &self,
        row: &PaytoRow,
        receipt: Option<(String, String)>,
    ) -> Result<(), StoreError>;
    /// Removes the seller's account on `rail`, or on every rail; returns how many.
    async fn delete_payto(
        &self,
        seller_id: &SellerId,
        rail: Option<&str>,
        receipt: Option<(String, String)>,
        now: i64,
    ) -> Result<u64, StoreError>;
    /// The seller's accounts, by rail name.
    async fn paytos(&self, seller_id: &SellerId) -> Result<Vec<PaytoRow>, StoreError>;
    /// Sets (or replaces) the key a seller's bank feed authenticates with (hashed).
    async fn set_bank_feed(
        &self,
        seller_id: &SellerId,
        source: &str,
        key_hash: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn delete_bank_feed(&self, seller_id: &SellerId, source: &str)
    -> Result<u64, StoreError>;
    /// The seller whose feed of `source` has this key hash.
    async fn bank_feed_seller(
        &self,
        source: &str,
        key_hash: &str,
    ) -> Result<Option<SellerId>, StoreError>;
}

/// Links and what happens to them: payments, refunds, timeline events, summaries,
/// transfer slips and unmatched bank credits. Every state change goes through
/// [`LinkStore::apply`].
#[async_trait]
pub trait LinkStore: Send + Sync + 'static {
    /// Applies a state change atomically; `Conflict` if a compare-and-set failed,
    /// `AlreadyProcessed` if the receipt existed. `true` if outbox rows may have gone in
    /// (counted on Postgres; on SQLite, whether the change could insert any).
    async fn apply(&self, change: &ChangeSet) -> Result<bool, StoreError>;
    /// Inserts a link, its creation event and its outbox rows in one transaction;
    /// `true` if outbox rows may have gone in (the worker has something to deliver).
    /// `Duplicate("custom_link_ref" | "merchant_order_id" | "idempotency_key")` on clashes.
    async fn insert_link(&self, new: &NewLink) -> Result<bool, StoreError>;
    /// The link created earlier under this idempotency key: (request hash, link id).
    async fn idempotent_link(
        &self,
        seller_id: &SellerId,
        key: &str,
    ) -> Result<Option<(String, LinkId)>, StoreError>;
    async fn link(&self, id: &LinkId) -> Result<LinkRow, StoreError>;
    /// The link and its seller's name, by public slug.
    async fn public_link(&self, slug: &str) -> Result<PublicLinkRow, StoreError>;
    async fn links(
        &self,
        seller_id: &SellerId,
        filter: &LinkFilter,
    ) -> Result<Vec<LinkRow>, StoreError>;
    /// Records the first time a buyer opened the link; false if it was opened before.
    async fn mark_opened(
        &self,
        link_id: &LinkId,
        event: &EventWrite,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Active links whose expiry has passed.
    async fn due_expiries(&self, now: i64, limit: i64) -> Result<Vec<LinkRow>, StoreError>;
    /// A seller's links whose code starts with `head` (compared upper-case): the links a
    /// bank transfer's reference can name.
    async fn links_by_code_head(
        &self,
        seller_id: &SellerId,
        head: &str,
    ) -> Result<Vec<LinkRow>, StoreError>;
    async fn payment(&self, id: &PaymentId) -> Result<PaymentRow, StoreError>;
    /// A payment by the provider's id, with its link.
    async fn payment_with_link(
        &self,
        provider: &str,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError>;
    async fn payments(&self, link_id: &LinkId) -> Result<Vec<PaymentRow>, StoreError>;
    /// The receipt token of a payment, if it has one.
    async fn receipt_token(&self, payment_id: &PaymentId) -> Result<Option<String>, StoreError>;
    /// The payment a receipt token belongs to, and when the receipt was issued (ms).
    async fn receipt_payment(&self, token: &str) -> Result<Option<(PaymentId, i64)>, StoreError>;
    /// The payment a provider knows by its second id (`provider_ref`), with its link.
    async fn payment_by_ref(
        &self,
        provider: &str,
        provider_ref: &str,
    ) -> Result<Option<PaymentWithLink>, StoreError>;
    /// Pending payments due to be asked about (`next_check_at <= now`), oldest first.
    async fn payments_to_check(&self, now: i64, limit: i64) -> Result<Vec<PaymentRow>, StoreError>;
    /// When to ask about a still-pending payment next.
    async fn reschedule_check(&self, payment_id: &PaymentId, at: i64) -> Result<(), StoreError>;
    /// Links of every seller (or one), newest first, for the operator's CLI.
    async fn operator_links(&self, filter: &OperatorFilter) -> Result<Vec<LinkRow>, StoreError>;
    /// Payments of every seller (or one seller, or one link), newest first.
    async fn operator_payments(
        &self,
        filter: &OperatorFilter,
    ) -> Result<Vec<PaymentRow>, StoreError>;
    /// Payments of the seller's links, newest first, at most `limit`.
    async fn seller_payments(
        &self,
        seller_id: &SellerId,
        limit: i64,
    ) -> Result<Vec<PaymentRow>, StoreError>;
    /// Refunds still pending since before `before` and created after `created_after`
    /// (a lost provider answer, a crash before its record), oldest first.
    async fn stale_refunds(
        &self,
        before: i64,
        created_after: i64,
        limit: i64,
    ) -> Result<Vec<RefundRow>, StoreError>;
    async fn refunds(&self, link_id: &LinkId) -> Result<Vec<RefundRow>, StoreError>;
    async fn refund(&self, id: &RefundId) -> Result<RefundRow, StoreError>;
    async fn events(&self, link_id: &LinkId) -> Result<Vec<EventRow>, StoreError>;
    /// Totals per currency and status of the seller's links created in [from, to).
    async fn summary(
        &self,
        seller_id: &SellerId,
        from: i64,
        to: i64,
    ) -> Result<Vec<SummaryRow>, StoreError>;
    /// Records a credit that named no link, with its receipt, in one transaction
    /// (`AlreadyProcessed` when the receipt was seen).
    async fn record_unmatched_credit(
        &self,
        credit: &BankCreditRow,
        receipt: (String, String),
    ) -> Result<(), StoreError>;
    /// The seller's unmatched credits since `since`, newest first.
    async fn unmatched_credits(
        &self,
        seller_id: &SellerId,
        since: i64,
        limit: i64,
    ) -> Result<Vec<BankCreditRow>, StoreError>;
    /// Stores a buyer's transfer slip under the payment id its claim will have.
    async fn put_slip(&self, slip: &SlipRow) -> Result<(), StoreError>;
    async fn slip(&self, payment_id: &PaymentId) -> Result<Option<SlipRow>, StoreError>;
    /// Another payment whose slip carries `reference` (a slip sent twice).
    async fn slip_reference_used(
        &self,
        reference: &str,
        except_payment: &PaymentId,
    ) -> Result<Option<PaymentId>, StoreError>;
    /// Deletes slips stored before `before`; returns how many.
    async fn purge_slips(&self, before: i64) -> Result<u64, StoreError>;
}

/// The notification outbox: queueing, the worker's claim and finish, and upkeep.
#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Inserts messages into the outbox in one transaction, skipping those whose dedupe
    /// key exists; returns how many were new.
    async fn enqueue(&self, rows: &[NewOutboxRow], now: i64) -> Result<u64, StoreError>;
    /// Claims up to `limit` due messages for `lease_ms`, none of the channels in `skip`
    /// (those another replica serves now), only received messages and answers to them
    /// (kinds `inbound` and `reply`) when `answers_only`; a claimed message is invisible
    /// to other workers (and replicas) until the lease ends.
    async fn claim_outbox(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
        skip: &[&str],
        answers_only: bool,
    ) -> Result<Vec<OutboxRow>, StoreError>;
    /// Takes or renews the lease `name` for `holder` until `until`: true when `holder`
    /// has it (it was free, expired at `now`, or already theirs).
    async fn take_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError>;
    /// Gives the lease up, if `holder` has it, so another may take it at once.
    async fn drop_lease(&self, name: &str, holder: &str) -> Result<(), StoreError>;
    async fn finish_outbox(
        &self,
        id: i64,
        outcome: &OutboxOutcome,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Sends an outbox message elsewhere (another channel or chat), due now.
    async fn reroute_outbox(
        &self,
        id: i64,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Makes a destination's pending messages due now (what they waited for happened,
    /// e.g. the user wrote again); returns how many were waiting.
    async fn wake_outbox(
        &self,
        channel: &str,
        destination: &str,
        now: i64,
    ) -> Result<u64, StoreError>;
    /// Queue depth at `now` (which rows are scheduled for later).
    async fn outbox_stats(&self, now: i64) -> Result<OutboxStats, StoreError>;
    /// The earliest time a pending message becomes due, for the worker's sleep.
    async fn next_outbox_due(&self) -> Result<Option<i64>, StoreError>;
    /// Deletes messages delivered before `before`; returns how many.
    async fn purge_delivered(&self, before: i64) -> Result<u64, StoreError>;
}

/// What the chat doors keep: registration, open questions and their answers'
/// receipts, link cards shown in chats, chats that block us.
#[async_trait]
pub trait ChatStore: Send + Sync + 'static {
    /// The seller behind a chat user.
    async fn chat_seller(
        &self,
        channel: &str,
        external_user: &str,
    ) -> Result<Option<(SellerRow, SellerChannelRow)>, StoreError>;
    /// Registers a chat user in one transaction: uses the invite (`NotFound` if it is
    /// unknown, used or expired), creates the seller if new, records the identity
    /// (`Duplicate("chat user")` if it exists).
    async fn register_chat(&self, reg: &ChatRegistration, now: i64) -> Result<(), StoreError>;
    /// Whether a change was recorded under this receipt (source, key).
    async fn has_receipt(&self, source: &str, key: &str) -> Result<bool, StoreError>;
    /// Stores a question; a question with the same id (the same message handled again)
    /// is kept as it was and returned.
    async fn insert_prompt(&self, prompt: &PromptRow) -> Result<PromptRow, StoreError>;
    async fn prompt(&self, id: &str) -> Result<Option<PromptRow>, StoreError>;
    /// Closes a question in one transaction with its answer's receipt (source, key):
    /// `AlreadyProcessed` if an answer was recorded first.
    async fn close_prompt(
        &self,
        id: &str,
        receipt: (String, String),
        now: i64,
    ) -> Result<(), StoreError>;
    /// Deletes questions that expired before `before` and chat command receipts older
    /// than `receipts_before`; returns how many questions.
    async fn purge_prompts(&self, before: i64, receipts_before: i64) -> Result<u64, StoreError>;
    /// Remembers a message that shows the link, so status changes update it.
    async fn add_link_card(
        &self,
        link_id: &LinkId,
        channel: &str,
        card_ref: &str,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Marks a chat as blocking us (or not any more).
    async fn set_chat_blocked(
        &self,
        channel: &str,
        chat: &str,
        blocked: bool,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn chat_blocked(&self, channel: &str, chat: &str) -> Result<bool, StoreError>;
}

/// WhatsApp's own bookkeeping: contacts (the 24-hour window) and sent messages'
/// statuses.
#[async_trait]
pub trait WhatsAppStore: Send + Sync + 'static {
    /// Records that a WhatsApp user wrote (the 24-hour window starts again).
    async fn touch_contact(&self, contact: &ContactRow) -> Result<(), StoreError>;
    async fn contact(&self, user_key: &str) -> Result<Option<ContactRow>, StoreError>;
    /// Records a message we sent. A status may have come first (Meta is fast): the
    /// stored row is then returned with that status.
    async fn record_wa_message(&self, m: &WaMessageRow)
    -> Result<Option<WaMessageRow>, StoreError>;
    /// Sets a sent message's status; returns the message if we recorded it already (if
    /// not, the status is kept for when we do).
    async fn wa_message_status(
        &self,
        wamid: &str,
        status: &str,
        error_code: Option<i64>,
        now: i64,
    ) -> Result<Option<WaMessageRow>, StoreError>;
}

/// Links' messages to their buyers (e-mail outreach). Writes go through
/// [`LinkStore::apply`] (`ChangeSet::outreach`).
#[async_trait]
pub trait OutreachStore: Send + Sync + 'static {
    /// The link's outreach, if it has one.
    async fn outreach(&self, link_id: &LinkId) -> Result<Option<OutreachRow>, StoreError>;
    /// The outreach whose stop link carries `token`.
    async fn outreach_by_token(&self, token: &str) -> Result<Option<OutreachRow>, StoreError>;
    /// How many texts the seller's links sent (`sms.sent` events) at or after `since` (ms).
    async fn sms_sent_since(&self, seller_id: &SellerId, since: i64) -> Result<i64, StoreError>;
}

/// The whole persistence port of the engine.
pub trait Store:
    SellerStore + LinkStore + OutboxStore + ChatStore + WhatsAppStore + OutreachStore
{
}

// Whatever implements the six areas is a `Store`: implementations write no impl of it.
impl<T> Store for T where
    T: SellerStore + LinkStore + OutboxStore + ChatStore + WhatsAppStore + OutreachStore + ?Sized
{
}
