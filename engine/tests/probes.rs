//! Probes: every probe × fault × flow × client runtime answered from the same world as the trace
//! (the consistency sweep's runs), deterministic, each fact it claims visible in its output, and
//! the expert path settles every run the solver settles from the whole evidence.
//! Golden outputs: re-record with `UPDATE_GOLDEN=1 cargo test -p faultline-engine --test probes`.

mod common;

use common::{all_cases, reproduction::check_reproduction, sweep::SEEDS};
use faultline_engine::probe::{self, Fact, Investigation, Probe, ProbeResult};
use faultline_engine::runtime::{error_class, ErrorClass, Runtime};
use faultline_engine::*;

/// The sweep's runs: every case plain and with misleading noise for its seeds, and once from
/// every client runtime it runs in.
fn runs() -> Vec<(String, RunSpec, usize, bool)> {
    let mut out = vec![];
    for (f, fl) in all_cases() {
        let spec = |seed, client: Option<&str>| RunSpec {
            flow: Some(fl.clone()),
            faults: vec![FaultSpec::new(&f)],
            seed,
            call: None,
            client: client.map(String::from),
        };
        for &seed in &SEEDS {
            for mis in [false, true] {
                out.push((
                    format!("{f} on {fl} seed {seed}"),
                    spec(seed, None),
                    16,
                    mis,
                ));
            }
        }
        for rt in Runtime::ALL {
            out.push((
                format!("{f} on {fl} from {}", rt.id()),
                spec(11, Some(rt.id())),
                16,
                true,
            ));
        }
    }
    out
}

/// Every investigation of the sweep, with all its toolbox's results.
fn investigations() -> Vec<(String, Investigation, Vec<ProbeResult>)> {
    runs()
        .into_iter()
        .filter_map(
            |(case, spec, n, mis)| match Investigation::with_noise(&spec, n, mis) {
                Ok(inv) => {
                    let results = inv.run_toolbox();
                    Some((case, inv, results))
                }
                Err(EngineError::BadClient(_)) => None,
                Err(e) => panic!("{case}: {e}"),
            },
        )
        .collect()
}

fn shell(r: &ProbeResult) -> String {
    format!("$ {}\n{}", r.command, r.output)
}

/// What a result claims to show must be in its output, and every log line it prints must be a
/// line of the trace.
fn check_facts(ev: &Evidence, r: &ProbeResult) -> Vec<String> {
    let mut bad = vec![];
    let text = shell(r);
    for f in &r.facts {
        match *f {
            Fact::Exchange { index } => match ev.exchanges.get(index) {
                Some(x) => {
                    // Each tool shows a call its own way (curl's request line and Host header,
                    // a URL in a console, a status column): the request's address, and the
                    // status when one came back.
                    // A token in the address is cut, as everywhere a probe prints one.
                    let url = common::cut_tokens(&x.request.url);
                    let (_, host, _, path) = layers::split_url(&url);
                    let addressed =
                        text.contains(&url) || (text.contains(&host) && text.contains(&path));
                    let status = x
                        .response
                        .as_ref()
                        .is_none_or(|r| text.contains(&r.status.to_string()));
                    if !addressed || !status {
                        bad.push(format!("exchange {index} claimed but not shown"));
                    }
                }
                None => bad.push(format!("exchange {index} out of range")),
            },
            Fact::Artifact { index } => match ev.artifacts.get(index) {
                Some(a) if !text.contains(a.body.trim_end()) => {
                    bad.push(format!("artifact \"{}\" claimed but not shown", a.title))
                }
                Some(_) => {}
                None => bad.push(format!("artifact {index} out of range")),
            },
            Fact::Logs { source } => {
                for l in ev.logs.iter().filter(|l| l.source == source) {
                    if !r.output.contains(&l.text) {
                        bad.push(format!("{} line not shown: {}", source.id(), l.text));
                    }
                }
            }
        }
    }
    for line in r.output.lines() {
        let Some((ts, rest)) = line.split_once(" {source=\"") else {
            continue;
        };
        let Some((_, said)) = rest.split_once("} ") else {
            continue;
        };
        if !ev
            .logs
            .iter()
            .any(|l| l.ts == ts && l.text.lines().next() == Some(said))
        {
            bad.push(format!("a log line the trace does not hold: {line}"));
        }
    }
    bad
}

/// A chain openssl verifies can still fail in the client when the CA bundle the client reads
/// (its trust-store artefact) lacks the root the chain ends in.
fn client_lacks_root(ev: &Evidence, openssl: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let Some(root) = openssl
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("i:CN = "))
        .next_back()
    else {
        return false;
    };
    ev.artifacts
        .iter()
        .filter(|a| a.kind == "trust-store")
        .any(|a| !squash(&a.body).contains(&squash(root)))
}

