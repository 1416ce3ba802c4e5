//! Telegram's sending limits, kept before sending so the bot never earns a 429: a
//! number of messages per second over all chats, a gap between messages to one private
//! chat, and a number per minute to one group.
//!
//! The windows are a little longer than Telegram's (5 %) so messages that leave close
//! together and arrive in a different order still fit.
//!
//! Answers come first: a push may take a slot of the bot-wide budget only while a tenth
//! of it stays free, so a seller waiting for `/help` is not queued behind a backlog of
//! pushes to other chats; answers may use the whole budget. Pushes are also spread evenly
//! over the second (one every 1/27 s of 30/s), not sent in a burst that fills the window
//! at once: a slot then frees every few tens of milliseconds for whoever writes.

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
    /// When the next push may leave.
    next_push: Option<Instant>,
    chats: HashMap<i64, ChatState>,
}

impl State {
    fn took(&mut self, sending: Sending, cap: usize, now: Instant) {
        self.global.push_back(now);
        if sending == Sending::Push {
            self.next_push = Some(now + SECOND / u32::try_from(cap).unwrap_or(1).max(1));
        }
    }
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
        if sending == Sending::Push
            && let Some(next) = st.next_push
            && next > now
        {
            wait = next - now;
        }
        if st.global.len() >= cap {
            // The budget frees up as the oldest sends leave the window.
            let first = st.global.front().copied().unwrap_or(now);
            wait = wait.max(
                SECOND
                    .saturating_sub(now.duration_since(first))
                    .max(Duration::from_millis(10)),
            );
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
            st.took(sending, cap, now);
            return Ok(());
        }
        let group = chat < 0;
        let window = if group {
            MINUTE
        } else {
            limits.private_gap + limits.private_gap / 20
        };
        let chat_cap = if group {
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
        if cs.recent.len() >= chat_cap
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
        st.took(sending, cap, now);
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
            l.reserve(7, Sending::Answer, t + Duration::from_secs(4))
                .is_err()
        );
        assert!(
            l.reserve(7, Sending::Answer, t + Duration::from_secs(6))
                .is_ok()
        );
    }

    #[test]
    fn pushes_leave_room_for_answers_and_are_spread_out() {
        let l = Limiter::new(Limits {
            per_second: 30,
            private_gap: Duration::from_secs(1),
            group_per_minute: 20,
        });
        let t0 = Instant::now();
        let mut pushed = Vec::new();
        // A backlog of pushes asks every 5 ms; from the third second on, someone writes
        // every 100 ms.
        for step in 0..600_u32 {
            let t = t0 + Duration::from_millis(5) * step;
            if l.reserve(1_000 + i64::from(step), Sending::Push, t).is_ok() {
                pushed.push(t);
            }
            if step >= 400 && step % 20 == 0 {
                assert!(
                    l.reserve(i64::from(step) + 1, Sending::Answer, t).is_ok(),
                    "an answer at {step} waited"
                );
            }
        }
        // Pushes leave one by one, 1.05 s / 27 apart at least (here every 40 ms).
        let in_first_second = pushed.iter().filter(|t| **t - t0 < SECOND).count();
        assert!((25..=27).contains(&in_first_second), "{in_first_second}");
        assert!(pushed.windows(2).all(|w| w[1] - w[0] >= SECOND / 27));
        // Answers alone may use the whole budget.
        let t = t0 + SECOND * 5;
        let answered = (5_000..5_040)
            .filter(|chat| l.reserve(*chat, Sending::Answer, t).is_ok())
            .count();
        assert_eq!(answered, 30);
    }
}
