//! How each runtime words a failed connection, and how any runtime's error line is read back.

use crate::layers::Agent;

/// Which way a connection failed below HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    NxDomain,
    /// The resolver answered SERVFAIL: the stub resolver's EAI_AGAIN, a temporary failure.
    ServFail,
    Refused,
    ConnectTimeout,
    ReadTimeout,
    /// Connected and sent the ClientHello; the server's handshake never arrived in time.
    HandshakeTimeout,
    ProxyDenied,
    /// The proxy wants credentials (407) the client does not send.
    ProxyAuthRequired,
    Expired,
    NotYetValid,
    SelfSigned,
    /// The chain ends in a self-signed root the client does not hold.
    SelfSignedInChain,
    UnknownIssuer,
    /// The chain was sent whole; the client's trust store lacks its root.
    UntrustedRoot,
    HostMismatch,
    Version,
}

/// Where the failing connection went and what the runtime knew about it.
pub struct Target<'a> {
    pub host: &'a str,
    pub ip: &'a str,
    pub port: u16,
    pub url: &'a str,
    pub tls: bool,
    /// Elapsed (or configured, for timeouts) milliseconds the runtime reports.
    pub ms: i64,
    /// The certificate's SANs, for Node's altname message.
    pub sans: &'a str,
    /// What curl (libcurl) says about it, for the runtimes built on libcurl.
    pub curl: &'a str,
}

/// Node's `err.message` and `err.code` for a failure (shared by axios and Postman's runtime).
fn node_error(f: Failure, t: &Target) -> (String, &'static str) {
    let (host, ip, port) = (t.host, t.ip, t.port);
    match f {
        Failure::NxDomain => (format!("getaddrinfo ENOTFOUND {host}"), "ENOTFOUND"),
        Failure::ServFail => (format!("getaddrinfo EAI_AGAIN {host}"), "EAI_AGAIN"),
        Failure::Refused => (format!("connect ECONNREFUSED {ip}:{port}"), "ECONNREFUSED"),
        Failure::ConnectTimeout => (format!("connect ETIMEDOUT {ip}:{port}"), "ETIMEDOUT"),
        // axios arms one timer for the whole request (req.setTimeout): a stalled handshake
        // meets it the same way a slow answer does.
        Failure::ReadTimeout | Failure::HandshakeTimeout => (format!("timeout of {}ms exceeded", t.ms), "ECONNABORTED"),
        Failure::ProxyDenied => ("Request failed with status code 403".into(), "ERR_BAD_REQUEST"),
        Failure::ProxyAuthRequired => ("Request failed with status code 407".into(), "ERR_BAD_REQUEST"),
        Failure::Expired => ("certificate has expired".into(), "CERT_HAS_EXPIRED"),
        Failure::NotYetValid => ("certificate is not yet valid".into(), "CERT_NOT_YET_VALID"),
        Failure::SelfSigned => ("self-signed certificate".into(), "DEPTH_ZERO_SELF_SIGNED_CERT"),
        Failure::SelfSignedInChain => (
            "self-signed certificate in certificate chain".into(),
            "SELF_SIGNED_CERT_IN_CHAIN",
        ),
        Failure::UnknownIssuer => (
            "unable to verify the first certificate".into(),
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        ),
        Failure::UntrustedRoot => (
            "unable to get local issuer certificate".into(),
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        ),
        Failure::HostMismatch => (
            format!("Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames: {}", t.sans),
            "ERR_TLS_CERT_ALTNAME_INVALID",
        ),
        Failure::Version => (
            "write EPROTO SSL routines:ssl3_read_bytes:tlsv1 alert protocol version".into(),
            "EPROTO",
        ),
    }
}

