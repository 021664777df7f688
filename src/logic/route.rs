//! Hash routes, written by hand so deep links work on any static host and under a sub-path.

use faultline_engine::{generate_puzzle, puzzle_for, Difficulty, FaultSpec, Puzzle, RunSpec};

/// The start page plays one fixed, readable incident (an easy api-call), independent of how the
/// puzzle generator distributes seeds. What it is lives only here, in Rust memory.
pub const HOME_SEED: u64 = 18;
const HOME_FLOW: &str = "api-call";
const HOME_FAULT: &str = "expired-token";

/// The puzzle on the start page.
pub fn home_puzzle() -> Puzzle {
    let spec = RunSpec {
        flow: Some(HOME_FLOW.into()),
        faults: vec![FaultSpec::new(HOME_FAULT)],
        seed: HOME_SEED,
        call: None,
    };
    puzzle_for(&spec, Difficulty::Easy)
        .unwrap_or_else(|_| generate_puzzle(HOME_SEED, Some(Difficulty::Easy), None))
}

/// The puzzle behind `#/puzzle/<seed>`.
pub fn seeded_puzzle(seed: u64) -> Puzzle {
    generate_puzzle(seed, None, None)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Puzzle(u64),
    Reference(Option<String>),
    Packs,
    Endless,
    Sandbox,
    Classroom,
    Builder,
    Progress,
    /// `#/challenge/<code>`: a shared puzzle (the code is checked by the page, not here).
    Challenge(String),
    /// `#/classroom/worksheet/<pack-id>`: a printable worksheet.
    Worksheet(String),
    /// `#/packs/<pack-id>`: one pack's scenarios (ids as in the URL, percent-encoded).
    Pack(String),
    /// `#/packs/<pack-id>/<scenario-id>`: one scenario of a pack.
    PackScenario(String, String),
    /// `#/tour`: the guided first run.
    Tour,
    NotFound(String),
}

/// The modes shown in the header, in order: (route, label).
pub const MODES: [(&str, &str); 7] = [
    ("#/packs", "Puzzle packs"),
    ("#/endless", "Endless"),
    ("#/sandbox", "Sandbox"),
    ("#/classroom", "Classroom"),
    ("#/builder", "Builder"),
    ("#/progress", "Progress"),
    ("#/reference", "Reference"),
];

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        // A challenge code is taken whole, so a damaged one reaches the page that explains it.
        if let Some(code) = path.trim_start_matches('/').strip_prefix("challenge/") {
            return Route::Challenge(code.trim_end_matches('/').to_string());
        }
        let path = path.split(['?']).next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["puzzle", seed] => match seed.parse() {
                Ok(seed) => Route::Puzzle(seed),
                Err(_) => Route::NotFound(path.to_string()),
            },
            ["reference"] => Route::Reference(None),
            ["reference", id] => Route::Reference(Some((*id).to_string())),
            ["packs"] => Route::Packs,
            ["packs", pack] => Route::Pack((*pack).to_string()),
            ["packs", pack, scenario] => {
                Route::PackScenario((*pack).to_string(), (*scenario).to_string())
            }
            ["tour"] => Route::Tour,
            ["endless"] => Route::Endless,
            ["sandbox"] => Route::Sandbox,
            ["classroom"] => Route::Classroom,
            ["builder"] => Route::Builder,
            ["progress"] => Route::Progress,
            ["challenge"] => Route::Challenge(String::new()),
            ["classroom", "worksheet", id] => Route::Worksheet((*id).to_string()),
            _ => Route::NotFound(path.to_string()),
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Puzzle(seed) => format!("#/puzzle/{seed}"),
            Route::Reference(None) => "#/reference".into(),
            Route::Reference(Some(id)) => format!("#/reference/{id}"),
            Route::Packs => "#/packs".into(),
            Route::Endless => "#/endless".into(),
            Route::Sandbox => "#/sandbox".into(),
            Route::Classroom => "#/classroom".into(),
            Route::Builder => "#/builder".into(),
            Route::Progress => "#/progress".into(),
            Route::Challenge(code) => format!("#/challenge/{code}"),
            Route::Worksheet(id) => format!("#/classroom/worksheet/{id}"),
            Route::Pack(id) => format!("#/packs/{id}"),
            Route::PackScenario(pack, id) => format!("#/packs/{pack}/{id}"),
            Route::Tour => "#/tour".into(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips() {
        for route in [
            Route::Home,
            Route::Puzzle(42),
            Route::Reference(None),
            Route::Reference(Some("status-401".into())),
            Route::Packs,
            Route::Endless,
            Route::Sandbox,
            Route::Classroom,
            Route::Builder,
            Route::Progress,
            Route::Challenge("1.abc".into()),
            Route::Worksheet("webhooks".into()),
            Route::Pack("webhooks".into()),
            Route::PackScenario("webhooks".into(), "retry-storm".into()),
            Route::Tour,
        ] {
            assert_eq!(Route::parse(&route.href()), route);
        }
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/puzzle/7/"), Route::Puzzle(7));
        assert_eq!(
            Route::parse("#/puzzle/x"),
            Route::NotFound("/puzzle/x".into())
        );
        assert_eq!(Route::parse("#/nope"), Route::NotFound("/nope".into()));
        assert_eq!(
            Route::parse("#/challenge/1.ab/c?d"),
            Route::Challenge("1.ab/c?d".into())
        );
        assert_eq!(Route::parse("#/challenge"), Route::Challenge(String::new()));
        assert_eq!(
            Route::parse("#/endless?seed=7&difficulty=hard"),
            Route::Endless
        );
    }

    #[test]
    fn home_puzzle_is_the_readable_api_call() {
        let p = home_puzzle();
        assert_eq!(p.view.evidence.flow, HOME_FLOW);
        assert_eq!(p.answer.fault_id, HOME_FAULT);
        assert_eq!(p.view.questions.len(), 3);
    }

    #[test]
    fn every_mode_has_a_route() {
        for (href, _) in MODES {
            assert!(!matches!(Route::parse(href), Route::NotFound(_)), "{href}");
        }
    }
}
