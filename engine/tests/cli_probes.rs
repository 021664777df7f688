//! `faultline probes`, `faultline investigate` and `faultline solve --investigate`.

mod common;

use common::run_cli as run;

#[test]
fn probes_json_lists_the_toolbox() {
    let (ok, out, _) = run(&["probes", "--json"]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), faultline_engine::probe::Probe::ALL.len());
    for p in all {
        for k in ["id", "label", "layer", "command", "minutes"] {
            assert!(p.get(k).is_some(), "{p} lacks {k}");
        }
    }
    assert!(all
        .iter()
        .any(|p| p["id"] == "openssl-showcerts" && p["layer"] == "tls"));
}

#[test]
fn investigate_prints_each_probe_in_order() {
    let args = [
        "investigate",
        "--fault",
        "firewall-block",
        "--seed",
        "3",
        "--probe",
        "nc-port",
        "--probe",
        "network-log",
    ];
    let (ok, out, err) = run(&args);
    assert!(ok, "{err}");
    let nc = out
        .find("== nc-port (1 min) ==\n$ nc -vz -w 5 api.example.com 443")
        .unwrap();
    let logs = out.find("== network-log").unwrap();
    assert!(nc < logs);
    assert!(out.contains("timed out: Operation now in progress"));
    assert!(out.contains("action=drop"));
    assert!(out.ends_with("2 probe(s), 4 min\n"));
    // The same run gives the same bytes, and JSON holds the same results.
    assert_eq!(run(&args).1, out);
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let (ok, out, _) = run(&json);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["probe"], "nc-port");
    assert_eq!(v[1]["facts"][0]["kind"], "logs");
}

#[test]
fn investigate_expert_runs_the_expert_path() {
    let (ok, out, err) = run(&[
        "investigate",
        "--fault",
        "cert-expired",
        "--seed",
        "2",
        "--expert",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("probe(s)"), "{out}");
}

#[test]
fn investigate_refuses_bad_input_in_one_line() {
    for args in [
        &["investigate", "--fault", "expired-token", "--probe", "ping"][..],
        &["investigate", "--probe", "reproduce"],
        &["investigate", "--fault", "expired-token"],
        &[
            "investigate",
            "--fault",
            "expired-token",
            "--probe",
            "reproduce",
            "--format",
            "xml",
        ],
        &[
            "investigate",
            "--fault",
            "expired-token",
            "--probe",
            "reproduce",
            "--client",
            "lynx",
        ],
    ] {
        let (ok, _, err) = run(args);
        assert!(!ok, "{args:?} should fail");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn solve_investigate_reports_solved_and_par() {
    let (ok, out, err) = run(&["solve", "--count", "60", "--investigate"]);
    assert!(ok, "{err}");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("solved 60/60; expert paths: mean "),
        "{out}"
    );
    assert!(
        last.contains(" probes, ") && last.ends_with(" min"),
        "{last}"
    );
}

#[test]
fn solve_investigate_prints_the_same_for_any_number_of_threads() {
    let once = |jobs: &str| {
        let (ok, out, err) = run(&["solve", "--count", "45", "--investigate", "--jobs", jobs]);
        assert!(ok, "{err}");
        out
    };
    let one = once("1");
    assert!(
        one.starts_with("solved 45/45; expert paths: mean "),
        "{one}"
    );
    assert_eq!(one, once("2"));
    assert_eq!(one, once("4"));
    let (ok, _, err) = run(&["solve", "--count", "5", "--jobs", "2"]);
    assert!(
        !ok && err.contains("--jobs goes with --investigate"),
        "{err}"
    );
}
