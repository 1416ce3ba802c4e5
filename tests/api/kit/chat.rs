//! The conversation core without a door: an incoming message in, the `Vec<Reply>` out,
//! as the terminal door drives it. For grammar and wording, quickly; what a door does
//! with the replies is tested through its fake.

use std::sync::Arc;

use paychat::conversation::i18n::I18n;
use paychat::conversation::{Button, Conversation, Incoming, Input, RegistrationMode, Reply};
use paychat::engine::chat::ChatUser;

use crate::helpers::TestApp;

/// One user talking to the conversation core of `app`'s engine.
pub struct Chat {
    conversation: Conversation,
    pub user: ChatUser,
    next_message: u64,
}

impl Chat {
    /// `id` on the `console` channel (anyone may register), writing in `language`.
    pub fn new(app: &TestApp, id: &str, language: &str) -> Self {
        let i18n = Arc::new(I18n::load().expect("translations"));
        Self {
            conversation: Conversation::new(app.engine.clone(), i18n, RegistrationMode::Open),
            user: ChatUser {
                channel: "console".into(),
                external_user: id.into(),
                chat: id.into(),
                name: "Nok".into(),
                language: Some(language.into()),
                timezone: None,
            },
            next_message: 0,
        }
    }

    async fn send(&mut self, input: Input) -> Vec<Reply> {
        self.next_message += 1;
        let incoming = Incoming {
            user: self.user.clone(),
            chat: self.user.chat.clone(),
            group: false,
            message_id: Some(format!("{}-{}", self.user.external_user, self.next_message)),
            bot_username: None,
            slash_optional: false,
            input,
        };
        self.conversation.handle(&incoming).await
    }

    /// Everything answered to `text`.
    pub async fn say_all(&mut self, text: &str) -> Vec<Reply> {
        self.send(Input::Text(text.into())).await
    }

    /// Everything answered to pressing the button that carries `data`.
    pub async fn press(&mut self, data: &str) -> Vec<Reply> {
        self.send(Input::Action(data.into())).await
    }

    /// The one reply to `text`.
    pub async fn say(&mut self, text: &str) -> Reply {
        let mut replies = self.say_all(text).await;
        assert_eq!(replies.len(), 1, "{text}: {replies:#?}");
        replies.remove(0)
    }

    /// Registers (the first message of a new user) and checks the greeting.
    pub async fn register(&mut self) {
        let replies = self.say_all("/start").await;
        assert!(
            replies.iter().any(|r| r.plain().contains("/link")),
            "{replies:#?}"
        );
    }

    /// Makes a link with `/link {args}` and returns its slug.
    pub async fn make_link(&mut self, args: &str) -> String {
        let replies = self.say_all(&format!("/link {args}")).await;
        let card = replies
            .iter()
            .map(shown)
            .find(|t| t.contains("/p/"))
            .unwrap_or_else(|| panic!("a link card for {args:?}: {replies:#?}"));
        crate::telegram::slug_in(&card)
    }

    /// The seller this user became.
    pub async fn seller(&self) -> paychat::engine::store::SellerRow {
        self.conversation
            .engine()
            .chat_seller(&self.user.channel, &self.user.external_user)
            .await
            .expect("store")
            .expect("a registered seller")
    }
}

/// A reply as a person reads it: title and text, without the marks that isolate
/// seller-provided text.
pub fn shown(reply: &Reply) -> String {
    crate::kit::server::readable(&reply.plain())
}

/// The data of every action button of a reply.
pub fn actions(reply: &Reply) -> Vec<String> {
    reply
        .buttons
        .iter()
        .flatten()
        .filter_map(|b| match b {
            Button::Action { data, .. } => Some(data.clone()),
            _ => None,
        })
        .collect()
}
