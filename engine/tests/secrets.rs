//! Secrets in what a learner sees: every probe's command and output, the text trace and the HAR
//! export are pasted output, so no API key, client secret, refresh token, webhook secret,
//! session or bearer token appears whole, whatever the fault, the flow or the reporter's
//! runtime. A bearer token is cut the way the reporter's command line cuts it
//! (`eyJhbGciOiJSUzI1NiIs…`) wherever it shows.

mod common;

use common::{all_cases, jwts};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::runtime::Runtime;
use faultline_engine::*;

fn investigation(
    fault: &str,
    flow: &str,
    client: Option<&str>,
    seed: u64,
) -> Option<Investigation> {
    let spec = RunSpec {
        flow: Some(flow.into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        call: None,
        client: client.map(String::from),
    };
    match Investigation::new(&spec) {
        Ok(inv) => Some(inv),
        Err(EngineError::BadClient(_)) => None,
        Err(e) => panic!("{fault} on {flow}: {e}"),
    }
}

#[test]
fn no_probe_prints_a_secret_or_a_bearer_token_whole() {
    let mut bad = vec![];
    let (mut runs, mut with_token) = (0, 0);
    for (f, fl) in all_cases() {
        let clients = [None].into_iter().chain(Runtime::ALL.map(|r| Some(r.id())));
        for client in clients {
            let Some(inv) = investigation(&f, &fl, client, 7) else {
                continue;
            };
            runs += 1;
            let mut secrets = inv.secrets();
            let evidence = serde_json::to_string(inv.evidence()).unwrap();
            let issued = jwts(&evidence);
            with_token += usize::from(!issued.is_empty());
            secrets.extend(issued);
            // Every probe's command and output, the text trace and the HAR export.
            let mut shown: Vec<(String, String)> = Probe::ALL
                .iter()
                .map(|p| {
                    let r = inv.run(*p);
                    (p.id().to_string(), format!("$ {}\n{}", r.command, r.output))
                })
                .collect();
            shown.push(("text trace".into(), render_text(inv.evidence())));
            shown.push(("HAR".into(), har(inv.evidence()).to_string()));
            for (what, text) in shown {
                if let Some(s) = secrets.iter().find(|s| text.contains(s.as_str())) {
                    let case = format!("{f} on {fl} from {}", client.unwrap_or("default"));
                    let head: String = s.chars().take(24).collect();
                    bad.push(format!("{case}, {what}: {head}…"));
                }
            }
        }
    }
    assert!(runs > 500, "{runs} runs");
    assert!(with_token > 300, "{with_token} runs carried a token");
    assert!(bad.is_empty(), "{} outputs:\n{}", bad.len(), bad.join("\n"));
}

/// The verbose rerun's request line shows the token as the command line above it does.
#[test]
fn curl_v_shows_the_bearer_token_as_the_command_line_does() {
    for fault in ["expired-token", "revoked-token", "jwt-clock-skew"] {
        let inv = investigation(fault, "api-call", Some("curl"), 7).unwrap();
        let out = inv.run(Probe::Reproduce).output;
        let cut = "Authorization: Bearer eyJhbGciOiJSUzI1NiIs…";
        assert!(out.contains(&format!("-H '{cut}'")), "{fault}: {out}");
        assert!(out.contains(&format!("> {cut}\n")), "{fault}: {out}");
    }
}
