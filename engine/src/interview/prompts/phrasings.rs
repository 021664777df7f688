//! How a prompt's points are written (`said`, `claim`, `wrong`), and phrasings several prompts share.
//! Phrasing groups are lower case; `*` ends a word prefix.

use crate::interview::{KeyPoint, Misconception};

/// A point whose phrasings may come in any order within one clause.
pub(super) const fn said(
    id: &'static str,
    text: &'static str,
    reference: &'static str,
    groups: &'static [&'static [&'static str]],
) -> KeyPoint {
    KeyPoint {
        id,
        text,
        groups,
        rivals: &[],
        in_order: false,
        reference,
    }
}

/// A point that is a claim about a subject: the subject (first group) comes first, and a rival
/// subject between them (another status code, another method) cancels it.
pub(super) const fn claim(
    id: &'static str,
    text: &'static str,
    reference: &'static str,
    groups: &'static [&'static [&'static str]],
    rivals: &'static [&'static str],
) -> KeyPoint {
    KeyPoint {
        id,
        text,
        groups,
        rivals,
        in_order: true,
        reference,
    }
}

pub(super) const fn wrong(
    id: &'static str,
    text: &'static str,
    reference: &'static str,
    groups: &'static [&'static [&'static str]],
    rivals: &'static [&'static str],
) -> Misconception {
    Misconception {
        id,
        text,
        groups,
        rivals,
        in_order: true,
        reference,
    }
}

pub(super) const S401: &[&str] = &["401", "401s", "unauthorized", "unauthorised"];
pub(super) const S403: &[&str] = &["403", "403s", "forbidden"];
pub(super) const WHO: &[&str] = &[
    "authenticat*",
    "identity",
    "identify",
    "identified",
    "who you are",
    "who the caller is",
    "who they are",
    "who is calling",
    "who is asking",
    "who it is",
    "credential*",
    "logged in",
    "log in",
    "signed in",
    "sign in",
    "login",
    "unknown caller",
    "caller is unknown",
    "not know who",
    "no valid token",
    "missing token",
    "invalid token",
    "expired token",
    "token is missing",
    "token is expired",
    "token is invalid",
    "token has expired",
    "token expired",
    "token was",
    "no token",
    "bad token",
];
pub(super) const ALLOWED: &[&str] = &[
    "permission*",
    "not allowed",
    "allowed",
    "authoris*",
    "authoriz*",
    "scope*",
    "role*",
    "rights",
    "access to",
    "privilege*",
    "entitle*",
    "no access",
    "not permitted",
    "permitted",
];
pub(super) const NEW_TOKEN: &[&str] = &[
    "refresh*",
    "new token",
    "new access token",
    "fresh token",
    "reauthenticat*",
    "re authenticat*",
    "authenticate again",
    "log in again",
    "sign in again",
    "renew*",
    "get a token",
    "request a token",
    "valid token",
    "correct credentials",
    "valid credentials",
    "fix the credentials",
    "another token",
];
pub(super) const GRANT: &[&str] = &[
    "grant*",
    "add*",
    "assign*",
    "give",
    "given",
    "request*",
    "ask for",
    "change*",
    "update*",
    "enable*",
    "fix*",
    "configur*",
];
pub(super) const RETRY: &[&str] = &[
    "retry*",
    "retried",
    "retries",
    "resend*",
    "resent",
    "send it again",
    "sent again",
    "try again",
    "tries again",
    "repeat*",
    "redeliver*",
    "redelivery",
];
pub(super) const TIMEOUT: &[&str] = &[
    "timeout*",
    "timed out",
    "time out",
    "times out",
    "no response",
    "lost response",
    "response was lost",
    "connection drop*",
    "dropped",
];
pub(super) const CORRELATION: &[&str] = &[
    "correlation id*",
    "correlation-id",
    "request id*",
    "request-id",
    "trace id*",
    "trace-id",
    "traceparent",
    "tracking id*",
    "x-correlation-id",
    "x-request-id",
];
pub(super) const LOGS: &[&str] = &[
    "log",
    "logs",
    "logged",
    "log line*",
    "log entr*",
    "trace*",
    "records",
];
pub(super) const WEBHOOK: &[&str] = &["webhook*", "web hook*", "callback*", "event notification*"];
pub(super) const API_CALL: &[&str] = &[
    "api",
    "apis",
    "api call*",
    "rest call*",
    "rest api*",
    "request*",
];
