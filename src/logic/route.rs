//! Hash routes, written by hand so deep links work on any static host and under a sub-path.

use faultline_engine::{generate_puzzle, Puzzle};

pub use super::home::{home_puzzle, HOME_SEED};

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
    /// `#/classroom/present/<pack-id>/<scenario-id>`: the presenter showing a pack scenario.
    Present(String, String),
    /// `#/classroom/seed/<seed>`: the presenter showing a generated puzzle.
    PresentSeed(u64),
    /// `#/tour`: the guided first run.
    Tour,
    /// `#/interview`: explain-it interview practice.
    Interview,
    NotFound(String),
}

/// The modes shown in the header, in order: (route, label).
pub const MODES: [(&str, &str); 8] = [
    ("#/packs", "Puzzle packs"),
    ("#/endless", "Endless"),
    ("#/sandbox", "Sandbox"),
    ("#/classroom", "Classroom"),
    ("#/builder", "Builder"),
    ("#/progress", "Progress"),
    ("#/interview", "Interview"),
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
            ["interview"] => Route::Interview,
            ["endless"] => Route::Endless,
            ["sandbox"] => Route::Sandbox,
            ["classroom"] => Route::Classroom,
            ["builder"] => Route::Builder,
            ["progress"] => Route::Progress,
            ["challenge"] => Route::Challenge(String::new()),
            ["classroom", "worksheet", id] => Route::Worksheet((*id).to_string()),
            ["classroom", "present", pack, scenario] => {
                Route::Present((*pack).to_string(), (*scenario).to_string())
            }
            ["classroom", "seed", seed] => match seed.parse() {
                Ok(seed) => Route::PresentSeed(seed),
                Err(_) => Route::NotFound(path.to_string()),
            },
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The page's name for `document.title` and for announcing a route change.
    pub fn label(&self) -> String {
        match self {
            Route::Home => "Simulator".into(),
            Route::Puzzle(seed) => format!("Puzzle {seed}"),
            Route::Reference(None) => "Reference".into(),
            Route::Reference(Some(id)) => format!("Reference: {id}"),
            Route::Packs => "Puzzle packs".into(),
            Route::Endless => "Endless".into(),
            Route::Sandbox => "Sandbox".into(),
            Route::Classroom => "Classroom".into(),
            Route::Builder => "Builder".into(),
            Route::Progress => "Progress".into(),
            Route::Challenge(_) => "Challenge".into(),
            Route::Worksheet(id) => format!("Worksheet: {id}"),
            Route::Present(..) | Route::PresentSeed(_) => "Presenting · Classroom".into(),
            Route::Pack(id) => format!("Pack: {id}"),
            // Not the scenario id: it can name the fault.
            Route::PackScenario(pack, _) => format!("Scenario in pack {pack}"),
            Route::Tour => "Guided tour".into(),
            Route::Interview => "Interview".into(),
            Route::NotFound(_) => "Page not found".into(),
        }
    }

    /// `document.title` for the route: "Sandbox — Faultline".
    pub fn title(&self) -> String {
        format!("{} — Faultline", self.label())
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
            Route::Present(pack, id) => format!("#/classroom/present/{pack}/{id}"),
            Route::PresentSeed(seed) => format!("#/classroom/seed/{seed}"),
            Route::Pack(id) => format!("#/packs/{id}"),
            Route::PackScenario(pack, id) => format!("#/packs/{pack}/{id}"),
            Route::Tour => "#/tour".into(),
            Route::Interview => "#/interview".into(),
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
            Route::Present("webhooks".into(), "retry-storm".into()),
            Route::PresentSeed(4242),
            Route::Pack("webhooks".into()),
            Route::PackScenario("webhooks".into(), "retry-storm".into()),
            Route::Tour,
            Route::Interview,
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
            Route::parse("#/classroom/present/live-chat-websockets/no-visitor-can-start-chat-since-thursday/"),
            Route::Present("live-chat-websockets".into(), "no-visitor-can-start-chat-since-thursday".into())
        );
        assert_eq!(Route::parse("#/classroom/seed/77"), Route::PresentSeed(77));
        assert_eq!(
            Route::parse("#/classroom/seed/abc"),
            Route::NotFound("/classroom/seed/abc".into())
        );
        assert_eq!(
            Route::parse("#/classroom/present/only-a-pack"),
            Route::NotFound("/classroom/present/only-a-pack".into())
        );
        // The presented puzzle's route never carries its answer, and the header keeps
        // "Classroom" current while presenting.
        assert!(Route::PresentSeed(77).href().starts_with("#/classroom"));
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
    fn every_route_has_a_title_that_names_the_page() {
        assert_eq!(Route::Sandbox.title(), "Sandbox — Faultline");
        assert_eq!(Route::Home.title(), "Simulator — Faultline");
        assert_eq!(Route::Puzzle(5).title(), "Puzzle 5 — Faultline");
        let id = "no-visitor-can-start-chat-since-thursday";
        let scenario = Route::PackScenario("webhooks".into(), id.into());
        assert!(
            !scenario.title().contains(id) && !scenario.title().contains("visitor"),
            "the title never names the scenario: {}",
            scenario.title()
        );
        for (href, label) in MODES {
            assert_eq!(Route::parse(href).title(), format!("{label} — Faultline"));
        }
    }

    #[test]
    fn every_mode_has_a_route() {
        for (href, _) in MODES {
            assert!(!matches!(Route::parse(href), Route::NotFound(_)), "{href}");
        }
    }
}
