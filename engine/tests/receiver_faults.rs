//! Issue 15's receiver-side webhook faults, read the way an engineer reads the trace: a receiver
//! whose service still holds the signing secret it read before a rotation (the look-alike of the
//! platform's unannounced regeneration), and a receiver whose clock drifted past the Standard
//! Webhooks tolerance.

mod common;

use faultline_engine::*;

fn one(fault: &str, seed: u64) -> Trace {
    simulate_simple(Some("crm-ticket"), &[FaultSpec::new(fault)], seed).unwrap()
}

fn deliveries(t: &Trace) -> Vec<&Exchange> {
    t.evidence
        .exchanges
        .iter()
        .filter(|x| x.to == Layer::Webhook)
        .collect()
}

fn artifact<'a>(t: &'a Trace, title: &str) -> &'a str {
    &t.evidence
        .artifacts
        .iter()
        .find(|a| a.title.starts_with(title))
        .unwrap_or_else(|| panic!("no artifact {title}"))
        .body
}

/// The value after `key` on the line that has it.
fn line_after<'a>(body: &'a str, key: &str) -> &'a str {
    body.lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in {body}"))
        .trim()
}

/// `Active: active (running) since Mon 2026-11-23 08:14:02 UTC; 3 days ago` → ISO.
fn service_started(body: &str) -> String {
    let since = line_after(body, "Active: active (running) since ");
    let p: Vec<&str> = since.split(' ').collect();
    format!("{}T{}Z", p[1], p[2])
}

fn secret_changed(body: &str) -> String {
    let l = body
        .lines()
        .skip_while(|l| !l.contains("describe-secret"))
        .nth(1)
        .unwrap();
    assert!(l.ends_with("000+00:00"), "the AWS CLI's ISO 8601: {l}");
    format!("{}Z", &l[..19])
}

#[test]
fn a_stale_secret_is_told_from_an_unannounced_regeneration_by_the_receivers_secret_store() {
    for seed in [1, 2, 3, 7] {
        let stale = one("webhook-receiver-stale-secret", seed);
        let regen = one("webhook-signature-mismatch", seed);
        for t in [&stale, &regen] {
            // The same symptom: every attempt is refused as badly signed, no ticket.
            let ds = deliveries(t);
            assert!(ds.len() > 1);
            for d in ds {
                let r = d.response.as_ref().unwrap();
                assert_eq!(r.status, 401);
                assert!(r.body.as_deref().unwrap().contains("invalid_signature"));
            }
            assert_eq!(
                t.evidence.outcome,
                "Chat ended; no ticket appeared in the CRM."
            );
            let s = t.answer.webhook_secrets.clone().unwrap();
            assert_ne!(s.signing, s.receiver);
        }
        // Both platforms say the secret was regenerated.
        let rotated = |t: &Trace| {
            line_after(
                artifact(t, "Integration settings"),
                "signing secret regenerated:",
            )
            .to_string()
        };
        // The receiver's store got the new secret after the rotation; the service started
        // before that and reads the secret only at start.
        let svc = artifact(&stale, "Receiver service");
        assert!(svc.contains(
            "ExecStartPre=/opt/hooks/bin/fetch-secret hooks/faultline-signing-secret (code=exited, status=0/SUCCESS)"
        ));
        assert!(secret_changed(svc) > rotated(&stale), "{svc}");
        assert!(service_started(svc) < secret_changed(svc), "{svc}");
        // Unannounced: the receiver's store never changed since long before the rotation.
        let svc = artifact(&regen, "Receiver service");
        assert!(secret_changed(svc) < rotated(&regen), "{svc}");
        assert!(secret_changed(svc) < service_started(svc), "{svc}");

        let case = format!("seed {seed}");
        common::assert_solved(
            &stale.evidence,
            Layer::Webhook,
            "webhook-receiver-stale-secret",
            &case,
        );
        common::assert_solved(
            &regen.evidence,
            Layer::Integration,
            "webhook-signature-mismatch",
            &case,
        );
    }
}

#[test]
fn a_healthy_receiver_runs_with_what_its_store_holds() {
    let t = simulate_simple(Some("crm-ticket"), &[], 4).unwrap();
    let svc = artifact(&t, "Receiver service");
    assert!(svc.starts_with("$ systemctl status faultline-hooks --no-pager --lines=0\n● faultline-hooks.service - Faultline webhook receiver\n"));
    assert!(secret_changed(svc) < service_started(svc));
    let active = line_after(svc, "Active:");
    assert!(active.ends_with(" days ago"), "{active}");
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; the ticket appeared in the CRM."
    );
}

#[test]
fn a_receiver_clock_ahead_refuses_every_timestamp_as_too_old() {
    for (seed, ahead) in [(1, 900), (5, 301), (9, 86_400)] {
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("webhook-timestamp-skew").with("clock_ahead_s", ahead)],
            seed,
        )
        .unwrap();
        let ds = deliveries(&t);
        assert!(ds.len() > 1, "every retry is refused the same way");
        for d in &ds {
            let r = d.response.as_ref().unwrap();
            assert_eq!(r.status, 401);
            let b: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
            assert_eq!(b["error"], "invalid_timestamp");
            assert_eq!(b["message"], "Message timestamp too old");
            // The platform stamps each attempt as it sends it.
            let ts: i64 = d
                .request
                .headers
                .iter()
                .find(|(k, _)| k == "webhook-timestamp")
                .unwrap()
                .1
                .parse()
                .unwrap();
            let sent = util::parse_iso_ms(&d.started_at).unwrap() / 1000;
            assert!((sent - ts).abs() <= 1);
        }
        let lines: Vec<&str> = t
            .evidence
            .logs
            .iter()
            .filter(|l| l.source == LogSource::WebhookReceiver)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(lines.len(), ds.len(), "{lines:?}");
        for l in &lines {
            assert!(
                l.contains(
                    ": WebhookVerificationError: Message timestamp too old (webhook-timestamp "
                ),
                "{l}"
            );
            assert!(l.ends_with(", tolerance 300 s)"), "{l}");
            // Its server time runs `ahead` seconds past the stamp (give or take the transit).
            let server = l.split("server time ").nth(1).unwrap();
            let server = util::parse_iso_ms(&server[..20]).unwrap() / 1000;
            let ts: i64 = l.split("webhook-timestamp ").nth(1).unwrap()[..10]
                .parse()
                .unwrap();
            assert!((server - ts - ahead).abs() <= 1, "{l}");
        }
        // No signature was checked, and no CRM call made.
        assert!(!t
            .evidence
            .logs
            .iter()
            .any(|l| l.text.contains("signature: mismatch")));
        assert!(!t.evidence.exchanges.iter().any(|x| x.to == Layer::Crm));
        assert_eq!(
            t.evidence.outcome,
            "Chat ended; no ticket appeared in the CRM."
        );
        let s = t.answer.webhook_secrets.clone().unwrap();
        assert_eq!(
            s.signing, s.receiver,
            "the secrets agree: only the clock is off"
        );
        common::assert_solved(
            &t.evidence,
            Layer::Webhook,
            "webhook-timestamp-skew",
            &format!("{ahead} s ahead"),
        );
    }
}
