//! Hash routes, written by hand so deep links work on any static host and under a sub-path.

use faultline_engine::{generate_puzzle, Puzzle};

use super::endless::{self, Params};
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
    /// `#/endless?seed=N&difficulty=D&topic=T`: generated puzzles, replayable from the URL.
    Endless(Params),
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
    /// `#/paths/<path-id>`: a learning path's steps and the learner's progress through them.
    Path(String),
    /// `#/paths/<path-id>/<n>`: step `n` (from 1) of a learning path, played.
    PathStep(String, u32),
    /// `#/classroom/present/<pack-id>/<scenario-id>`: the presenter showing a pack scenario.
    Present(String, String),
    /// `#/classroom/seed/<seed>`: the presenter showing a generated puzzle.
    PresentSeed(u64),
    /// `#/classroom/session/<token>`: the trainer's controls for a class session.
    ClassSession(String),
    /// `#/classroom/audience/<token>`: the projector's view of a class session.
    Audience(String),
    /// `#/classroom/join/<token>[/<n>]`: a student's own puzzles in a class session; `n` counts
    /// the puzzles finished when the address was made, so "Next puzzle" is a new address.
    Join(String, u32),
    /// `#/classroom/results/<token>`: the trainer's results for a class session.
    Results(String),
    /// `#/tour`: the guided first run.
    Tour,
    /// `#/interview` (explain it), `#/interview/walk`, `#/interview/drill`, `#/interview/mock`.
    Interview(InterviewTab),
    /// `#/__test/panic` (full app) or `#/?__test=panic` (the start page's module, which boots only
    /// for the start page with an optional query): exists for the end-to-end tests of the panic
    /// panel and crash recovery. It reads the stored builder draft and fails on purpose when there
    /// is one, as a page would on stored data it cannot handle; with none it shows a short note.
    TestPanic,
    NotFound(String),
}

/// The parts of interview practice, each its own address so a reload or a shared link keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterviewTab {
    Explain,
    Walk,
    Drill,
    Mock,
}

impl InterviewTab {
    pub const ALL: [InterviewTab; 4] = [
        InterviewTab::Explain,
        InterviewTab::Walk,
        InterviewTab::Drill,
        InterviewTab::Mock,
    ];

