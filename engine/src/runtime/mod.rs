//! The client runtimes a run can name (`RunSpec.client`, `faultline trace --client NAME`): what
//! each one sends (user agent), what its code or command line looks like, and how it words a
//! failure — each in that runtime's own words (curl exit codes, Node/axios error codes, the
//! requests → urllib3 exception chain, Java's PKIX exceptions, Guzzle's cURL errors, Chrome's
//! `net::ERR_*`, Postman's console).

mod code;
mod errors;
pub mod headers;

pub use code::{
    code, inline_text, pages_through, prints_created, reads_rows, with_client_cert, with_retry,
    Shown, BODY_FILE, LARGE_BODY,
};
pub use errors::{error_class, transport_error, ErrorClass, Failure, Target};

use crate::layers::Agent;
use crate::model::{EngineError, Flow, HttpResponse};
use crate::util;

/// Chrome's reduced ("frozen") user agent: the platform and the minor version are fixed strings.
pub const CHROME_UA: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// A client a run can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    Curl,
    /// axios on Node.js 20.
    Node,
    /// requests on Python 3.12.
    Python,
    /// java.net.http on Java 21 (Java 7's HttpsURLConnection when it may only speak TLS 1.0).
    Java,
    /// Guzzle 7 on PHP 8.3.
    Php,
    /// Chrome: the DevTools console, or the page that calls the API.
    Browser,
    Postman,
    /// The agent desktop: a web app in the agent's Chrome.
    AgentDesktop,
}

impl Runtime {
    pub const ALL: [Runtime; 8] = [
        Runtime::Curl,
        Runtime::Node,
        Runtime::Python,
        Runtime::Java,
        Runtime::Php,
        Runtime::Browser,
        Runtime::Postman,
        Runtime::AgentDesktop,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Runtime::Curl => "curl",
            Runtime::Node => "node",
            Runtime::Python => "python",
            Runtime::Java => "java",
            Runtime::Php => "php",
            Runtime::Browser => "browser",
            Runtime::Postman => "postman",
            Runtime::AgentDesktop => "agent-desktop",
        }
    }

    pub fn parse(s: &str) -> Option<Runtime> {
        Runtime::ALL.into_iter().find(|r| r.id() == s)
    }

    /// How this runtime makes its calls (what it sends and how its errors read).
    pub fn agent(self) -> Agent {
        match self {
            Runtime::Curl => Agent::Curl,
            Runtime::Node => Agent::NodeScript,
            Runtime::Python => Agent::Python,
            Runtime::Java => Agent::Java,
            Runtime::Php => Agent::Php,
            Runtime::Browser | Runtime::AgentDesktop => Agent::Browser,
            Runtime::Postman => Agent::Postman,
        }
    }

    /// The clients a flow can be started from; the first is its default.
    pub fn for_flow(flow: Flow) -> &'static [Runtime] {
        use Runtime::*;
        match flow {
            Flow::ApiCall => &[Curl, Node, Python, Java, Php, Postman, Browser],
            Flow::PartnerApiCall | Flow::OauthToken => &[Curl, Node, Python, Java, Php, Postman],
            Flow::BrowserApiCall => &[AgentDesktop, Browser],
            Flow::CrmLookup | Flow::LiveChat => &[AgentDesktop, Browser],
            // The user's browser signs in; the app's own server makes the server-side calls.
            Flow::OauthAuthorizationCode => &[Browser],
            // The platform's own webhook worker sends the deliveries; nobody else can.
            Flow::CrmTicket => &[],
        }
    }
}

