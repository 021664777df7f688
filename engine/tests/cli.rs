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

#[test]
fn share_links_encode_and_decode() {
    let (ok, link, _) = run(&[
        "share",
        "encode",
        "--flow",
        "api-call",
        "--fault",
        "expired-token",
        "--seed",
        "42",
        "--story",
        "Agents see 401s",
    ]);
    assert!(ok && link.starts_with("1."), "{link}");
    let (ok, out, err) = run(&["share", "decode", link.trim()]);
    assert!(ok, "{err}");
    let spec: faultline_engine::RunSpec = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (spec.seed, spec.faults[0].id.as_str()),
        (42, "expired-token")
    );
    assert_eq!(err.trim(), "story: Agents see 401s");
    let (ok, _, err) = run(&["share", "decode", "1.ab<script>"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "faultline: The link is damaged: '<' at position 5 cannot appear in it."
    );
    let (ok, _, err) = run(&["share", "encode", "--fault", "expird-token", "--seed", "1"]);
    assert!(!ok && err.contains("unknown fault"));
    let (ok, _, _) = run(&["share", "frob"]);
    assert!(!ok);
}

#[test]
fn check_refuses_deep_or_huge_packs_with_one_line() {
    let dir = std::env::temp_dir().join(format!("faultline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let deep = dir.join("deep.json");
    std::fs::write(&deep, "[".repeat(50_000)).unwrap();
    let (ok, _, err) = run(&["check", deep.to_str().unwrap()]);
    assert!(
        !ok && err.lines().count() == 1 && err.contains("nesting is deeper than 16 levels"),
        "{err}"
    );
    let big = dir.join("big.json");
    std::fs::write(&big, " ".repeat(2 * 1024 * 1024)).unwrap();
    let (ok, _, err) = run(&["check", big.to_str().unwrap()]);
    assert!(!ok && err.contains("the limit is 1048576 bytes"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
