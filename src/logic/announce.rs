//! What the playback live region says. Every step during continuous play would flood a screen
//! reader (at 4× a step lasts ~155 ms), so while playing it speaks at most every
//! [`PLAYING_GAP_MS`]; manual steps, pausing and reaching the end are always spoken.

/// Least time between two announcements while the timeline plays by itself.
pub const PLAYING_GAP_MS: f64 = 2_000.0;

/// The live region's text and what it was last computed for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Announcer {
    text: String,
    last_ms: Option<f64>,
    /// `(cursor, playing)` the text was last decided for: re-rendering for any other reason
    /// (a hint, typing in the log search) never changes what the region says.
    seen: Option<(usize, bool)>,
}

impl Announcer {
    /// The text for the live region now. `step` is the current step's description (`None`
    /// before the first event); `at_end` when the last event is shown.
    pub fn update(
        &mut self,
        cursor: usize,
        playing: bool,
        at_end: bool,
        step: Option<String>,
        now_ms: f64,
    ) -> &str {
        let key = (cursor, playing);
        if self.seen == Some(key) {
            return &self.text;
        }
        let was_playing = self.seen.is_some_and(|(_, p)| p);
        self.seen = Some(key);
        let Some(step) = step else {
            self.text.clear();
            return &self.text;
        };
        let text = if playing {
            let due = self
                .last_ms
                .is_none_or(|last| now_ms - last >= PLAYING_GAP_MS);
            if !due {
                return &self.text;
            }
            step
        } else if at_end && was_playing {
            format!("Playback finished. {step}")
        } else if was_playing {
            format!("Paused. {step}")
        } else {
            step
        };
        self.text = text;
        self.last_ms = Some(now_ms);
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: usize) -> Option<String> {
        Some(format!("Step {n} of 41"))
    }

    #[test]
    fn continuous_play_is_throttled_and_the_end_is_spoken() {
        let mut a = Announcer::default();
        let mut said = Vec::new();
        let mut last = String::new();
        // 41 steps, 155 ms apart, played at 4×.
        for n in 1..=41 {
            let now = n as f64 * 155.0;
            let playing = n < 41;
            let text = a.update(n, playing, n == 41, step(n), now).to_string();
            if text != last {
                said.push(text.clone());
                last = text;
            }
        }
        assert!(said.len() <= 6, "{said:?}");
        assert_eq!(said[0], "Step 1 of 41");
        assert_eq!(said.last().unwrap(), "Playback finished. Step 41 of 41");
    }

    #[test]
    fn manual_steps_and_pause_are_spoken_and_rerenders_are_not() {
        let mut a = Announcer::default();
        assert_eq!(a.update(0, false, false, None, 0.0), "");
        assert_eq!(a.update(1, false, false, step(1), 10.0), "Step 1 of 41");
        assert_eq!(a.update(2, false, false, step(2), 20.0), "Step 2 of 41");
        assert_eq!(a.update(2, true, false, step(2), 30.0), "Step 2 of 41");
        assert_eq!(a.update(3, true, false, step(3), 40.0), "Step 2 of 41");
        assert_eq!(
            a.update(3, false, false, step(3), 50.0),
            "Paused. Step 3 of 41"
        );
        // The same state again (an unrelated re-render) says the same.
        assert_eq!(
            a.update(3, false, false, step(3), 60.0),
            "Paused. Step 3 of 41"
        );
        assert_eq!(a.update(4, false, false, step(4), 70.0), "Step 4 of 41");
    }
}
