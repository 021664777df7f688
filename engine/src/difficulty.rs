//! How hard a scenario is: the inference steps between the ticket and the answer, counted from
//! what the engine knows about the run (never from the noise around it). The packs' README
//! ("Rating difficulty") says the same in an author's words; `faultline difficulty` prints each
//! scenario's steps and `engine/tests/difficulty.rs` holds the packs to them.
//!
//! One step for reading the first failure, then one for each of:
//! - a layer to look past: another layer than the one whose state is wrong reports the failure
//!   (`Answer::surfaced_at`; in the ticket flow the receiver passing on the CRM's answer), unless
//!   its answer is the plain reading (a 4xx about the client's own request or credentials, a
//!   client error that names TLS or DNS); one more for a layer between that passes the error on
//!   (the backend before the database, the receiver before the CRM). A failure with no status
//!   and no words that name a layer (a timeout, an empty reply, a slow answer, an event that
//!   never comes) is a layer to look past too;
//! - a look-alike to reject: the expert path (`probe::expert`) needs more checks after the first
//!   reading than the layers to look past account for, so a second artefact must separate
//!   causes that read the same;
//! - a cascade: more than one fault, the first being the root cause;
//! - a runtime to read: a failure below HTTP in the reporter's client's own words other than
//!   curl's (Java's, Python's, Node's, PHP's, the browser console's), or a rule the learner must
//!   know ([`RULES`]).
//!
//! 1 step is easy, 2 medium, 3 or more hard; a cascade is never easier than hard.

use crate::model::*;
use crate::pack::{Pack, Scenario};
use crate::probe::Investigation;
use serde::Serialize;

/// Faults whose answer needs a rule the evidence does not state, with the rule.
pub const RULES: &[(&str, &str)] = &[
    (
        "cors-origin-not-allowed",
        "CORS: the browser enforces it, but the policy that leaves the origin out is the gateway's",
    ),
    (
        "wrong-environment",
        "addressing beats credentials: a token refused by another environment's host is a wrong base URL",
    ),
];

/// The kind of one inference step.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    FirstFailure,
    LookPast,
    LookAlike,
    Cascade,
    Runtime,
}

/// One inference step, with what it is in this run.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    pub detail: String,
}

/// The rating a number of steps gives (a cascade is at least hard).
pub fn rating(steps: &[Step]) -> Difficulty {
    if steps.iter().any(|s| s.kind == StepKind::Cascade) {
        return Difficulty::Hard;
    }
    match steps.len() {
        0 | 1 => Difficulty::Easy,
        2 => Difficulty::Medium,
        _ => Difficulty::Hard,
    }
}

/// The inference steps of the run `spec` describes (as `faultline check` replays it: no noise).
pub fn measure(spec: &RunSpec) -> Result<Vec<Step>, EngineError> {
    let inv = Investigation::new(spec)?;
    Ok(steps(spec, &inv))
}

fn step(kind: StepKind, detail: String) -> Step {
    Step { kind, detail }
}

fn steps(spec: &RunSpec, inv: &Investigation) -> Vec<Step> {
    let t = inv.trace();
    let (ev, ans) = (&t.evidence, &t.answer);
    let seen = crate::puzzle::symptom(ev, ans);
    let failing = ans.failing_exchange.and_then(|i| ev.exchanges.get(i));
    let below_http = failing.is_some_and(|x| x.response.is_none());
    let mut out = vec![step(
        StepKind::FirstFailure,
        format!(
            "first failure: {} on {}",
            match failing.and_then(|x| x.response.as_ref()) {
                Some(r) => r.status.to_string(),
                None => seen.detail.clone(),
            },
            if seen.hop.is_empty() {
                "the timeline".to_string()
            } else {
                seen.hop.replace('>', " → ")
            }
        ),
    )];

    // A layer to look past: the one that reported the failure, unless its answer is the plain
    // reading (a 4xx about the client's own request or credentials; a client error that names
    // TLS or DNS), and the backend too when the database's error reaches us through it.
    let plain = match seen.class {
        "4xx" | "3xx" => matches!(ans.root_cause_layer, Layer::Client | Layer::Auth),
        "tls" | "conn" => ans.surfaced_at == Layer::Client && seen.detail != "connect",
        _ => false,
    };
    let wordless = matches!(seen.class, "timeout" | "empty-reply" | "slow" | "event");
    // The receiver passes the CRM's answer on to the platform: it spoke, the CRM failed.
    let relayed = ev.flow == Flow::CrmTicket && seen.hop.starts_with("Webhook>");
    let spoke = if relayed {
        Layer::Webhook
    } else {
        ans.surfaced_at
    };
    let mut past = 0;
    if spoke != ans.root_cause_layer && !plain {
        out.push(step(
            StepKind::LookPast,
            format!(
                "look past {}: it reports the failure, {} holds the cause",
                spoke.label(),
                ans.root_cause_layer.label()
            ),
        ));
        past += 1;
        // A layer between the one that spoke and the cause passes the error on too.
        let between = match ans.root_cause_layer {
            Layer::Database => Some(Layer::Backend),
            Layer::Crm if ev.flow == Flow::CrmTicket => Some(Layer::Webhook),
            _ => None,
        };
        if let Some(b) = between.filter(|b| *b != spoke) {
            out.push(step(
                StepKind::LookPast,
                format!("look past {}: it passes the error on", b.label()),
            ));
            past += 1;
        }
    } else if wordless && !plain {
        out.push(step(
            StepKind::LookPast,
            format!(
                "look past the {}: no status, nothing names a layer",
                seen.detail.replace('-', " ")
            ),
        ));
        past += 1;
    }

    // A look-alike to reject: checks the expert path needs beyond the first reading (the
    // reproduction, or the one check where a platform's own failure shows) that the layers to
    // look past do not account for.
    let expert = inv.expert_path().map(|p| p.probes).unwrap_or_default();
    let first_reading = usize::from(!expert.is_empty());
    let extra = expert.len().saturating_sub(first_reading);
    if extra > past {
        let alike = look_alikes(ev, ans, &seen);
        let checks: Vec<&str> = expert.iter().map(|p| p.id()).collect();
        out.push(step(
            StepKind::LookAlike,
            format!(
                "reject a look-alike{}: the expert path needs {}",
                if alike.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", alike.join(", "))
                },
                checks.join(" + ")
            ),
        ));
    }

    // A cascade.
    let ids: Vec<&str> = spec.faults.iter().map(|f| f.id.as_str()).collect();
    let named = crate::cascades::CASCADES.iter().find(|c| {
        c.flow == ev.flow
            && c.faults.len() == ids.len()
            && c.faults.iter().zip(&ids).all(|((a, _), b)| a == b)
    });
    if ids.len() > 1 {
        out.push(step(
            StepKind::Cascade,
            match named {
                Some(c) => format!("a cascade: {}", c.title),
                None => format!("a cascade: {} came first", ids[0]),
            },
        ));
    }

    // A runtime to read, or a rule to know.
    let runtime = crate::runtime::choose(ev.flow, spec.client.as_deref(), &ids)
        .map(|r| r.id())
        .unwrap_or("curl");
    if let Some((_, rule)) = RULES.iter().find(|(f, _)| *f == ans.fault_id) {
        out.push(step(StepKind::Runtime, format!("a rule to know: {rule}")));
    } else if below_http
        && seen.hop.starts_with("Client>")
        && runtime != "curl"
        && !crate::runtime::Runtime::for_flow(ev.flow).is_empty()
    {
        out.push(step(
            StepKind::Runtime,
            format!("read {runtime}'s own error words and place them in a layer"),
        ));
    }
    out
}

