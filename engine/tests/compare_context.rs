//! "Compare with a known-good request" makes the call the story is about. Some faults choose
//! their own call when the run names none: a sync paging the customer list, a job uploading a
//! customer file, an import queueing an export, a create that is retried. Their known-good
//! request is that call made right, not the flow's usual read of one customer.

use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

fn compared(fault: &str, seed: u64, client: &str) -> String {
    let inv = Investigation::new(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        client: Some(client.into()),
        ..Default::default()
    })
    .unwrap();
    inv.run(Probe::CompareHealthy).output
}

/// The request line of the known-good request's first exchange.
fn request_line(out: &str) -> &str {
    out.lines()
        .find(|l| l.starts_with("> ") && l.contains(" https://"))
        .unwrap_or_else(|| panic!("no request line in:\n{out}"))
}

#[test]
fn a_sync_that_pages_the_list_is_compared_with_the_lists_first_page() {
    let out = compared("pagination-cursor-expired", 2718, "python");
    let line = request_line(&out);
    assert!(
        line.starts_with("> GET https://api.example.com/v2/customers?updated_since="),
        "{line}"
    );
    assert!(out.contains("200 OK"), "{out}");
    assert!(
        out.contains("\"next_cursor\""),
        "the page hands out its cursor: {out}"
    );
}

#[test]
fn a_job_that_uploads_a_customer_is_compared_with_a_create() {
    let out = compared("wrong-charset", 7, "curl");
    assert!(
        request_line(&out).starts_with("> POST https://api.example.com/v2/customers "),
        "{out}"
    );
    assert!(out.contains("201 Created"), "{out}");
    // The known-good request sends UTF-8: no replacement character is stored.
    assert!(!out.contains('\u{FFFD}'), "{out}");
}

#[test]
fn an_import_that_queues_an_export_is_compared_with_the_export() {
    let out = compared("export-accepted-not-polled", 7, "node");
    assert!(
        request_line(&out).starts_with("> POST https://api.example.com/v2/exports "),
        "{out}"
    );
}

#[test]
fn other_faults_keep_the_flows_usual_call() {
    let out = compared("expired-token", 7, "curl");
    assert!(
        request_line(&out).starts_with("> GET https://api.example.com/v2/customers/"),
        "{out}"
    );
}
