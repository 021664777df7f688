//! `faultline grade`: grading a typed answer from a file or stdin, as text and JSON.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The CLI stops reading at its size limit, so a longer write may meet a closed pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

const HALF: &str = "A 401 means the server does not know who you are because the token expired. \
                    A 401 is fixed by getting a new token.";

#[test]
fn list_names_every_prompt() {
    let (ok, out, _) = run(&["grade", "--list"], "");
    assert!(ok);
    assert!(out.lines().count() >= 30);
    for id in [
        "401-vs-403",
        "debug-504",
        "why-correlation-ids",
        "idempotency",
    ] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing");
    }
    let (ok, out, _) = run(&["grade", "--list", "--json"], "");
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(ok && list.as_array().unwrap().len() >= 30);
    assert!(list[0]["question"].as_str().is_some());
}

#[test]
fn grades_an_answer_from_stdin_as_text() {
    let (ok, out, err) = run(
        &["grade", "--prompt", "401-vs-403", "--answer-file", "-"],
        HALF,
    );
    assert!(ok, "{err}");
    assert!(out.contains("score 50/100: 2 of 4 key points"), "{out}");
    assert!(
        out.contains("[x] A 401 means the caller's identity"),
        "{out}"
    );
    assert!(
        out.contains("[ ] A 403 means the caller is known")
            && out.contains("reference: status-403"),
        "{out}"
    );
    assert!(out.contains("model answer:"));
}

#[test]
fn grades_an_answer_file_as_json_with_misconceptions() {
    let dir = std::env::temp_dir().join(format!("faultline-grade-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("answer.txt");
    std::fs::write(&file, "A 401 means you do not have permission to do it.").unwrap();
    let (ok, out, _) = run(
        &[
            "grade",
            "--prompt",
            "401-vs-403",
            "--answer-file",
            file.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    std::fs::remove_dir_all(&dir).ok();
    assert!(ok);
    let g: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(g["score"], 0);
    assert_eq!(g["misconceptions"][0]["id"], "401-is-permission");
    assert_eq!(g["points"].as_array().unwrap().len(), 4);
}

#[test]
fn bad_input_is_one_clear_line() {
    for (args, says) in [
        (
            &["grade", "--prompt", "nope", "--answer-file", "-"][..],
            "unknown prompt \"nope\"",
        ),
        (
            &["grade", "--prompt", "401-vs-403"],
            "usage: faultline grade",
        ),
        (
            &[
                "grade",
                "--prompt",
                "401-vs-403",
                "--answer-file",
                "/nonexistent/a.txt",
            ],
            "cannot read /nonexistent/a.txt",
        ),
    ] {
        let (ok, out, err) = run(args, "");
        assert!(!ok, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
    let (ok, _, err) = run(
        &["grade", "--prompt", "idempotency", "--answer-file", "-"],
        &"x".repeat(70 * 1024),
    );
    assert!(!ok && err.contains("over 65536 bytes"), "{err}");
}
