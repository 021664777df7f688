//! Counterfactuals: for a sample of faults across layers, edit the evidence that decides the
//! case away (or flip it: the signing secret is unchanged, the subscription URL is right, the
//! certificate's dates are valid) and check the solver no longer gives the same answer. A
//! solver that still answers right has not read that evidence.

use faultline_engine::*;

fn run(flow: &str, fault: FaultSpec, seed: u64) -> Trace {
    simulate_simple(Some(flow), &[fault], seed).unwrap()
}

/// Applies `edit`, checks it changed the evidence, and returns the verdicts before and after.
fn before_after(t: &Trace, edit: impl Fn(&mut Evidence)) -> (Verdict, Verdict) {
    let mut ev = t.evidence.clone();
    edit(&mut ev);
    assert_ne!(
        ev, t.evidence,
        "{}: the edit changed nothing",
        t.answer.fault_id
    );
    (solve(&t.evidence), solve(&ev))
}

/// The solver gets the original right (layer and cause), and the edited one not: another
/// layer, or ambiguous.
fn assert_counterfactual(t: &Trace, edit: impl Fn(&mut Evidence)) -> Verdict {
    let (was, now) = before_after(t, edit);
    let id = &t.answer.fault_id;
    assert_eq!(
        was.layer,
        Some(t.answer.root_cause_layer),
        "{id}: {:?}",
        was.reasons
    );
    assert_eq!(was.cause.as_deref(), Some(id.as_str()), "{id}");
    assert!(
        now.ambiguous || now.layer != was.layer,
        "{id}: the solver still says {:?} without the deciding evidence: {:?}",
        now.layer,
        now.reasons
    );
    assert_ne!(
        now.cause, was.cause,
        "{id}: same cause without its evidence"
    );
    now
}

fn edit_artifact(ev: &mut Evidence, title_has: &str, f: impl Fn(&str) -> String) {
    let a = ev
        .artifacts
        .iter_mut()
        .find(|a| a.title.contains(title_has))
        .unwrap_or_else(|| panic!("no artefact titled …{title_has}…"));
    a.body = f(&a.body);
}

fn drop_logs(ev: &mut Evidence, f: impl Fn(&LogLine) -> bool) {
    ev.logs.retain(|l| !f(l));
}

/// Replaces the rest of each line that starts with `key` (after trimming).
fn set_line(body: &str, key: &str, value: &str) -> String {
    body.lines()
        .map(|l| {
            if l.trim_start().starts_with(key) {
                let indent = &l[..l.len() - l.trim_start().len()];
                format!("{indent}{key}{value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tls_certificate_dates_valid_leaves_an_expiry_error_unexplained() {
    for flow in ["api-call", "oauth-token", "live-chat"] {
        let t = run(flow, FaultSpec::new("cert-expired"), 4);
        let now = assert_counterfactual(&t, |ev| {
            edit_artifact(ev, "Certificate served by", |b| {
                set_line(b, "notAfter=", "Dec 31 23:59:59 2099 GMT")
            })
        });
        assert!(now.ambiguous, "{flow}: {:?}", now.reasons);
    }
}

#[test]
fn tls_self_signed_needs_the_issuer_to_be_the_subject() {
    let t = run("api-call", FaultSpec::new("cert-self-signed"), 2);
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Certificate served by", |b| {
            // A CA-issued leaf sent with its intermediate, as `-showcerts` prints a full chain.
            set_line(b, "issuer=CN = ", "Example Trust RSA CA 2025").replace(
                "   i:CN = api.example.com\n",
                "   i:CN = Example Trust RSA CA 2025\n 1 s:CN = Example Trust RSA CA 2025\n   i:CN = Example Trust Root CA\n",
            )
        })
    });
}

