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

/// A fresh folder under the system temp dir for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// good.json's pack, with its scenarios replaced by the given list of names.
fn pack_naming(files: &[&str]) -> String {
    let mut pack: serde_json::Value =
        serde_json::from_str(include_str!("packs/good.json")).unwrap();
    pack["scenarios"] = serde_json::json!(files);
    pack.to_string()
}

fn first_scenario() -> String {
    let pack: serde_json::Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    pack["scenarios"][0].to_string()
}

// Symbolic links are made with the Unix API (the wasm32 lint pass compiles every test too).
#[cfg(unix)]
#[test]
fn check_reads_scenario_files_only_inside_the_packs_folder() {
    let root = scratch("escape");
    let folder = root.join("pack");
    std::fs::create_dir_all(&folder).unwrap();
    // A valid scenario just outside the folder: only the path rule can refuse it.
    std::fs::write(root.join("outside.json"), first_scenario()).unwrap();
    std::os::unix::fs::symlink(root.join("outside.json"), folder.join("link.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder.join("zero.json")).unwrap();
    std::fs::write(folder.join("inside.json"), first_scenario()).unwrap();
    let pack = folder.join("pack.json");
    std::fs::write(
        &pack,
        pack_naming(&[
            "/etc/passwd",
            "../outside.json",
            "sub/../../outside.json",
            "link.json",
            "zero.json",
            "./inside.json",
        ]),
    )
    .unwrap();
    let (ok, out, err) = run(&["check", pack.to_str().unwrap()]);
    assert!(!ok && !err.contains("panicked"), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let expect = [
        "scenarios[0]: \"/etc/passwd\" is an absolute path; name a scenario file inside the pack's folder",
        "scenarios[1]: \"../outside.json\" goes up with \"..\"; name a scenario file inside the pack's folder",
        "scenarios[2]: \"sub/../../outside.json\" goes up with \"..\"",
        "scenarios[3]: \"link.json\" leads outside the pack's folder (through a link)",
        "scenarios[4]: \"zero.json\" leads outside the pack's folder (through a link)",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(e)),
            "missing {e:?} in {out}"
        );
    }
    assert!(!out.contains("scenarios[5]"), "inside.json is fine: {out}");
    assert_eq!(lines.len(), 5, "{out}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_enforces_the_size_limit_while_reading() {
    // /dev/zero reports a size of 0 and never ends: only a bounded read refuses it.
    let (ok, _, err) = run(&["check", "/dev/zero"]);
    assert!(!ok, "{err}");
    assert_eq!(
        err.trim(),
        "faultline: cannot read /dev/zero: it is too large: the limit is 1048576 bytes"
    );
    let folder = scratch("size");
    std::fs::write(folder.join("big.json"), " ".repeat(1024 * 1024 + 1)).unwrap();
    std::fs::write(folder.join("exact.json"), {
        let s = first_scenario();
        format!("{s}{}", " ".repeat(1024 * 1024 - s.len()))
    })
    .unwrap();
    let pack = folder.join("pack.json");
    std::fs::write(&pack, pack_naming(&["big.json", "exact.json"])).unwrap();
    let (ok, out, _) = run(&["check", pack.to_str().unwrap()]);
    assert!(!ok);
    assert_eq!(
        out.trim(),
        "scenarios[0]: cannot read big.json: it is too large: the limit is 1048576 bytes"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn check_accepts_a_byte_order_mark_like_the_app() {
    let folder = scratch("bom");
    std::fs::write(
        folder.join("s.json"),
        format!("\u{feff}{}", first_scenario()),
    )
    .unwrap();
    let pack = folder.join("pack.json");
    std::fs::write(&pack, format!("\u{feff}{}", pack_naming(&["s.json"]))).unwrap();
    let (ok, out, err) = run(&["check", pack.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    assert!(out.ends_with(": ok\n"), "{out}");
    std::fs::write(folder.join("latin1.json"), b"{\"id\": \"caf\xe9\"}").unwrap();
    std::fs::write(&pack, pack_naming(&["latin1.json"])).unwrap();
    let (_, out, _) = run(&["check", pack.to_str().unwrap()]);
    assert!(
        out.contains(
            "scenarios[0]: cannot read latin1.json: it is not UTF-8 text (bad byte at offset 11)"
        ),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn check_reports_unknown_pack_fields_like_unknown_scenario_fields() {
    let folder = scratch("unknown");
    let mut pack: serde_json::Value =
        serde_json::from_str(include_str!("packs/good.json")).unwrap();
    pack["blrub"] = "typo".into();
    pack["scenarios"][0]["titel"] = "typo".into();
    let path = folder.join("pack.json");
    std::fs::write(&path, pack.to_string()).unwrap();
    let (ok, out, _) = run(&["check", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.lines().any(|l| l == "blrub: unknown field"), "{out}");
    assert!(
        out.lines()
            .any(|l| l == "scenarios[0].titel: unknown field"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&folder);
}

/// The report's crash, from the two commands that take parameters on the command line.
#[test]
fn out_of_range_parameters_are_one_line_errors() {
    for args in [
        &[
            "trace",
            "--fault",
            "cert-expired",
            "--param",
            "days_ago=37000000",
        ][..],
        &[
            "trace",
            "--fault",
            "cert-expired",
            "--param",
            "days_ago=-9223372036854775808",
        ],
        &[
            "trace",
            "--fault",
            "cert-expired",
            "--param",
            "days_ago=18446744073709551615",
        ],
        &[
            "share",
            "encode",
            "--fault",
            "cert-expired",
            "--param",
            "days_ago=37000000",
            "--seed",
            "1",
        ],
    ] {
        let (ok, out, err) = run(args);
        assert!(!ok, "{args:?}: {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("param \"days_ago\": must be a whole number from 1 to 3650: "),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn trace_client_runs_the_flow_from_that_runtime() {
    let (ok, out, _) = run(&[
        "trace",
        "--fault",
        "cert-incomplete-chain",
        "--client",
        "java",
        "--seed",
        "7",
    ]);
    assert!(ok);
    assert!(out.contains("-- java --\n$ java Call.java"), "{out}");
    assert!(out.contains("> User-Agent: Java-http-client/21.0.4"));
    assert!(out.contains("! Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"));
    let (ok, out, _) = run(&[
        "trace",
        "--fault",
        "cert-incomplete-chain",
        "--client",
        "browser",
        "--seed",
        "7",
    ]);
    assert!(ok && out.contains("status: 200, ok: true"), "{out}");
    let (ok, _, err) = run(&["trace", "--flow", "crm-ticket", "--client", "curl"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "faultline: bad client: the crm-ticket flow is started by the platform itself; it takes no client"
    );
}
