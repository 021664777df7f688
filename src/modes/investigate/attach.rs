//! What each "evidence to attach" item of a scenario asks of the learner's pinned lines. An item
//! is free text ("auth log line", "401 with WWW-Authenticate", "trace id 13ecb…"); [`need`] reads
//! it by explicit rules, never by likeness: the item's words name the check that prints such a
//! line (the `SOURCES` table), and the literal things it names (a trace id, a time, a status, a
//! header, an error code, a quoted phrase) must stand in a pinned line. An item no rule reads is
//! `None`, and a test over every shipped pack fails on it, so a new wording needs its rule here.

use faultline_engine::probe::Probe;
use Probe::*;

/// One pinned line an item asks for: printed by one of `from` (any check when empty) and, when
/// given, holding `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub from: &'static [Probe],
    pub text: Option<Needle>,
}

/// What a pinned line must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Needle {
    /// These characters, letter case aside.
    Literal(String),
    /// An HTTP status as a word of its own (`401`, `status=401`, not `12:40:14.401`).
    Status(u16),
    /// A time of day, `HH:MM:SS` (logs print ISO times, responses HTTP dates).
    Time(String),
    /// Nothing to pin: the item is the check's silence ("empty database log"), so running the
    /// check is what counts.
    Nothing,
}

impl Needle {
    pub fn found_in(&self, line: &str) -> bool {
        match self {
            Needle::Literal(s) => line.to_lowercase().contains(&s.to_lowercase()),
            Needle::Time(t) => line.contains(t.as_str()),
            Needle::Nothing => false,
            Needle::Status(code) => {
                let code = code.to_string();
                let b = line.as_bytes();
                line.match_indices(&code).any(|(i, _)| {
                    let before = i.checked_sub(1).map(|j| b[j]);
                    let after = b.get(i + code.len()).copied();
                    let sep = |c: Option<u8>, extra: &[u8]| {
                        c.is_none_or(|c| c.is_ascii_whitespace() || extra.contains(&c))
                    };
                    sep(before, b"=\"'(:[") && sep(after, b",;)\"'.]")
                })
            }
        }
    }

    /// How the checklist names it.
    pub fn describe(&self) -> String {
        match self {
            Needle::Literal(s) => format!("“{s}”"),
            Needle::Status(c) => format!("status {c}"),
            Needle::Time(t) => format!("the time {t}"),
            Needle::Nothing => "nothing (run it: its silence is the evidence)".to_string(),
        }
    }
}

impl Clause {
    /// Met by a pinned line (never by silence: see [`Clause::met_by_run`]).
    pub fn met_by(&self, probe: Probe, line: &str) -> bool {
        (self.from.is_empty() || self.from.contains(&probe))
            && self.text.as_ref().is_none_or(|n| n.found_in(line))
    }

    /// Met by having run one of its checks, when what it asks for is their silence.
    pub fn met_by_run(&self, ran: &[Probe]) -> bool {
        self.text == Some(Needle::Nothing) && ran.iter().any(|p| self.from.contains(p))
    }
}

/// The checks whose output shows an HTTP exchange whole (status line, headers, body): the
/// reporter's client, and for the platform's own calls the delivery log, the integration's call
/// log and the receiver's side.
const EXCHANGES: &[Probe] = &[
    Reproduce,
    WebhookDeliveryLog,
    IntegrationSettings,
    ReceiverLog,
];
const REPORTER: &[Probe] = &[AskReporter];
const COMPARE: &[Probe] = &[CompareHealthy, AskReporter];
const AUTH: &[Probe] = &[AuthLog];
const GATEWAY: &[Probe] = &[GatewayLog];
const EDGE: &[Probe] = &[CdnLog, Reproduce];
const NETWORK: &[Probe] = &[NetworkLog];
const PATH: &[Probe] = &[Mtr, Traceroute, TestNetConnection, NcPort];
const DNS: &[Probe] = &[DigClient, DigPlatform];
const TLS: &[Probe] = &[OpensslShowcerts];
const TRUST: &[Probe] = &[TrustStore];
const TOKEN: &[Probe] = &[DecodeToken];
const APP: &[Probe] = &[AppLog];
const DATABASE: &[Probe] = &[DatabaseLog];
const DELIVERY: &[Probe] = &[WebhookDeliveryLog];
const RECEIVER: &[Probe] = &[ReceiverLog];
const CRM: &[Probe] = &[CrmEventLog, IntegrationSettings, ReceiverLog];
const INTEGRATION: &[Probe] = &[IntegrationSettings];
const STATUS: &[Probe] = &[StatusPage];

