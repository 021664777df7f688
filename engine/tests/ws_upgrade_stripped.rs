//! Issue 15's `ws-upgrade-stripped`: the load balancer's socket location lost its upgrade
//! settings, so the realtime service gets a plain HTTP/1.0 GET and answers 426 to every visitor.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::*;

const FAULT: &str = "ws-upgrade-stripped";

#[test]
fn the_browser_asks_for_the_upgrade_and_the_service_behind_the_balancer_never_sees_it() {
    let t = run(FAULT, "live-chat", None, 7).unwrap();
    let ev = &t.evidence;
    let x = &ev.exchanges[0];
    let sent = |name: &str| {
        x.request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(sent("upgrade"), Some("websocket"));
    assert_eq!(sent("connection"), Some("Upgrade"));
    let r = x.response.as_ref().unwrap();
    assert_eq!((r.status, r.reason.as_str()), (426, "Upgrade Required"));
    assert!(ev
        .outcome
        .ends_with("failed: Error during WebSocket handshake: Unexpected response code: 426"));
    let realtime: Vec<_> = ev
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Realtime)
        .collect();
    assert_eq!(realtime.len(), 1, "{realtime:?}");
    assert!(realtime[0]
        .text
        .contains("HTTP/1.0 426: not a WebSocket upgrade request"));
    assert_eq!(t.answer.root_cause_layer, Layer::Gateway);
    assert_solved(ev, Layer::Gateway, FAULT, "seed 7");
}

/// One world: every visitor meets the same load balancer, so no background handshake is
/// upgraded either.
#[test]
fn no_visitor_is_upgraded_while_the_settings_are_missing() {
    for seed in [1, 7, 30] {
        let t = run(FAULT, "live-chat", None, seed).unwrap();
        let lb: Vec<&str> = t
            .evidence
            .logs
            .iter()
            .filter(|l| l.source == LogSource::LoadBalancer)
            .map(|l| l.text.as_str())
            .collect();
        assert!(!lb.is_empty());
        assert!(
            lb.iter().all(|l| !l.contains("\" 101 ")),
            "seed {seed}: {lb:#?}"
        );
    }
}

/// The look-alike on the same handshake: an expired token is refused with 401 before anything is
/// forwarded, and the solver keeps the two apart.
#[test]
fn an_expired_token_on_the_handshake_is_still_the_auth_401() {
    let t = run("expired-token", "live-chat", None, 7).unwrap();
    assert_solved(&t.evidence, Layer::Auth, "expired-token", "401 look-alike");
}
