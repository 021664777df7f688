//! What the sweep checks of every reproduction (the reporter's client run again).

use faultline_engine::probe::ProbeResult;
use faultline_engine::*;

/// A line of curl's wire trace (`> ` request, `< ` response), which only libcurl prints:
/// curl -v, and PHP's curl under Guzzle's `debug`. A DevTools console's input line
/// (`> await fetch(…)`) is the console's own prompt.
fn curl_wire_line(l: &str) -> bool {
    l.starts_with("< ")
        || l == "<"
        || l == ">"
        || (l.starts_with("> ") && !l.starts_with("> await "))
}

/// The reproduction prints what the ticket quotes first, then the run again in the runtime's
/// own format: curl's wire lines only where libcurl prints them, the simulator's own exchange
/// rendering nowhere, and the same status and times as the trace. A fault that fails only now
/// and then (`intermittent`) meets the runs made again only some of the time: they are runs of
/// their own, one of them failing the trace's way and one getting through.
pub fn check_reproduction(ev: &Evidence, r: &ProbeResult, intermittent: bool) -> Vec<String> {
    let mut bad = vec![];
    if !r.output.starts_with(ev.outcome.trim_end()) {
        bad.push("the reproduction does not print what the ticket quotes".into());
    }
    let kind = ev.client.kind.as_str();
    let libcurl = kind == "curl" || kind == "php";
    let wire: Vec<&str> = r.output.lines().filter(|l| curl_wire_line(l)).collect();
    if !libcurl && !wire.is_empty() {
        bad.push(format!(
            "a {kind} run prints curl's wire lines: {:?}",
            &wire[..wire.len().min(3)]
        ));
    }
    for tell in ["-- exchange ", "timings ms:"] {
        if r.output.contains(tell) {
            bad.push(format!(
                "the reproduction prints the simulator's own rendering ({tell})"
            ));
        }
    }
    if intermittent {
        let again = &r.output[ev.outcome.trim_end().len().min(r.output.len())..];
        let statuses: Vec<u16> = ev
            .exchanges
            .iter()
            .filter(|x| x.from == Layer::Client)
            .filter_map(|x| x.response.as_ref().map(|r| r.status))
            .collect();
        if !statuses.iter().any(|s| again.contains(&s.to_string())) {
            bad.push(format!(
                "no run made again fails as the trace's did ({statuses:?})"
            ));
        }
        if !["200", "201", "204"].iter().any(|s| again.contains(s)) {
            bad.push("no run made again gets through".into());
        }
        return bad;
    }
    for x in ev.exchanges.iter().filter(|x| x.from == Layer::Client) {
        if let (true, Some(resp)) = (libcurl, &x.response) {
            let line = format!("< {} {} {}", resp.http_version, resp.status, resp.reason);
            if !r.output.lines().any(|l| l == line) {
                bad.push(format!("libcurl's trace lacks the status line {line:?}"));
            }
        }
        if let (true, Some(ip)) = (libcurl && x.response.is_some(), &x.server_ip) {
            if !r.output.contains(&format!("({ip}) port")) {
                bad.push(format!(
                    "libcurl's trace does not connect to the trace's {ip}"
                ));
            }
        }
    }
    bad
}
