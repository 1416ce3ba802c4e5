//! Telegram's sending limits, kept before sending so the bot never earns a 429: a
//! number of messages per second over all chats, a gap between messages to one private
//! chat, and a number per minute to one group.
//!
//! The windows are a little longer than Telegram's (5 %) so messages that leave close
//! together and arrive in a different order still fit.
//!
//! Answers come first: a push may take a slot of the bot-wide budget only while a tenth
//! of it stays free, so a seller waiting for `/help` is not queued behind a backlog of
//! pushes to other chats; answers may use the whole budget.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_second: u32,
    pub private_gap: Duration,
    pub group_per_minute: u32,
}

#[derive(Default)]
struct ChatState {
    /// Sends to this chat inside the current window (one entry for private chats).
    recent: VecDeque<Instant>,
    /// Telegram asked us to wait until then (429 retry_after).
    paused_until: Option<Instant>,
}

/// Who a message is for: someone waiting in the chat, or a push nobody asked for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sending {
    Answer,
    Push,
}

#[derive(Default)]
struct State {
    global: VecDeque<Instant>,
    chats: HashMap<i64, ChatState>,
}

/// Decides when the next message to a chat may leave.
pub struct Limiter {
    limits: Limits,
    state: Mutex<State>,
}

const SECOND: Duration = Duration::from_millis(1050);
const MINUTE: Duration = Duration::from_millis(63_000);

impl Limiter {
    #[must_use]
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: Mutex::new(State::default()),
        }
    }

    /// Takes a sending slot for `chat` now, or says how long to wait for one.
    pub fn reserve(&self, chat: i64, sending: Sending, now: Instant) -> Result<(), Duration> {
        let Ok(mut st) = self.state.lock() else {
            return Ok(());
        };
        let limits = self.limits;
        while st
            .global
            .front()
            .is_some_and(|t| now.duration_since(*t) >= SECOND)
        {
            st.global.pop_front();
        }
        let per_second = limits.per_second as usize;
        let cap = match sending {
            Sending::Answer => per_second,
            Sending::Push => per_second - per_second / 10,
        };
        let mut wait = Duration::ZERO;
        if st.global.len() >= cap {
            // The budget frees up as the oldest sends leave the window.
            let first = st.global.front().copied().unwrap_or(now);
            wait = SECOND
                .saturating_sub(now.duration_since(first))
                .max(Duration::from_millis(10));
        }
        // Chat 0: no chat of ours (an inline card elsewhere); only the bot-wide limit.
        if chat == 0 {
            if let Some(until) = st.chats.get(&0).and_then(|c| c.paused_until)
                && until > now
            {
                wait = wait.max(until - now);
            }
            if wait > Duration::ZERO {
                return Err(wait);
            }
            st.global.push_back(now);
            return Ok(());
        }
        let group = chat < 0;
        let window = if group {
            MINUTE
        } else {
            limits.private_gap + limits.private_gap / 20
        };
        let cap = if group {
            limits.group_per_minute as usize
        } else {
            1
        };
        let cs = st.chats.entry(chat).or_default();
        while cs
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            cs.recent.pop_front();
        }
        if cs.recent.len() >= cap
            && let Some(first) = cs.recent.front()
        {
            wait = wait.max(window.saturating_sub(now.duration_since(*first)));
        }
        if let Some(until) = cs.paused_until {
            if until > now {
                wait = wait.max(until - now);
            } else {
                cs.paused_until = None;
            }
        }
        if wait > Duration::ZERO {
            return Err(wait);
        }
        cs.recent.push_back(now);
        st.global.push_back(now);
        // Forget idle chats so the map does not grow with every chat ever seen.
        if st.chats.len() > 10_000 {
            st.chats.retain(|_, c| {
                c.recent
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < MINUTE)
                    || c.paused_until.is_some_and(|u| u > now)
            });
        }
        Ok(())
    }

    /// Telegram answered 429 for `chat`: nothing goes there for `wait`.
    pub fn pause(&self, chat: i64, wait: Duration, now: Instant) {
        if let Ok(mut st) = self.state.lock() {
            st.chats.entry(chat).or_default().paused_until = Some(now + wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> Limiter {
        Limiter::new(Limits {
            per_second: 3,
            private_gap: Duration::from_secs(1),
            group_per_minute: 2,
        })
    }

    #[test]
    fn private_chats_get_one_message_per_gap() {
        let l = limiter();
        let t = Instant::now();
        assert!(l.reserve(1, Sending::Answer, t).is_ok());
        let wait = l.reserve(1, Sending::Answer, t).err().unwrap_or_default();
        assert!(wait >= Duration::from_secs(1), "{wait:?}");
        assert!(
            l.reserve(1, Sending::Answer, t + Duration::from_millis(1100))
                .is_ok()
        );
    }

    #[test]
    fn the_bot_wide_rate_holds_across_chats() {
        let l = limiter();
        let t = Instant::now();
        for chat in 1..=3 {
            assert!(l.reserve(chat, Sending::Answer, t).is_ok());
        }
        assert!(l.reserve(4, Sending::Answer, t).is_err());
        assert!(l.reserve(4, Sending::Answer, t + SECOND).is_ok());
    }

    #[test]
    fn groups_get_their_minute_quota_and_pauses_hold() {
        let l = limiter();
        let t = Instant::now();
        assert!(l.reserve(-5, Sending::Push, t).is_ok());
        assert!(
            l.reserve(-5, Sending::Push, t + Duration::from_secs(2))
                .is_ok()
        );
        assert!(
            l.reserve(-5, Sending::Push, t + Duration::from_secs(4))
                .is_err()
        );
        assert!(
            l.reserve(-5, Sending::Push, t + MINUTE + Duration::from_secs(1))
                .is_ok()
        );
        l.pause(7, Duration::from_secs(5), t);
        assert!(
            l.reserve(7, Sending::Push, t + Duration::from_secs(4))
                .is_err()
        );
        assert!(
            l.reserve(7, Sending::Push, t + Duration::from_secs(6))
                .is_ok()
        );
    }

    #[test]
    fn pushes_leave_room_for_answers() {
        let l = Limiter::new(Limits {
            per_second: 30,
            private_gap: Duration::from_secs(1),
            group_per_minute: 20,
        });
        let pushes = |from: i64, t: Instant| {
            (from..from + 40)
                .filter(|chat| l.reserve(*chat, Sending::Push, t).is_ok())
                .count()
        };
        let t = Instant::now();
        // Pushes take 27 of 30: a tenth stays free for answers.
        assert_eq!(pushes(1, t), 27);
        for chat in 100..103 {
            assert!(l.reserve(chat, Sending::Answer, t).is_ok(), "answer {chat}");
        }
        assert!(
            l.reserve(103, Sending::Answer, t).is_err(),
            "the bot-wide limit holds"
        );
        // Answers may use more than the pushes leave; pushes then wait for the window.
        let t = t + SECOND;
        for chat in 200..210 {
            assert!(l.reserve(chat, Sending::Answer, t).is_ok());
        }
        assert_eq!(pushes(300, t), 17);
        assert!(
            l.reserve(400, Sending::Answer, t).is_ok(),
            "three stay free"
        );
        assert_eq!(pushes(500, t + SECOND), 27);
    }
}
