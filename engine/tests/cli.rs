mod common;

use common::run_cli as run;
use std::process::Command;

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
    assert!(
        ok && out.ends_with("solved 300/300 (ambiguous 0)\n"),
        "{out}"
    );
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

/// Runs with `input` on stdin.
fn run_with_stdin(args: &[&str], input: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn solve_reads_evidence_from_a_file_or_stdin() {
    let (ok, trace, _) = run(&["trace", "--fault", "cert-expired", "--format", "json"]);
    assert!(ok);
    let t: serde_json::Value = serde_json::from_str(&trace).unwrap();
    // The evidence alone, from a file: the verdict names layer, cause, action and owner.
    let file = std::env::temp_dir().join(format!("faultline-ev-{}.json", std::process::id()));
    std::fs::write(&file, t["evidence"].to_string()).unwrap();
    let (ok, out, err) = run(&["solve", "--evidence", file.to_str().unwrap()]);
    std::fs::remove_file(&file).ok();
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["layer"], "tls");
    assert_eq!(v["ambiguous"], false);
    assert_eq!(v["cause"], "cert-expired");
    assert!(v["owner"].is_string() && v["action"].is_string());
    assert!(v["reasons"][0].as_str().unwrap().contains("notAfter"));
    // A whole trace on stdin, with the certificate's notAfter moved into the future: the
    // expiry error is left unexplained, so the verdict is ambiguous with a null layer.
    let flipped = trace.replace(
        &format!("notAfter={}", {
            let body = t["evidence"]["artifacts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["kind"] == "certificate")
                .unwrap()["body"]
                .as_str()
                .unwrap()
                .to_string();
            body.lines()
                .find_map(|l| l.strip_prefix("notAfter="))
                .unwrap()
                .to_string()
        }),
        "notAfter=Dec 31 23:59:59 2099 GMT",
    );
    let (ok, out, _) = run_with_stdin(&["solve", "--evidence", "-"], &flipped);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["layer"].is_null(), "{out}");
    assert_eq!(v["ambiguous"], true);
    assert!(v.get("cause").is_none(), "{out}");
    // Not evidence: one clear line, non-zero.
    let (ok, _, err) = run_with_stdin(&["solve", "--evidence", "-"], "{\"x\": 1}");
    assert!(!ok && err.lines().count() == 1, "{err}");
    assert!(err.contains("stdin is not an Evidence JSON"), "{err}");
    let (ok, _, err) = run_with_stdin(&["solve", "--evidence", "-"], "not json");
    assert!(!ok && err.contains("stdin is not valid JSON"), "{err}");
}

#[test]
fn check_warns_about_what_the_solver_cannot_settle_and_still_passes() {
    let pack = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/packs/unsettled.json");
    let (ok, out, err) = run(&["check", pack]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("warning: scenarios[0]: replay: the solver cannot settle this from the evidence alone: no hop failed"),
        "{out}"
    );
    assert!(out.ends_with(": ok, 1 warning(s)\n"), "{out}");
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/packs/good.json");
    let (ok, out, _) = run(&["check", good]);
    assert!(
        ok && out.ends_with("good.json: ok\n") && !out.contains("warning"),
        "{out}"
    );
}

/// `faultline puzzle --seed N` prints the view and the key, the owner question among them: who
/// must act on the fix, with why them, matching the fault's entry in `faults --json`.
#[test]
fn puzzle_prints_the_owner_question_and_its_key() {
    let (ok, out, err) = run(&["puzzle", "--seed", "7"]);
    assert!(ok, "{err}");
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = p["view"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["layer", "cause", "action", "owner"]);
    let key = &p["key"][3];
    assert_eq!(key["question"], "owner");
    let fault = p["answer"]["fault_id"].as_str().unwrap();
    let (_, faults, _) = run(&["faults", "--json"]);
    let faults: serde_json::Value = serde_json::from_str(&faults).unwrap();
    let def = faults
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fault)
        .unwrap();
    assert_eq!(key["correct"], def["owner_id"]);
    let why = def["owner_why"].as_str().unwrap();
    assert_eq!(
        key["explanation"].as_str().unwrap(),
        format!("{}: {why}", def["owner"].as_str().unwrap())
    );
    let choices = p["view"]["questions"][3]["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 4);
    for c in choices.iter().filter(|c| c["id"] != key["correct"]) {
        assert!(key["wrong"][c["id"].as_str().unwrap()].is_string());
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
