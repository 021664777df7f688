//! The closing diagnosis statement, in the form a senior engineer writes it for a ticket.

use faultline_engine::{Answer, Evidence, Level};

/// Path and query of an absolute URL.
pub fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
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
            ex.started_at
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
}
