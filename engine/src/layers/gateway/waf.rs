//! The gateway's web application firewall: ModSecurity v3 with the OWASP Core Rule Set in
//! nginx, in anomaly-scoring mode. It reads the request body in phase 2; each detection rule
//! that matches adds its score and writes a `ModSecurity: Warning.` line (nginx's `info`),
//! and when the rule engine is `On` a score at the threshold ends the request with nginx's own
//! 403 page and an `Access denied with code 403 (phase 2)` line (`error`) carrying the
//! transaction's `unique_id`. With `SecRuleEngine DetectionOnly` it only writes the warnings.

use super::incoming::Incoming;
use super::{Gateway, Stage};
use crate::sim::{Resp, Tb};
use serde_json::Value;
use std::ops::ControlFlow::{Break, Continue};

const RULES: &str = "/etc/nginx/modsec/coreruleset/rules";
const CRS: &str = "OWASP_CRS/3.3.5";
/// `tx.inbound_anomaly_score_threshold`, CRS's default.
const THRESHOLD: u32 = 5;
/// A critical detection's score (`tx.critical_anomaly_score`).
const CRITICAL: u32 = 5;
const TRANSFORMS: &str =
    "t:utf8toUnicode,t:urlDecodeUni,t:htmlEntityDecode,t:jsDecode,t:cssDecode,t:removeNulls";

/// The WAF's mode (`SecRuleEngine`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WafMode {
    /// Rules run and log; nothing is blocked.
    DetectionOnly,
    /// Rules run, log, and a request over the threshold is refused.
    On,
}

/// The first string in a JSON body containing a `<script` tag, as ModSecurity's JSON body
/// processor names it (`json.context.firstMessage`), with its value.
fn script_arg(v: &Value, name: &str) -> Option<(String, String)> {
    match v {
        Value::String(s) if s.to_ascii_lowercase().contains("<script") => {
            Some((name.to_string(), s.clone()))
        }
        Value::Object(o) => o
            .iter()
            .find_map(|(k, v)| script_arg(v, &format!("{name}.{k}"))),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| script_arg(v, &format!("{name}.array_{i}"))),
        _ => None,
    }
}

/// The closing `[hostname] [uri] [unique_id] [ref]` fields of one ModSecurity message.
fn tail(inc: &Incoming, id: &str, reference: &str) -> String {
    format!(
        "[hostname \"{}\"] [uri \"{}\"] [unique_id \"{id}\"] [ref \"{reference}\"]",
        inc.host, inc.path
    )
}

fn tags(attack: &str) -> String {
    let mut t = vec![
        "application-multi",
        "language-multi",
        "platform-multi",
        attack,
    ];
    if attack != "attack-generic" {
        t.extend(["paranoia-level/1", "OWASP_CRS", "capec/1000/152/242"]);
    }
    t.iter()
        .map(|x| format!("[tag \"{x}\"]"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Gateway {
    /// Phase 2: the body's arguments through the XSS rules, then the blocking evaluation.
    pub(super) fn check_waf(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let body = inc.req.body.as_deref().unwrap_or("");
        // No body (every GET): no arguments, and no JSON parser's error built to say so.
        if body.is_empty() {
            return Continue(());
        }
        let Some((arg, value)) = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| script_arg(&v, "json"))
        else {
            return Continue(());
        };
        // ModSecurity v3's unique_id: the transaction's start in seconds and hundredths, a dot and
        // six random digits.
        let now = tb.now_ms();
        let id = format!(
            "{}{:02}.{:06}",
            now / 1000,
            (now % 1000) / 10,
            tb.rng.range(0, 999_999)
        );
        let at = value.to_ascii_lowercase().find("<script").unwrap_or(0);
        let opening = value[at..]
            .find('>')
            .map(|e| &value[at..at + e + 1])
            .unwrap_or(&value[at..]);
        // Where the value sits in the body, for the `[ref]` offsets.
        let v_at = body.find(value.as_str()).unwrap_or(0);
        let xss = format!("{RULES}/REQUEST-941-APPLICATION-ATTACK-XSS.conf");
        inc.err_log(
            tb,
            "info",
            &format!(
                "ModSecurity: Warning. detected XSS using libinjection. [file \"{xss}\"] [line \"55\"] [id \"941100\"] [rev \"\"] [msg \"XSS Attack Detected via libinjection\"] [data \"Matched Data: XSS data found within ARGS:{arg}: {value}\"] [severity \"2\"] [ver \"{CRS}\"] [maturity \"0\"] [accuracy \"0\"] {} {}",
                tags("attack-xss"),
                tail(inc, &id, &format!("v{v_at},{}{TRANSFORMS}", value.len())),
            ),
            None,
        );
        inc.err_log(
            tb,
            "info",
            &format!(
                "ModSecurity: Warning. Matched \"Operator `Rx' with parameter `(?i)<script[^>]*>[\\s\\S]*?' against variable `ARGS:{arg}' (Value: `{value}' ) [file \"{xss}\"] [line \"82\"] [id \"941110\"] [rev \"\"] [msg \"XSS Filter - Category 1: Script Tag Vector\"] [data \"Matched Data: {opening} found within ARGS:{arg}: {value}\"] [severity \"2\"] [ver \"{CRS}\"] [maturity \"0\"] [accuracy \"0\"] {} {}",
                tags("attack-xss"),
                tail(inc, &id, &format!("o{at},{}v{v_at},{}{TRANSFORMS}", opening.len(), value.len())),
            ),
            None,
        );
        let score = 2 * CRITICAL;
        if self.waf != WafMode::On || score < THRESHOLD {
            return Continue(());
        }
        inc.err_log(
            tb,
            "error",
            &format!(
                "ModSecurity: Access denied with code 403 (phase 2). Matched \"Operator `Ge' with parameter `{THRESHOLD}' against variable `TX:ANOMALY_SCORE' (Value: `{score}' ) [file \"{RULES}/REQUEST-949-BLOCKING-EVALUATION.conf\"] [line \"80\"] [id \"949110\"] [rev \"\"] [msg \"Inbound Anomaly Score Exceeded (Total Score: {score})\"] [data \"\"] [severity \"2\"] [ver \"{CRS}\"] [maturity \"0\"] [accuracy \"0\"] {} {}",
                tags("attack-generic"),
                tail(inc, &id, ""),
            ),
            None,
        );
        Break(inc.reply(tb, Resp::nginx(403)))
    }
}
