//! The CDN's edge in front of the API: where it appears (only where the world has one), what it
//! adds to an answer it relays, its own 52x pages, and the four faults met there: the one that
//! is the edge's own (a cached error) and the three it only reports (the origin's firewall, the
//! service's speed, the origin's certificate), each told apart by the origin's side of the
//! evidence.

mod common;

use faultline_engine::sim::header;
use faultline_engine::*;

fn run(fault: Option<&str>, flow: &str, seed: u64) -> Trace {
    simulate(&RunSpec {
        flow: Some(flow.into()),
        faults: fault.map(FaultSpec::new).into_iter().collect(),
        seed,
        call: None,
        client: None,
    })
    .unwrap_or_else(|e| panic!("{fault:?} on {flow}: {e}"))
}

fn client_answer(t: &Trace) -> &HttpResponse {
    let x = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client)
        .expect("the client's exchange");
    x.response.as_ref().expect("an HTTP answer")
}

fn traced(t: &Trace, src: LogSource) -> Vec<&LogLine> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == src && l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str()))
        .collect()
}

const EDGE_FAULTS: [(&str, Layer, u16); 4] = [
    ("edge-cached-error", Layer::Edge, 502),
    ("edge-origin-unreachable", Layer::Network, 522),
    ("edge-origin-timeout", Layer::Backend, 524),
    ("edge-origin-tls-invalid", Layer::Tls, 526),
];

#[test]
fn a_world_without_an_edge_has_none_in_its_diagram_or_its_layer_question() {
    for flow in [
        "api-call",
        "partner-api-call",
        "browser-api-call",
        "oauth-token",
    ] {
        let t = run(None, flow, 5);
        assert!(!t.evidence.layers.contains(&Layer::Edge), "{flow}");
        assert!(t.evidence.exchanges.iter().all(|x| x.to != Layer::Edge));
    }
    let p = puzzle_for(
        &RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("expired-token")],
            seed: 5,
            call: None,
            client: None,
        },
        Difficulty::Medium,
    )
    .unwrap();
    assert!(p.view.questions[0].choices.iter().all(|c| c.id != "edge"));
}

#[test]
fn where_the_edge_is_it_sits_between_tls_and_the_gateway_and_is_a_layer_choice() {
    for (fault, _, _) in EDGE_FAULTS {
        for flow in ["api-call", "partner-api-call"] {
            let t = run(Some(fault), flow, 8);
            let ls = &t.evidence.layers;
            let at = |l: Layer| ls.iter().position(|x| *x == l).unwrap();
            assert_eq!(
                at(Layer::Edge) + 1,
                at(Layer::Gateway),
                "{fault} {flow}: {ls:?}"
            );
            assert_eq!(at(Layer::Tls) + 1, at(Layer::Edge), "{fault} {flow}");
            assert_eq!(t.evidence.exchanges[0].to, Layer::Edge);
        }
        let p = puzzle_for(
            &RunSpec {
                flow: Some("api-call".into()),
                faults: vec![FaultSpec::new(fault)],
                seed: 8,
                call: None,
                client: None,
            },
            Difficulty::Medium,
        )
        .unwrap();
        assert!(p.view.questions[0].choices.iter().any(|c| c.id == "edge"));
    }
}

#[test]
fn each_edge_fault_shows_the_edges_own_answer_and_its_request_id() {
    for (fault, _, status) in EDGE_FAULTS {
        let t = run(Some(fault), "api-call", 3);
        let r = client_answer(&t);
        assert_eq!(r.status, status, "{fault}");
        assert_eq!(header(&r.headers, "server"), Some("cloudflare"), "{fault}");
        let ray = header(&r.headers, "cf-ray").expect("CF-RAY");
        let (id, colo) = ray.split_once('-').unwrap();
        assert_eq!(id.len(), 16);
        assert_eq!(colo.len(), 3);
        // The edge's request log names the same Ray ID.
        let logged = traced(&t, LogSource::Edge);
        assert_eq!(logged.len(), 1, "{fault}");
        assert!(
            logged[0].text.contains(&format!("\"RayID\":\"{id}\"")),
            "{fault}"
        );
        assert!(
            logged[0]
                .text
                .contains(&format!("\"EdgeResponseStatus\":{status}")),
            "{fault}: {}",
            logged[0].text
        );
        let text = render_text(&t.evidence);
        assert!(
            text.contains("-- CDN settings for example.com --"),
            "{fault}"
        );
    }
}

#[test]
fn the_edges_own_pages_carry_cloudflares_status_lines_and_wording() {
    for (fault, line, title) in [
        (
            "edge-origin-unreachable",
            "HTTP/1.1 522 Origin Connection Time-out",
            "api.example.com | 522: Connection timed out",
        ),
        (
            "edge-origin-timeout",
            "HTTP/1.1 524 Origin Time-out",
            "api.example.com | 524: A timeout occurred",
        ),
        (
            "edge-origin-tls-invalid",
            "HTTP/1.1 526 Invalid SSL Certificate",
            "api.example.com | 526: Invalid SSL certificate",
        ),
    ] {
        let t = run(Some(fault), "api-call", 4);
        let text = render_text(&t.evidence);
        assert!(text.contains(&format!("< {line}")), "{fault}");
        let r = client_answer(&t);
        let body = r.body.as_deref().unwrap();
        assert!(body.contains(&format!("<title>{title}</title>")), "{fault}");
        assert!(body.contains("Cloudflare Ray ID: <strong>"), "{fault}");
        assert_eq!(
            header(&r.headers, "content-type"),
            Some("text/html; charset=UTF-8")
        );
        assert_eq!(
            header(&r.headers, "content-length").unwrap(),
            body.len().to_string()
        );
    }
}

