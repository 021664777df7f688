//! Wrong-choice feedback points at the evidence that rules the choice out, and never gives the
//! answer away: over every fault × flow × a few seeds, every wrong choice of every question.

use faultline_engine::faults::{find, CATALOGUE};
use faultline_engine::rule_out::{quotes, visible_lines};
use faultline_engine::{puzzle_for, Difficulty, FaultSpec, Owner, RunSpec};

#[test]
fn every_wrong_choice_is_ruled_out_by_visible_evidence_without_the_answer() {
    let mut checked = 0;
    let mut failures = vec![];
    for f in CATALOGUE {
        for &flow in f.flows {
            for (seed, difficulty) in [
                (3, Difficulty::Easy),
                (41, Difficulty::Medium),
                (977, Difficulty::Hard),
            ] {
                let spec = RunSpec {
                    flow: Some(flow.id().into()),
                    faults: vec![FaultSpec::new(f.id)],
                    seed,
                    call: None,
                    client: None,
                };
                let Ok(p) = puzzle_for(&spec, difficulty) else {
                    continue;
                };
                let lines = visible_lines(&p.view.evidence);
                let right = find(&p.answer.fault_id).unwrap();
                let right_owner = p.key.iter().find(|k| k.question == "owner").unwrap();
                let right_owner = Owner::parse(&right_owner.correct).unwrap().label();
                for k in &p.key {
                    let q = p
                        .view
                        .questions
                        .iter()
                        .find(|q| q.id == k.question)
                        .unwrap();
                    let mut texts: Vec<&String> = vec![];
                    for c in q.choices.iter().filter(|c| c.id != k.correct) {
                        let where_ = format!(
                            "{} in {} seed {seed}: {} {}",
                            f.id,
                            flow.id(),
                            k.question,
                            c.id
                        );
                        let Some(text) = k.wrong.get(&c.id) else {
                            failures.push(format!("{where_}: no feedback"));
                            continue;
                        };
                        checked += 1;
                        // (a) non-empty and about this choice.
                        if text.trim().is_empty() || texts.contains(&text) {
                            failures.push(format!("{where_}: empty or shared feedback"));
                        }
                        texts.push(text);
                        if matches!(k.question.as_str(), "cause" | "owner")
                            && !text.starts_with(&c.label)
                        {
                            failures.push(format!("{where_}: does not say which choice: {text}"));
                        }
                        // (b) quotes something the learner can see.
                        let qs = quotes(text);
                        if !qs
                            .iter()
                            .any(|s| !s.is_empty() && lines.iter().any(|l| l.contains(s.as_str())))
                        {
                            failures.push(format!("{where_}: quotes nothing visible: {text}"));
                        }
                        // (c) gives nothing away.
                        for spoiler in [right.title, right.next_action, right_owner] {
                            if text.to_lowercase().contains(&spoiler.to_lowercase()) {
                                failures.push(format!(
                                    "{where_}: names the answer {spoiler:?}: {text}"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} wrong choices checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} wrong choices fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
