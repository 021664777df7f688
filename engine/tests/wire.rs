//! What the wire shows: real status lines and headers, correlation ids, HAR files, the browser's
//! CORS errors, partner API keys and the methods RFC 9110 allows.

mod common;

use faultline_engine::*;

#[test]
fn realistic_wire_details() {
    let t = simulate_simple(
        None,
        &[FaultSpec::new("expired-token").with("minutes_ago", 42)],
        1,
    )
    .unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert_eq!(r.status, 401);
    let wa = r
        .headers
        .iter()
        .find(|(k, _)| k == "WWW-Authenticate")
        .unwrap();
    assert!(wa
        .1
        .contains("error=\"invalid_token\", error_description=\"The access token expired\""));
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| k == "Content-Type" && v.starts_with("application/problem+json")));
    let t = simulate_simple(None, &[FaultSpec::new("wrong-method")], 1).unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert_eq!(
        (
            r.status,
            r.headers
                .iter()
                .find(|(k, _)| k == "Allow")
                .map(|x| x.1.as_str())
        ),
        (405, Some("POST, OPTIONS"))
    );
    let t = simulate_simple(None, &[FaultSpec::new("dns-nxdomain")], 1).unwrap();
    assert_eq!(
        t.evidence.outcome,
        "curl: (6) Could not resolve host: api.example.com"
    );
    let t = simulate_simple(None, &[FaultSpec::new("rate-limit-quota")], 1).unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert!(r.headers.iter().any(|(k, _)| k == "Retry-After"));
    let t = simulate_simple(None, &[FaultSpec::new("slow-backend")], 1).unwrap();
    assert!(t.evidence.logs.iter().any(|l| l.text.contains("upstream timed out (110: Connection timed out) while reading response header from upstream")));
    let t = simulate(&RunSpec {
        call: Some(CallSpec {
            method: "HEAD".into(),
            path: "/v2/customers/12345".into(),
        }),
        ..Default::default()
    })
    .unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert!(r.body.is_none() && r.headers.iter().any(|(k, _)| k == "Content-Length"));
    let t = simulate_simple(
        Some("crm-ticket"),
        &[FaultSpec::new("webhook-endpoint-down")],
        1,
    )
    .unwrap();
    assert_eq!(
        t.evidence
            .exchanges
            .iter()
            .filter(|x| x.attempt.is_some())
            .count(),
        8,
        "full retry schedule"
    );
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; no ticket appeared in the CRM."
    );
}

#[test]
fn correlation_id_follows_request_and_noise_has_other_ids() {
    let t = simulate_simple(None, &[FaultSpec::new("database-timeout")], 9).unwrap();
    let ev = &t.evidence;
    assert!(
        ev.correlation.starts_with(&format!("00-{}-", ev.trace_id)) && ev.correlation.len() == 55
    );
    let mine: Vec<_> = ev
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(&ev.trace_id))
        .collect();
    assert!(
        mine.iter().any(|l| l.source == LogSource::Gateway)
            && mine.iter().any(|l| l.source == LogSource::Database)
    );
    assert!(ev
        .logs
        .iter()
        .any(|l| l.trace_id.is_some() && l.trace_id.as_deref() != Some(&ev.trace_id)));
}

#[test]
fn har_is_1_2_with_minus_one_for_skipped_phases() {
    let t = simulate_simple(None, &[FaultSpec::new("dns-nxdomain")], 2).unwrap();
    let h = har(&t.evidence);
    assert_eq!(h["log"]["version"], "1.2");
    assert_eq!(h["log"]["entries"][0]["timings"]["connect"], -1);
    assert_eq!(h["log"]["entries"][0]["response"]["status"], 0);
}

