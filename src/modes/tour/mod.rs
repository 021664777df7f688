//! `#/tour`: the guided first run (the offer on the start page, the guide beside the puzzle).
//! This file: its plain logic.
//!
//! The guided first run: the troubleshooting method in nine steps over one scenario of its own
//! (so it may say what that scenario's evidence shows), each pointing at a region of the screen.

pub mod guide;
pub mod offer;

/// The tour's scenario: an easy 401 from a token cached past its expiry.
pub const PACK: &str = "oauth-and-tokens";
pub const SCENARIO: &str = "morning-customer-sync-fails-with-401";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    pub text: &'static str,
    /// CSS selectors of the region to outline, most precise first, separated by `|`: the first
    /// that matches is used (the decoded token, else the inspector).
    pub target: &'static str,
    /// Said only where there is a keyboard: the keys for this step (never on a touch screen).
    pub keys: &'static str,
    /// What this step points at exists only once the request has played: the tour plays it.
    pub needs_run: bool,
}

pub const STEPS: [Step; 9] = [
    Step {
        title: "Confirm expected vs actual",
        text: "Start with the report, not the logs. Who is affected, since when, what did they expect and \
               what happened instead? Here: a sync that worked yesterday now gets 401 Unauthorized.",
        target: ".story-panel",
        keys: "",
        needs_run: false,
    },
    Step {
        title: "Reproduce",
        text: "The tour plays the request now: watch it cross each layer. If you can make it fail on \
               demand, you can prove the fix later. ▶ replays it; the step buttons slow it down.",
        target: ".flow-panel",
        keys: "Space plays and pauses; ← and → step.",
        needs_run: false,
    },
    Step {
        title: "Read the status code",
        text: "The status line tells you who answered and roughly why: 4xx is the request or its \
               credentials, 5xx is a server or something behind it, no response is the network. \
               Pick the exchange and read its status.",
        target: ".network-panel",
        keys: "",
        needs_run: true,
    },
    Step {
        title: "Check auth",
        text: "For 401 and 403, read the Authorization header and the WWW-Authenticate answer. A JWT \
               is decoded for you: compare exp with the time of the call, and check the scope.",
        target: ".inspector-panel .jwt|.inspector-panel",
        keys: "",
        needs_run: true,
    },
    Step {
        title: "Check the request",
        text: "Method, URL, Content-Type, body: is this the request the client meant to send? \
               Copy as cURL lets you replay it outside the app; Export HAR saves every exchange.",
        target: ".inspector-panel .req|.inspector-panel",
        keys: "",
        needs_run: true,
    },
    Step {
        title: "Check network and TLS",
        text: "The timing waterfall shows DNS, connect and TLS. A request that got an HTTP answer made \
               it through all three; one that failed there has no status at all.",
        target: ".inspector-panel .waterfall|.inspector-panel",
        keys: "",
        needs_run: true,
    },
    Step {
        title: "Follow the correlation id",
        text: "Click a trace id in the logs: every source is filtered to that one request. Noise \
               stays, so the filter is what lets you read the gateway, auth and app lines in order.",
        target: ".logs-panel",
        keys: "",
        needs_run: true,
    },
    Step {
        title: "Isolate the layer",
        text: "Which layer first did something wrong? Answer in four steps: the layer (pick it from the \
               list; the diagram only inspects), the cause, the next action and who owns the fix. \
               Wrong answers explain why.",
        target: ".diagnosis-panel",
        keys: "Number keys pick a choice.",
        needs_run: true,
    },
    Step {
        title: "Escalate with evidence",
        text: "When you hand it on, write one statement: method, endpoint, status, reason, and the \
               evidence — trace id and timestamp. The statement appears here once you finish.",
        target: ".diagnosis-panel",
        keys: "",
        needs_run: true,
    },
];

/// Where a key or button takes the tour: `None` when it ends.
pub fn next(step: usize) -> Option<usize> {
    (step + 1 < STEPS.len()).then_some(step + 1)
}

pub fn back(step: usize) -> usize {
    step.saturating_sub(1)
}

/// What a screen reader hears when a step opens.
pub fn announcement(step: usize) -> String {
    STEPS.get(step).map_or_else(String::new, |s| {
        format!(
            "Tour step {} of {}: {}. {}",
            step + 1,
            STEPS.len(),
            s.title,
            s.text
        )
    })
}

/// The welcome is offered on the start page only, and only until it was answered once.
pub fn offer_welcome(hash: &str, seen: bool) -> bool {
    !seen && matches!(hash.trim_start_matches('#').trim_matches('/'), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_method_in_order() {
        let titles: Vec<&str> = STEPS.iter().map(|s| s.title).collect();
        assert_eq!(titles[0], "Confirm expected vs actual");
        assert_eq!(titles[6], "Follow the correlation id");
        assert_eq!(titles[8], "Escalate with evidence");
        assert!(STEPS
            .iter()
            .all(|s| s.target.starts_with('.') && s.text.len() > 60));
    }

    #[test]
    fn evidence_steps_come_after_the_request_has_played_and_keys_stay_apart() {
        let reproduce = STEPS.iter().position(|s| s.title == "Reproduce").unwrap();
        for (i, s) in STEPS.iter().enumerate() {
            let reads_evidence = ["inspector", "logs", "network"]
                .iter()
                .any(|panel| s.target.contains(panel));
            assert!(
                !reads_evidence || (i > reproduce && s.needs_run),
                "{}",
                s.title
            );
            // Keys are told apart, so a touch screen never hears about them.
            for key in ["Space", "Esc", "←", "→", "press its number"] {
                assert!(!s.text.contains(key), "{}: {key}", s.title);
            }
        }
    }

    #[test]
    fn navigation_stops_at_both_ends() {
        assert_eq!(next(0), Some(1));
        assert_eq!(next(STEPS.len() - 1), None);
        assert_eq!(back(0), 0);
        assert_eq!(back(3), 2);
        assert!(announcement(0).starts_with("Tour step 1 of 9: Confirm"));
        assert_eq!(announcement(99), "");
    }

    #[test]
    fn welcome_only_on_the_start_page_until_seen() {
        assert!(offer_welcome("", false));
        assert!(offer_welcome("#/", false));
        assert!(!offer_welcome("#/", true));
        assert!(!offer_welcome("#/packs", false));
    }

    #[test]
    fn the_tour_scenario_exists() {
        let pack = crate::modes::packs::builtin::find(PACK).expect("tour pack");
        assert!(crate::modes::packs::catalog::find_scenario(&pack, SCENARIO).is_some());
    }
}
