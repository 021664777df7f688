//! Prompts on Troubleshooting method.

use super::phrasings::{claim, said, wrong, CORRELATION, LOGS};
use crate::interview::Prompt;

pub(super) const TROUBLESHOOTING_APPROACH: Prompt = Prompt {
    id: "troubleshooting-approach",
    topic: "Troubleshooting method",
    question: "How do you approach an API issue you know nothing about yet?",
    points: &[
        said("expected-reproduce", "Establish what should happen versus what happens, and reproduce it.", "step-expected-vs-actual",
            &[&["expected", "expect*", "reproduc*", "should happen", "supposed to"]]),
        said("request-details", "Collect the request: endpoint, method, headers, payload, status code.", "step-endpoint-method",
            &[&["endpoint", "method", "url", "headers", "payload", "status code", "response code", "request details"]]),
        said("isolate-layer", "Use the status code and evidence to isolate the layer: auth, payload, network, backend.", "step-isolate-layer",
            &[&["isolat*", "narrow*", "which layer", "the layer", "layer by layer", "rule out", "eliminat*", "pin down"]]),
        said("logs-ids", "Follow the correlation id and timestamps through the logs.", "step-logs",
            &[CORRELATION, &["log*", "timestamp*", "trace*"]]),
        said("evidence-escalate", "Escalate with evidence, not a guess.", "step-escalate",
            &[&["escalat*", "hand over", "hand off", "raise it", "pass it"]]),
    ],
    misconceptions: &[
        wrong("blame-backend", "Blaming the backend before gathering evidence sends the issue to the wrong team.", "step-dont-blame-backend",
            &[&["backend", "engineering", "developers", "dev team"], &["first", "straight away", "immediately", "right away", "at once"]], &["not", "never", "dont", "before", "only after", "last"]),
    ],
    model_answer: "I start by pinning down what was expected versus what actually happened, and I try to reproduce it. Then I collect the request itself: endpoint, method, headers, payload and the status code that came back. The status code and the evidence let me isolate the layer, whether it is authentication, the payload, the network or the backend, and rule the others out. I follow the correlation id and timestamps through the logs of each system. If it is not ours to fix, I escalate with that evidence rather than a guess.",
};

pub(super) const DEBUG_504: Prompt = Prompt {
    id: "debug-504",
    topic: "Troubleshooting method",
    question: "Partners report 504 Gateway Timeout errors from your API. How do you investigate?",
    points: &[
        claim("504-meaning", "A 504 means the gateway stopped waiting for the service behind it.", "status-504",
            &[&["504", "gateway timeout"], &["gave up", "give up", "stopped waiting", "timed out", "timeout", "too slow", "took too long", "did not answer in time", "waiting"]], &["502", "503"]),
        said("gateway-logs", "Find the request in the gateway logs: which upstream, and how long it waited.", "log-gateway",
            &[&["gateway log*", "proxy log*", "load balancer log*", "access log*", "upstream", "nginx"]]),
        said("slow-dependency", "Find what was slow behind it: backend, database, or a CRM call it made.", "failure-crm-slow",
            &[&["database", "db", "query", "queries", "crm", "dependency", "dependencies", "downstream", "backend", "slow call*", "third party", "lock*"]]),
        said("timeouts-line-up", "Compare the timeouts at each layer: a gateway that gives up before the backend is done.", "term-timeouts",
            &[&["timeout*", "time limit*"], &["each layer", "every layer", "line up", "compare*", "shorter", "longer", "than the", "before the", "settings", "configured", "budget*"]]),
        said("scope-when", "Scope it: all partners or some, all endpoints or one, since when (a deploy, a traffic spike)?", "step-scope",
            &[&["all partners", "some partners", "which partners", "every partner", "one partner", "which endpoint*", "one endpoint", "all endpoints", "since when", "when it started", "deploy*", "release", "change", "spike", "load", "pattern", "scope"]]),
    ],
    misconceptions: &[
        wrong("504-raise-timeout", "Only raising the gateway timeout hides a slow service and makes clients wait longer; find what is slow first.", "term-timeouts",
            &[&["just", "simply", "only", "fix is to"], &["raise", "increase", "bump", "extend"], &["timeout"]], &["not", "after", "dont", "rather than", "before"]),
        wrong("504-partner-fault", "A 504 is not caused by the partner's request being wrong; it is a server-side wait that ran out.", "status-504",
            &[&["504"], &["partner s fault", "partners fault", "client error", "their fault", "bad request", "wrong request"]], &["not", "isnt", "rather than"]),
    ],
    model_answer: "A 504 means our gateway stopped waiting because the service behind it did not answer in time. First I work out the scope: all partners or some, every endpoint or one, and since when, for example since a deploy or a traffic spike. Then I find the failing requests in the gateway logs to see which upstream they waited on and for how long. Next I look at what was slow behind it, such as a database query or a CRM call the backend made. I also compare the timeouts at each layer, because a gateway timeout shorter than the backend's own work produces 504s even when the backend finishes.",
};