/// The connectivity probes agree with what the reporter's own call met at the same host.
fn check_connectivity(ev: &Evidence, r: &ProbeResult, intermittent: bool) -> Vec<String> {
    let Some(x) = ev.exchanges.iter().find(|x| x.from == Layer::Client) else {
        return vec![];
    };
    let host = layers::split_url(&x.request.url).1;
    let class = x.client_error.as_deref().map(error_class);
    let mut bad = vec![];
    match r.probe {
        Probe::NcPort if r.command.contains(&host) => {
            let ok = r.output.contains("succeeded!");
            if x.response.is_some() && !ok {
                bad.push(format!("the call was answered but nc says: {}", r.output));
            }
            if matches!(class, Some(ErrorClass::Connect)) && ok {
                bad.push(format!(
                    "the call could not connect but nc succeeded ({:?})",
                    x.client_error
                ));
            }
            if matches!(class, Some(ErrorClass::Dns)) && !r.output.contains("getaddrinfo") {
                bad.push(format!(
                    "the name did not resolve but nc says: {}",
                    r.output
                ));
            }
        }
        Probe::Traceroute | Probe::Mtr | Probe::TestNetConnection if r.command.contains(&host) => {
            let last = r.output.trim_end().lines().last().unwrap_or("");
            let through = match r.probe {
                Probe::Traceroute => !last.ends_with("* * *") && !last.starts_with("Cannot"),
                Probe::Mtr => !last.contains("???") && !last.starts_with("mtr:"),
                _ => r.output.contains("TcpTestSucceeded : True"),
            };
            // A network with an explicit proxy lets nothing out directly: the client's call
            // went through the proxy, the path tools go straight.
            let proxied = ev.logs.iter().any(|l| l.source == LogSource::Proxy);
            if x.response.is_some() && !through && !proxied {
                bad.push(format!(
                    "the call was answered but the path stops:\n{}",
                    r.output
                ));
            }
            if matches!(class, Some(ErrorClass::Connect))
                && r.probe == Probe::TestNetConnection
                && through
            {
                bad.push("the call could not connect but Test-NetConnection did".into());
            }
            let timed_out = x
                .client_error
                .as_deref()
                .is_some_and(|e| e.contains("timed out") || e.contains("Timeout"));
            if matches!(class, Some(ErrorClass::Connect)) && timed_out && through {
                bad.push(format!(
                    "the connect timed out but the path gets through:\n{}",
                    r.output
                ));
            }
            if matches!(class, Some(ErrorClass::Dns))
                && !["Cannot handle", "Failed to resolve", "Name resolution"]
                    .iter()
                    .any(|w| r.output.contains(w))
            {
                bad.push(format!("the name did not resolve but: {}", r.output));
            }
        }
        Probe::OpensslShowcerts if r.command.contains(&host) => {
            // The first run is the reporter's side, which the call met; a second one, from
            // outside an inspecting proxy's network, may verify the server's own chain.
            // A reporter's run that never finished its handshake prints no verify code of its
            // own; only the outside run's follows.
            let reporter = r
                .output
                .split("# the same check from outside the reporter's network")
                .next()
                .unwrap_or("");
            let verified = reporter
                .lines()
                .find(|l| l.trim_start().starts_with("Verify return code:"))
                .is_some_and(|l| l.contains("Verify return code: 0 (ok)"));
            // s_client checks the chain, not the name: a name the certificate does not
            // cover shows in its subjectAltName list.
            // Every run's list counts: without SNI a shared listener sends another certificate.
            let dns = format!("DNS:{host}");
            let names_host = r.output.contains(&dns)
                && r.output
                    .lines()
                    .zip(r.output.lines().skip(1))
                    .filter(|(heading, _)| heading.contains("Subject Alternative Name"))
                    .all(|(_, list)| list.contains(&dns));
            if matches!(class, Some(ErrorClass::Tls))
                && verified
                && names_host
                && !r.output.contains("alert protocol version")
                && !client_lacks_root(ev, &r.output)
            {
                bad.push(format!(
                    "the handshake failed but openssl verifies ({:?})",
                    x.client_error
                ));
            }
            if matches!(class, Some(ErrorClass::Dns)) && !r.output.contains("BIO_lookup_ex") {
                bad.push("the name did not resolve but openssl connected".into());
            }
        }
        Probe::DigClient => {
            let title = format!("dig {host}");
            if let Some(a) = ev
                .artifacts
                .iter()
                .find(|a| a.kind == "dns" && a.title == title)
            {
                if shell(r) != a.body {
                    bad.push("dig's output differs from the trace's dig".into());
                }
            }
        }
        Probe::Reproduce => bad.extend(check_reproduction(ev, r, intermittent)),
        Probe::CompareHealthy if r.output.contains(&ev.trace_id) => {
            bad.push("the healthy run carries the failing request's trace id".into());
        }
        _ => {}
    }
    bad
}

