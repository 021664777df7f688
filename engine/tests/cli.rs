use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn errors_are_one_clear_line_and_nonzero() {
    for args in [
        &["trace", "--fault", "expird-token"][..],
        &["trace", "--bogus"],
        &["trace", "--seed", "x"],
        &["check", "/nonexistent.json"],
        &["frobnicate"],
        &["trace", "--format", "xml"],
    ] {
        let (ok, _, err) = run(args);
        assert!(!ok, "{args:?} should fail");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    let (_, _, err) = run(&["trace", "--fault", "expird-token"]);
    assert_eq!(err.trim(), "faultline: unknown fault \"expird-token\"");
}

#[test]
fn commands_work() {
    let (ok, out, _) = run(&["faults", "--json"]);
    assert!(
        ok && serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
            >= 60
    );
    let (ok, out, _) = run(&["trace", "--fault", "cert-expired", "--format", "text"]);
    assert!(ok && out.contains("curl: (60) SSL certificate problem: certificate has expired"));
    assert!(!out.contains("cert-expired") && !out.contains("root_cause"));
    let (ok, out, _) = run(&["solve", "--count", "300", "--seed", "9"]);
    assert!(ok && out.ends_with("solved 300/300\n"), "{out}");
    let bad = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/packs/bad.json");
    let (ok, out, _) = run(&["check", bad]);
    assert!(!ok && out.contains("scenarios[1].fault.id: unknown fault \"expird-token\""));
}