pub(super) const WHY_CORRELATION_IDS: Prompt = Prompt {
    id: "why-correlation-ids",
    topic: "Troubleshooting method",
    question: "Why do support teams keep asking for a correlation id or request id?",
    points: &[
        said("one-id", "One id travels with the request through every system it crosses.", "term-correlation-id",
            &[CORRELATION, &["every system", "each system", "all systems", "every service", "each service", "every layer", "each layer", "every hop", "across", "through", "travels", "passed along", "carried", "follows", "end to end", "end-to-end"]]),
        said("find-logs", "With it you find the exact log lines for that request in each system.", "step-logs",
            &[&["search*", "find*", "grep", "filter*", "look up", "pull up", "match*", "join"], LOGS]),
        said("not-timestamps", "Timestamps alone are ambiguous: busy systems log thousands of requests per second, and clocks and time zones differ.", "term-timestamps",
            &[&["timestamp*", "time alone", "time zones", "timezone*", "clock*", "thousands", "busy", "many requests", "guess*", "needle"]]),
        said("share-provider", "It is what a provider's support asks for to find your call on their side.", "step-escalate",
            &[&["provider", "vendor", "other team", "another team", "their side", "escalat*", "support team", "third party"]]),
    ],
    misconceptions: &[
        wrong("correlation-is-auth", "A correlation id is not a credential; it identifies a request, not a caller's rights.", "term-correlation-id",
            &[CORRELATION, &["authenticat*", "authoriz*", "credential", "secret", "password", "security token"]], &["not", "no", "never", "isnt"]),
    ],
    model_answer: "A correlation id is one id that travels with a request through every system it crosses: the client, the gateway, the backend and the CRM. With it you can search each system's logs and find the exact lines for that one request. Timestamps alone are not enough, because a busy system logs thousands of requests a second and clocks and time zones differ. It is also the first thing a provider's support team asks for, since it lets them find your call on their side.",
};

pub(super) const ESCALATION: Prompt = Prompt {
    id: "escalation",
    topic: "Troubleshooting method",
    question: "You need to escalate an integration issue to engineering or a vendor. What do you include?",
    points: &[
        said("what-expected", "What was expected and what happened, with impact and scope (who, how many, since when).", "step-expected-vs-actual",
            &[&["expected", "impact", "how many", "since when", "who is affected", "scope", "customers affected", "started"]]),
        said("exact-request", "The exact request and response: endpoint, method, status code, body, with secrets removed.", "step-escalate",
            &[&["request", "endpoint", "method", "status code", "response", "payload", "curl"]]),
        said("ids-times", "Correlation ids and timestamps with time zone.", "term-correlation-id",
            &[&["correlation id*", "request id*", "trace id*", "timestamp*", "time zone", "utc"]]),
        said("tried", "What you already ruled out and how to reproduce it.", "step-reproduce",
            &[&["ruled out", "already tried", "already checked", "what i tried", "what was tried", "tested", "reproduc*", "steps"]]),
    ],
    misconceptions: &[
        wrong("include-secrets", "Never include live tokens, keys or passwords in an escalation; redact them.", "term-bearer-token",
            &[&["include", "attach", "add", "paste"], &["token", "api key", "password", "secret", "client secret"]], &["not", "never", "without", "redact*", "masked", "remove*"]),
    ],
    model_answer: "I state what was expected and what happened, and the impact: who is affected, how many and since when. I add the exact request and response, with endpoint, method, status code and body, but with secrets removed. I give the correlation ids and timestamps in UTC so they can find the calls. And I list what I already ruled out and the steps to reproduce it.",
};

pub(super) const DIAGNOSIS_STATEMENT: Prompt = Prompt {
    id: "diagnosis-statement",
    topic: "Troubleshooting method",
    question: "What does a good one-line diagnosis sound like, compared with \"the API failed\"?",
    points: &[
        said("names-call", "It names the exact call: method and endpoint.", "step-diagnosis-statement",
            &[&["method", "endpoint", "post", "get", "put", "the call", "which call", "path"]]),
        said("names-status", "It gives the status code or error seen.", "step-status-code",
            &[&["status", "code", "error", "400", "401", "403", "404", "500", "504"]]),
        said("names-cause", "It states the cause with the evidence for it (the missing field, the expired token).", "step-diagnosis-statement",
            &[&["because", "cause*", "due to", "the reason", "evidence", "missing", "expired", "field"]]),
    ],
    misconceptions: &[],
    model_answer: "A good diagnosis names the exact call, for example the POST to the CRM's ticket endpoint. It gives the status code that came back, here a 400. And it states the cause with its evidence: the payload is missing the required case type field, as the error body says. Compared with \"the API failed\", anyone reading it knows who has to fix what.",
};