/// The runtimes a fault's mechanism exists in, when not all: a hand-set Content-Length or a
/// form-encoded `-d` is curl's; an unfollowed redirect is curl's (without -L) and Java's
/// (HttpClient never follows by default); a client that only speaks TLS 1.0 is Java 7 or a curl
/// told `--tls-max 1.0`; a tight retry loop is a script's.
fn fault_runtimes(fault: &str) -> Option<&'static [Runtime]> {
    use Runtime::*;
    match fault {
        "content-length-mismatch" | "missing-content-type" => Some(&[Curl]),
        "plain-http" | "tls-version-mismatch" => Some(&[Curl, Java]),
        "request-loop" => Some(&[Curl, Node, Python, Java, Php]),
        // A CA bundle of its own that someone must update: a Java truststore, a pinned certifi,
        // the cacert.pem php.ini names, an old host's ca-certificates. Node, Postman and Chrome
        // carry roots that update with them.
        "client-trust-store-outdated" => Some(&[Java, Python, Php, Curl]),
        // A proxy's 407 to the CONNECT: curl, requests, Guzzle, axios and Postman fail with it.
        // java.net.http hands the 407 back as the response instead of an exception, and Chrome
        // asks the user for the proxy's password: neither fails the way this fault shows.
        "proxy-auth-required" => Some(&[Curl, Node, Python, Php, Postman]),
        // Followed redirects: curl -L, requests, axios (follow-redirects), Guzzle and Postman drop
        // Authorization on a cross-host redirect. java.net.http never follows by default, and a
        // page's fetch to an old host would meet CORS first.
        "redirect-drops-authorization" => Some(&[Curl, Node, Python, Php, Postman]),
        // A 301 to a POST comes back as a GET in requests, axios, Guzzle (without `strict`) and
        // Postman (without "Follow original HTTP method"); curl's -X POST keeps the method,
        // java.net.http never follows by default and a page's fetch to the API is another flow.
        "redirect-post-to-get" => Some(&[Node, Python, Php, Postman]),
        // Only a JVM can be started without SNI (-Djsse.enableSNIExtension=false); curl, Node,
        // requests, Guzzle, Postman and Chrome always name the host.
        "sni-missing" => Some(&[Java]),
        // A handshake that stalls: libcurl ("SSL connection timeout"), requests (ReadTimeout
        // on the connect timeout), axios and Postman (their request timer) as their sources
        // word it. java.net.http's wording for a handshake past its connect timeout is not
        // pinned here, so Java is not offered.
        "mtu-blackhole" => Some(&[Curl, Node, Python, Php, Postman]),
        // A POST retried once on a timeout: curl's --retry (it retries a timeout whatever the
        // method), or the script's own loop in axios and requests (neither retries a POST by
        // itself). The Java, PHP and Postman views have no retry loop.
        "idempotency-duplicate-post" => Some(&[Curl, Node, Python]),
        // An import script that reads the export's rows from the first answer: axios and
        // requests hand a 202 back as a success. curl, Postman and the console show the 202
        // to a person, and the Java and PHP views print only the status.
        "export-accepted-not-polled" => Some(&[Node, Python]),
        // A job that sends a legacy export file byte for byte: curl's --data-binary @file,
        // a Buffer from fs.readFileSync, requests' file object, BodyPublishers.ofFile, Guzzle's
        // file_get_contents. Postman and Chrome are where a person tries a call, not where a
        // job sends the files another system exports.
        "wrong-charset" => Some(&[Curl, Node, Python, Java, Php]),
        // A list paged with cursors: a sync script's loop (axios, requests, java.net.http,
        // Guzzle), or a developer asking for each page with curl in a terminal. Postman and the
        // console send one request.
        "pagination-cursor-expired" => Some(&[Curl, Node, Python, Java, Php]),
        // A bundle of its own that lacks the company's root: curl's, Node's built-in roots,
        // certifi, a Java truststore, Guzzle's cacert.pem, Postman's. Chrome on a managed machine
        // verifies against the OS store, which holds the root: it works.
        "tls-interception-proxy" => Some(&[Curl, Node, Python, Java, Php, Postman]),
        // Over HTTP/2 (Chrome) nginx reads header fields its own way; the 494 page is HTTP/1's.
        "header-too-large" => Some(&[Curl, Node, Python, Java, Php, Postman]),
        _ => None,
    }
}

