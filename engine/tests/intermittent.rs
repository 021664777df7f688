//! Reproducing a fault that fails only now and then (`Reach::NowAndThen`: one broken instance
//! behind the gateway's round robin, a keep-alive race on a reused connection, a deadlock with a
//! batch job, a batch of the CRM's bulk job holding the contact, the CRM's slow moment behind a
//! retried or overtaken webhook): a real rerun sometimes gets through. The reproduction makes
//! the call again a few times, each run its own (its own trace id, later than the ticket), and
//! shows the mix the world's rule gives, deterministically. Where the platform makes the calls
//! (the crm-ticket flow), the chat is made again: test chats, each with its delivery log. Every
//! now-and-then fault of the catalogue is made again, on every flow it has.

mod common;

use common::all_cases;
use faultline_engine::faults::{reach, Reach};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::runtime::Runtime;
use faultline_engine::*;
use std::collections::BTreeSet;

/// Every run of a now-and-then fault: (fault, case, run), from every runtime of its flow (the
/// platform's own flows from none).
fn intermittent_runs() -> Vec<(String, String, Investigation)> {
    let mut out = vec![];
    for (f, fl) in all_cases() {
        if reach(&f) != Some(Reach::NowAndThen) {
            continue;
        }
        let flow = Flow::parse(&fl).unwrap();
        let clients: Vec<Option<Runtime>> = match Runtime::for_flow(flow) {
            [] => vec![None],
            rts => rts.iter().copied().map(Some).collect(),
        };
        for rt in clients {
            for seed in [1, 7, 1807] {
                let spec = RunSpec {
                    flow: Some(fl.clone()),
                    faults: vec![FaultSpec::new(&f)],
                    seed,
                    call: None,
                    client: rt.map(|r| r.id().into()),
                };
                if let Ok(inv) = Investigation::new(&spec) {
                    let from = rt.map_or("the platform", |r| r.id());
                    out.push((
                        f.clone(),
                        format!("{f} on {fl} from {from} seed {seed}"),
                        inv,
                    ));
                }
            }
        }
    }
    out
}

/// Every now-and-then fault of the catalogue.
fn now_and_then_faults() -> BTreeSet<String> {
    faults::CATALOGUE
        .iter()
        .map(|f| f.id.to_string())
        .filter(|id| reach(id) == Some(Reach::NowAndThen))
        .collect()
}

#[test]
fn every_now_and_then_fault_is_made_again() {
    let runs = intermittent_runs();
    let seen: BTreeSet<String> = runs.iter().map(|(f, _, _)| f.clone()).collect();
    assert_eq!(
        seen,
        now_and_then_faults(),
        "a now-and-then fault with no run"
    );
    let mut bad = vec![];
    for (_, case, inv) in &runs {
        let calls = inv
            .evidence()
            .exchanges
            .iter()
            .any(|x| x.from == Layer::Client);
        let problems = if calls {
            reruns_of_a_call(inv)
        } else {
            test_chats(inv)
        };
        bad.extend(problems.into_iter().map(|p| format!("{case}: {p}")));
        if inv.run(Probe::Reproduce).output != inv.run(Probe::Reproduce).output {
            bad.push(format!("{case}: not deterministic"));
        }
    }
    assert!(bad.is_empty(), "{}:\n{}", bad.len(), bad.join("\n"));
}

/// What is wrong with the reruns of the reporter's call in `inv`'s reproduction.
fn reruns_of_a_call(inv: &Investigation) -> Vec<String> {
    let mut bad = vec![];
    let ev = inv.evidence();
    let out = inv.run(Probe::Reproduce).output;
    // What the ticket quotes first; then the runs made again.
    let Some(again) = out.strip_prefix(ev.outcome.trim_end()) else {
        return vec!["the ticket's words do not come first".into()];
    };
    let failed = ev
        .exchanges
        .iter()
        .rfind(|x| x.from == Layer::Client)
        .and_then(|x| x.response.as_ref())
        .map(|r| r.status.to_string())
        .unwrap_or_default();
    if failed.is_empty() || !again.contains(&failed) {
        bad.push(format!("no rerun fails with the ticket's {failed}"));
    }
    let through = |l: &str| {
        l.starts_with("200 ")
            || l.starts_with("201 ")
            || ["200 OK", "201 Created", "status: 200", "status: 201"]
                .iter()
                .any(|ok| l.contains(ok))
    };
    if !again.lines().any(through) {
        bad.push(format!("every rerun fails:\n{again}"));
    }
    // Each rerun is a request of its own, not the traced one again.
    if again.contains(&ev.trace_id) {
        bad.push("a rerun carries the ticket's trace id".into());
    }
    bad
}

