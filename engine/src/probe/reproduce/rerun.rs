//! A fault that fails only now and then (`Reach::NowAndThen`: one broken instance among those
//! the gateway's round robin hands requests to, a keep-alive race on a reused idle connection, a
//! deadlock with a batch job) does not fail every time the call is made again. So the
//! reproduction makes the call again as an engineer does, a few times, each a run of its own in
//! the same world (`crate::run::Rerun`): the request takes whatever round robin turn other
//! callers' requests left it, reuses a connection the service is closing or not, meets the batch
//! job or not. The first rerun is shown with the runtime's diagnostics, the rest in a small loop.
//!
//! Where the platform makes the calls (a chat the platform turns into a CRM ticket through a
//! webhook), the engineer cannot send the call again as it was: a resend of the same message
//! is skipped by a receiver that dedupes (the case exists) and carries no later correction. So
//! the chat is made again: test chats with the same customer, ended from the agent desktop a
//! minute apart, each its own chat, event and message, meeting the CRM's slow moment or a
//! batch of its bulk job one time in three; each shows what the supervisor sees and its
//! message's attempts in the platform's webhook delivery log.

use super::super::Investigation;
use crate::faults::{reach, Reach};
use crate::model::*;
use crate::run::{simulate_rerun, Rerun};
use crate::runtime::Runtime;
use crate::util::Rng;

/// How many times the call is made again.
const RERUNS: u64 = 6;

/// How far apart the engineer's runs go out (the loop's `sleep 1` and the call itself).
const PACE_MS: i64 = 1_400;

/// How far apart the test chats are ended (each opened, answered and ended in turn).
const TEST_CHAT_PACE_MS: i64 = 60_000;

/// The reruns of the call when one of the run's faults fails only now and then, else `None`.
/// Deterministic: of the samples the seed gives, the first whose reruns show both outcomes (an
/// engineer who saw no failure, or no success, would have run it a few more times).
pub(super) fn reruns(inv: &Investigation) -> Option<Vec<Investigation>> {
    let intermittent = inv
        .spec
        .faults
        .iter()
        .any(|f| reach(&f.id) == Some(Reach::NowAndThen));
    if !intermittent {
        return None;
    }
    let mut first = None;
    for sample in 0..32 {
        let runs = (1..=RERUNS)
            .map(|k| rerun(inv, sample, k))
            .collect::<Option<Vec<_>>>()?;
        let failed = runs.iter().filter(|r| failed(r.evidence())).count();
        if failed > 0 && failed < runs.len() {
            return Some(runs);
        }
        first.get_or_insert(runs);
    }
    first
}

/// A draw of sample `sample` for rerun `k` (0: the sample's own).
fn draw(inv: &Investigation, sample: u64, k: u64, what: u64) -> u64 {
    Rng::new(inv.spec.seed ^ sample.wrapping_mul(0x9E37_79B9) ^ (k << 32) ^ (what << 48)).next_u64()
}

/// Rerun `k` of sample `sample`: a minute after the trace's end and `PACE_MS` apart (test
/// chats a minute apart); other callers' requests take one or two of the upstream's turns
/// between two of the engineer's; the batch job holds the rows (the CRM is in its slow moment,
/// a batch of its bulk job holds the contact) one time in three.
fn rerun(inv: &Investigation, sample: u64, k: u64) -> Option<Investigation> {
    let pace = if inv.evidence().flow == Flow::CrmTicket {
        TEST_CHAT_PACE_MS
    } else {
        PACE_MS
    };
    let start = 20 + (draw(inv, sample, 0, 1) % 40) as i64;
    let turn = start
        + (1..=k)
            .map(|i| 1 + (draw(inv, sample, i, 2) % 3) as i64)
            .sum::<i64>();
    let r = Rerun {
        attempt: sample * 100 + k,
        at_ms: inv.now_ms + 60_000 + (k as i64 - 1) * pace,
        turn,
        bad_moment: draw(inv, sample, k, 3).is_multiple_of(3),
    };
    let (world, trace) = simulate_rerun(&inv.spec, r).ok()?;
    let now_ms = crate::util::parse_iso_ms(&trace.evidence.clock_now).unwrap_or(r.at_ms);
    Some(Investigation {
        spec: inv.spec.clone(),
        noise: 0,
        misleading: false,
        world,
        trace,
        now_ms,
        report: None,
    })
}

/// Whether the call failed in `ev`: the reporter's last answer a server error, or none; where
/// the platform makes the calls, its first (the first delivery attempt) answered other than 2xx.
fn failed(ev: &Evidence) -> bool {
    if ev.flow == Flow::CrmTicket {
        return ev
            .exchanges
            .first()
            .is_none_or(|x| x.response.as_ref().is_none_or(|r| r.status >= 300));
    }
    ev.exchanges
        .iter()
        .rfind(|x| x.from == Layer::Client)
        .is_none_or(|x| x.response.as_ref().is_none_or(|r| r.status >= 500))
}

/// The reruns of a chat the platform turns into a ticket: test chats with the same customer,
/// each with what the supervisor sees and its message's attempts in the webhook delivery log
/// (the agent's correction made again too, where the story has one).
pub(super) fn test_chats(inv: &Investigation, runs: &[Investigation]) -> String {
    let mut out = format!(
        "# the same again: {} test chats with customer {}, ended from the agent desktop a minute apart; what each gave, and its message in the webhook delivery log:\n",
        runs.len(),
        inv.world.customer_id
    );
    for r in runs {
        let ev = r.evidence();
        out.push_str(&format!("\n{}", ev.client.action.trim_end()));
        if let Some(after) = r.world.integration.chat_edited_after_ms {
            out.push_str(&format!(
                ", then corrects its summary {} s later",
                after / 1000
            ));
        }
        out.push_str(&format!("\n{}\n", ev.outcome.trim_end()));
        if let Some(a) = ev.artifacts.iter().find(|a| a.kind == "delivery-log") {
            out.push_str(&format!("{}\n", a.body.trim_end()));
        }
    }
    out
}

/// The loop of the reruns after the first: the reporter's client run again and again, each
/// run's own words (as the ticket quotes the reporter's).
pub(super) fn in_a_loop(inv: &Investigation, runs: &[Investigation]) -> String {
    let n = runs.len();
    let action = &inv.evidence().client.action;
    let mut out = match inv.world.client.runtime {
        Runtime::Curl => {
            format!(
                "$ for i in $(seq {n}); do {} | head -n 1; sleep 1; done\n",
                action.trim()
            )
        }
        Runtime::Python | Runtime::Node | Runtime::Java | Runtime::Php => {
            let script = action.lines().next().unwrap_or("");
            let script = script.split("   #").next().unwrap_or(script).trim();
            let script = script.strip_prefix("$ ").unwrap_or(script);
            format!("$ for i in $(seq {n}); do {script}; sleep 1; done\n")
        }
        Runtime::Browser | Runtime::AgentDesktop => {
            format!("# the same call again from the console (↑ Enter), {n} more times:\n")
        }
        Runtime::Postman => format!("# Send, {n} more times:\n"),
    };
    for r in runs {
        out.push_str(r.evidence().outcome.trim_end());
        out.push('\n');
    }
    out
}
