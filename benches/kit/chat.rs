//! What the Telegram benches share: the seller the pushes belong to and the links whose
//! "paid" pushes go to a given chat. Included with `#[path]` by `telegram.rs` and
//! `replicas.rs`.

use paychat::domain::{Currency, Money};
use paychat::engine::Engine;
use paychat::engine::chat::ChatUser;
use paychat::engine::links::{NewLinkInput, Origin};

/// The seller the pushes belong to (registered as a Telegram user, chat 42).
pub async fn bench_seller(engine: &Engine) -> paychat::engine::SellerRow {
    let seller = engine
        .register_chat_user(
            &ChatUser {
                channel: "telegram".into(),
                external_user: "42".into(),
                chat: "42".into(),
                name: "Bench".into(),
                language: Some("en".into()),
                timezone: None,
            },
            None,
        )
        .await
        .expect("seller");
    match seller {
        paychat::engine::chat::Registration::New(s)
        | paychat::engine::chat::Registration::Existing(s) => s,
    }
}

/// A link of `seller` made from Telegram chat `chat`, so its pushes go there. Its
/// description is `bench {i}`, which the push repeats.
pub async fn link_in(
    engine: &Engine,
    seller: &paychat::engine::SellerRow,
    chat: i64,
    i: usize,
) -> String {
    let thb = Currency::from_code("THB").expect("THB");
    let mut input = NewLinkInput::new(
        Money::from_minor(25_000, thb).expect("money"),
        format!("bench {i}"),
    );
    input.origin = Some(Origin {
        channel: "telegram".into(),
        chat: chat.to_string(),
        message: None,
    });
    let (link, _) = engine.create_link(seller, input, None).await.expect("link");
    link.id.as_str().to_owned()
}
