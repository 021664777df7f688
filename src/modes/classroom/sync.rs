//! The presenter's two screens in step: the laptop (controls, private notes) and the audience
//! window (projector) talk over a `BroadcastChannel` named after the session, same browser, no
//! server. The controls are the one truth: they send the whole shown state after every change;
//! the audience only sends the keys pressed on it, and "hello" when it opens.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the screens say to each other.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "t", rename_all = "kebab-case")]
pub enum Msg {
    /// From the controls: what the projector shows.
    Shown(Shown),
    /// From the audience: a key pressed there ("next", "back", "play", "reveal").
    Key { key: String },
    /// From the audience when it opens: send me the state.
    Hello,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Shown {
    /// Which of the session's puzzles is on the projector.
    #[serde(default)]
    pub puzzle: usize,
    pub cursor: usize,
    pub revealed: bool,
    /// The room's show of hands per question and choice, when revealed to the room: question
    /// index and the counts per choice.
    pub vote: Option<(usize, Vec<u32>)>,
    /// The probe run for the room (its id), shown until another is run or it is cleared.
    #[serde(default)]
    pub probe: Option<String>,
}

impl Msg {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_text(text: &str) -> Option<Msg> {
        serde_json::from_str(text).ok()
    }
}

/// The channel's name for a session.
pub fn channel_name(token: &str) -> String {
    format!("faultline.classroom.{token}")
}

/// Shares of a vote, in whole percent, for bars: `[3, 1, 0]` → `[75, 25, 0]`.
pub fn percents(counts: &[u32]) -> Vec<u32> {
    let total: u32 = counts.iter().sum();
    counts
        .iter()
        .map(|c| (c * 100).checked_div(total).unwrap_or(0))
        .collect()
}

type Handler = Rc<dyn Fn(Msg)>;

/// A channel for `name` (None: no channel, a lone presenter) and a sender. `on_message` may change
/// from render to render; the latest one is called.
#[hook]
pub fn use_channel(name: Option<String>, on_message: impl Fn(Msg) + 'static) -> Callback<Msg> {
    let handler: Rc<RefCell<Handler>> = use_mut_ref(|| Rc::new(|_: Msg| {}) as Handler);
    *handler.borrow_mut() = Rc::new(on_message);
    let channel = use_memo(name.clone(), |n| {
        n.as_ref()
            .and_then(|n| web_sys::BroadcastChannel::new(n).ok())
    });
    {
        let channel = channel.clone();
        use_effect_with(name, move |_| {
            let listener = (*channel).as_ref().map(|c| {
                EventListener::new(c, "message", move |e| {
                    let text = e
                        .dyn_ref::<web_sys::MessageEvent>()
                        .and_then(|m| m.data().as_string());
                    if let Some(msg) = text.as_deref().and_then(Msg::from_text) {
                        // Cloned out first: the handler may re-render, which replaces it.
                        let f = handler.borrow().clone();
                        f(msg);
                    }
                })
            });
            let closing = (*channel).clone();
            move || {
                drop(listener);
                if let Some(c) = closing {
                    c.close();
                }
            }
        });
    }
    let channel = channel.clone();
    Callback::from(move |msg: Msg| {
        if let Some(c) = &*channel {
            let _ = c.post_message(&msg.to_text().into());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_strangers_are_ignored() {
        for msg in [
            Msg::Hello,
            Msg::Key { key: "next".into() },
            Msg::Shown(Shown {
                puzzle: 2,
                cursor: 4,
                revealed: true,
                vote: Some((1, vec![3, 0, 2])),
                probe: Some("traceroute".into()),
            }),
        ] {
            assert_eq!(Msg::from_text(&msg.to_text()), Some(msg));
        }
        assert_eq!(Msg::from_text("{\"t\":\"other\"}"), None);
        // An older screen's message (no probe field) still reads: nothing run for the room.
        let old = r#"{"t":"shown","puzzle":0,"cursor":1,"revealed":false,"vote":null}"#;
        match Msg::from_text(old) {
            Some(Msg::Shown(sh)) => assert_eq!((sh.cursor, sh.probe), (1, None)),
            other => panic!("{other:?}"),
        }
        assert_eq!(Msg::from_text("hello"), None);
    }

    #[test]
    fn vote_shares_add_up() {
        assert_eq!(percents(&[3, 1, 0]), vec![75, 25, 0]);
        assert_eq!(percents(&[0, 0]), vec![0, 0]);
    }
}