#[test]
fn integration_signature_mismatch_needs_the_regenerated_secret() {
    let t = run(
        "crm-ticket",
        FaultSpec::new("webhook-signature-mismatch"),
        5,
    );
    let now = assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Integration settings", |b| {
            b.lines()
                .map(|l| {
                    if l.contains("signing secret regenerated:") {
                        "  signing secret: unchanged since creation".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    assert!(now.ambiguous && now.layer.is_none(), "{:?}", now.reasons);
}

#[test]
fn integration_wrong_url_needs_the_runbook_to_disagree() {
    for part in ["path", "host"] {
        let t = run(
            "crm-ticket",
            FaultSpec::new("webhook-wrong-url").with("part", part),
            6,
        );
        let sent = t
            .evidence
            .exchanges
            .iter()
            .find(|x| x.to == Layer::Webhook)
            .unwrap()
            .request
            .url
            .clone();
        // The runbook now documents exactly the URL the subscription posts to.
        assert_counterfactual(&t, |ev| {
            edit_artifact(ev, "Receiver endpoint", |b| {
                let rest: Vec<&str> = b.lines().skip(1).collect();
                format!("POST {sent}\n{}", rest.join("\n"))
            })
        });
    }
}

#[test]
fn integration_event_filter_needs_the_subscription_to_miss_the_event() {
    let t = run(
        "crm-ticket",
        FaultSpec::new("webhook-event-not-generated"),
        3,
    );
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Integration settings", |b| {
            set_line(b, "events: ", "chat.ended")
        })
    });
}

#[test]
fn integration_mapping_needs_the_config_to_name_the_rejected_field() {
    for flow in ["crm-lookup", "crm-ticket"] {
        let t = run(flow, FaultSpec::new("crm-field-mapping"), 3);
        assert_counterfactual(&t, |ev| {
            edit_artifact(ev, "Integration settings", |b| {
                b.replace("Customer_Id__c", "ExternalId__c")
                    .replace("-> Case_Subject", "-> Subject")
            })
        });
    }
}

#[test]
fn integration_screen_pop_without_id_needs_the_workflow_setting() {
    let t = run("crm-lookup", FaultSpec::new("screen-pop-missing-id"), 3);
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Integration settings", |b| {
            set_line(b, "save lookup result as contact.Id: ", "yes")
        })
    });
}

#[test]
fn auth_expired_token_needs_exp_in_the_past() {
    let t = run(
        "api-call",
        FaultSpec::new("expired-token").with("minutes_ago", 42),
        1,
    );
    let now = assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Access token", |b| {
            set_line(b, "exp: ", "2099-01-01T00:00:00Z (in the future)")
        })
    });
    assert!(now.ambiguous, "{:?}", now.reasons);
}

#[test]
fn auth_missing_header_is_refuted_by_a_bearer_header() {
    let t = run("api-call", FaultSpec::new("missing-auth-header"), 1);
    assert_counterfactual(&t, |ev| {
        ev.exchanges[0]
            .request
            .headers
            .push(("Authorization".into(), "Bearer eyJhbGciOi.e30.sig".into()));
    });
}

#[test]
fn client_wrong_environment_needs_the_audience_to_differ_from_the_host() {
    let t = run("api-call", FaultSpec::new("wrong-environment"), 1);
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "Access token", |b| {
            b.replace(
                "\"aud\":\"https://api.example.com\"",
                "\"aud\":\"https://api.sandbox.example.com\"",
            )
        })
    });
}

#[test]
fn client_loop_without_its_traffic_is_the_quota() {
    let t = run("api-call", FaultSpec::new("request-loop"), 2);
    let now = assert_counterfactual(&t, |ev| {
        let id = ev.trace_id.clone();
        drop_logs(ev, |l| {
            l.source == LogSource::Gateway && l.trace_id.as_deref() != Some(id.as_str())
        })
    });
    assert_eq!(now.layer, Some(Layer::Gateway), "{:?}", now.reasons);
}

#[test]
fn client_content_length_needs_the_numbers_to_disagree() {
    let t = run("api-call", FaultSpec::new("content-length-mismatch"), 1);
    assert_counterfactual(&t, |ev| {
        let x = &mut ev.exchanges[0];
        let n = x.request.body.as_ref().map(|b| b.len()).unwrap_or(0);
        for (k, v) in x.request.headers.iter_mut() {
            if k.eq_ignore_ascii_case("content-length") {
                *v = n.to_string();
            }
        }
    });
}

#[test]
fn network_timeout_without_the_firewall_drop_is_open() {
    let t = run("api-call", FaultSpec::new("firewall-block"), 1);
    let now = assert_counterfactual(&t, |ev| drop_logs(ev, |l| l.source == LogSource::Firewall));
    assert!(now.ambiguous, "{:?}", now.reasons);
}