/// The runtime a run uses: the one it names, checked against its flow and faults, or the flow's
/// default — except where a fault's usual culprit is another client: a legacy Java client stuck on
/// TLS 1.0, a Python sync worker retrying in a tight loop.
pub fn choose(flow: Flow, named: Option<&str>, faults: &[&str]) -> Result<Runtime, EngineError> {
    let allowed = Runtime::for_flow(flow);
    let Some(name) = named else {
        let usual = match faults.first().copied() {
            Some("tls-version-mismatch") => Some(Runtime::Java),
            Some("request-loop") => Some(Runtime::Python),
            Some("client-trust-store-outdated") => Some(Runtime::Java),
            Some("sni-missing") => Some(Runtime::Java),
            _ => None,
        };
        // Otherwise the first of the flow's clients the faults can happen with.
        let fits = |r: &Runtime| {
            faults
                .iter()
                .all(|f| fault_runtimes(f).is_none_or(|rs| rs.contains(r)))
        };
        return Ok(usual
            .filter(|r| allowed.contains(r))
            .or_else(|| allowed.iter().copied().find(fits))
            .or(allowed.first().copied())
            .unwrap_or(Runtime::AgentDesktop));
    };
    let names = |rs: &[Runtime]| rs.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ");
    let Some(rt) = Runtime::parse(name) else {
        return Err(EngineError::BadClient(format!(
            "unknown client \"{name}\" (one of {})",
            names(&Runtime::ALL)
        )));
    };
    if !allowed.contains(&rt) {
        return Err(EngineError::BadClient(if allowed.is_empty() {
            format!("the {flow} flow is started by the platform itself; it takes no client")
        } else {
            format!(
                "the {flow} flow is not run from {name}; its clients: {}",
                names(allowed)
            )
        }));
    }
    for f in faults {
        if let Some(rs) = fault_runtimes(f) {
            if !rs.contains(&rt) {
                return Err(EngineError::BadClient(format!(
                    "fault \"{f}\" does not happen with {name}; it needs {}",
                    names(rs)
                )));
            }
        }
    }
    Ok(rt)
}

/// A scenario's optional `client` field: a runtime id its flow is run from and its faults
/// happen in. Problems go to `out`; the run then falls back to the flow's usual client.
pub fn scenario_client(
    o: &serde_json::Map<String, serde_json::Value>,
    path: &str,
    flow: &str,
    faults: &[crate::model::FaultSpec],
    out: &mut Vec<crate::model::Problem>,
) -> Option<String> {
    let v = o.get("client")?;
    let at = format!("{path}.client");
    let Some(name) = v.as_str() else {
        out.push(crate::model::Problem {
            path: at,
            message: "must be a client id string".into(),
        });
        return None;
    };
    let ids: Vec<&str> = faults.iter().map(|f| f.id.as_str()).collect();
    let flow = Flow::parse(flow)?;
    match choose(flow, Some(name), &ids) {
        Ok(_) => Some(name.to_string()),
        Err(e) => {
            let message = match e {
                EngineError::BadClient(m) => m,
                e => e.to_string(),
            };
            out.push(crate::model::Problem { path: at, message });
            None
        }
    }
}

