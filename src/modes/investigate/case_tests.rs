use super::*;
use faultline_engine::{Difficulty, FaultSpec, Flow, RunSpec};

fn investigation() -> Investigation {
    let spec = RunSpec {
        flow: Some(Flow::ApiCall.id().into()),
        faults: vec![FaultSpec::new("expired-token")],
        seed: 18,
        call: None,
        client: None,
    };
    Investigation::for_puzzle(&spec, Difficulty::Medium).unwrap()
}

fn case() -> Case {
    Case::new(Rc::new(investigation()))
}

#[test]
fn an_opening_case_works_its_expert_path_out_when_asked_or_at_a_hint_or_the_finish() {
    let eager = case();
    assert!(eager.expert_known && eager.expert.is_some());
    let opening = Case::opening(Rc::new(investigation()));
    assert!(!opening.expert_known);
    assert_eq!((opening.expert.clone(), opening.par()), (None, None));
    // The page re-renders when par comes in.
    assert!(opening != opening.clone().apply(Action::Expert));
    for action in [Action::Expert, Action::Hint, Action::Finish] {
        let c = opening.clone().apply(action);
        assert!(c.expert_known);
        assert_eq!(c.expert, eager.expert);
        assert_eq!(c.par(), eager.par());
    }
    assert_eq!(
        opening.clone().apply(Action::Hint).hinted,
        eager.clone().apply(Action::Hint).hinted
    );
}

#[test]
fn a_probe_runs_once_and_running_it_again_shows_the_earlier_result() {
    let c = case().apply(Action::Run(Probe::Reproduce));
    let first = c.results[0].clone();
    assert_eq!(c.minutes(), Probe::Reproduce.minutes());
    let c = c
        .apply(Action::Run(Probe::GatewayLog))
        .apply(Action::Run(Probe::Reproduce));
    assert_eq!(c.results.len(), 2, "no second run");
    assert_eq!(c.shown, Some(0));
    assert!(c.rerun);
    assert_eq!(c.results[0], first);
    assert_eq!(
        c.minutes(),
        Probe::Reproduce.minutes() + Probe::GatewayLog.minutes(),
        "a rerun costs nothing"
    );
    let c = c.apply(Action::Show(1));
    assert_eq!((c.shown, c.rerun), (Some(1), false));
    assert_eq!(c.apply(Action::Show(9)).shown, Some(1));
}

#[test]
fn lines_pin_and_unpin_and_blank_lines_are_not_evidence() {
    let c = case().apply(Action::Run(Probe::Reproduce));
    let lines: Vec<String> = c.results[0].output.lines().map(String::from).collect();
    let line = lines.iter().position(|l| !l.trim().is_empty()).unwrap();
    let c = c.apply(Action::TogglePin { result: 0, line });
    assert_eq!(c.pins.len(), 1);
    assert_eq!(c.pins[0].text, lines[line].trim_end());
    assert!(c.is_pinned(0, line));
    let c = c.apply(Action::TogglePin { result: 0, line });
    assert!(c.pins.is_empty());
    let c = c.apply(Action::TogglePin { result: 3, line: 0 });
    assert!(c.pins.is_empty(), "no such result");
    if let Some(blank) = lines.iter().position(|l| l.trim().is_empty()) {
        assert!(c
            .apply(Action::TogglePin {
                result: 0,
                line: blank
            })
            .pins
            .is_empty());
    }
}

#[test]
fn a_ruling_needs_a_reason_and_replaces_the_earlier_one() {
    let c = case();
    let all = c.unexamined();
    assert_eq!(all, c.layers, "nothing examined at first");
    let c = c.apply(Action::Rule {
        layer: Layer::Dns,
        verdict: Verdict::Out,
        reason: "  ".into(),
    });
    assert!(c.rulings.is_empty());
    assert!(
        c.problem.as_deref().unwrap().contains("DNS"),
        "{:?}",
        c.problem
    );
    let c = c.apply(Action::Rule {
        layer: Layer::Dns,
        verdict: Verdict::Out,
        reason: "dig answers\nthe right address".into(),
    });
    assert_eq!(c.problem, None);
    assert_eq!(c.rulings[0].reason, "dig answers the right address");
    assert_eq!(c.layer_state(Layer::Dns), LayerState::Ruled(Verdict::Out));
    assert!(!c.unexamined().contains(&Layer::Dns));
    let c = c.apply(Action::Rule {
        layer: Layer::Dns,
        verdict: Verdict::In,
        reason: "x".repeat(500),
    });
    assert_eq!(c.rulings.len(), 1);
    assert_eq!(c.rulings[0].verdict, Verdict::In);
    assert_eq!(c.rulings[0].reason.chars().count(), REASON_MAX);
    let c = c.apply(Action::Unrule(Layer::Dns));
    assert_eq!(c.layer_state(Layer::Dns), LayerState::Unexamined);
    let c = c.apply(Action::Run(Probe::GatewayLog));
    assert_eq!(c.layer_state(Layer::Gateway), LayerState::Examined);
}

