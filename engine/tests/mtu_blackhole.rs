//! A path MTU black hole on the reporter's VPN (issue 15): the tunnel's MTU is below 1500 and
//! the site's firewall drops the ICMP "fragmentation needed" meant for the API's servers. The
//! TCP handshake and the ClientHello get through; the server's certificate flight never does.
//! Each runtime's own words for the stalled handshake, the artefacts that tell it from a slow
//! backend, a dropping firewall and a slow path, and the solver's verdict.

mod common;

use common::assert_solved;
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

const FAULT: &str = "mtu-blackhole";

fn spec(client: Option<&str>, seed: u64) -> RunSpec {
    RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new(FAULT)],
        seed,
        call: None,
        client: client.map(String::from),
    }
}

fn run(client: Option<&str>, seed: u64) -> Trace {
    simulate(&spec(client, seed)).unwrap()
}

/// libcurl gives up on its connect timeout, which covers the handshake ("SSL connection
/// timeout", Guzzle's ConnectException around it); requests' handshake runs on the connect
/// timeout and urllib3 calls it a read timeout of that value; axios and Postman run out their
/// one request timer.
#[test]
fn each_runtime_times_out_in_the_handshake_in_its_own_words() {
    let cases = [
        ("curl", "curl: (28) SSL connection timeout", 10_000),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ConnectException: cURL error 28: SSL connection timeout (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://api.example.com/v2/customers/", 10_000),
        ("python", "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=10)", 10_000),
        ("node", "AxiosError: timeout of 120000ms exceeded (ECONNABORTED)", 120_000),
        ("postman", "Could not send request. Error: ESOCKETTIMEDOUT", 120_000),
    ];
    for (client, words, about_ms) in cases {
        let t = run(Some(client), 11);
        assert!(
            t.evidence.outcome.starts_with(words),
            "{client}: {}",
            t.evidence.outcome
        );
        let x = &t.evidence.exchanges[0];
        // Connected, handshake under way when the client gave up, nothing sent.
        assert!(
            x.timings.connect > 0 && x.timings.ssl > 0,
            "{client}: {:?}",
            x.timings
        );
        assert_eq!((x.timings.send, x.timings.wait), (-1, -1), "{client}");
        let total = x.timings.total();
        assert!(
            (about_ms..about_ms + 200).contains(&total),
            "{client}: {total}"
        );
        assert_eq!(t.answer.root_cause_layer, Layer::Network);
        assert_solved(&t.evidence, Layer::Network, FAULT, client);
    }
    // java.net.http's words for a handshake past its connect timeout are not pinned: not offered.
    let e = simulate(&spec(Some("java"), 1)).unwrap_err();
    assert!(matches!(e, EngineError::BadClient(_)), "{e:?}");
}

/// The request never reached the API: no gateway or service line carries its trace id, and the
/// only lines that do are the resolver's and the firewall's ICMP drops, one per retransmission
/// of the server's first full-size segment (1 s, then doubling) while the client waited.
#[test]
fn the_request_never_reaches_the_api_and_the_firewall_drops_the_icmp() {
    let t = run(Some("curl"), 5);
    let ip = t.evidence.exchanges[0].server_ip.clone().unwrap();
    let ours: Vec<_> = t
        .evidence
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str()))
        .collect();
    assert!(ours
        .iter()
        .all(|l| matches!(l.source, LogSource::Resolver | LogSource::Firewall)));
    let drops: Vec<_> = ours
        .iter()
        .filter(|l| l.source == LogSource::Firewall)
        .map(|l| l.text.clone())
        .collect();
    // 10 s of waiting: resends at about 0, 1, 3 and 7 s.
    assert_eq!(drops.len(), 4, "{drops:?}");
    for d in &drops {
        assert_eq!(
            d,
            &format!("action=drop rule=\"deny-icmp-egress\" proto=icmp type=3 code=4 src=203.0.113.45 dst={ip} dir=egress")
        );
    }
    let ev: Vec<_> = t
        .evidence
        .events
        .iter()
        .map(|e| e.summary.clone())
        .collect();
    assert!(
        ev.contains(&"TLS ClientHello to api.example.com: no ServerHello".to_string()),
        "{ev:?}"
    );
}

/// What an engineer checks: nc connects (port open, unlike a dropping firewall), traceroute's
/// 60-byte probes reach the host, openssl from the reporter's machine prints CONNECTED and then
/// nothing until `timeout` stops it, while the same check from outside gets the whole chain;
/// curl -v shows the Client hello and then only the timeout.
#[test]
fn probes_show_small_packets_pass_and_the_handshake_stalls() {
    let inv = Investigation::new(&spec(Some("curl"), 3)).unwrap();
    let nc = inv.run(Probe::NcPort).output;
    assert!(nc.contains("443 port [tcp/https] succeeded!"), "{nc}");
    let tr = inv.run(Probe::Traceroute).output;
    assert!(tr.contains("60 byte packets"), "{tr}");
    let ip = inv.evidence().exchanges[0].server_ip.clone().unwrap();
    assert!(tr.lines().last().unwrap().contains(&ip), "{tr}");
    let ssl = inv.run(Probe::OpensslShowcerts).output;
    let (inside, outside) = ssl
        .split_once("# the same check from outside the reporter's network (the platform's monitoring host):\n")
        .expect("the outside run follows the reporter's");
    assert!(
        inside.ends_with("CONNECTED(00000003)\nexit 124\n\n"),
        "{inside}"
    );
    assert!(outside.contains("Verify return code: 0 (ok)"), "{outside}");
    let v = inv.run(Probe::Reproduce).output;
    assert!(v.contains("* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n*  CAfile: /etc/ssl/certs/ca-certificates.crt\n*  CApath: /etc/ssl/certs\n* SSL connection timeout\n"), "{v}");
    assert!(!v.contains("Server hello"), "{v}");
}

/// The deciding evidence: without the firewall's ICMP lines the solver still puts the stall on
/// the reporter's path (the handshake completes from outside) but names no cause; without the
/// outside check either, it cannot tell the path from the TLS listener.
#[test]
fn without_the_icmp_drops_the_cause_stays_unnamed() {
    let t = run(Some("node"), 8);
    let mut ev = t.evidence.clone();
    ev.logs.retain(|l| !l.text.contains("proto=icmp"));
    let v = solve(&ev);
    assert_eq!(v.layer, Some(Layer::Network), "{:?}", v.reasons);
    assert_eq!(v.cause, None, "{:?}", v.reasons);
    ev.artifacts.retain(|a| a.kind != "certificate");
    let v = solve(&ev);
    assert_eq!(v.layer, None, "{:?}", v.reasons);
}

/// Look-alikes stay themselves: a slow backend's timeout comes after the request was sent, a
/// dropping firewall's before the TCP connection, a slow path's call completes.
#[test]
fn look_alikes_keep_their_own_verdicts() {
    for (fault, cause) in [
        ("slow-backend", "slow-backend"),
        ("firewall-block", "firewall-block"),
    ] {
        let t = simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new(fault)],
            seed: 4,
            call: None,
            client: Some("node".into()),
        })
        .unwrap();
        assert_ne!(solve(&t.evidence).cause.as_deref(), Some(FAULT), "{fault}");
        let v = solve(&t.evidence);
        assert_eq!(v.cause.as_deref(), Some(cause), "{fault}: {:?}", v.reasons);
    }
}