/// Which check prints the item's line: the first row with a word the item holds (lower case, at
/// the start of a word).
/// Order matters: "the auth log line with both times" is the auth log's, not the reporter's.
const SOURCES: &[(&[&str], &[Probe])] = &[
    (
        &[
            "comparison",
            "a working",
            "other instance",
            "same call from",
        ],
        COMPARE,
    ),
    (&["auth log", "token_request", "system log"], AUTH),
    // The reporter's own runtime speaks: its error line, whatever it names.
    (
        &[
            "script's",
            "sslerror",
            "python ",
            "java ssl",
            "php ",
            "httperror",
            "the app's",
            "nginx's",
            "client log",
        ],
        EXCHANGES,
    ),
    (&["firewall", "proxy", "resolver log", "egress"], NETWORK),
    (
        &["gateway", "access-log", "load balancer log", "limiter"],
        GATEWAY,
    ),
    (
        &["edge log", "ray id", "cf-ray", "cdn", "cf-cache-status"],
        EDGE,
    ),
    (
        &["mtr", "traceroute", "target ip", "source and destination"],
        PATH,
    ),
    (
        &[
            "dig ",
            "dig output",
            "nxdomain",
            "resolvers",
            "remaining ttl",
        ],
        DNS,
    ),
    (&["keytool", "truststore", "java -version"], TRUST),
    (
        &[
            "openssl",
            "certificate",
            "notbefore",
            "san list",
            "renewal",
            "handshake line",
        ],
        TLS,
    ),
    (
        &["decoded token", "token jti", "token length", "groups claim"],
        TOKEN,
    ),
    (
        &["database", "deadlock", "timeline showing the database"],
        DATABASE,
    ),
    (&["app log", "service's"], APP),
    (
        &[
            "delivery",
            "webhook-id",
            "retry schedule",
            "webhook message id",
            "exhausted message",
        ],
        DELIVERY,
    ),
    (&["receiver"], RECEIVER),
    (
        &[
            "crm",
            "sforce",
            "run_time",
            "malformed_id",
            "unable_to_lock_row",
            "record urls",
            "contact urls",
            "lookup",
        ],
        CRM,
    ),
    (
        &[
            "integration",
            "mapping",
            "subscription",
            "template",
            "workflow",
            "screen-pop",
            "pop-up",
            "event history",
            "case ids",
        ],
        INTEGRATION,
    ),
    (
        &[
            "status page",
            "changelog",
            "health check",
            "synthetic check",
        ],
        STATUS,
    ),
    (
        &[
            "response",
            "request",
            "body",
            "header",
            "www-authenticate",
            "retry-after",
            "problem details",
            "status",
            "curl",
            "console",
            "exception",
            "error",
            "url",
            "timing",
            "close code",
            "frame",
            "handshake",
            "byte length",
            "customer id",
            "payload",
            "/token",
            "/authorize",
            "code_challenge",
            "the 40",
            "the 30",
            "the 50",
            "the 52",
        ],
        EXCHANGES,
    ),
    (
        &[
            "time",
            "date",
            "affected",
            "list of",
            "version",
            "browser and machine",
            "graph",
            "ticket",
            "rate over",
            "count",
            "order",
        ],
        REPORTER,
    ),
    // A quoted log line, whichever log holds it: the quote is what must be pinned.
    (&["log line"], &[]),
];