#[test]
fn a_cached_error_comes_from_the_cache_and_the_origin_never_sees_the_request() {
    let t = run(Some("edge-cached-error"), "api-call", 6);
    let r = client_answer(&t);
    assert_eq!(header(&r.headers, "cf-cache-status"), Some("HIT"));
    assert_eq!(header(&r.headers, "age"), Some("1432"));
    assert!(traced(&t, LogSource::Gateway).is_empty());
    assert!(t.evidence.events.iter().all(|e| e.to != Layer::Gateway));
    let settings = &t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.title.starts_with("CDN settings"))
        .unwrap()
        .body;
    assert!(
        settings.contains("status code TTL: 500-599 → 3600 s"),
        "{settings}"
    );
}

#[test]
fn a_522_has_the_origins_firewall_dropping_the_edges_syns_and_no_gateway_line() {
    let t = run(Some("edge-origin-unreachable"), "api-call", 6);
    let drops = traced(&t, LogSource::Firewall);
    // The SYN and its eight retransmits, all from the edge's address to the origin's port 443.
    assert_eq!(drops.len(), 9);
    assert!(drops
        .iter()
        .all(|l| l.text.contains("dir=ingress") && l.text.contains("src=172.70.")));
    assert!(traced(&t, LogSource::Gateway).is_empty());
    let x = &t.evidence.exchanges[0];
    assert!(
        (19_000..20_000).contains(&x.timings.wait),
        "{}",
        x.timings.wait
    );
}

#[test]
fn a_524_has_the_gateway_log_499_when_the_edge_hangs_up_and_the_service_finish_later() {
    let t = run(Some("edge-origin-timeout"), "api-call", 6);
    let gw = traced(&t, LogSource::Gateway);
    let access = gw
        .iter()
        .find(|l| l.text.contains("\" 499 0 "))
        .expect("a 499 line");
    assert!(access.text.contains("rt=100.000"), "{}", access.text);
    assert!(gw
        .iter()
        .any(|l| l.text.contains("client prematurely closed connection")));
    let app_done = traced(&t, LogSource::App);
    assert!(app_done.iter().any(|l| l.t_ms > access.t_ms + 20_000));
    // The client got the edge's answer before its own --max-time.
    assert!(t.evidence.exchanges[0].client_error.is_none());
}

#[test]
fn a_526_leaves_the_clients_handshake_fine_and_shows_the_origins_expired_certificate() {
    let t = run(Some("edge-origin-tls-invalid"), "api-call", 6);
    assert!(t.evidence.exchanges[0].client_error.is_none());
    assert!(t.evidence.exchanges[0].timings.ssl > 0);
    let cert = t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.title.starts_with("Origin certificate"))
        .unwrap();
    assert!(cert
        .body
        .contains("verify error:num=10:certificate has expired"));
    assert!(cert.body.contains("-connect 198.51.100."), "{}", cert.body);
    // The certificate towards the client is the edge's, and it verifies.
    assert!(!t
        .evidence
        .artifacts
        .iter()
        .any(|a| a.title.starts_with("Certificate served by")));
}

#[test]
fn the_solver_finds_the_root_layer_behind_the_edge_in_every_flow() {
    for (fault, layer, _) in EDGE_FAULTS {
        for flow in ["api-call", "partner-api-call"] {
            for seed in [1, 2, 3, 17, 99] {
                let t = run(Some(fault), flow, seed);
                assert_eq!(t.answer.root_cause_layer, layer);
                assert_eq!(t.answer.surfaced_at, Layer::Edge, "{fault} {flow}");
                common::assert_solved(&t.evidence, layer, fault, &format!("{fault} {flow} {seed}"));
            }
        }
    }
}

#[test]
fn without_the_origins_side_the_solver_does_not_blame_the_layer_behind_the_edge() {
    let mut t = run(Some("edge-origin-unreachable"), "api-call", 2);
    t.evidence.logs.retain(|l| l.source != LogSource::Firewall);
    assert!(solve(&t.evidence).ambiguous);
    let mut t = run(Some("edge-origin-timeout"), "api-call", 2);
    t.evidence.logs.retain(|l| l.source != LogSource::Gateway);
    assert!(solve(&t.evidence).ambiguous);
    let mut t = run(Some("edge-origin-tls-invalid"), "api-call", 2);
    t.evidence
        .artifacts
        .retain(|a| !a.title.starts_with("Origin certificate"));
    assert!(solve(&t.evidence).ambiguous);
    let mut t = run(Some("edge-cached-error"), "api-call", 2);
    for x in &mut t.evidence.exchanges {
        if let Some(r) = &mut x.response {
            r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("age"));
        }
    }
    assert!(solve(&t.evidence).ambiguous);
}