    pub fn id(self) -> &'static str {
        match self {
            InterviewTab::Explain => "explain",
            InterviewTab::Walk => "walk",
            InterviewTab::Drill => "drill",
            InterviewTab::Mock => "mock",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InterviewTab::Explain => "Explain it",
            InterviewTab::Walk => "Walk me through it",
            InterviewTab::Drill => "Recognise it fast",
            InterviewTab::Mock => "Mock interview",
        }
    }

    fn parse(id: &str) -> Option<InterviewTab> {
        InterviewTab::ALL.into_iter().find(|t| t.id() == id)
    }
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
        // Links pasted from chat tools and mail may arrive percent-encoded: decoded exactly once
        // (the browser never decodes the fragment), so an encoded link opens and a doubly
        // encoded one stays damaged rather than turning into something else.
        let decoded = percent_decode_once(path);
        if let Some(code) = decoded.trim_start_matches('/').strip_prefix("challenge/") {
            return Route::Challenge(code.trim_end_matches('/').to_string());
        }
        if path.trim_start_matches('/') == TEST_PANIC_QUERY {
            return Route::TestPanic;
        }
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
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
            // The paths are offered on the packs page.
            ["paths"] => Route::Packs,
            ["paths", id] => Route::Path((*id).to_string()),
            ["paths", id, n] => match n.parse() {
                Ok(n) if n > 0 => Route::PathStep((*id).to_string(), n),
                _ => Route::NotFound(path.to_string()),
            },
            ["tour"] => Route::Tour,
            ["interview"] => Route::Interview(InterviewTab::Explain),
            ["interview", tab] => match InterviewTab::parse(tab) {
                Some(tab) => Route::Interview(tab),
                None => Route::NotFound(path.to_string()),
            },
            ["__test", "panic"] => Route::TestPanic,
            ["endless"] => Route::Endless(endless::parse_query(query)),
            ["sandbox"] => Route::Sandbox,
            ["classroom"] => Route::Classroom,
            ["builder"] => Route::Builder,
            ["progress"] => Route::Progress,
            ["challenge"] => Route::Challenge(String::new()),
            ["classroom", "worksheet", id] => Route::Worksheet((*id).to_string()),
            ["classroom", "present", pack, scenario] => {
                Route::Present((*pack).to_string(), (*scenario).to_string())
            }
            ["classroom", "session", token] => Route::ClassSession((*token).to_string()),
            ["classroom", "audience", token] => Route::Audience((*token).to_string()),
            ["classroom", "join", token] => Route::Join((*token).to_string(), 0),
            ["classroom", "join", token, n] => match n.parse() {
                Ok(n) => Route::Join((*token).to_string(), n),
                Err(_) => Route::NotFound(path.to_string()),
            },
            ["classroom", "results", token] => Route::Results((*token).to_string()),
            ["classroom", "seed", seed] => match seed.parse() {
                Ok(seed) => Route::PresentSeed(seed),
                Err(_) => Route::NotFound(path.to_string()),
            },
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The page's name for `document.title` and for announcing a route change.
    /// The classroom's projector screens: shown without the site's header and navigation.
    pub fn is_stage(&self) -> bool {
        matches!(
            self,
            Route::Present(..)
                | Route::PresentSeed(_)
                | Route::ClassSession(_)
                | Route::Audience(_)
        )
    }

    pub fn label(&self) -> String {
        match self {
            Route::Home => "Simulator".into(),
            Route::Puzzle(seed) => format!("Puzzle {seed}"),
            Route::Reference(None) => "Reference".into(),
            Route::Reference(Some(id)) => format!("Reference: {id}"),
            Route::Packs => "Puzzle packs".into(),
            Route::Endless(_) => "Endless".into(),
            Route::Sandbox => "Sandbox".into(),
            Route::Classroom => "Classroom".into(),
            Route::Builder => "Builder".into(),
            Route::Progress => "Progress".into(),
            Route::Challenge(_) => "Challenge".into(),
            Route::Worksheet(id) => format!("Worksheet: {id}"),
            Route::Present(..) | Route::PresentSeed(_) => "Presenting · Classroom".into(),
            // Not the token: it holds the session's key.
            Route::ClassSession(_) => "Class session · Classroom".into(),
            Route::Audience(_) => "Audience · Classroom".into(),
            Route::Join(..) => "Join a class".into(),
            Route::Results(_) => "Results · Classroom".into(),
            Route::Pack(id) => format!("Pack: {id}"),
            // Not the scenario id: it can name the fault.
            Route::PackScenario(pack, _) => format!("Scenario in pack {pack}"),
            Route::Path(id) => format!("Learning path: {id}"),
            Route::PathStep(id, n) => format!("Step {n} · Learning path: {id}"),
            Route::Tour => "Guided tour".into(),
            // The mode's landing part is titled like the header's link to it.
            Route::Interview(InterviewTab::Explain) => "Interview".into(),
            Route::Interview(tab) => format!("{} · Interview", tab.label()),
            Route::TestPanic => "Test page".into(),
            Route::NotFound(_) => "Page not found".into(),
        }
    }

    /// `document.title` for the route: "Sandbox — Faultline".
    /// Without bidirectional controls: a pack id from a link must not reorder the tab's title.
    pub fn title(&self) -> String {
        let label: String = self
            .label()
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .collect();
        format!("{label} — Faultline")
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Puzzle(seed) => format!("#/puzzle/{seed}"),
            Route::Reference(None) => "#/reference".into(),
            Route::Reference(Some(id)) => format!("#/reference/{id}"),
            Route::Packs => "#/packs".into(),
            Route::Endless(params) => endless::href(params),
            Route::Sandbox => "#/sandbox".into(),
            Route::Classroom => "#/classroom".into(),
            Route::Builder => "#/builder".into(),
            Route::Progress => "#/progress".into(),
            Route::Challenge(code) => format!("#/challenge/{}", percent_encode(code)),
            Route::Worksheet(id) => format!("#/classroom/worksheet/{id}"),
            Route::Present(pack, id) => format!("#/classroom/present/{pack}/{id}"),
            Route::PresentSeed(seed) => format!("#/classroom/seed/{seed}"),
            Route::ClassSession(t) => format!("#/classroom/session/{t}"),
            Route::Audience(t) => format!("#/classroom/audience/{t}"),
            Route::Join(t, 0) => format!("#/classroom/join/{t}"),
            Route::Join(t, n) => format!("#/classroom/join/{t}/{n}"),
            Route::Results(t) => format!("#/classroom/results/{t}"),
            Route::Pack(id) => format!("#/packs/{id}"),
            Route::PackScenario(pack, id) => format!("#/packs/{pack}/{id}"),
            Route::Path(id) => format!("#/paths/{id}"),
            Route::PathStep(id, n) => format!("#/paths/{id}/{n}"),
            Route::Tour => "#/tour".into(),
            Route::Interview(InterviewTab::Explain) => "#/interview".into(),
            Route::Interview(tab) => format!("#/interview/{}", tab.id()),
            Route::TestPanic => "#/__test/panic".into(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

/// The start page's test trigger (see `Route::TestPanic`), after `#/?`.
const TEST_PANIC_QUERY: &str = "?__test=panic";

/// Characters that change the direction of the text around them (embeddings, overrides,
/// isolates and marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Undoes one level of percent-encoding; a `%` not followed by two hex digits stays as it is,
/// and bytes that are not UTF-8 become U+FFFD (which no challenge code contains).
pub fn percent_decode_once(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes what `percent_decode_once` would change, so a code survives href → parse unchanged.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'%' | b'#' | b' ' | 0x80.. | ..0x20 | 0x7f => format!("%{b:02X}"),
            _ => (b as char).to_string(),
        })
        .collect()
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
            Route::Endless(Params::default()),
            Route::Endless(Params {
                seed: Some(7),
                difficulty: faultline_engine::Difficulty::Hard,
                topic: Some("tls".into()),
            }),
            Route::Sandbox,
            Route::Classroom,
            Route::Builder,
            Route::Progress,
            Route::Challenge("1.abc".into()),
            Route::Worksheet("webhooks".into()),
            Route::Present("webhooks".into(), "retry-storm".into()),
            Route::PresentSeed(4242),
            Route::ClassSession("m3-0102030405060708".into()),
            Route::Audience("m3-0102030405060708".into()),
            Route::Join("m3-0102030405060708".into(), 0),
            Route::Join("m3-0102030405060708".into(), 2),
            Route::Results("m3-0102030405060708".into()),
            Route::Pack("webhooks".into()),
            Route::PackScenario("webhooks".into(), "retry-storm".into()),
            Route::Path("first-hour".into()),
            Route::PathStep("first-hour".into(), 3),
            Route::Tour,
            Route::Interview(InterviewTab::Explain),
            Route::Interview(InterviewTab::Walk),
            Route::Interview(InterviewTab::Drill),
            Route::Interview(InterviewTab::Mock),
            Route::TestPanic,
            Route::Challenge("1.a%2Eb c#d".into()),
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
        // Steps count from 1; the paths themselves are listed on the packs page.
        assert_eq!(
            Route::parse("#/paths/first-hour/0"),
            Route::NotFound("/paths/first-hour/0".into())
        );
        assert_eq!(Route::parse("#/paths"), Route::Packs);
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
            Route::Endless(Params {
                seed: Some(7),
                difficulty: faultline_engine::Difficulty::Hard,
                topic: None,
            })
        );
        assert_eq!(
            Route::parse("#/endless/?topic=dns"),
            Route::Endless(Params {
                topic: Some("dns".into()),
                ..Params::default()
            })
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

    /// Every byte percent-encoded, as some chat tools and mail clients rewrite a pasted link.
    fn encode_all(text: &str) -> String {
        text.bytes().map(|b| format!("%{b:02X}")).collect()
    }

    fn sample_code() -> String {
        let shared = faultline_engine::share::SharedPuzzle {
            run: faultline_engine::RunSpec {
                seed: 7,
                ..Default::default()
            },
            story: Some("Agents in Lisbon cannot log in".into()),
            difficulty: None,
        };
        faultline_engine::share::encode(&shared)
    }

    #[test]
    fn a_percent_encoded_challenge_link_opens() {
        let code = sample_code();
        assert!(faultline_engine::share::decode(&code).is_ok());
        // Only the code encoded, or the whole route after `#`.
        for hash in [
            format!("#/challenge/{}", encode_all(&code)),
            format!("#{}", encode_all(&format!("/challenge/{code}"))),
            format!("#/challenge/{}", code.replace('.', "%2e")),
        ] {
            let route = Route::parse(&hash);
            assert_eq!(route, Route::Challenge(code.clone()), "{hash}");
            let Route::Challenge(parsed) = route else {
                unreachable!()
            };
            assert!(faultline_engine::share::decode(&parsed).is_ok(), "{hash}");
        }
    }

    #[test]
    fn a_doubly_encoded_challenge_link_is_decoded_only_once() {
        let code = sample_code();
        let twice = encode_all(&encode_all(&code));
        let Route::Challenge(parsed) = Route::parse(&format!("#/challenge/{twice}")) else {
            panic!("still a challenge route");
        };
        assert_eq!(parsed, encode_all(&code), "one layer removed, not two");
        assert!(
            faultline_engine::share::decode(&parsed).is_err(),
            "the page explains a damaged link instead of guessing"
        );
        // A literal "%25" in a link stays a percent sign after the one decoding.
        assert_eq!(
            Route::parse("#/challenge/1.ab%252E"),
            Route::Challenge("1.ab%2E".into())
        );
        // Not valid percent-encoding: left as it is, for the page to explain.
        assert_eq!(
            Route::parse("#/challenge/1.ab%zz%"),
            Route::Challenge("1.ab%zz%".into())
        );
    }

    #[test]
    fn the_test_trigger_has_a_route_in_both_modules() {
        assert_eq!(Route::parse("#/__test/panic"), Route::TestPanic);
        assert_eq!(Route::parse("#/?__test=panic"), Route::TestPanic);
        assert_eq!(Route::parse("#/?seed=1"), Route::Home);
    }

    #[test]
    fn titles_carry_no_direction_controls() {
        let route = Route::Pack("evil\u{202E}kcap".into());
        assert_eq!(route.title(), "Pack: evilkcap — Faultline");
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}',
        ] {
            assert!(is_bidi_control(c), "{c:?}");
        }
        assert!(!is_bidi_control('a') && !is_bidi_control('\u{05D0}'));
    }
}