/// What the script (or tool) prints for an HTTP response, in its runtime's words.
pub fn http_report(rt: Runtime, legacy: bool, method: &str, url: &str, r: &HttpResponse) -> String {
    let body = util::one_line(r.body.as_deref().unwrap_or(""));
    let (s, reason) = (r.status, r.reason.as_str());
    match rt {
        Runtime::Curl => format!("{} {s} {reason}", r.http_version),
        Runtime::Node if s >= 400 => format!(
            "AxiosError: Request failed with status code {s} ({})",
            if s >= 500 {
                "ERR_BAD_RESPONSE"
            } else {
                "ERR_BAD_REQUEST"
            }
        ),
        Runtime::Node => format!("{s} {reason}"),
        Runtime::Python if s >= 400 => format!(
            "requests.exceptions.HTTPError: {s} {} Error: {reason} for url: {url}",
            if s >= 500 { "Server" } else { "Client" }
        ),
        Runtime::Python => format!("{s} {reason}"),
        // HttpURLConnection's getResponseCode(); HttpClient hands back any status.
        Runtime::Java if legacy => s.to_string(),
        Runtime::Java => format!("{s} {body}").trim_end().to_string(),
        Runtime::Php if s >= 400 => {
            // Guzzle's http_errors: the status line and a 120-byte summary of the body.
            let (class, kind) = if s >= 500 {
                ("ServerException", "Server")
            } else {
                ("ClientException", "Client")
            };
            let summary = if body.len() > 120 {
                let mut cut = 120;
                while !body.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{} (truncated...)", &body[..cut])
            } else {
                body.clone()
            };
            format!("PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\{class}: {kind} error: `{method} {url}` resulted in a `{s} {reason}` response:\n{summary}")
        }
        Runtime::Php => format!("{s} {reason}"),
        Runtime::Postman => format!("Status: {s} {reason}"),
        Runtime::Browser | Runtime::AgentDesktop if s >= 400 => {
            format!("{method} {url} {s} ({reason})")
        }
        Runtime::Browser | Runtime::AgentDesktop => format!(
            "Response {{type: 'basic', url: '{url}', redirected: false, status: {s}, ok: true, …}}"
        ),
    }
}

/// What a failed connection shows in Chrome's console for a `fetch()`.
pub fn console_failure(method: &str, url: &str, net_err: &str) -> String {
    format!("{method} {url} {net_err}\nUncaught TypeError: Failed to fetch")
}

/// The user agent a runtime sends.
pub fn user_agent(rt: Runtime, legacy: bool) -> &'static str {
    match rt {
        Runtime::Curl => "curl/8.5.0",
        Runtime::Node => "axios/1.7.2",
        Runtime::Python => "python-requests/2.32.3",
        Runtime::Java if legacy => "Java/1.7.0_80",
        Runtime::Java => "Java-http-client/21.0.4",
        Runtime::Php => "GuzzleHttp/7",
        Runtime::Postman => "PostmanRuntime/7.39.0",
        Runtime::Browser | Runtime::AgentDesktop => CHROME_UA,
    }
}

/// The body axios 1.7.2 sends for a string `data` under a JSON `Content-Type`: its default
/// `transformRequest` hands the string to `stringifySafely`, which returns it trimmed when
/// `JSON.parse` accepts it, and otherwise (a `SyntaxError`, swallowed) falls through to
/// `JSON.stringify(data)`: a malformed body goes out as one JSON string literal, quoted and
/// escaped. Any other string body goes out as it is.
pub fn axios_string_body(data: &str, content_type: Option<&str>) -> String {
    if !content_type.is_some_and(|c| c.contains("application/json")) {
        return data.to_string();
    }
    match serde_json::from_str::<serde_json::Value>(data) {
        // `String.prototype.trim`: white space and line terminators, the BOM included.
        Ok(_) => data
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .to_string(),
        Err(_) => serde_json::Value::String(data.to_string()).to_string(),
    }
}

#[cfg(test)]
mod axios_tests {
    use super::axios_string_body;

    #[test]
    fn axios_sends_a_malformed_json_string_as_a_json_string_literal() {
        let bad = "{\n  \"a\": 1\n  \"b\": 2\n}";
        assert_eq!(
            axios_string_body(bad, Some("application/json")),
            r#""{\n  \"a\": 1\n  \"b\": 2\n}""#
        );
        // Valid JSON goes out trimmed; a body of another type as it is.
        assert_eq!(
            axios_string_body(" {\"a\": 1}\n", Some("application/json")),
            "{\"a\": 1}"
        );
        assert_eq!(axios_string_body(bad, Some("text/plain")), bad);
    }
}
