//! Prompts on TLS, DNS and the network.

use super::phrasings::{claim, said, wrong};
use crate::interview::Prompt;

pub(super) const WHAT_TLS_PROTECTS: Prompt = Prompt {
    id: "what-tls-protects",
    topic: "TLS, DNS and the network",
    question: "What does TLS actually protect in an HTTPS API call, and what does it not?",
    points: &[
        said("confidentiality", "It encrypts the traffic, so tokens and customer data cannot be read on the way.", "term-tls",
            &[&["encrypt*", "cannot be read", "can't be read", "unreadable", "eavesdrop*", "private", "confidential*", "scrambl*"]]),
        said("integrity", "It protects integrity: the data cannot be changed in transit without detection.", "term-tls",
            &[&["integrity", "tamper*", "modified", "changed in transit", "altered", "alter*", "changed on the way", "not changed"]]),
        said("server-identity", "It proves the server's identity through a certificate signed by a trusted CA and matching the hostname.", "term-certificate",
            &[&["certificate*", "cert", "certs", "server identity", "identity of the server", "who the server is", "the right server", "real server", "impersonat*", "man in the middle", "hostname"]]),
        said("not-app-level", "It does not check whether the caller is allowed to do anything: tokens, payloads and permissions are still the app's job.", "term-https",
            &[&["not", "does not", "doesnt", "nothing"], &["permission*", "authoriz*", "authoris*", "token*", "payload*", "data is valid", "application", "app", "logic", "allowed", "at rest", "on the server", "once it arrives", "endpoint*"]]),
    ],
    misconceptions: &[
        wrong("tls-authenticates-user", "TLS (without client certificates) does not say who the user or calling app is; that is the job of tokens or keys.", "term-401-vs-403",
            &[&["tls", "https"], &["authenticates the user", "identifies the user", "logs in", "proves who the client", "checks the user", "authenticates the client", "replaces the token", "no need for a token", "no token needed"]], &["not", "does not", "doesnt", "unless"]),
        wrong("ssl-current", "SSL is the retired predecessor; today's connections use TLS 1.2 or 1.3.", "term-ssl-vs-tls",
            &[&["ssl"], &["still used", "is current", "is the latest", "newer than tls", "more secure than tls", "replaced tls"]], &["not", "no longer"]),
    ],
    model_answer: "TLS encrypts the traffic between client and server, so a token or customer record cannot be read by anyone on the network path. It also protects integrity, so data altered in transit is detected and the connection fails. And it proves the server's identity: the certificate must be signed by a trusted authority and match the hostname, which stops an impostor from answering. What it does not do is decide whether the caller is allowed to do anything; tokens, permissions and payload validation are still the application's job.",
};

pub(super) const TLS_FAILURES: Prompt = Prompt {
    id: "tls-failures",
    topic: "TLS, DNS and the network",
    question: "A client reports \"TLS handshake failed\" or \"certificate problem\". What are the usual causes?",
    points: &[
        said("expired-cert", "An expired certificate.", "failure-cert-expired",
            &[&["expired", "expiry", "expiration", "out of date", "not valid after"]]),
        said("untrusted-chain", "A self-signed certificate or a missing intermediate, so the chain does not reach a trusted CA.", "failure-cert-incomplete-chain",
            &[&["self signed", "self-signed", "intermediate*", "chain", "untrusted", "not trusted", "trust store", "unknown ca", "unknown authority", "certificate authority"]]),
        said("hostname", "The hostname does not match the names on the certificate.", "failure-cert-hostname-mismatch",
            &[&["hostname", "host name", "san", "common name", "domain name", "name mismatch", "wrong name", "does not match"]]),
        said("version", "The two sides share no TLS version or cipher (an old client or a hardened server).", "failure-tls-version-mismatch",
            &[&["version*", "cipher*", "tls 1 0", "tls 1 1", "tls 1 2", "tls 1 3", "protocol mismatch"]]),
        said("interception", "A proxy or firewall intercepts TLS and presents its own certificate.", "failure-tls-interception",
            &[&["proxy", "firewall", "intercept*", "inspection", "middlebox"]]),
    ],
    misconceptions: &[
        wrong("disable-verification", "Turning off certificate checks (curl -k) hides the problem and opens the door to interception; fix the certificate instead.", "error-curl-60",
            &[&["disable", "turn off", "switch off", "skip", "ignore", "bypass"], &["verification", "certificate check*", "cert check*", "validation", "curl -k", "insecure", "k flag", "-k"]], &["never", "not", "only to", "dont"]),
    ],
    model_answer: "The most common cause is an expired certificate. Next is a chain the client does not trust: a self-signed certificate, or a server that forgot to send its intermediate certificate. A hostname that does not match the names on the certificate also fails, for example when the client calls an old domain. Sometimes the two sides have no TLS version or cipher in common, such as an old client against a server that only accepts TLS 1.2 and 1.3. And a corporate proxy or firewall that intercepts TLS presents its own certificate, which the client rejects.",
};