#[test]
fn browser_preflight_and_cors_errors_look_like_chrome() {
    let t = simulate_simple(Some("browser-api-call"), &[], 3).unwrap();
    let pre = &t.evidence.exchanges[0];
    assert_eq!(pre.request.method, "OPTIONS");
    let h = |n: &str| pre.request.headers.iter().any(|(k, _)| k == n);
    assert!(
        h("Origin") && h("Access-Control-Request-Method") && h("Access-Control-Request-Headers")
    );
    let r = pre.response.as_ref().unwrap();
    assert_eq!(r.status, 204);
    for name in [
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers",
        "Access-Control-Max-Age",
    ] {
        assert!(r.headers.iter().any(|(k, _)| k == name), "{name}");
    }
    assert_eq!(
        t.evidence.exchanges[1].response.as_ref().unwrap().status,
        200
    );

    let t = simulate_simple(None, &[FaultSpec::new("cors-origin-not-allowed")], 3).unwrap();
    assert_eq!(t.evidence.flow, "browser-api-call");
    let url = &t.evidence.exchanges[0].request.url;
    assert_eq!(
        t.evidence.outcome,
        format!("Access to fetch at '{url}' from origin 'https://agent.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
    );
    assert_eq!(t.answer.root_cause_layer, Layer::Gateway);
    assert_eq!(solve(&t.evidence).layer, Some(Layer::Gateway));
}

#[test]
fn partner_routes_take_an_api_key() {
    let t = simulate_simple(Some("partner-api-call"), &[], 2).unwrap();
    let x = &t.evidence.exchanges[0];
    assert!(x.request.headers.iter().any(|(k, _)| k == "x-api-key"));
    assert!(!x.request.headers.iter().any(|(k, _)| k == "Authorization"));
    assert_eq!(x.response.as_ref().unwrap().status, 200);
    for (id, detail) in [
        ("missing-api-key", "No API key found in request"),
        ("invalid-api-key", "Invalid authentication credentials"),
    ] {
        let t = simulate_simple(None, &[FaultSpec::new(id)], 2).unwrap();
        let r = t.evidence.exchanges[0].response.clone().unwrap();
        assert_eq!(r.status, 401, "{id}");
        assert!(r.body.unwrap().contains(detail), "{id}");
        assert!(r
            .headers
            .iter()
            .any(|(k, v)| k == "WWW-Authenticate" && v.starts_with("ApiKey ")));
        assert_eq!(solve(&t.evidence).layer, Some(Layer::Auth), "{id}");
    }
}

#[test]
fn chosen_calls_follow_rfc_9110() {
    let cid = simulate_simple(None, &[], 4).unwrap().evidence.exchanges[0]
        .request
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let run = |m: &str, p: &str, faults: Vec<FaultSpec>| {
        let t = simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults,
            seed: 4,
            call: Some(CallSpec {
                method: m.into(),
                path: p.into(),
            }),
            ..RunSpec::default()
        })
        .unwrap();
        let x = t.evidence.exchanges.last().unwrap().clone();
        assert_eq!(x.request.method, m);
        x.response.unwrap()
    };
    let h = |r: &HttpResponse, k: &str| {
        r.headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let item = format!("/v2/customers/{cid}");
    let get = run("GET", &item, vec![]);
    let head = run("HEAD", &item, vec![]);
    assert_eq!((head.status, head.body.as_ref()), (200, None));
    for k in ["Content-Type", "Content-Length", "ETag", "Cache-Control"] {
        assert_eq!(h(&head, k), h(&get, k), "HEAD keeps GET's {k}");
    }
    // PUT replaces the whole record; PATCH changes only what was sent.
    let put = run("PUT", &item, vec![]);
    assert_eq!(put.status, 200);
    assert!(!put.body.as_ref().unwrap().contains("tier"));
    let patch = run("PATCH", &item, vec![]);
    let v: serde_json::Value = serde_json::from_str(patch.body.as_ref().unwrap()).unwrap();
    assert_eq!(
        (patch.status, v["phone"].as_str(), v["email"].as_str()),
        (
            200,
            Some("+15555550143"),
            Some("dana.whitfield@example.com")
        )
    );
    let del = run("DELETE", "/v2/sessions/ses_8f2k1", vec![]);
    assert_eq!((del.status, del.body.as_ref()), (204, None));
    assert_eq!(h(&del, "Content-Length"), None);
    let opt = run("OPTIONS", &item, vec![]);
    assert_eq!(
        (opt.status, h(&opt, "Allow").as_deref()),
        (204, Some("GET, HEAD, PUT, PATCH, DELETE, OPTIONS"))
    );
    // A PUT missing required fields gets the schema's 400, as POST does.
    let bad = run(
        "PUT",
        &item,
        vec![FaultSpec::new("missing-required-field").with("field", "email")],
    );
    assert_eq!(bad.status, 400);
    assert!(bad.body.unwrap().contains("#/email"));
    // With a chosen call, wrong-method keeps it: 405 with every allowed method.
    let wm = run("POST", &item, vec![FaultSpec::new("wrong-method")]);
    assert_eq!(
        (wm.status, h(&wm, "Allow").as_deref()),
        (405, Some("GET, HEAD, PUT, PATCH, DELETE, OPTIONS"))
    );
}

/// A HAR whose tokens are cut keeps the sizes of the messages as they were sent (as Chrome's
/// sanitized export and HAR sanitizers do, and as the `Content-Length` it lists says), and
/// every object whose text was cut says so in its HAR 1.2 `comment`: the text is shorter than
/// its size only there.
#[test]
fn a_har_with_cut_tokens_keeps_the_sizes_as_sent_and_says_what_it_cut() {
    let t = simulate_simple(Some("oauth-token"), &[], 7).unwrap();
    let h = har(&t.evidence);
    let resp = &h["log"]["entries"][0]["response"];
    let content = &resp["content"];
    let text = content["text"].as_str().unwrap();
    assert!(
        text.contains("\"access_token\": \"eyJhbGciOiJSUzI1NiIs\u{2026}\""),
        "{text}"
    );
    let length: i64 = resp["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "Content-Length")
        .and_then(|h| h["value"].as_str()?.parse().ok())
        .unwrap();
    assert_eq!(content["size"].as_i64(), Some(length));
    assert_eq!(resp["bodySize"].as_i64(), Some(length));
    assert!((text.len() as i64) < length);
    assert_eq!(content["comment"], text::CUT_COMMENT);
    // Nothing else in that answer was cut.
    assert!(resp.get("comment").is_none());
    assert!(resp["headers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h.get("comment").is_none()));

    // A bearer token in a request header: that header says so, the others do not.
    let t = simulate_simple(Some("api-call"), &[], 7).unwrap();
    let h = har(&t.evidence);
    for x in h["log"]["entries"][0]["request"]["headers"]
        .as_array()
        .unwrap()
    {
        let cut = x["name"] == "Authorization";
        assert_eq!(x.get("comment").is_some(), cut, "{x}");
        if cut {
            assert_eq!(x["value"], "Bearer eyJhbGciOiJSUzI1NiIs\u{2026}");
        }
    }

    // Every fault on every flow: an answer's text is as long as its size unless it says it was cut.
    for (f, fl) in common::all_cases() {
        let Ok(t) = simulate_simple(Some(&fl), &[FaultSpec::new(&f)], 7) else {
            continue;
        };
        for e in har(&t.evidence)["log"]["entries"].as_array().unwrap() {
            let c = &e["response"]["content"];
            let (Some(text), Some(size)) = (c["text"].as_str(), c["size"].as_i64()) else {
                continue;
            };
            let said = c.get("comment").is_some();
            assert_eq!(
                text.len() as i64 != size,
                said,
                "{f} on {fl}: size {size}, text {} bytes, comment {said}",
                text.len()
            );
        }
    }
}
