//! Prompts on HTTP and REST: methods, idempotency, status codes.

use super::phrasings::{claim, said, wrong, ALLOWED, GRANT, NEW_TOKEN, S401, S403, TIMEOUT, WHO};
use crate::interview::Prompt;

pub(super) const REST_METHODS: Prompt = Prompt {
    id: "rest-methods",
    topic: "HTTP and REST",
    question: "Walk me through the main HTTP methods a REST API uses and what each one is for.",
    points: &[
        claim("get-reads", "GET reads a resource and changes nothing.", "method-get",
            &[&["get", "gets"], &["read*", "fetch*", "retriev*", "look up", "looks up", "view*", "return*", "quer*", "ask for", "asks for", "pull*", "load*"]],
            &["post", "put", "patch", "delete"]),
        claim("post-creates", "POST creates something new or triggers an action.", "method-post",
            &[&["post", "posts"], &["creat*", "new", "add*", "submit*", "trigger*", "insert*", "start*", "open*"]],
            &["get", "put", "patch", "delete"]),
        claim("put-replaces", "PUT replaces the whole resource with what is sent.", "method-put",
            &[&["put", "puts"], &["replac*", "overwrit*", "whole", "entire", "full", "complete"]],
            &["get", "post", "patch", "delete"]),
        claim("patch-partial", "PATCH changes only some fields.", "method-patch",
            &[&["patch", "patches"], &["partial*", "some field*", "some of", "part of", "only the field*", "only a few", "few field*", "specific field*", "certain field*", "one field", "single field", "just the field*", "only changes", "changes only", "fields you"]],
            &["get", "post", "put", "delete"]),
        claim("delete-removes", "DELETE removes the resource.", "method-delete",
            &[&["delete", "deletes"], &["remov*", "destroy*", "gets rid", "get rid", "erase*", "ends", "end a", "close*", "deletion", "deleted"]],
            &["get", "post", "put", "patch"]),
    ],
    misconceptions: &[
        wrong("post-reads", "POST is not how you read data; reading is GET's job.", "method-post",
            &[&["post"], &["read*", "fetch*", "retriev*"]], &["get", "put", "patch", "delete", "not", "never"]),
        wrong("put-patch-same", "PUT and PATCH are not the same: PUT replaces the whole resource, PATCH changes part of it.", "method-patch",
            &[&["put"], &["patch"], &["same", "identical", "interchangeabl*", "no difference"]], &[]),
    ],
    model_answer: "GET reads a resource and changes nothing on the server. POST creates something new or triggers an action, such as opening a chat. PUT replaces the whole resource with the body you send. PATCH changes only the fields you include. DELETE removes the resource. The method carries the intent, so a server answers 405 when it does not accept that method on the path.",
};

pub(super) const IDEMPOTENCY: Prompt = Prompt {
    id: "idempotency",
    topic: "HTTP and REST",
    question: "What does it mean for an API call to be idempotent, and why should a support engineer care?",
    points: &[
        said("same-effect", "Making the call again has the same effect as making it once.", "term-idempotency",
            &[&["repeat*", "twice", "again", "multiple times", "more than once", "many times", "several times", "second time", "any number of times", "over and over", "retried", "resent"], &["same", "once", "no extra", "no additional", "nothing more", "identical", "unchanged", "no new", "no double", "not change", "no difference", "does not change"]]),
        said("timeout-unknown", "After a timeout the caller cannot tell whether the first attempt worked.", "term-timeouts",
            &[TIMEOUT, &["know*", "sure", "tell", "unknown", "unclear", "whether", "not certain", "uncertain", "no idea"]]),
        claim("which-methods", "GET, PUT and DELETE are idempotent by definition.", "term-idempotency",
            &[&["get", "put", "delete"], &["idempotent"]], &["post", "not"]),
        claim("post-duplicates", "POST is not idempotent: sending it twice can create two records.", "method-post",
            &[&["post"], &["not", "duplicat*", "twice", "two", "another", "second", "extra", "double*"]], &["get", "put", "delete"]),
        said("idempotency-key", "An idempotency key (or event id) lets the server recognise a repeat and return the first result.", "term-idempotency",
            &[&["idempotency key*", "idempotency-key", "unique key", "unique id*", "request id*", "event id*", "dedup*", "deduplicat*", "de duplicat*"]]),
    ],
    misconceptions: &[
        wrong("idempotent-is-read-only", "Idempotent does not mean read-only: PUT and DELETE change data and are still idempotent.", "term-idempotency",
            &[&["idempotent", "idempotency"], &["mean*", "is when", "is a call that", "is one that"], &["read only", "read-only", "no side effect*", "changes nothing", "nothing changes", "not change anything", "never changes", "without changing", "only reads"]], &[]),
        wrong("post-idempotent", "POST is not idempotent on its own; only an idempotency key makes a repeat harmless.", "method-post",
            &[&["post"], &["idempotent"]], &["not", "never", "unless", "become*", "made", "make*", "with", "key"]),
    ],
    model_answer: "An idempotent call can be repeated any number of times and the end result is the same as doing it once. That matters because after a timeout the client cannot tell whether the first attempt went through, so it needs to know whether a retry is safe. GET, PUT and DELETE are idempotent by their definition. POST is not: sending it twice can create two orders or two tickets. APIs solve that with an idempotency key, so the server recognises the repeat and hands back the first result.",
};