/// The line a script in this runtime prints when the connection fails (see [`code`] for the
/// line that prints it). `None` for the agents whose wording lives with the transport (curl,
/// Chrome, the platform's server-side Node).
pub fn transport_error(agent: Agent, f: Failure, t: &Target) -> Option<String> {
    Some(match agent {
        Agent::NodeScript => {
            let (m, code) = node_error(f, t);
            format!("AxiosError: {m} ({code})")
        }
        Agent::Postman => {
            let m = match f {
                // Postman's runtime sends through (postman-)request, whose socket timeout
                // raises `new Error('ESOCKETTIMEDOUT')` (code ESOCKETTIMEDOUT, connect=false);
                // a refused CONNECT is tunnel-agent's "tunneling socket could not be established".
                // Once the socket has connected, (postman-)request arms its read timer, which a
                // handshake that never answers runs out just like a slow response.
                Failure::ReadTimeout | Failure::HandshakeTimeout => "ESOCKETTIMEDOUT".to_string(),
                Failure::ProxyDenied => {
                    "tunneling socket could not be established, statusCode=403".into()
                }
                Failure::ProxyAuthRequired => {
                    "tunneling socket could not be established, statusCode=407".into()
                }
                _ => node_error(f, t).0,
            };
            format!("Error: {m}")
        }
        Agent::Python => python_error(f, t),
        Agent::Java => format!("Exception in thread \"main\" {}", java_error(f, t)),
        Agent::LegacyJava => format!("Exception in thread \"main\" {}", java7_error(f, t)),
        Agent::Php => {
            // Guzzle's CurlFactory: connection-level cURL errors are ConnectExceptions, a
            // failed certificate check (60) a plain RequestException.
            let (n, msg) = t
                .curl
                .strip_prefix("curl: (")
                .and_then(|r| r.split_once(") "))
                .unwrap_or(("0", t.curl));
            let class = if n == "60" {
                "RequestException"
            } else {
                "ConnectException"
            };
            format!("PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\{class}: cURL error {n}: {msg} (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for {}", t.url)
        }
        Agent::Curl | Agent::Browser | Agent::Node => return None,
    })
}

/// requests wraps urllib3's exception: the last line of the traceback, as Python prints it.
fn python_error(f: Failure, t: &Target) -> String {
    let (host, port) = (t.host, t.port);
    let (pool, conn) = if t.tls {
        ("HTTPSConnectionPool", "HTTPSConnection")
    } else {
        ("HTTPConnectionPool", "HTTPConnection")
    };
    let path = t.url.splitn(4, '/').nth(3).unwrap_or("");
    let pool = format!("{pool}(host='{host}', port={port})");
    let conn = format!("{conn}(host='{host}', port={port})");
    let retries = format!("{pool}: Max retries exceeded with url: /{path}");
    // Checked against real output: `(_ssl.c:1000)` is the line CPython 3.12's `_ssl.c` reports
    // for a failed handshake (the world's scripts name Python 3.12; 3.11 and 3.13 report
    // other lines), as 3.12 users' tracebacks show.
    let ssl = |why: &str| {
        format!("requests.exceptions.SSLError: {retries} (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {why} (_ssl.c:1000)')))")
    };
    match f {
        Failure::NxDomain => format!("requests.exceptions.ConnectionError: {retries} (Caused by NameResolutionError(\"{conn}: Failed to resolve '{host}' ([Errno -2] Name or service not known)\"))"),
        Failure::ServFail => format!("requests.exceptions.ConnectionError: {retries} (Caused by NameResolutionError(\"{conn}: Failed to resolve '{host}' ([Errno -3] Temporary failure in name resolution)\"))"),
        Failure::Refused => format!("requests.exceptions.ConnectionError: {retries} (Caused by NewConnectionError('{conn}: Failed to establish a new connection: [Errno 111] Connection refused'))"),
        Failure::ConnectTimeout => format!("requests.exceptions.ConnectTimeout: {retries} (Caused by ConnectTimeoutError({conn}, 'Connection to {host} timed out. (connect timeout=10)'))"),
        Failure::ReadTimeout => format!("requests.exceptions.ReadTimeout: {pool}: Read timed out. (read timeout={})", t.ms / 1000),
        // urllib3 wraps the handshake's socket timeout (still the connect timeout then) as a
        // ReadTimeoutError naming that value, and requests raises it as ReadTimeout.
        Failure::HandshakeTimeout => format!("requests.exceptions.ReadTimeout: {pool}: Read timed out. (read timeout={})", t.ms / 1000),
        Failure::ProxyDenied => format!("requests.exceptions.ProxyError: {retries} (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 403 Forbidden')))"),
        Failure::ProxyAuthRequired => format!("requests.exceptions.ProxyError: {retries} (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))"),
        Failure::Expired => ssl("certificate has expired"),
        Failure::NotYetValid => ssl("certificate is not yet valid"),
        Failure::SelfSigned => ssl("self-signed certificate"),
        Failure::SelfSignedInChain => ssl("self-signed certificate in certificate chain"),
        Failure::UnknownIssuer | Failure::UntrustedRoot => ssl("unable to get local issuer certificate"),
        Failure::HostMismatch => ssl(&format!("Hostname mismatch, certificate is not valid for '{host}'.")),
        Failure::Version => format!("requests.exceptions.SSLError: {retries} (Caused by SSLError(SSLError(1, '[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1000)')))"),
    }
}

const PKIX_BUILD: &str = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

