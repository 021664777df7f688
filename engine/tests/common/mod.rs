//! Helpers shared by the engine's integration tests.

use faultline_engine::*;

#[allow(dead_code)] // only the consistency tests sweep every case
pub mod sweep;

#[allow(dead_code)] // only the probe sweep checks reproductions
pub mod reproduction;

/// Every (fault id, flow) pair the catalogue declares.
#[allow(dead_code)] // each test file uses some of these helpers, not all
pub fn all_cases() -> Vec<(String, String)> {
    faults()
        .into_iter()
        .flat_map(|f| {
            f.flows
                .iter()
                .map(|fl| (f.id.clone(), fl.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A valid scenario on api-call with `fault`, with `extra`'s keys set over it.
#[allow(dead_code)] // each test file uses some of these helpers, not all
pub fn scenario(id: &str, fault: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    let mut s = serde_json::json!({
        "id": id, "schema_version": 1, "title": "t",
        "story": {"expected": "200", "actual": "an error", "who": "one developer", "since": "09:00"},
        "flow": "api-call", "fault": fault, "seed": 7, "difficulty": "hard", "tags": ["x"],
        "hints": ["a", "b", "c"],
        "explanations": {"correct": "c", "distractors": {}},
        "diagnosis": "d", "next_action": "n", "evidence_to_attach": ["trace id"]
    });
    for (k, v) in extra.as_object().unwrap() {
        s[k] = v.clone();
    }
    s
}

/// The solver, from `ev` alone, names `layer` and `cause`; `case` says which run failed.
#[allow(dead_code)] // each test file uses some of these helpers, not all
pub fn assert_solved(ev: &Evidence, layer: Layer, cause: &str, case: &str) {
    let v = solve(ev);
    assert_eq!(v.layer, Some(layer), "{case}: {:?}", v.reasons);
    assert_eq!(v.cause.as_deref(), Some(cause), "{case}: {:?}", v.reasons);
}

/// Runs the `faultline` CLI: whether it succeeded, its stdout and its stderr.
#[allow(dead_code)] // only the CLI tests run the binary
pub fn run_cli(args: &[&str]) -> (bool, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

/// A call on the api-call flow in `client`'s runtime, with `faults` (seed 3).
#[allow(dead_code)] // only the request and trace header tests use it
pub fn api_call(client: &str, call: Option<(&str, &str)>, faults: &[&str]) -> RunSpec {
    RunSpec {
        flow: Some("api-call".into()),
        faults: faults.iter().map(|f| FaultSpec::new(f)).collect(),
        seed: 3,
        call: call.map(|(m, p)| CallSpec {
            method: m.into(),
            path: p.into(),
        }),
        client: Some(client.into()),
    }
}

/// One fault on `flow`, in `client`'s runtime (the flow's default when `None`).
#[allow(dead_code)] // the runtime tests name the client, the others don't
pub fn run_fault(
    fault: &str,
    flow: &str,
    client: Option<&str>,
    seed: u64,
) -> Result<Trace, EngineError> {
    simulate(&RunSpec {
        flow: Some(flow.into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        call: None,
        client: client.map(String::from),
    })
}

/// A golden text file: with `update` it is (re)written; otherwise `text` must equal it, and a
/// mismatch names `what` changed and how to re-record.
#[allow(dead_code)] // only the golden-file tests use it
pub fn golden_text(path: &std::path::Path, text: &str, update: bool, what: &str) {
    if update {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("missing {}; record with UPDATE_GOLDEN=1", path.display()));
    assert!(
        want == text,
        "{what} changed; re-record with UPDATE_GOLDEN=1 if on purpose"
    );
}

/// The first error a client printed in `t` (what its terminal showed), or "" when none failed.
#[allow(dead_code)] // the runtime-wording tests use it
pub fn client_error(t: &Trace) -> String {
    t.evidence
        .exchanges
        .iter()
        .find_map(|x| x.client_error.clone())
        .unwrap_or_default()
}

/// The body of `t`'s first artifact of `kind` (`dns`, `certificate`, …).
#[allow(dead_code)] // the artefact tests use it
pub fn artifact<'a>(t: &'a Trace, kind: &str) -> Option<&'a str> {
    t.evidence
        .artifacts
        .iter()
        .find(|a| a.kind == kind)
        .map(|a| a.body.as_str())
}

/// Every JSON Web Token in `text` (`eyJ…` with three dot-separated segments), whole.
#[allow(dead_code)] // only the probe tests read what a probe prints of a token
pub fn jwts(text: &str) -> Vec<String> {
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let mut out = vec![];
    let mut rest = text;
    while let Some(at) = rest.find("eyJ") {
        let from = &rest[at..];
        let len = from.find(|c: char| !b64(c)).unwrap_or(from.len());
        let t = from[..len].trim_end_matches('.');
        if t.matches('.').count() == 2 && t.len() > 24 {
            out.push(t.to_string());
        }
        rest = &from[len.max(3)..];
    }
    out
}

/// `text` with every token cut as a probe prints it: its first twenty characters and `…`.
#[allow(dead_code)] // only the probe tests read what a probe prints of a token
pub fn cut_tokens(text: &str) -> String {
    jwts(text).iter().fold(text.to_string(), |t, jwt| {
        t.replace(jwt.as_str(), &format!("{}…", &jwt[..20]))
    })
}
