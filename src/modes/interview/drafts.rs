//! Answers in progress, one per prompt, and the prompt last open: what the page saves on every
//! keystroke so nothing typed is lost when the learner goes to another page and comes back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct Drafts {
    pub version: u32,
    /// The prompt last open ("" = the first one).
    pub selected: String,
    /// Prompt id → the answer as typed.
    pub answers: BTreeMap<String, String>,
}

impl Drafts {
    pub fn answer(&self, prompt: &str) -> &str {
        self.answers.get(prompt).map(String::as_str).unwrap_or("")
    }

    /// Stores `text` for `prompt`; an emptied answer is dropped rather than kept as "".
    pub fn set_answer(&mut self, prompt: &str, text: &str) {
        if text.is_empty() {
            self.answers.remove(prompt);
        } else {
            self.answers.insert(prompt.to_string(), text.to_string());
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = self.clone();
        out.version = VERSION;
        serde_json::to_string(&out).unwrap_or_default()
    }
}

/// Reads saved drafts. `Err` says why they cannot be used (the caller keeps the text aside).
pub fn parse(raw: &str) -> Result<Drafts, String> {
    let drafts: Drafts = serde_json::from_str(raw)
        .map_err(|e| format!("saved interview answers could not be read ({e})"))?;
    if drafts.version > VERSION {
        return Err(format!(
            "saved interview answers come from a newer Faultline (format {}, this one reads {VERSION})",
            drafts.version
        ));
    }
    Ok(drafts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_round_trip_and_empty_answers_are_dropped() {
        let mut d = Drafts::default();
        d.set_answer("401-vs-403", "A 401 means…");
        d.set_answer("idempotency", "x");
        d.set_answer("idempotency", "");
        d.selected = "401-vs-403".into();
        let back = parse(&d.to_json()).unwrap();
        assert_eq!(back.answer("401-vs-403"), "A 401 means…");
        assert_eq!(back.answer("idempotency"), "");
        assert_eq!(back.answers.len(), 1);
        assert_eq!(back.selected, "401-vs-403");
        assert_eq!(back.version, VERSION);
    }

    #[test]
    fn unreadable_or_newer_drafts_are_refused_with_a_reason() {
        assert!(parse("{not json")
            .unwrap_err()
            .contains("could not be read"));
        assert!(parse("[1,2]").is_err());
        let newer = format!("{{\"version\":{},\"answers\":{{}}}}", VERSION + 1);
        assert!(parse(&newer).unwrap_err().contains("newer Faultline"));
        // Missing fields are fine: an older save with only answers still opens.
        assert_eq!(
            parse("{\"answers\":{\"a\":\"b\"}}").unwrap().answer("a"),
            "b"
        );
    }
}