pub(super) const DNS_FAILURE: Prompt = Prompt {
    id: "dns-failure",
    topic: "TLS, DNS and the network",
    question: "The error says \"Could not resolve host\". What does that tell you and what do you check?",
    points: &[
        said("before-http", "It failed at DNS, before any connection or HTTP request: the server never saw the call.", "error-name-not-resolved",
            &[&["dns", "name resolution", "resolv*", "look up the name", "lookup"], &["before", "never reached", "never saw", "no request", "no connection", "not reach*", "didnt reach", "did not reach", "never got", "never left"]]),
        said("typo-domain", "Check the hostname for typos and the environment (sandbox vs production URL).", "failure-wrong-environment",
            &[&["typo*", "spelling", "misspel*", "wrong host*", "hostname", "base url", "domain", "sandbox", "environment"]]),
        said("dig", "Query it yourself (dig or nslookup) and compare from another network.", "term-dns",
            &[&["dig", "nslookup", "host command", "resolve it", "dns lookup", "another network", "different network", "other network", "public resolver"]]),
        said("nxdomain-vs-internal", "NXDOMAIN means the name does not exist; a name that only resolves inside a VPN points to a private or internal DNS setup.", "term-nxdomain",
            &[&["nxdomain", "does not exist", "doesnt exist", "internal", "vpn", "private", "split dns", "corporate dns", "stale", "ttl"]]),
    ],
    misconceptions: &[
        wrong("dns-is-server-down", "\"Could not resolve host\" does not mean the server is down; the name could not be turned into an address.", "error-name-not-resolved",
            &[&["resolve", "dns"], &["server is down", "api is down", "server crashed", "backend is down"]], &["not", "doesnt", "does not"]),
    ],
    model_answer: "It failed at DNS, before any connection was made, so the server never saw the request. First I check the hostname for typos and whether it is the right environment, since sandbox and production use different base URLs. Then I look the name up myself with dig or nslookup and compare the result from another network. NXDOMAIN means the name does not exist at all, while a name that resolves only inside a VPN points to internal DNS the client cannot reach.",
};

pub(super) const REFUSED_VS_TIMEOUT: Prompt = Prompt {
    id: "refused-vs-timeout",
    topic: "TLS, DNS and the network",
    question: "What is the difference between \"connection refused\" and \"connection timed out\"?",
    points: &[
        claim("refused-port", "Refused: the host answered but nothing listens on that port (or it actively rejects), so it fails at once.", "error-connection-refused",
            &[&["refused"], &["nothing listen*", "not listening", "no service", "port is closed", "closed port", "rejected", "reject*", "reset", "immediately", "at once", "straight away", "right away", "quickly", "fast", "actively"]], &["timed out", "timeout"]),
        claim("timeout-silent", "Timed out: no answer at all, typically a firewall dropping packets or a host that cannot be reached.", "error-connection-timed-out",
            &[&["timed out", "timeout", "time out", "times out"], &["no answer", "no reply", "no response", "silent*", "silence", "drop*", "firewall", "unreachable", "cannot be reached", "never answers", "nothing comes back", "blackhole*", "wait*"]], &["refused"]),
        said("check-network", "Check the port, firewall rules and IP allowlists from the client's network.", "term-firewall",
            &[&["firewall*", "allowlist*", "allow list*", "whitelist*", "security group*", "port", "network path", "route"]]),
    ],
    misconceptions: &[
        wrong("refused-is-auth", "Connection refused happens before any HTTP, so it has nothing to do with tokens or passwords.", "error-connection-refused",
            &[&["refused"], &["token", "password", "credentials", "authentication", "api key"]], &["not", "nothing to do", "before"]),
    ],
    model_answer: "Connection refused means the host was reached but nothing is listening on that port, or something actively rejected the connection, so the error comes back at once. Connection timed out means no answer came back at all, which usually points to a firewall silently dropping packets or a host that cannot be reached. In both cases HTTP never started, so I check the port, the firewall rules and any IP allowlist from the client's own network.",
};
