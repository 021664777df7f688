//! Issue 15's gateway limits: what a client meets when nginx refuses a request for its size,
//! pinned to nginx's own wording (its status line, page and error-log line) in every client.

mod common;

use faultline_engine::runtime::Runtime;
use faultline_engine::sim::header;
use faultline_engine::*;

fn run(fault: FaultSpec, client: &str, seed: u64) -> Trace {
    simulate(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![fault],
        seed,
        call: None,
        client: Some(client.into()),
    })
    .unwrap()
}

fn traced(t: &Trace, src: LogSource) -> Vec<&str> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == src && l.trace_id.as_deref() == Some(&t.evidence.trace_id))
        .map(|l| l.text.as_str())
        .collect()
}

#[test]
fn a_body_over_client_max_body_size_gets_nginx_413_in_every_client() {
    for rt in Runtime::for_flow(Flow::ApiCall) {
        let t = run(FaultSpec::new("payload-too-large"), rt.id(), 5);
        let x = &t.evidence.exchanges[0];
        let r = x.response.as_ref().expect("an answer");
        assert_eq!(
            (r.status, r.reason.as_str()),
            (413, "Request Entity Too Large")
        );
        assert_eq!(header(&r.headers, "server"), Some("nginx"));
        assert_eq!(header(&r.headers, "connection"), Some("close"));
        let page = r.body.as_deref().unwrap();
        assert!(page.contains("<head><title>413 Request Entity Too Large</title></head>"));
        assert!(page.contains("<hr><center>nginx</center>"));
        // The error log gives the size the request announced; the service never saw it.
        let sent = header(&x.request.headers, "content-length").unwrap();
        let sent_n: usize = sent.parse().unwrap();
        assert_eq!(sent_n, x.request.body.as_ref().unwrap().len());
        assert!(
            sent_n > 16 * 1024,
            "the body passes the default 16 KB limit"
        );
        let line = "[error] 2841#2841: *";
        let errs = traced(&t, LogSource::Gateway);
        assert!(
            errs.iter().any(|l| l.contains(line)
                && l.contains(&format!(
                    "client intended to send too large body: {sent} bytes"
                ))),
            "{}: {errs:?}",
            rt.id()
        );
        assert!(traced(&t, LogSource::App).is_empty(), "{}", rt.id());
        // Each client words the 413 its own way.
        let said = &t.evidence.outcome;
        let want = match rt {
            Runtime::Curl => "HTTP/1.1 413 Request Entity Too Large",
            Runtime::Node => "AxiosError: Request failed with status code 413 (ERR_BAD_REQUEST)",
            Runtime::Python => "413 Client Error: Request Entity Too Large for url",
            Runtime::Java => "413 <html>",
            Runtime::Php => "resulted in a `413 Request Entity Too Large` response",
            Runtime::Postman => "Status: 413 Request Entity Too Large",
            _ => "413 (Request Entity Too Large)",
        };
        assert!(said.contains(want), "{}: {said}", rt.id());
        common::assert_solved(&t.evidence, Layer::Gateway, "payload-too-large", rt.id());
    }
}

#[test]
fn the_body_is_read_from_a_file_not_typed_into_the_command() {
    let t = run(FaultSpec::new("payload-too-large"), "curl", 5);
    assert!(t
        .evidence
        .client
        .action
        .ends_with("--data-binary @body.json"));
    let t = run(FaultSpec::new("payload-too-large"), "python", 5);
    assert!(t
        .evidence
        .client
        .action
        .contains("data=open('body.json', 'rb')"));
}

#[test]
fn the_limit_parameter_sets_what_nginx_refuses() {
    for kb in [1, 4, 64] {
        let t = run(
            FaultSpec::new("payload-too-large").with("limit_kb", kb),
            "curl",
            9,
        );
        let x = &t.evidence.exchanges[0];
        let sent: usize = header(&x.request.headers, "content-length")
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            sent > kb as usize * 1024 && sent <= kb as usize * 1024 * 2,
            "{kb}: {sent}"
        );
        assert_eq!(x.response.as_ref().unwrap().status, 413);
    }
}

#[test]
fn a_header_line_past_nginx_header_buffers_gets_its_400_page_in_every_http1_client() {
    for rt in Runtime::for_flow(Flow::ApiCall) {
        let spec = RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("header-too-large")],
            seed: 5,
            call: None,
            client: Some(rt.id().into()),
        };
        let t = match simulate(&spec) {
            Ok(t) => t,
            // Chrome speaks HTTP/2, where nginx reads header fields another way.
            Err(EngineError::BadClient(_)) if *rt == Runtime::Browser => continue,
            Err(e) => panic!("{}: {e}", rt.id()),
        };
        let x = &t.evidence.exchanges[0];
        let r = x.response.as_ref().expect("an answer");
        assert_eq!((r.status, r.reason.as_str()), (400, "Bad Request"));
        assert_eq!(header(&r.headers, "connection"), Some("close"));
        let page = r.body.as_deref().unwrap();
        assert!(page.contains("<head><title>400 Request Header Or Cookie Too Large</title></head>"));
        assert!(page.contains("<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>"));
        // The Authorization line is what outgrew the default 8 KB buffer, and nginx quotes its
        // first 1748 bytes at `info`.
        let authz = header(&x.request.headers, "authorization").unwrap();
        let line = format!("Authorization: {authz}");
        assert!(
            line.len() > 8 * 1024 && line.len() < 12 * 1024,
            "{}",
            line.len()
        );
        let errs = traced(&t, LogSource::Gateway);
        let quoted = "[info] 2841#2841: *";
        let log = errs
            .iter()
            .find(|l| l.contains(quoted) && l.contains("client sent too long header line: \""))
            .unwrap_or_else(|| panic!("{}: {errs:?}", rt.id()));
        assert!(log.contains(&format!("\"{}...\"", &line[..1748])), "{log}");
        assert!(traced(&t, LogSource::App).is_empty());
        assert!(
            traced(&t, LogSource::Auth).is_empty(),
            "the token is never checked"
        );
        // The token is one the identity provider issued, with its group claims.
        let jwt = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.kind == "jwt")
            .unwrap();
        assert!(jwt.body.contains("\"groups\":[\""), "{}", rt.id());
        common::assert_solved(&t.evidence, Layer::Gateway, "header-too-large", rt.id());
    }
}

#[test]
fn the_buffer_parameter_sets_the_line_nginx_refuses() {
    for kb in [1, 4, 16] {
        let t = run(
            FaultSpec::new("header-too-large").with("buffer_kb", kb),
            "curl",
            9,
        );
        let x = &t.evidence.exchanges[0];
        let line = 15 + header(&x.request.headers, "authorization").unwrap().len();
        assert!(
            line > kb as usize * 1024 && line < kb as usize * 1536 + 2048,
            "{kb}: {line}"
        );
        assert_eq!(x.response.as_ref().unwrap().status, 400);
    }
}
