//! What the conversation answers, independent of any chat app. Each door (Telegram,
//! WhatsApp, the terminal) renders a [`Reply`] into its own calls.

/// One message to send back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    /// Shown emphasised above the text (bold on Telegram, `*…*` on WhatsApp).
    pub title: Option<String>,
    /// Plain text; doors escape it for their markup.
    pub text: String,
    /// Rows of buttons.
    pub buttons: Vec<Vec<Button>>,
    /// A picture or file sent with (or after) the text.
    pub attachment: Option<Attachment>,
    /// Replace the message whose button was pressed instead of sending a new one.
    pub edit: bool,
    /// A short answer for the person who pressed a button, not a message for the chat
    /// (Telegram shows it as a toast; doors without one send it as text).
    pub notice: bool,
    /// What a door that shows many choices behind one button (WhatsApp's list, past
    /// three reply buttons) writes on that button.
    pub menu: Option<String>,
}

impl Reply {
    /// A plain text reply.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A short answer to the person who pressed a button; see [`Reply::notice`].
    #[must_use]
    pub fn notice(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            notice: true,
            ..Self::default()
        }
    }

    /// The same reply with a title.
    #[must_use]
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The same reply with a row of buttons added.
    #[must_use]
    pub fn row(mut self, row: Vec<Button>) -> Self {
        if !row.is_empty() {
            self.buttons.push(row);
        }
        self
    }

    /// The same reply, naming the button that opens its choices where a door must
    /// fold them into a menu.
    #[must_use]
    pub fn menu(mut self, label: impl Into<String>) -> Self {
        self.menu = Some(label.into());
        self
    }

    /// The same reply, replacing the message that carried the pressed button.
    #[must_use]
    pub fn editing(mut self) -> Self {
        self.edit = true;
        self
    }

    /// Title and text as one plain string (for doors without emphasis).
    #[must_use]
    pub fn plain(&self) -> String {
        match &self.title {
            Some(t) if self.text.is_empty() => t.clone(),
            Some(t) => format!("{t}\n{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// A button under a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Button {
    /// Opens a web address.
    Url { label: String, url: String },
    /// Comes back to the conversation as [`super::Input::Action`] with `data` (≤ 64 bytes).
    Action { label: String, data: String },
    /// Lets the seller pick a chat and share `query` through the bot (Telegram inline).
    Share { label: String, query: String },
    /// Copies `text` to the clipboard.
    Copy { label: String, text: String },
}

impl Button {
    /// The label shown on the button.
    #[must_use]
    pub fn label(&self) -> &str {
        match self {
            Self::Url { label, .. }
            | Self::Action { label, .. }
            | Self::Share { label, .. }
            | Self::Copy { label, .. } => label,
        }
    }
}

/// A file sent with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attachment {
    /// A QR code: the PNG, a caption, and the URL it encodes (doors that cannot upload
    /// may send `{url}/qr.png` instead).
    Qr {
        png: Vec<u8>,
        caption: String,
        url: String,
    },
    /// A document such as a CSV export.
    Document {
        filename: String,
        mime: &'static str,
        bytes: Vec<u8>,
        caption: String,
    },
}