/// Literal words an item may name, each to be found as written in a pinned line. Header names
/// match as whole words in the item's own letter case ("Age", not "page").
const TOKENS: &[&str] = &[
    "WWW-Authenticate",
    "Retry-After",
    "Allow",
    "Location",
    "Sforce-Limit-Info",
    "CF-Cache-Status",
    "Age",
    "Deprecation",
    "Sunset",
    "Content-Length",
    "Content-Type",
    "NXDOMAIN",
    "SERVFAIL",
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "PKIX path building failed",
    "CERTIFICATE_VERIFY_FAILED",
    "protocol_version",
    "MALFORMED_ID",
    "UNABLE_TO_LOCK_ROW",
    "40P01",
    "RRSIG",
    "token_request",
    "reuse detected",
    "invalid_grant",
    "invalid_request",
    "TCP_DENIED/407",
    "WebhookVerificationError",
    "ProxyError",
    "HTTPError",
    "OPError",
    "SSLHandshakeException",
    "SSLError",
    "RUN_TIME",
    "STATUS_CODE=201",
    "EdgeResponseStatus",
    "notBefore",
    "notAfter",
    "ClientException",
    "ServerException",
    "10.0.3.21:8080",
    "urt",
    "upstream",
    "kid",
    "iat",
    "jti",
    "exp",
    "scope",
];

/// What `item` asks of the pins, or `None` when no rule reads it.
pub fn need(item: &str) -> Option<Vec<Clause>> {
    let lower = item.to_lowercase();
    let words: Vec<&str> = item.split_whitespace().collect();
    // A trace id or a time is the line itself, whichever check printed it.
    if let Some(id) = lower.strip_prefix("trace id ") {
        let id = id.trim();
        return id.chars().all(|c| c.is_ascii_hexdigit()).then(|| {
            vec![Clause {
                from: &[],
                text: Some(Needle::Literal(id.to_string())),
            }]
        });
    }
    if let Some(ts) = lower.strip_prefix("timestamp ") {
        let time = ts.split('t').nth(1)?.get(..8)?.to_string();
        return Some(vec![Clause {
            from: &[],
            text: Some(Needle::Time(time)),
        }]);
    }
    let silence = lower.starts_with("empty ") || lower.contains("the empty ");
    let from = SOURCES
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| starts_a_word(&lower, k)))
        .map(|(_, from)| *from)?;
    if silence {
        return Some(vec![Clause {
            from,
            text: Some(Needle::Nothing),
        }]);
    }
    let mut needles: Vec<Needle> = vec![];
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        // A duration ("130 s", "100 seconds") is no status.
        let unit = words
            .get(i + 1)
            .is_some_and(|n| matches!(*n, "s" | "ms" | "seconds" | "min"));
        if let Ok(code @ 100..=599) = w.parse::<u16>() {
            if w.len() == 3 && !unit {
                needles.push(Needle::Status(code));
            }
        }
    }
    for t in TOKENS {
        let whole_word = words
            .iter()
            .any(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-') == *t);
        let named = if t.chars().all(|c| c.is_ascii_alphabetic() || c == '-') && t.len() < 12 {
            whole_word
        } else {
            item.contains(t)
        };
        if named
            && !needles
                .iter()
                .any(|n| matches!(n, Needle::Literal(l) if l.contains(t)))
        {
            needles.push(Needle::Literal(t.to_string()));
        }
    }
    for quoted in quoted(item) {
        needles.push(Needle::Literal(quoted));
    }
    if needles.is_empty() {
        return Some(vec![Clause { from, text: None }]);
    }
    Some(
        needles
            .into_iter()
            .map(|n| Clause {
                from,
                text: Some(n),
            })
            .collect(),
    )
}

/// Whether `key` stands in `text` at the start of a word ("body" in "response body", not in
/// "nobody").
fn starts_a_word(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Phrases the item quotes ("…" or '…'), which a pinned line must hold as written. A quote opens
/// at the start or after a space (so "the app's" opens nothing) and closes before a space, a
/// punctuation mark or the end.
fn quoted(item: &str) -> Vec<String> {
    let chars: Vec<char> = item.chars().collect();
    let mut found = vec![];
    let mut i = 0;
    while i < chars.len() {
        let q = chars[i];
        let opens = (q == '"' || q == '\'') && (i == 0 || chars[i - 1].is_whitespace());
        if opens {
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == q && chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric()));
            if let Some(j) = close {
                // "'CRM case … created'": the parts around an ellipsis, each as written.
                let phrase: String = chars[i + 1..j].iter().collect();
                found.extend(
                    phrase
                        .split('…')
                        .map(str::trim)
                        .filter(|p| p.chars().count() > 2)
                        .map(str::to_string),
                );
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
#[path = "attach_tests.rs"]
mod tests;
