//! A script that imports an export from the API's first answer: whatever the status, it takes
//! the rows from that body. A 202 Accepted only describes the queued job (RFC 9110 §15.3.3),
//! so the script imports nothing and its status resource is never asked.

use crate::layers::Outcome;
use crate::model::*;
use crate::sim::Tb;
use crate::world::World;

/// The script's own line after the status it printed, and where its import went wrong: the
/// rows it found in a 2xx body (`rows`, none when the body has no such array).
pub(super) fn imported(w: &World, tb: &mut Tb, out: &Outcome, outcome: String) -> String {
    let Some(r) = out
        .resp
        .as_ref()
        .filter(|r| w.client.reads_accepted_as_result && (200..300).contains(&r.status))
    else {
        return outcome;
    };
    let rows = r
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .and_then(|v| v["rows"].as_array().map(|a| a.len()))
        .unwrap_or(0);
    if r.status == 202 {
        let from = tb.exchanges[out.ex].to;
        let e = tb.ev_ex(
            from,
            Layer::Client,
            EventKind::Error,
            format!("The script reads {rows} rows from the 202 Accepted body and stops"),
            out.ex,
            Some(202),
        );
        tb.fail(e, Layer::Client);
    }
    format!("{outcome}\nImported {rows} chats")
}