/// One test chat as the reproduction shows it.
struct TestChat {
    chat: String,
    outcome: String,
    /// The delivery log's lines for its messages.
    log: Vec<String>,
}

/// The answer the first attempt of a delivery log got (`200`, `502`, `error (…)`).
fn first_answer(log: &[String]) -> Option<String> {
    let l = log.iter().find(|l| l.contains("  attempt 1  "))?;
    let rest = l.split("  attempt 1  ").nth(1)?;
    Some(rest.split("  ").next()?.to_string())
}

/// What is wrong with the test chats of a chat the platform turns into a ticket: one must fail
/// as the ticket's did (its first delivery answered the same, the supervisor seeing the same),
/// one must get through at once, each a chat and message of its own.
fn test_chats(inv: &Investigation) -> Vec<String> {
    let ev = inv.evidence();
    let out = inv.run(Probe::Reproduce).output;
    let Some(again) = out.strip_prefix(&format!("{}\n", ev.outcome.trim_end())) else {
        return vec!["the ticket's words do not come first".into()];
    };
    if !again.starts_with("\n# the same again: 6 test chats with customer ") {
        return vec![format!("no test chats:\n{again}")];
    }
    let mut chats: Vec<TestChat> = vec![];
    for l in again.lines().skip(2) {
        if let Some(rest) = l.strip_prefix("Agent ends chat ") {
            let chat = rest.split(' ').next().unwrap_or("").to_string();
            chats.push(TestChat {
                chat,
                outcome: String::new(),
                log: vec![],
            });
        } else if let Some(c) = chats.last_mut() {
            if c.outcome.is_empty() {
                c.outcome = l.to_string();
            } else if !l.is_empty() {
                c.log.push(l.to_string());
            }
        }
    }
    let mut bad = vec![];
    if chats.len() != 6 {
        bad.push(format!("{} test chats:\n{again}", chats.len()));
    }
    let story_log: Vec<String> = ev
        .artifacts
        .iter()
        .find(|a| a.kind == "delivery-log")
        .map(|a| a.body.lines().map(String::from).collect())
        .unwrap_or_default();
    let story_first = first_answer(&story_log);
    let like_the_ticket = chats
        .iter()
        .any(|c| first_answer(&c.log) == story_first && c.outcome == ev.outcome.trim_end());
    if story_first.as_deref() == Some("200") || !like_the_ticket {
        bad.push(format!(
            "no test chat fails as the ticket did ({story_first:?}):\n{again}"
        ));
    }
    if !chats
        .iter()
        .any(|c| first_answer(&c.log).as_deref() == Some("200"))
    {
        bad.push(format!("every test chat fails:\n{again}"));
    }
    // Each a chat and a message of its own.
    let story_chat = ev.client.action.split(' ').nth(3).unwrap_or("");
    let ids: BTreeSet<&str> = chats.iter().map(|c| c.chat.as_str()).collect();
    if ids.len() != chats.len() || ids.contains(story_chat) {
        bad.push(format!(
            "the test chats are not chats of their own:\n{again}"
        ));
    }
    let msg = |l: &String| {
        l.split("  ")
            .find(|w| w.starts_with("msg_"))
            .map(String::from)
    };
    let story_msgs: BTreeSet<String> = story_log.iter().filter_map(msg).collect();
    if chats
        .iter()
        .flat_map(|c| c.log.iter())
        .filter_map(msg)
        .any(|m| story_msgs.contains(&m))
    {
        bad.push(format!(
            "a test chat's delivery is the ticket's message:\n{again}"
        ));
    }
    bad
}

/// The curl reporter's loop: the same command, its first line each time, five more runs.
#[test]
fn the_curl_reporters_reruns_run_in_a_shell_loop() {
    let inv = Investigation::new(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new("upstream-keepalive-race")],
        seed: 7,
        client: Some("curl".into()),
        ..Default::default()
    })
    .unwrap();
    let out = inv.run(Probe::Reproduce).output;
    let at = out
        .find("$ for i in $(seq 5); do curl -sS -i ")
        .expect(&out);
    let lines: Vec<&str> = out[at..]
        .lines()
        .skip_while(|l| !l.ends_with("| head -n 1; sleep 1; done"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines.iter().all(|l| l.starts_with("HTTP/1.1 ")), "{out}");
}