#[test]
fn dns_stale_record_needs_the_answers_to_differ() {
    let t = run("api-call", FaultSpec::new("dns-stale-record"), 1);
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "dig ", |b| b.replace("192.0.2.10", "198.51.100.20"))
    });
}

#[test]
fn gateway_allowlist_needs_its_error_line() {
    let t = run("api-call", FaultSpec::new("ip-not-allowlisted"), 1);
    assert_counterfactual(&t, |ev| {
        drop_logs(ev, |l| l.text.contains("access forbidden by rule"))
    });
}

#[test]
fn gateway_cors_needs_the_origin_missing_from_the_policy() {
    let t = run(
        "browser-api-call",
        FaultSpec::new("cors-origin-not-allowed"),
        3,
    );
    assert_counterfactual(&t, |ev| {
        edit_artifact(ev, "CORS policy", |b| {
            set_line(
                b,
                "allowed origins: ",
                "https://app.example.com, https://agent.example.com",
            )
        })
    });
}

#[test]
fn gateway_idle_timeout_needs_the_load_balancers_line() {
    let t = run("live-chat", FaultSpec::new("ws-idle-timeout"), 5);
    assert_counterfactual(&t, |ev| {
        drop_logs(ev, |l| l.source == LogSource::LoadBalancer)
    });
}

#[test]
fn backend_502_needs_the_gateways_upstream_error() {
    let t = run("api-call", FaultSpec::new("upstream-down"), 1);
    assert_counterfactual(&t, |ev| {
        drop_logs(ev, |l| {
            l.source == LogSource::Gateway && l.text.contains("[error]")
        });
        // Without its own page either, a 502 says nothing about who failed.
        if let Some(r) = ev.exchanges[0].response.as_mut() {
            r.headers.retain(|(k, _)| k != "Server");
        }
    });
}

#[test]
fn database_needs_the_services_log_to_blame_it() {
    let t = run("api-call", FaultSpec::new("database-timeout"), 1);
    assert_counterfactual(&t, |ev| {
        drop_logs(ev, |l| {
            l.source == LogSource::Database
                || (l.source == LogSource::App && l.text.contains("database"))
        })
    });
}

#[test]
fn a_pool_exhaustion_needs_the_services_pool_timeout_line() {
    let t = run("api-call", FaultSpec::new("db-pool-exhausted"), 2);
    assert_counterfactual(&t, |ev| {
        drop_logs(ev, |l| {
            l.source == LogSource::App && l.text.contains("timeout exceeded when trying to connect")
        })
    });
}

#[test]
fn a_tie_between_two_supported_layers_is_contested() {
    // A stale DNS answer, and a firewall that also drops traffic to the stale address: each is
    // enough alone, so neither layer is the single root cause.
    let t = run("api-call", FaultSpec::new("dns-stale-record"), 1);
    let mut ev = t.evidence.clone();
    let ip = ev.exchanges[0].server_ip.clone().unwrap();
    let mut line = ev.logs[0].clone();
    line.source = LogSource::Firewall;
    line.text = format!("action=drop rule=\"deny-egress-unlisted\" proto=tcp src=10.20.0.15:40000 dst={ip}:443 dir=egress");
    ev.logs.push(line);
    let v = solve(&ev);
    assert!(v.ambiguous && v.layer.is_none());
    assert_eq!(v.contested, vec![Layer::Dns, Layer::Network]);
    let mut tied = t.clone();
    tied.evidence = ev;
    assert!(matches!(
        solvability::judge(&tied),
        solvability::Judgement::Contradicts(_)
    ));
}

#[test]
fn an_unsettled_replay_is_a_warning_not_an_error() {
    // One millisecond of latency: nothing the evidence can show.
    let t = run(
        "api-call",
        FaultSpec::new("network-latency").with("one_way_ms", 1),
        3,
    );
    let v = solve(&t.evidence);
    assert!(v.ambiguous && v.contested.is_empty(), "{:?}", v.reasons);
    match solvability::judge(&t) {
        solvability::Judgement::Unsettled(m) => assert!(m.contains("no hop failed"), "{m}"),
        other => panic!("{other:?}"),
    }
}