/// java.net.http (Java 21): what `client.send(..)` throws, with its cause where the message is empty.
fn java_error(f: Failure, t: &Target) -> String {
    match f {
        Failure::NxDomain | Failure::ServFail => "java.net.ConnectException\nCaused by: java.nio.channels.UnresolvedAddressException".into(),
        Failure::Refused => "java.net.ConnectException\nCaused by: java.net.ConnectException: Connection refused".into(),
        Failure::ConnectTimeout => "java.net.http.HttpConnectTimeoutException: HTTP connect timed out".into(),
        Failure::ReadTimeout | Failure::HandshakeTimeout => "java.net.http.HttpTimeoutException: request timed out".into(),
        // OpenJDK's java.net.http (jdk.internal.net.http, the tunnelling connection) fails the
        // CONNECT with exactly this message when the proxy answers anything but 200.
        Failure::ProxyDenied => "java.io.IOException: Tunnel failed, got: 403".into(),
        // A 407 is not an exception here: without an Authenticator java.net.http hands the
        // proxy's 407 back as the response, so the fault is not offered for Java 21
        // (`fault_runtimes`); this line is for completeness only.
        Failure::ProxyAuthRequired => "java.io.IOException: Tunnel failed, got: 407".into(),
        Failure::Expired | Failure::NotYetValid => "javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed".into(),
        Failure::SelfSigned | Failure::SelfSignedInChain | Failure::UnknownIssuer | Failure::UntrustedRoot => format!("javax.net.ssl.SSLHandshakeException: {PKIX_BUILD}"),
        Failure::HostMismatch => format!("javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching {} found.", t.host),
        Failure::Version => "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version".into(),
    }
}

/// HttpsURLConnection on Java 7.
fn java7_error(f: Failure, t: &Target) -> String {
    match f {
        Failure::NxDomain | Failure::ServFail => format!("java.net.UnknownHostException: {}", t.host),
        Failure::Refused => "java.net.ConnectException: Connection refused".into(),
        Failure::ConnectTimeout => "java.net.SocketTimeoutException: connect timed out".into(),
        Failure::ReadTimeout | Failure::HandshakeTimeout => "java.net.SocketTimeoutException: Read timed out".into(),
        Failure::ProxyDenied => "java.io.IOException: Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 403 Forbidden\"".into(),
        Failure::ProxyAuthRequired => "java.io.IOException: Unable to tunnel through proxy. Proxy returns \"HTTP/1.1 407 Proxy Authentication Required\"".into(),
        Failure::Expired | Failure::NotYetValid => "javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: timestamp check failed".into(),
        Failure::SelfSigned | Failure::SelfSignedInChain | Failure::UnknownIssuer | Failure::UntrustedRoot => format!("javax.net.ssl.SSLHandshakeException: sun.security.validator.ValidatorException: {PKIX_BUILD}"),
        Failure::HostMismatch => format!("javax.net.ssl.SSLHandshakeException: java.security.cert.CertificateException: No subject alternative DNS name matching {} found.", t.host),
        Failure::Version => "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version".into(),
    }
}

/// What kind of failure a client's error line reports, whichever runtime printed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    Cors,
    Dns,
    Tls,
    /// Connected, then no answer in time.
    ReadTimeout,
    /// Refused, connect timeout, proxy tunnel.
    Connect,
    /// The server closed the connection without a response.
    EmptyReply,
    Other,
}

/// Reads an error line from any runtime (curl, Chrome, Node, requests, Java, Guzzle, Postman).
pub fn error_class(e: &str) -> ErrorClass {
    let l = e.to_ascii_lowercase();
    let any = |ks: &[&str]| ks.iter().any(|k| l.contains(k));
    if any(&["cors"]) {
        ErrorClass::Cors
    } else if any(&[
        "resolve host",
        "name_not_resolved",
        "enotfound",
        "eai_again",
        "failed to resolve",
        "unresolvedaddress",
        "unknownhost",
    ]) {
        ErrorClass::Dns
    } else if any(&[
        "ssl",
        "cert",
        "tls",
        "eproto",
        "alert protocol",
        "altnames",
        "pkix",
    ]) {
        ErrorClass::Tls
    } else if any(&[
        "operation timed out",
        "ms exceeded",
        "err_timed_out",
        "read timed out",
        "httptimeoutexception: request timed out",
        "esockettimedout",
    ]) {
        ErrorClass::ReadTimeout
    } else if any(&["empty reply", "err_empty_response", "socket hang up"]) {
        ErrorClass::EmptyReply
    } else if any(&[
        "refused",
        "failed to connect",
        "couldn't connect",
        "timeout was reached",
        "timed out",
        "etimedout",
        "connection_timed_out",
        "tunnel",
    ]) {
        ErrorClass::Connect
    } else {
        ErrorClass::Other
    }
}
