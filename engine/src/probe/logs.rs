//! Which probe shows which piece of evidence (log sources, artefacts, exchanges), and the log
//! searches: the platform's log store (Grafana Loki) queried with `logcli` for the sources'
//! lines in the minutes around the request, printed as logcli prints them (time, labels, line);
//! the traced request's lines carry its `trace_id` label. The other lines matter too: a client's
//! loop shows as many requests with other trace ids. What lives outside the log store (a
//! delivery history, a settings page, a runbook) follows under its title.

use super::{Fact, Investigation, Probe};
use crate::model::*;

pub(super) const TEMPLATE: &str =
    "logcli query --forward --from=… --to=… '{source=~\"…\"}'   # then look for {trace_id}";

/// The log sources a log probe searches.
pub(super) fn sources(p: Probe) -> &'static [LogSource] {
    use LogSource::*;
    match p {
        Probe::Reproduce => &[Client],
        Probe::NetworkLog => &[Resolver, Firewall, Proxy],
        Probe::CdnLog => &[Edge],
        Probe::GatewayLog => &[LoadBalancer, Gateway],
        Probe::AuthLog => &[Auth],
        Probe::AppLog => &[App, Realtime],
        Probe::DatabaseLog => &[Database],
        Probe::IntegrationSettings => &[Integration],
        Probe::CrmEventLog => &[Crm],
        Probe::WebhookDeliveryLog => &[WebhookDelivery],
        Probe::ReceiverLog => &[WebhookReceiver],
        _ => &[],
    }
}

/// The probe that shows an artefact of the trace; `None` for one no probe shows (a test keeps
/// every artefact the engine makes reachable).
pub fn artifact_probe(a: &Artifact) -> Option<Probe> {
    let t = a.title.as_str();
    Some(match a.kind.as_str() {
        "jwt" => Probe::DecodeToken,
        "dns" => Probe::DigClient,
        "certificate" if t.starts_with("Origin certificate") => Probe::CdnLog,
        "certificate" => Probe::OpensslShowcerts,
        "event-log" => Probe::CrmEventLog,
        "delivery-log" => Probe::WebhookDeliveryLog,
        // The file the reporter's client sends as its body, as its owner can dump it.
        "screen-pop" | "browser" | "file" => Probe::Reproduce,
        "changelog" => Probe::StatusPage,
        "db-query" => Probe::DatabaseLog,
        "trust-store" => Probe::TrustStore,
        "system-log" => Probe::AuthLog,
        "config" if t.starts_with("Receiver") => Probe::ReceiverLog,
        "config" if t.starts_with("Integration settings") => Probe::IntegrationSettings,
        "config" if t.starts_with("CDN settings") => Probe::CdnLog,
        "config" if t.starts_with("Gateway CORS policy") => Probe::GatewayLog,
        _ => return None,
    })
}

/// The probe that shows an exchange whole: the reporter's own calls are seen by reproducing
/// them; a webhook delivery is in the delivery log; a server's call to the CRM is in the calling
/// side's own log (the integration's call log, the receiver team's), since the CRM's event log
/// keeps only a line per call.
pub fn exchange_probe(x: &Exchange) -> Probe {
    match (x.from, x.to) {
        (Layer::Client, _) => Probe::Reproduce,
        (_, Layer::Webhook) => Probe::WebhookDeliveryLog,
        (Layer::Webhook, _) => Probe::ReceiverLog,
        (Layer::Integration, _) => Probe::IntegrationSettings,
        _ => Probe::GatewayLog,
    }
}

/// The lines of `p`'s sources, as logcli prints them.
pub(super) fn lines(ev: &Evidence, p: Probe) -> Vec<String> {
    let srcs = sources(p);
    ev.logs
        .iter()
        .filter(|l| srcs.contains(&l.source))
        .map(|l| match &l.trace_id {
            Some(t) => format!(
                "{} {{source=\"{}\", trace_id=\"{t}\"}} {}",
                l.ts,
                l.source.id(),
                l.text
            ),
            None => format!("{} {{source=\"{}\"}} {}", l.ts, l.source.id(), l.text),
        })
        .collect()
}

/// The facts `p` reveals beside its own output: its sources' lines (when there are any), the artefacts and exchanges it is the window on.
pub(super) fn shown(ev: &Evidence, p: Probe) -> Vec<Fact> {
    let mut facts = vec![];
    for &s in sources(p) {
        if ev.logs.iter().any(|l| l.source == s) {
            facts.push(Fact::Logs { source: s });
        }
    }
    for (i, a) in ev.artifacts.iter().enumerate() {
        if artifact_probe(a) == Some(p) {
            facts.push(Fact::Artifact { index: i });
        }
    }
    for (i, x) in ev.exchanges.iter().enumerate() {
        if exchange_probe(x) == p {
            facts.push(Fact::Exchange { index: i });
        }
    }
    facts
}

/// The artefacts and exchanges `p` shows, rendered after its log lines.
pub(super) fn attachments(ev: &Evidence, p: Probe) -> String {
    let mut s = String::new();
    for a in ev.artifacts.iter().filter(|a| artifact_probe(a) == Some(p)) {
        s.push_str(&format!("\n-- {} --\n{}\n", a.title, a.body.trim_end()));
    }
    for (i, x) in ev.exchanges.iter().enumerate() {
        if exchange_probe(x) == p {
            s.push('\n');
            s.push_str(crate::text::render_exchange(i, x).trim_end());
            s.push('\n');
        }
    }
    s
}

/// A log probe: the logcli query of its sources from a minute before the request to now, then
/// what it shows beside.
pub(super) fn search(inv: &Investigation, p: Probe) -> (String, String, Vec<Fact>) {
    let ev = inv.evidence();
    let ids: Vec<&str> = sources(p).iter().map(|s| s.id()).collect();
    let from = crate::util::parse_iso_ms(&ev.started_at).unwrap_or(0) - 60_000;
    let command = format!(
        "logcli query --forward --from=\"{}\" --to=\"{}\" '{{source=~\"{}\"}}'",
        crate::util::iso_s(from),
        crate::util::iso_s(inv.now_ms + 1000),
        ids.join("|"),
    );
    let mut out: String = lines(ev, p).into_iter().map(|l| l + "\n").collect();
    out.push_str(&attachments(ev, p));
    (command, out, shown(ev, p))
}
