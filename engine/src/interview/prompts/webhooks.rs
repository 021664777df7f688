//! Prompts on Webhooks and real time.

use super::phrasings::{claim, said, wrong, API_CALL, RETRY, TIMEOUT, WEBHOOK};
use crate::interview::Prompt;

pub(super) const WEBHOOK_VS_API: Prompt = Prompt {
    id: "webhook-vs-api",
    topic: "Webhooks and real time",
    question: "What is the difference between calling an API and receiving a webhook?",
    points: &[
        claim("api-pull", "With an API call the client asks when it wants data: a pull, request and response.", "term-webhook-vs-api",
            &[API_CALL, &["pull*", "ask*", "request and response", "request/response", "request-response", "client initiat*", "client starts", "on demand", "when it wants", "when you want", "you call", "the client calls", "initiat*"]], &["webhook", "webhooks", "push*"]),
        claim("webhook-push", "With a webhook the source system sends an HTTP request to you when an event happens: a push.", "term-webhook",
            &[WEBHOOK, &["push*", "event*", "when something happens", "tells you", "notif*", "calls you", "sends", "automatically", "source system initiat*"]], &["api", "apis", "pull*"]),
        said("no-polling", "Webhooks save polling: no repeated calls asking \"anything new?\", and news arrives quickly.", "term-polling",
            &[&["poll*", "keep asking", "asking repeatedly", "repeated calls", "checking repeatedly", "real time", "real-time", "immediately", "near real", "as soon as", "right away"]]),
        said("receiver-endpoint", "For a webhook you run a public HTTPS endpoint, so the direction and who must be reachable flip.", "term-webhook-delivery",
            &[&["endpoint", "url", "receiver", "listener"], &["public", "reachable", "expose*", "host*", "your own", "you run", "you provide", "register*", "must accept", "receiv*"]]),
    ],
    misconceptions: &[
        wrong("webhook-persistent", "A webhook is not a persistent connection; each event is a separate HTTP request (that is WebSockets).", "term-websocket-vs-webhook-vs-rest",
            &[WEBHOOK, &["persistent", "open connection", "stays open", "keeps a connection", "long lived connection", "always connected"]], &["not", "websocket*", "unlike"]),
        wrong("webhook-client-asks", "With a webhook the receiver does not ask; the source system calls it.", "term-webhook-vs-api",
            &[WEBHOOK, &["you ask", "client asks", "client requests", "you request", "you pull", "pull model", "polls", "you poll"]], &["not", "no need", "instead", "api", "without", "never"]),
    ],
    model_answer: "With an API call the client asks for data when it wants it: it is a pull, a request followed by a response. With a webhook the source system sends an HTTP request to you as soon as an event happens, so it is a push. That saves polling, where a client keeps asking whether anything changed, and the news arrives in near real time. The catch is that for a webhook you must run a public HTTPS endpoint that the sender can reach, so the direction of the call flips.",
};

pub(super) const DEBUG_FAILING_WEBHOOK: Prompt = Prompt {
    id: "debug-failing-webhook",
    topic: "Webhooks and real time",
    question: "A customer says their webhook stopped creating tickets in their system. How do you work through it?",
    points: &[
        said("event-fired", "First confirm the event happened and a delivery was attempted (the delivery log).", "log-webhook-delivery",
            &[&["event*", "trigger*", "deliver*", "sent", "fired", "attempt*"], &["log*", "history", "happened", "generated", "was sent", "fired", "attempt*", "dashboard", "confirm*", "check*", "whether"]]),
        said("response-code", "Read what the receiver answered: the status code and body of each attempt, or a timeout.", "log-webhook-delivery",
            &[&["status code*", "response code*", "http status", "what it answered", "answered with", "returned", "response", "4xx", "5xx", "401", "404", "500", "timeout", "timed out"]]),
        said("reachable-tls", "Check the endpoint URL, network reachability and its TLS certificate.", "failure-webhook-not-delivered",
            &[&["url", "endpoint", "reachab*", "dns", "firewall", "tls", "certificate", "cert", "https"]]),
        said("signature-auth", "Check the signature or auth: a rotated signing secret makes every delivery fail verification.", "failure-webhook-signature-mismatch",
            &[&["signature*", "signing", "hmac", "secret", "shared secret", "auth*", "token"]]),
        said("retries-disabled", "Check whether retries ran out and the subscription was disabled, and whether the payload changed.", "failure-webhook-exhausted",
            &[&["retri*", "retry*", "disabled", "paused", "suspended", "deactivat*", "exhaust*", "gave up", "payload", "schema", "field*"]]),
    ],
    misconceptions: &[
        wrong("resend-without-cause", "Replaying every event before knowing the cause can create duplicate tickets; find the failure first.", "term-webhook-idempotency",
            &[&["first", "just", "simply", "immediately"], &["resend*", "replay*", "redeliver*", "retrigger*", "retry all"]], &["after", "once", "then", "not"]),
    ],
    model_answer: "First I confirm the event really happened and check the delivery log to see whether a delivery was attempted at all. Then I read what the receiver answered on each attempt: the status code and body, or a timeout. If nothing got through I check the endpoint URL, DNS, firewall and the TLS certificate of the receiver. I also check the signature: when the signing secret was rotated on one side only, every delivery fails verification with a 401. Finally I check whether retries ran out and the subscription was disabled, and whether a change in the payload broke their ticket mapping.",
};