pub(super) const STATUS_401_VS_403: Prompt = Prompt {
    id: "401-vs-403",
    topic: "HTTP and REST",
    question: "A customer's integration gets a 401 on one call and a 403 on another. What is the difference, and what would you do about each?",
    points: &[
        claim("401-identity", "A 401 means the caller's identity was not established: credentials missing, expired or invalid.", "status-401",
            &[S401, WHO], S403),
        claim("403-permission", "A 403 means the caller is known but not allowed to do this: a missing permission, role or scope.", "status-403",
            &[S403, ALLOWED], S401),
        said("fix-401", "A 401 is fixed with valid credentials: a new or refreshed token, the right key.", "failure-expired-token",
            &[NEW_TOKEN]),
        said("fix-403", "A 403 is fixed by granting the missing permission or scope, not by a new token with the same rights.", "term-insufficient-scope",
            &[GRANT, &["scope*", "permission*", "role*", "rights", "access", "privilege*"]]),
    ],
    misconceptions: &[
        wrong("401-is-permission", "A 401 is not about permissions; it means the server does not know who is calling.", "term-401-vs-403",
            &[S401, &["permission*", "not allowed", "scope*", "role*", "rights", "privilege*"]], &["403", "forbidden", "not about", "rather than", "instead"]),
        wrong("403-is-identity", "A 403 is not a login problem: the caller was recognised and then refused.", "term-401-vs-403",
            &[S403, &["not authenticated", "unauthenticated", "expired token", "token expired", "token has expired", "invalid token", "missing token", "wrong password", "not logged in", "bad credentials", "invalid credentials"]], &["401", "unauthorized", "not a", "rather than", "instead", "even"]),
    ],
    model_answer: "A 401 means the server could not establish who the caller is: the token or key is missing, expired or invalid. A 403 means the server knows who is calling but that caller is not allowed to do this, for example the token lacks a scope or the user lacks a role. For the 401 I would get a valid token, refreshing it or checking the credentials and the Authorization header. For the 403 a new token will not help; the missing permission or scope has to be granted, usually by an admin on their side.",
};

pub(super) const STATUS_4XX_VS_5XX: Prompt = Prompt {
    id: "4xx-vs-5xx",
    topic: "HTTP and REST",
    question: "What does the first digit of a status code tell you when you troubleshoot, especially 4xx against 5xx?",
    points: &[
        claim("2xx-worked", "2xx means the request worked.", "status-2xx",
            &[&["2xx", "200s"], &["success*", "worked", "ok", "fine", "accepted", "succeed*"]], &["4xx", "5xx"]),
        claim("4xx-client", "4xx means the request itself was wrong or not allowed: the caller has something to fix.", "status-4xx",
            &[&["4xx", "400s"], &["client", "caller", "request was wrong", "request is wrong", "bad request", "sender", "our side", "your side", "their request", "the request"]], &["5xx", "500s"]),
        claim("5xx-server", "5xx means something failed on the server side or behind a gateway: resending the same request may work later.", "status-5xx",
            &[&["5xx", "500s"], &["server", "backend", "provider", "upstream", "gateway", "their side", "service"]], &["4xx", "400s"]),
    ],
    misconceptions: &[
        wrong("4xx-retry", "Retrying a 4xx unchanged rarely helps: the same wrong request fails the same way (429 aside).", "status-4xx",
            &[&["4xx", "400s", "400"], &["just retry", "retry it", "retrying fixes", "retry until", "keep retrying", "simply retry"]], &["not", "never", "no point", "5xx", "429"]),
    ],
    model_answer: "The first digit sorts the problem before you read anything else. A 2xx means the request worked. A 4xx means the request itself was wrong or not allowed, so the caller has something to fix, such as the payload, the token or the permissions. A 5xx means something failed on the server side or in a gateway in front of it, so the same request may work later and the provider's logs are where to look.",
};

