//! Issue 15's CRM and webhook-receiver faults, as the real systems show them: Salesforce's REST
//! error bodies and headers, its 300 for an external id that matches several records, the
//! SAML redirect of a signed-out record page, and the receiver's signature check over a body it
//! serialised again. Each test reads the trace the way an engineer would.

use faultline_engine::*;

fn trace(flow: &str, faults: &[FaultSpec], seed: u64) -> Trace {
    simulate_simple(Some(flow), faults, seed).unwrap()
}

fn one(flow: &str, fault: &str, seed: u64) -> Trace {
    trace(flow, &[FaultSpec::new(fault)], seed)
}

/// Exchanges to the CRM's REST API, in order.
fn crm_calls(t: &Trace) -> Vec<&Exchange> {
    t.evidence
        .exchanges
        .iter()
        .filter(|x| x.to == Layer::Crm && x.request.url.contains("/services/data/"))
        .collect()
}

fn body(x: &Exchange) -> &str {
    x.response
        .as_ref()
        .and_then(|r| r.body.as_deref())
        .unwrap_or("")
}

fn header<'a>(x: &'a Exchange, name: &str) -> Option<&'a str> {
    x.response.as_ref().and_then(|r| {
        r.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    })
}

fn customer(t: &Trace) -> String {
    // The visitor's id as the chat's first event states it.
    let e = &t.evidence.events[0].summary;
    e.split("customerId=")
        .nth(1)
        .unwrap()
        .trim_end_matches(')')
        .to_string()
}

#[test]
fn the_customer_id_in_the_record_id_position_is_read_as_a_field_name() {
    for seed in [1, 2, 3] {
        let t = one("crm-lookup", "crm-id-type-mismatch", seed);
        let cid = customer(&t);
        let x = crm_calls(&t)[0];
        assert!(x.request.url.ends_with(&format!("/sobjects/Contact/{cid}")));
        assert_eq!(x.response.as_ref().unwrap().status, 404);
        let err: serde_json::Value = serde_json::from_str(body(x)).unwrap();
        assert_eq!(err[0]["errorCode"], "NOT_FOUND");
        assert_eq!(
            err[0]["message"],
            format!("Provided external ID field does not exist or is not accessible: {cid}")
        );
        let v = solve(&t.evidence);
        assert_eq!(v.cause.as_deref(), Some("crm-id-type-mismatch"));
        // The settings shown are where the learner sees it.
        let settings = &t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
            .unwrap()
            .body;
        assert!(
            settings.contains("platform customerId -> CRM Contact.Id\n"),
            "{settings}"
        );
    }
}

#[test]
fn a_customer_id_in_a_lookup_field_is_a_malformed_id() {
    let t = one("crm-ticket", "crm-id-type-mismatch", 4);
    let cid = customer_from_payload(&t);
    let x = crm_calls(&t)[0];
    assert_eq!(x.response.as_ref().unwrap().status, 400);
    assert_eq!(
        body(x),
        format!("[{{\"message\":\"Contact ID: id value of incorrect type: {cid}\",\"errorCode\":\"MALFORMED_ID\",\"fields\":[\"ContactId\"]}}]")
    );
    // Every retried delivery meets the same refusal; no case is created.
    assert!(crm_calls(&t)
        .iter()
        .all(|x| x.response.as_ref().unwrap().status == 400));
    assert!(t.evidence.outcome.contains("no ticket appeared"));
}

fn customer_from_payload(t: &Trace) -> String {
    let d = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.to == Layer::Webhook)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(d.request.body.as_deref().unwrap()).unwrap();
    v["data"]["customerId"].as_str().unwrap().to_string()
}

#[test]
fn an_external_id_on_several_records_answers_300_with_their_urls() {
    for records in [2, 4] {
        let t = trace(
            "crm-lookup",
            &[FaultSpec::new("crm-multiple-matches").with("records", records)],
            6,
        );
        let x = crm_calls(&t)[0];
        let r = x.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (300, "Multiple Choices"));
        let urls: Vec<String> = serde_json::from_str(body(x)).unwrap();
        assert_eq!(urls.len(), records as usize);
        for u in &urls {
            let id = u
                .strip_prefix("/services/data/v59.0/sobjects/Contact/")
                .unwrap();
            assert!(id.starts_with("003") && id.len() == 18, "{u}");
        }
        let mut distinct = urls.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), urls.len());
        // The 300 is the first failure, and the agent sees the lookup fail.
        assert_eq!(
            t.answer
                .failing_exchange
                .map(|i| t.evidence.exchanges[i].to),
            Some(Layer::Crm)
        );
        assert!(t.evidence.outcome.contains("Customer details unavailable"));
    }
}

#[test]
fn every_rest_answer_reports_api_usage_and_a_spent_allowance_refuses_every_call() {
    let healthy = trace("crm-lookup", &[], 2);
    let usage = header(crm_calls(&healthy)[0], "Sforce-Limit-Info").unwrap();
    let (used, max) = usage
        .strip_prefix("api-usage=")
        .unwrap()
        .split_once('/')
        .unwrap();
    assert!(
        used.parse::<i64>().unwrap() < max.parse::<i64>().unwrap(),
        "{usage}"
    );

    let t = one("crm-ticket", "crm-rate-limit", 2);
    let calls = crm_calls(&t);
    let deliveries = t
        .evidence
        .exchanges
        .iter()
        .filter(|x| x.to == Layer::Webhook)
        .count();
    // The cascade: each retried delivery makes the receiver call the CRM again, refused again.
    assert_eq!(calls.len(), deliveries);
    assert!(calls.len() > 1);
    for x in calls {
        assert_eq!(x.response.as_ref().unwrap().status, 403);
        assert_eq!(
            body(x),
            "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"
        );
        assert_eq!(
            header(x, "Sforce-Limit-Info"),
            Some("api-usage=100000/100000")
        );
    }
    // The org's other users are refused too, the job that spent the allowance among them:
    // the limit is the org's.
    let spec = RunSpec {
        flow: Some("crm-lookup".into()),
        faults: vec![FaultSpec::new("crm-rate-limit")],
        seed: 2,
        call: None,
        client: None,
    };
    let noisy = simulate_with_noise(&spec, 40, false).unwrap();
    let others: Vec<&str> = noisy
        .evidence
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Crm && !l.text.contains("USER=integration@"))
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        others
            .iter()
            .any(|l| l.contains("USER=etl-sync@crm.example.net")),
        "{others:?}"
    );
    assert!(
        others.iter().all(|l| l.contains("STATUS_CODE=403")),
        "{others:?}"
    );
}