#[test]
fn the_hint_names_the_next_expert_probe_not_run_and_par_is_the_expert_minutes() {
    let c = case();
    let expert = c
        .expert
        .clone()
        .expect("an expired token is settled by probes");
    assert_eq!(c.par(), Some(expert.minutes));
    let c = c.apply(Action::Hint);
    assert_eq!(c.hinted, Some(expert.probes[0]));
    assert_eq!(c.hints, 1);
    let mut c = c;
    for p in &expert.probes {
        c = c.apply(Action::Run(*p));
    }
    assert_eq!(c.next_probe(), None, "the expert path is covered");
    assert_eq!(c.minutes(), expert.minutes);
    assert!(
        c.score_line().contains("at or under par"),
        "{}",
        c.score_line()
    );
    // A detour costs minutes and is not on the expert path.
    let detour = c
        .toolbox
        .iter()
        .copied()
        .find(|p| !expert.probes.contains(p))
        .unwrap();
    let c = c.apply(Action::Run(detour)).apply(Action::Finish);
    assert!(c.finished);
    assert!(c.score_line().contains("over par"), "{}", c.score_line());
    let path = c.learner_path();
    assert_eq!(path.len(), expert.probes.len() + 1);
    assert_eq!(path.last(), Some(&(detour, false)));
    assert!(path[..expert.probes.len()].iter().all(|(_, on)| *on));
    // Finished: no new probes (the path is what was done).
    let other = c.toolbox.iter().copied().find(|p| !c.ran(*p)).unwrap();
    assert_eq!(c.apply(Action::Run(other)).results.len(), path.len());
}

#[test]
fn the_probes_answer_from_the_trace_the_puzzle_shows() {
    let spec = RunSpec {
        flow: Some(Flow::ApiCall.id().into()),
        faults: vec![FaultSpec::new("expired-token")],
        seed: 18,
        call: None,
        client: None,
    };
    for d in [Difficulty::Medium, Difficulty::Hard] {
        let p = faultline_engine::puzzle_for(&spec, d).unwrap();
        let inv = Investigation::for_puzzle(&spec, d).unwrap();
        assert_eq!(inv.evidence().exchanges, p.view.evidence.exchanges);
        assert_eq!(inv.evidence().logs, p.view.evidence.logs);
    }
}

#[test]
fn the_note_is_kept_as_typed_and_the_pins_are_read_with_their_checks() {
    use super::super::escalation::{check, seen, Basis, Field};
    let c = case()
        .apply(Action::Run(Probe::Reproduce))
        .apply(Action::Run(Probe::GatewayLog))
        .apply(Action::Note(Field::What, "GET returns 401".into()))
        .apply(Action::Owner("client-developer".into()));
    assert_eq!(c.note.what, "GET returns 401");
    assert_eq!(c.note.owner.as_deref(), Some("client-developer"));
    assert_eq!(
        c.clone().apply(Action::Owner(String::new())).note.owner,
        None
    );
    // Pin the second line of the gateway's output, then the first of reproduce's.
    let gw = c.results[1]
        .output
        .lines()
        .position(|l| !l.trim().is_empty())
        .unwrap();
    let c = c
        .apply(Action::TogglePin {
            result: 1,
            line: gw,
        })
        .apply(Action::TogglePin { result: 0, line: 0 });
    let lines = c.pinned_lines();
    assert_eq!(lines[0].probe, Probe::GatewayLog);
    assert_eq!(lines[1].probe, Probe::Reproduce);
    let groups = c.pin_groups();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].label, Probe::Reproduce.label(), "timeline order");
    assert_eq!(groups[0].command, c.results[0].command);
    // Without a scenario the expert path's checks are expected: pinning a line of each covers all.
    let expert = c.expert.clone().unwrap().probes;
    let mut full = c.clone();
    for p in &expert {
        full = full.apply(Action::Run(*p));
        let i = full.results.iter().position(|r| r.probe == *p).unwrap();
        let line = full.results[i]
            .output
            .lines()
            .position(|l| !l.trim().is_empty())
            .unwrap();
        if !full.is_pinned(i, line) {
            full = full.apply(Action::TogglePin { result: i, line });
        }
    }
    let list = check(
        &seen(&full.pinned_lines()),
        Some("x"),
        "x",
        "X",
        &[],
        Some(&expert),
    );
    assert_eq!(list.basis, Basis::ExpertPath);
    assert_eq!(list.covered(), expert.len(), "{list:?}");
    assert!(!c.note.checked);
    assert!(c.apply(Action::CheckNote).note.checked);
}