pub(super) const STATUS_502_503_504: Prompt = Prompt {
    id: "502-503-504",
    topic: "HTTP and REST",
    question: "Explain the difference between 502, 503 and 504.",
    points: &[
        claim("502-bad-answer", "502: the gateway or proxy got an invalid answer (or none) from the service behind it.", "status-502",
            &[&["502", "bad gateway"], &["invalid", "bad response", "bad answer", "garbage", "broken response", "malformed", "connection refused", "refused", "reset", "crash*", "could not connect", "couldnt connect", "closed the connection", "wrong response", "unusable"]], &["503", "504"]),
        claim("503-unavailable", "503: the service is unavailable right now (overloaded, in maintenance, no healthy instance).", "status-503",
            &[&["503", "service unavailable"], &["unavailable", "overload*", "maintenance", "down", "no healthy", "not available", "too busy", "busy", "capacity"]], &["502", "504"]),
        claim("504-timeout", "504: the gateway gave up waiting because the service behind it was too slow.", "status-504",
            &[&["504", "gateway timeout"], &["timeout", "timed out", "time out", "too slow", "slow", "took too long", "gave up", "give up", "waiting", "did not answer in time", "in time"]], &["502", "503"]),
        said("gateway-middle", "All three come from a gateway or proxy in the middle, not from the backend's own code.", "term-api-gateway",
            &[&["gateway", "proxy", "load balancer", "middle", "in front"]]),
    ],
    misconceptions: &[
        wrong("504-client-timeout", "A 504 is not the client's own timeout; it is the gateway that stopped waiting for its upstream.", "status-504",
            &[&["504"], &["client timed out", "client timeout", "client's timeout", "browser timed out", "client gave up"]], &["not"]),
    ],
    model_answer: "All three usually come from a gateway, proxy or load balancer in the middle rather than from the application code. A 502 means the gateway got an invalid answer from the service behind it, or the connection was refused or reset. A 503 means the service is unavailable right now, because it is overloaded, in maintenance or has no healthy instance. A 504 means the gateway gave up waiting because the service behind it was too slow to answer.",
};

pub(super) const STATUS_429_RATE_LIMIT: Prompt = Prompt {
    id: "429-rate-limit",
    topic: "HTTP and REST",
    question: "An integration starts getting 429 responses. What does that mean and how should the client behave?",
    points: &[
        claim("429-too-many", "429 means the caller sent too many requests for its rate limit or quota.", "status-429",
            &[&["429", "too many requests"], &["too many", "rate limit*", "quota", "limit", "throttl*", "too fast", "too often"]], &[]),
        said("retry-after", "The Retry-After header says how long to wait before trying again.", "header-retry-after",
            &[&["retry-after", "retry after"]]),
        said("backoff", "Retry with exponential backoff and jitter instead of hammering the API.", "term-backoff-jitter",
            &[&["backoff", "back off", "backs off", "exponential*", "jitter", "wait longer", "slow down", "increasing delay*", "longer each time"]]),
        said("reduce-calls", "Lower the call volume: cache, batch, or spread the calls out.", "term-rate-limiting",
            &[&["cache", "caching", "batch*", "fewer calls", "fewer requests", "spread", "reduce*", "polling less", "poll less", "less often", "higher limit", "raise the limit", "increase the limit"]]),
    ],
    misconceptions: &[
        wrong("retry-immediately", "Retrying at once keeps the caller over its limit and can turn into a retry storm.", "term-retry-storm",
            &[&["retry", "resend", "try again"], &["immediately", "right away", "straight away", "at once", "in a loop", "as fast as"]], &["not", "never", "dont", "instead", "rather"]),
    ],
    model_answer: "A 429 means the caller has sent too many requests for its rate limit or quota. The client should read the Retry-After header and wait at least that long before trying again. Where there is none, it should use exponential backoff with jitter so many clients do not all come back at the same moment. Longer term, it should make fewer calls by caching, batching or spreading them out, or ask the provider for a higher limit.",
};

pub(super) const STATUS_400_BAD_REQUEST: Prompt = Prompt {
    id: "400-bad-request",
    topic: "HTTP and REST",
    question: "A POST to create a ticket returns 400. What are the usual causes and how do you find the real one?",
    points: &[
        claim("400-request-wrong", "A 400 means the server could not accept the request as sent: the fault is in the request.", "status-400",
            &[&["400", "bad request"], &["request", "payload", "body", "format*", "malformed", "invalid", "could not understand", "could not parse"]], &["500"]),
        said("json-causes", "Typical causes: malformed JSON, a missing required field, a wrong field name or type.", "failure-missing-required-field",
            &[&["json", "syntax", "missing field", "required field*", "missing required", "field name*", "wrong type", "data type*", "mandatory field*", "field missing", "misspelled", "comma", "nesting"]]),
        said("read-error-body", "The error body usually names the field; read it before guessing.", "term-problem-json",
            &[&["error body", "error message", "response body", "error details", "body of the response", "names the field", "which field", "problem json", "problem+json", "error response"]]),
        said("compare-docs", "Compare the payload with the API documentation or a known good request.", "step-known-good-data",
            &[&["documentation", "docs", "schema", "spec", "known good", "working request", "example request", "sample request", "contract"]]),
    ],
    misconceptions: &[
        wrong("400-server-bug", "A 400 is not a server outage: the request needs fixing, so escalating it as a backend bug wastes time.", "step-dont-blame-backend",
            &[&["400"], &["server is down", "server bug", "backend bug", "backend is broken", "server error", "server is broken", "their bug"]], &["not", "rather than", "instead"]),
    ],
    model_answer: "A 400 means the server could not accept the request as it was sent, so the problem is in the request. The usual causes are malformed JSON, a missing required field, a field with the wrong name or the wrong data type. First I read the error body, because it often names the field it rejected. Then I compare the payload with the API documentation or with a known good request and change one thing at a time.",
};