#[test]
fn a_locked_contact_fails_after_the_ten_second_wait_and_a_later_retry_gets_through() {
    let t = one("crm-ticket", "crm-row-lock", 12);
    let calls = crm_calls(&t);
    let (failed, ok): (Vec<&&Exchange>, Vec<&&Exchange>) = calls
        .iter()
        .partition(|x| x.response.as_ref().unwrap().status == 400);
    assert!(
        !failed.is_empty() && ok.len() == 1,
        "intermittent: fails, then one case"
    );
    for x in &failed {
        assert!(body(x).starts_with(
            "[{\"message\":\"unable to obtain exclusive access to this record or 1 records: 003"
        ));
        assert!(body(x).ends_with("\",\"errorCode\":\"UNABLE_TO_LOCK_ROW\"}]"));
        assert!(x.timings.wait >= 10_000, "the CRM waits for the lock first");
    }
    assert_eq!(ok[0].response.as_ref().unwrap().status, 201);
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; the ticket appeared in the CRM."
    );
    // Held for two hours, the lock outlasts the retries that fall inside it.
    let long = trace(
        "crm-ticket",
        &[FaultSpec::new("crm-row-lock").with("held_s", 7200)],
        12,
    );
    let n = crm_calls(&long)
        .iter()
        .filter(|x| x.response.as_ref().unwrap().status == 400)
        .count();
    assert!(n > failed.len());
}

#[test]
fn a_signed_out_record_page_redirects_to_the_identity_provider_with_a_saml_request() {
    let t = one("crm-lookup", "crm-sso-session-expired", 3);
    let x = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.request.url.contains("/lightning/r/Contact/"))
        .unwrap();
    assert_eq!(x.response.as_ref().unwrap().status, 302);
    let loc = header(x, "Location").unwrap();
    assert!(
        loc.starts_with("https://auth.example.com/app/crm/saml2/sso?SAMLRequest="),
        "{loc}"
    );
    let relay = loc.split("&RelayState=").nth(1).unwrap();
    let page = x.request.url.split("crm.example.net").nth(1).unwrap();
    assert_eq!(relay.replace("%2F", "/"), page);
    // The SAMLRequest is a raw-DEFLATE AuthnRequest (stored blocks), base64, URL-encoded.
    let saml = loc
        .split("SAMLRequest=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let b64 = saml
        .replace("%2B", "+")
        .replace("%2F", "/")
        .replace("%3D", "=");
    use base64::Engine;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(raw[0], 1, "one final stored block");
    let len = u16::from_le_bytes([raw[1], raw[2]]) as usize;
    assert_eq!(!u16::from_le_bytes([raw[3], raw[4]]) as usize, len);
    let xml = std::str::from_utf8(&raw[5..5 + len]).unwrap();
    assert!(xml.starts_with("<samlp:AuthnRequest "), "{xml}");
    // The integration's own lookup was fine; the agent lands on the sign-in page.
    assert_eq!(crm_calls(&t)[0].response.as_ref().unwrap().status, 200);
    assert!(t
        .evidence
        .outcome
        .contains("single sign-on page at auth.example.com"));
}

#[test]
fn a_receiver_that_verifies_a_reserialised_body_logs_a_payload_of_another_size() {
    let t = one("crm-ticket", "webhook-body-reserialized", 5);
    let d = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.to == Layer::Webhook)
        .unwrap();
    assert_eq!(d.response.as_ref().unwrap().status, 401);
    let raw = d.request.body.as_deref().unwrap();
    let line = t
        .evidence
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::WebhookReceiver && l.text.starts_with("signature: mismatch")
        })
        .unwrap();
    // Python's json.dumps puts a space after every ':' and ',' between tokens.
    let v: serde_json::Value = serde_json::from_str(raw).unwrap();
    let spaced = layers::webhook_verify::python_dumps(&v);
    assert!(spaced.starts_with("{\"data\": {\"agentId\": "), "{spaced}");
    assert!(
        line.text.ends_with(&format!(
            "(verified payload {} bytes, Content-Length {})",
            spaced.len(),
            raw.len()
        )),
        "{}",
        line.text
    );
    // The same line, with the platform's own secret out of step, shows equal sizes.
    let m = one("crm-ticket", "webhook-signature-mismatch", 5);
    let l = m
        .evidence
        .logs
        .iter()
        .find(|l| l.text.starts_with("signature: mismatch"))
        .unwrap();
    let n = m
        .evidence
        .exchanges
        .iter()
        .find(|x| x.to == Layer::Webhook)
        .unwrap()
        .request
        .body
        .as_ref()
        .unwrap()
        .len();
    assert!(
        l.text
            .ends_with(&format!("(verified payload {n} bytes, Content-Length {n})")),
        "{}",
        l.text
    );
}