#[test]
fn every_probe_agrees_with_the_trace_it_comes_from() {
    let mut bad = vec![];
    for (case, spec, n, mis) in runs().into_iter().step_by(7) {
        // The world the probes ask is the one the consistency sweep's trace came from.
        if let (Ok(inv), Ok(t)) = (
            Investigation::with_noise(&spec, n, mis),
            simulate_with_noise(&spec, n, mis),
        ) {
            assert!(
                inv.trace() == &t,
                "{case}: the probes' run differs from the trace"
            );
        }
    }
    for (case, inv, results) in investigations() {
        let ev = inv.evidence();
        // A fault that fails only now and then: the reproduction's reruns are runs of their own.
        let intermittent = inv
            .spec()
            .faults
            .iter()
            .any(|f| faults::reach(&f.id) == Some(faults::Reach::NowAndThen));
        for r in &results {
            if r.command.starts_with("$ ") {
                bad.push(format!(
                    "{case}: {}: the command carries its own prompt: {}",
                    r.probe.id(),
                    r.command
                ));
            }
            if inv.facts(r.probe) != r.facts {
                bad.push(format!(
                    "{case}: {}: facts() differs from run()",
                    r.probe.id()
                ));
            }
            for b in check_facts(ev, r)
                .into_iter()
                .chain(check_connectivity(ev, r, intermittent))
            {
                bad.push(format!("{case}: {}: {b}", r.probe.id()));
            }
            // A log search may find nothing; every other tool prints something.
            if r.output.trim().is_empty() && !r.command.starts_with("logcli") {
                bad.push(format!("{case}: {}: empty output", r.probe.id()));
            }
        }
        for (i, a) in ev.artifacts.iter().enumerate() {
            match probe::artifact_probe(a) {
                Some(p) if probe::toolbox(ev).contains(&p) => {}
                other => bad.push(format!(
                    "{case}: artifact {i} \"{}\" is shown by no probe in the toolbox ({other:?})",
                    a.title
                )),
            }
        }
        for x in &ev.exchanges {
            if !probe::toolbox(ev).contains(&probe::exchange_probe(x)) {
                bad.push(format!(
                    "{case}: exchange {} → {} is shown by no probe",
                    x.from, x.to
                ));
            }
        }
    }
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} problem(s):\n{}",
        bad.len(),
        bad[..bad.len().min(40)].join("\n")
    );
}

#[test]
fn probes_are_byte_identical_run_after_run() {
    for (case, spec, n, mis) in runs().into_iter().step_by(3) {
        let Ok(a) = Investigation::with_noise(&spec, n, mis) else {
            continue;
        };
        let b = Investigation::with_noise(&spec, n, mis).unwrap();
        let ja = serde_json::to_string(&a.run_toolbox()).unwrap();
        assert_eq!(
            ja,
            serde_json::to_string(&b.run_toolbox()).unwrap(),
            "{case}"
        );
        assert_eq!(
            ja,
            serde_json::to_string(&a.run_toolbox()).unwrap(),
            "{case}"
        );
        assert_eq!(a.expert_path(), b.expert_path(), "{case}");
    }
}

#[test]
fn the_expert_path_settles_every_run_the_solver_settles() {
    let mut missing = vec![];
    let mut lengths = [0usize; 6];
    for (case, inv, _) in investigations() {
        let ev = inv.evidence();
        let want = inv.trace().answer.root_cause_layer;
        let whole = solve(ev);
        let settled = whole.layer == Some(want) && !whole.ambiguous;
        let path = inv.expert_path();
        let Some(path) = path else {
            if settled {
                missing.push(case);
            }
            continue;
        };
        lengths[path.probes.len().min(5)] += 1;
        let facts_of =
            |ps: &[Probe]| -> Vec<Fact> { ps.iter().flat_map(|&p| inv.run(p).facts).collect() };
        let v = solve(&probe::reveal(ev, &facts_of(&path.probes)));
        assert_eq!(
            v.layer,
            Some(want),
            "{case}: {:?}: {:?}",
            path.probes,
            v.reasons
        );
        assert!(!v.ambiguous, "{case}");
        assert_eq!(
            path.minutes,
            path.probes.iter().map(|p| p.minutes()).sum::<u32>()
        );
        // Minimal: without any one of its probes the solver is no longer certain.
        for skip in 0..path.probes.len() {
            let mut fewer = path.probes.clone();
            fewer.remove(skip);
            let v = solve(&probe::reveal(ev, &facts_of(&fewer)));
            assert!(
                v.layer != Some(want) || v.ambiguous,
                "{case}: {:?} settles it without {}",
                path.probes,
                path.probes[skip].id()
            );
        }
    }
    assert!(
        missing.is_empty(),
        "no expert path for runs the solver settles:\n{}",
        missing.join("\n")
    );
    // Not every puzzle is settled by reproducing it: the path goes into the layers.
    assert!(
        lengths[2..].iter().sum::<usize>() > 0,
        "path lengths {lengths:?}"
    );
}