pub(super) const WEBHOOK_SIGNATURE: Prompt = Prompt {
    id: "webhook-signature",
    topic: "Webhooks and real time",
    question: "Why do webhook providers sign their requests, and how does the receiver check it?",
    points: &[
        said("prove-sender", "The signature proves the request came from the provider and was not changed, since anyone can post to a public URL.", "term-webhook-signing",
            &[&["prove*", "proof", "verif*", "confirm*", "authentic*", "genuine", "really from", "came from", "forged", "fake", "spoof*", "anyone could", "anyone can"]]),
        said("hmac-secret", "It is an HMAC of the raw body made with a shared secret; the receiver recomputes it and compares.", "term-webhook-signing",
            &[&["hmac", "hash", "shared secret", "signing secret", "secret"], &["recomput*", "compute*", "calculat*", "compare*", "match*", "same", "raw body", "body"]]),
        said("timestamp-replay", "A timestamp in the signed data lets the receiver refuse old replays.", "term-replay-protection",
            &[&["timestamp*", "replay*", "time window", "too old", "old request*", "tolerance"]]),
    ],
    misconceptions: &[
        wrong("sign-parsed-json", "The signature covers the raw bytes; re-serialising parsed JSON changes them and breaks verification.", "failure-webhook-signature-mismatch",
            &[&["pars*", "re serializ*", "reserializ*", "format*"], &["json"], &["then", "before"], &["sign*", "verif*", "hash*", "hmac"]], &["not", "raw", "never"]),
    ],
    model_answer: "A webhook endpoint is a public URL that anyone could post to, so the signature proves the request really came from the provider and was not altered on the way. The provider computes an HMAC of the raw body with a shared secret and sends it in a header; the receiver recomputes it over the exact bytes it received and compares the two. A timestamp inside the signed data lets the receiver refuse requests that are too old, which stops replays.",
};

pub(super) const WEBHOOK_IDEMPOTENT_RECEIVER: Prompt = Prompt {
    id: "webhook-idempotent-receiver",
    topic: "Webhooks and real time",
    question: "Why must a webhook receiver be idempotent?",
    points: &[
        said("at-least-once", "Providers retry, so the same event can arrive more than once (at-least-once delivery).", "term-webhook-retries",
            &[RETRY, &["twice", "more than once", "again", "same event", "duplicat*", "multiple times", "at least once", "at-least-once"]]),
        said("timeout-retry", "A slow receiver that times out still processed the event, and the retry brings it again.", "failure-webhook-timeout",
            &[TIMEOUT, &["still", "already", "processed", "did the work", "handled", "created"]]),
        said("event-id", "Store the event id and skip one already handled.", "term-webhook-idempotency",
            &[&["event id*", "delivery id*", "unique id*", "idempotency key*", "id of the event", "dedup*", "deduplicat*", "already seen", "already handled", "already processed", "seen before"]]),
    ],
    misconceptions: &[
        wrong("exactly-once", "Webhooks are not delivered exactly once; design for duplicates.", "term-webhook-retries",
            &[&["exactly once", "only once", "once and only once", "never twice", "never duplicated", "never sent twice"]], &["not", "no guarantee", "cannot", "isnt"]),
    ],
    model_answer: "Providers retry any delivery they do not see acknowledged, so the same event can arrive more than once. That happens even when all went well: if the receiver took too long and the sender timed out, the receiver had still processed the event, and the retry brings it again. So the receiver stores each event id and skips an event it has already handled, answering 2xx so the sender stops retrying.",
};

