//! Which view a puzzle opens in: Investigate (the learner picks each check) or the full evidence
//! (every piece at once). Investigate is the default for medium and hard puzzles, the full
//! evidence for easy ones and the guided tour; a learner's own choice, once made, is remembered
//! (`store`) and wins over the default.

use faultline_engine::Difficulty;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Investigate,
    Evidence,
}

impl View {
    /// As stored under the choice's key.
    pub fn id(self) -> &'static str {
        match self {
            View::Investigate => "investigate",
            View::Evidence => "evidence",
        }
    }

    pub fn other(self) -> View {
        match self {
            View::Investigate => View::Evidence,
            View::Evidence => View::Investigate,
        }
    }

    /// What the switch says to move to this view.
    pub fn offer(self) -> &'static str {
        match self {
            View::Investigate => "Investigate: choose each check yourself",
            View::Evidence => "Show all the evidence at once",
        }
    }
}

/// The view a puzzle of `difficulty` opens in without a remembered choice.
pub fn default_for(difficulty: Difficulty) -> View {
    match difficulty {
        Difficulty::Easy => View::Evidence,
        _ => View::Investigate,
    }
}

/// The view to open: the remembered choice, else the difficulty's default.
pub fn view_for(remembered: Option<View>, difficulty: Difficulty) -> View {
    remembered.unwrap_or_else(|| default_for(difficulty))
}

/// Reads what is stored: nothing is no choice; anything but a view's id is unreadable (and is
/// then kept aside by the store, never overwritten).
pub fn parse(raw: Option<&str>) -> Result<Option<View>, String> {
    match raw.map(str::trim) {
        None => Ok(None),
        Some("investigate") => Ok(Some(View::Investigate)),
        Some("evidence") => Ok(Some(View::Evidence)),
        Some(_) => Err("saved choice of puzzle view could not be read".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medium_and_hard_open_in_investigate_easy_in_the_evidence_unless_chosen() {
        assert_eq!(view_for(None, Difficulty::Easy), View::Evidence);
        assert_eq!(view_for(None, Difficulty::Medium), View::Investigate);
        assert_eq!(view_for(None, Difficulty::Hard), View::Investigate);
        assert_eq!(
            view_for(Some(View::Evidence), Difficulty::Hard),
            View::Evidence
        );
        assert_eq!(
            view_for(Some(View::Investigate), Difficulty::Easy),
            View::Investigate
        );
    }

    #[test]
    fn a_stored_choice_reads_back_and_anything_else_is_unreadable() {
        for v in [View::Investigate, View::Evidence] {
            assert_eq!(parse(Some(v.id())), Ok(Some(v)));
            assert_eq!(v.other().other(), v);
        }
        assert_eq!(parse(None), Ok(None));
        assert!(parse(Some("{\"view\":1}")).is_err());
        assert!(parse(Some("")).is_err());
    }
}