#[test]
fn the_ticket_alone_settles_nothing_the_probes_are_needed() {
    // With no probe run the solver sees only the ticket: no exchange, so no first failure.
    let inv = Investigation::new(&RunSpec {
        faults: vec![FaultSpec::new("cert-expired")],
        seed: 2,
        ..Default::default()
    })
    .unwrap();
    let v = solve(&probe::reveal(inv.evidence(), &[]));
    assert!(
        v.layer != Some(Layer::Tls) || v.ambiguous,
        "{:?}",
        v.reasons
    );
    let path = inv.expert_path().unwrap();
    assert!(!path.probes.is_empty());
}

#[test]
fn probe_ids_are_stable_and_parse_back() {
    let ids: Vec<&str> = Probe::ALL.iter().map(|p| p.id()).collect();
    for p in Probe::ALL {
        assert_eq!(Probe::parse(p.id()), Some(p));
        assert_eq!(serde_json::to_value(p).unwrap(), p.id());
        assert!(p.minutes() > 0);
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate probe ids");
}

const GOLDEN: &[(&str, &str, &str, u64, &[Probe])] = &[
    (
        "expired-token",
        "api-call",
        "expired-token",
        1,
        &[Probe::Reproduce, Probe::DecodeToken, Probe::AuthLog],
    ),
    (
        "firewall-block",
        "api-call",
        "firewall-block",
        3,
        &[
            Probe::NcPort,
            Probe::DigClient,
            Probe::NetworkLog,
            Probe::OpensslShowcerts,
            Probe::Traceroute,
            Probe::Mtr,
            Probe::TestNetConnection,
        ],
    ),
    (
        "connection-refused",
        "api-call",
        "connection-refused",
        3,
        &[Probe::Traceroute, Probe::Mtr, Probe::TestNetConnection],
    ),
    (
        "healthy-path",
        "api-call",
        "expired-token",
        1,
        &[Probe::Traceroute, Probe::Mtr, Probe::TestNetConnection],
    ),
    (
        "cert-expired",
        "api-call",
        "cert-expired",
        2,
        &[Probe::OpensslShowcerts, Probe::NcPort],
    ),
    (
        "dns-nxdomain",
        "api-call",
        "dns-nxdomain",
        4,
        &[
            Probe::DigClient,
            Probe::DigPlatform,
            Probe::NcPort,
            Probe::Traceroute,
            Probe::Mtr,
            Probe::TestNetConnection,
        ],
    ),
    (
        "crm-field-mapping",
        "crm-lookup",
        "crm-field-mapping",
        3,
        &[Probe::IntegrationSettings, Probe::CrmEventLog],
    ),
    (
        "webhook-tls-failure",
        "crm-ticket",
        "webhook-tls-failure",
        4,
        &[
            Probe::WebhookDeliveryLog,
            Probe::StatusPage,
            Probe::CompareHealthy,
            Probe::AskReporter,
        ],
    ),
];

#[test]
fn golden_probe_outputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/probes");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    for (name, flow, fault, seed, probes) in GOLDEN {
        let inv = Investigation::new(&RunSpec {
            flow: Some(flow.to_string()),
            faults: vec![FaultSpec::new(fault)],
            seed: *seed,
            ..Default::default()
        })
        .unwrap();
        let mut text = String::new();
        for &p in probes.iter() {
            let r = inv.run(p);
            text.push_str(&format!(
                "== {} ({} min) {:?}\n$ {}\n{}\n",
                p.id(),
                r.minutes,
                r.facts,
                r.command,
                r.output
            ));
        }
        let path = dir.join(format!("{name}.txt"));
        common::golden_text(&path, &text, update, &format!("{name}: probe outputs"));
    }
}
