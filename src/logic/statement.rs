//! The closing diagnosis statement, in the form a senior engineer writes it for a ticket.

use faultline_engine::{Answer, Evidence, Level};

use super::time::{iso_from_ms, parse_iso_ms};

/// `s` ending with one full stop: labels that are sentences already have theirs.
pub fn sentence(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(['.', '!', '?', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Path and query of an absolute URL.
pub fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// When the response (or the client's error) arrived: the request's start plus the exchange's
/// total time. Falls back to the start when the timestamp cannot be read.
pub fn arrived_at(ex: &faultline_engine::Exchange) -> String {
    parse_iso_ms(&ex.started_at).map_or_else(
        || ex.started_at.clone(),
        |start| iso_from_ms(start + ex.timings.total()),
    )
}

pub fn write(evidence: &Evidence, answer: &Answer) -> String {
    let exchange = answer
        .failing_exchange
        .and_then(|i| evidence.exchanges.get(i))
        .or_else(|| evidence.exchanges.last());
    let mut out = String::new();
    if let Some(ex) = exchange {
        let seen = match (&ex.response, &ex.client_error) {
            (Some(resp), _) => format!("{} {}", resp.status, resp.reason),
            (None, Some(err)) => format!("no HTTP response ({err})"),
            (None, None) => "no HTTP response".to_string(),
        };
        out.push_str(&format!(
            "{} {} returned {} at {}.",
            ex.request.method,
            path_of(&ex.request.url),
            seen,
            arrived_at(ex)
        ));
    } else {
        out.push_str(&format!(
            "{} (started {}).",
            evidence.outcome, evidence.started_at
        ));
    }
    out.push_str(&format!(
        " Root cause: {} layer. {}",
        answer.root_cause_layer.label(),
        answer.diagnosis
    ));
    let traced =
        |l: &&faultline_engine::LogLine| l.trace_id.as_deref() == Some(evidence.trace_id.as_str());
    let line = evidence
        .logs
        .iter()
        .filter(traced)
        .find(|l| l.level >= Level::Warn)
        .or_else(|| evidence.logs.iter().find(traced));
    out.push_str(&format!(" Evidence: traceparent {}", evidence.correlation));
    if let Some(line) = line {
        out.push_str(&format!(
            "; {} {} \"{}\"",
            line.ts,
            line.source.id(),
            line.text
        ));
    }
    out.push_str(&format!(
        ". Next: {} Owner: {}.",
        answer.next_action, answer.owner
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::route::home_puzzle;

    #[test]
    fn statement_names_request_status_evidence_and_next_step() {
        let p = home_puzzle();
        let text = write(&p.view.evidence, &p.answer);
        assert!(text.contains(&p.view.evidence.correlation));
        assert!(text.contains(&p.answer.next_action));
        assert!(text.contains(p.answer.root_cause_layer.label()));
        assert_eq!(path_of("https://h.example/v2/x?y=1"), "/v2/x?y=1");
        assert_eq!(path_of("https://h.example"), "/");
    }

    #[test]
    fn statement_time_is_when_the_response_arrived() {
        let p = home_puzzle();
        let ev = &p.view.evidence;
        let i = p
            .answer
            .failing_exchange
            .expect("the home puzzle fails on an exchange");
        let ex = &ev.exchanges[i];
        let text = write(ev, &p.answer);
        let start = parse_iso_ms(&ex.started_at).unwrap();
        let arrived = iso_from_ms(start + ex.timings.total());
        assert!(ex.timings.total() > 0);
        assert!(text.contains(&format!(" at {arrived}.")), "{text}");
        assert!(!text.contains(&format!(" at {}.", ex.started_at)), "{text}");
        // The status arrives after the log line the statement cites, not before it.
        let cited = text
            .split("; ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap();
        let (cited, arrived) = (
            parse_iso_ms(cited).unwrap(),
            parse_iso_ms(&arrived).unwrap(),
        );
        assert!(cited <= arrived && arrived - cited < 1_000, "{text}");
    }

    #[test]
    fn iso_from_ms_keeps_milliseconds() {
        assert_eq!(
            iso_from_ms(parse_iso_ms("2026-03-14T10:02:13.093Z").unwrap()),
            "2026-03-14T10:02:13.093Z"
        );
        assert_eq!(
            iso_from_ms(parse_iso_ms("2026-03-14T10:02:13Z").unwrap()),
            "2026-03-14T10:02:13.000Z"
        );
    }
}