/// Catalogue faults of the same flow whose usual symptom is the one seen (class, detail, hop).
fn look_alikes(ev: &Evidence, ans: &Answer, seen: &crate::puzzle::Symptom) -> Vec<&'static str> {
    crate::faults::CATALOGUE
        .iter()
        .filter(|g| g.id != ans.fault_id && g.flows.contains(&ev.flow))
        .filter(|g| {
            crate::puzzle::known_symptom(g.id, ev.flow.id())
                .is_some_and(|(c, d, h)| c == seen.class && d == seen.detail && h == seen.hop)
        })
        .map(|g| g.id)
        .take(3)
        .collect()
}

/// A scenario's rating beside its measure.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Rated {
    pub id: String,
    /// The rating the pack file holds.
    pub rating: Difficulty,
    /// The rating the steps give.
    pub measured: Difficulty,
    pub steps: Vec<Step>,
    /// Why the scenario is rated otherwise (`trainer.difficulty_why`), when it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Rated {
    /// The rating the scenario should hold: the measured one, unless it says why not.
    pub fn due(&self) -> Difficulty {
        if self.reason.is_some() {
            self.rating
        } else {
            self.measured
        }
    }
}

/// One scenario's rating and measure.
pub fn rate(s: &Scenario) -> Result<Rated, EngineError> {
    let steps = measure(&s.run_spec())?;
    Ok(Rated {
        id: s.id.clone(),
        rating: s.difficulty,
        measured: rating(&steps),
        steps,
        reason: s
            .trainer
            .as_ref()
            .and_then(|t| t.difficulty_why.clone())
            .filter(|w| !w.trim().is_empty()),
    })
}

/// Every scenario of a pack, in file order.
pub fn rate_pack(pack: &Pack) -> Result<Vec<Rated>, EngineError> {
    pack.scenarios.iter().map(rate).collect()
}

/// The pack's scenarios run easy → hard in the file.
pub fn in_order(pack: &Pack) -> bool {
    pack.scenarios
        .windows(2)
        .all(|w| w[0].difficulty <= w[1].difficulty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(spec: &RunSpec) -> Vec<StepKind> {
        measure(spec).unwrap().iter().map(|s| s.kind).collect()
    }

    fn run(flow: &str, faults: &[&str], client: Option<&str>) -> RunSpec {
        RunSpec {
            flow: Some(flow.into()),
            faults: faults.iter().map(|f| FaultSpec::new(f)).collect(),
            seed: 7,
            call: None,
            client: client.map(String::from),
        }
    }

    #[test]
    fn ratings_follow_the_count_and_a_cascade_is_hard() {
        let s = |k| step(k, String::new());
        use StepKind::*;
        assert_eq!(rating(&[s(FirstFailure)]), Difficulty::Easy);
        assert_eq!(rating(&[s(FirstFailure), s(LookPast)]), Difficulty::Medium);
        assert_eq!(
            rating(&[s(FirstFailure), s(LookPast), s(Runtime)]),
            Difficulty::Hard
        );
        assert_eq!(rating(&[s(FirstFailure), s(Cascade)]), Difficulty::Hard);
    }

    #[test]
    fn a_405_is_one_step_and_a_cascade_counts_its_own() {
        assert_eq!(
            kinds(&run("api-call", &["wrong-method"], None)),
            [StepKind::FirstFailure]
        );
        let k = kinds(&run(
            "crm-ticket",
            &["webhook-tls-failure", "webhook-endpoint-disabled"],
            None,
        ));
        assert!(k.contains(&StepKind::Cascade), "{k:?}");
    }

    #[test]
    fn cors_needs_its_rule() {
        let k = kinds(&run("browser-api-call", &["cors-origin-not-allowed"], None));
        assert!(k.contains(&StepKind::Runtime), "{k:?}");
    }
}