pub(super) const WEBSOCKET_VS_REST: Prompt = Prompt {
    id: "websocket-vs-rest",
    topic: "Webhooks and real time",
    question: "How does a WebSocket differ from REST calls, and when would you use one?",
    points: &[
        said("persistent", "A WebSocket is one long-lived connection that stays open.", "term-websocket",
            &[&["websocket*", "web socket*"], &["persistent", "stays open", "stay open", "long lived", "long-lived", "open connection", "kept open", "keeps open", "remains open", "one connection", "single connection"]]),
        said("both-ways", "Either side can send at any time: two-way, real-time messages.", "term-websocket",
            &[&["both directions", "both ways", "two way", "two-way", "bidirectional", "bi directional", "either side", "both sides", "server can push", "server can send", "full duplex"]]),
        said("rest-short", "REST is one request, one response, each call separate and started by the client.", "term-rest",
            &[&["rest"], &["request", "one response", "each call", "short lived", "short-lived", "stateless", "client asks", "client starts"]]),
        said("use-case", "Use it for live chat, presence, notifications: anything that must arrive without polling.", "term-websocket-vs-webhook-vs-rest",
            &[&["chat", "presence", "notification*", "live", "real time", "real-time", "polling", "typing", "dashboard*"]]),
    ],
    misconceptions: &[
        wrong("ws-not-http", "A WebSocket starts as an HTTP request upgraded with 101 Switching Protocols; proxies must allow the Upgrade.", "term-websocket-handshake",
            &[&["websocket*"], &["nothing to do with http", "not use http", "does not use http", "no http at all", "without http"]], &[]),
    ],
    model_answer: "A WebSocket is one long-lived connection that stays open after an HTTP upgrade. Over it either side can send messages at any time, so it is two-way and real time. REST is one request and one response, each call separate and started by the client. I would use a WebSocket for live chat, agent presence or notifications, anything that must arrive at once without polling.",
};

pub(super) const WEBSOCKET_VS_WEBHOOK: Prompt = Prompt {
    id: "websocket-vs-webhook",
    topic: "Webhooks and real time",
    question: "Someone mixes up WebSockets and webhooks. How do you tell them apart?",
    points: &[
        claim("webhook-one-request", "A webhook is one HTTP request per event, sent server to server.", "term-webhook",
            &[WEBHOOK, &["one request", "single request", "an http request", "http post", "a post", "per event", "each event", "one-off", "one off", "one time", "one-time", "event notification"]], &["websocket*"]),
        claim("websocket-session", "A WebSocket is a connection that stays open for a session, often to a browser or app.", "term-websocket",
            &[&["websocket*", "web socket*"], &["stays open", "open connection", "persistent", "session", "long lived", "long-lived", "continuous*", "kept open"]], &["webhook*"]),
        said("who-connects", "For a webhook the receiver must be reachable; for a WebSocket the client opens the connection and keeps it.", "term-websocket-vs-webhook-vs-rest",
            &[&["reachable", "public", "endpoint", "client opens", "client connects", "opens the connection", "inbound", "outbound", "firewall"]]),
    ],
    misconceptions: &[
        wrong("webhook-bidirectional", "A webhook is one-way: the receiver can only answer that one request.", "term-websocket-vs-webhook-vs-rest",
            &[WEBHOOK, &["two way", "two-way", "bidirectional", "both directions", "stays open", "persistent"]], &["not", "websocket*", "unlike", "while"]),
    ],
    model_answer: "A webhook is one HTTP request per event, sent from one server to another and then finished. A WebSocket is a connection that stays open for a whole session, usually between a browser or app and a server, with messages flowing both ways. The practical difference in support is who connects: a webhook receiver must be publicly reachable, while for a WebSocket the client opens the connection and the network must let it stay open.",
};
