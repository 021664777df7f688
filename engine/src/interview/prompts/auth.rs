//! Prompts on Authentication and OAuth: API keys, OAuth, bearer tokens, JWTs.

use super::phrasings::{claim, said, wrong};
use crate::interview::Prompt;

pub(super) const OAUTH_VS_API_KEY: Prompt = Prompt {
    id: "oauth-vs-api-key",
    topic: "Authentication and OAuth",
    question: "When would you use OAuth instead of a plain API key? What is the real difference?",
    points: &[
        said("key-static", "An API key is a long-lived static secret, usually for the app as a whole.", "header-x-api-key",
            &[&["api key*", "api-key*", "x-api-key", "the key"], &["static", "long lived", "long-lived", "does not expire", "never expire*", "fixed", "same secret", "same value", "until someone", "until it is rotated", "until rotated", "permanent", "shared secret", "one secret"]]),
        said("token-short", "OAuth hands out short-lived access tokens that expire and are refreshed.", "term-access-token",
            &[&["oauth", "token*"], &["short lived", "short-lived", "expire*", "temporary", "minutes", "an hour", "refresh*", "limited lifetime", "time limited", "time-limited"]]),
        said("scopes", "OAuth tokens carry scopes, so access can be limited to what is needed.", "term-scope",
            &[&["scope*", "limited access", "limit what", "only what", "least privilege", "fine grained", "fine-grained", "specific permissions"]]),
        said("user-consent", "OAuth can act for a user without the app ever seeing the user's password.", "term-oauth",
            &[&["on behalf", "for a user", "for the user", "user's data", "users data", "delegat*", "consent", "without sharing", "without seeing", "without giving", "without exposing", "never sees", "without the password", "not share the password", "password"]]),
    ],
    misconceptions: &[
        wrong("oauth-is-authentication-only", "OAuth is about granting access (authorisation), not about proving who the user is; that is what OpenID Connect adds.", "term-oauth",
            &[&["oauth"], &["is a login", "is for login", "is an authentication protocol", "just authentication", "only authentication", "logs the user in"]], &["not"]),
        wrong("api-key-more-secure", "A static API key is not the more secure option: if it leaks it works until someone rotates it.", "header-x-api-key",
            &[&["api key*"], &["more secure", "safer", "more safe"]], &["less", "not", "oauth"]),
    ],
    model_answer: "An API key is a static secret that identifies the calling application and keeps working until someone rotates it, so a leaked key stays dangerous. With OAuth the app gets short-lived access tokens that expire and are refreshed, so a leaked token is useful only for a short time. OAuth tokens also carry scopes, which limit access to only what the integration needs. And OAuth lets an app act on behalf of a user without ever seeing that user's password. I would pick a key for simple server-to-server calls and OAuth when user data, consent or fine-grained access are involved.",
};

pub(super) const WHAT_IS_OAUTH: Prompt = Prompt {
    id: "what-is-oauth",
    topic: "Authentication and OAuth",
    question: "In plain words, what is OAuth 2.0 and what are its moving parts?",
    points: &[
        claim("authorisation-framework", "OAuth 2.0 is a framework for granting limited access to an API without sharing passwords.", "term-oauth",
            &[&["oauth"], &["authoriz*", "authoris*", "access", "permission*", "delegat*", "grant*"]], &[]),
        said("token-endpoint", "The app gets an access token from the authorisation server's token endpoint.", "term-token-endpoint",
            &[&["token endpoint", "authorization server", "authorisation server", "auth server", "identity provider", "issuer", "token service"]]),
        said("bearer-header", "The app then sends the token on each call in the Authorization header as a bearer token.", "header-authorization",
            &[&["authorization header", "authorisation header", "bearer"]]),
        said("grant-types", "Different grants fit different cases: client credentials for machines, authorisation code for users.", "term-grant-client-credentials",
            &[&["client credentials", "client_credentials", "authorization code", "authorisation code", "grant type*", "flows", "grants"]]),
    ],
    misconceptions: &[
        wrong("oauth-sends-password", "With OAuth the API never receives the user's password; it only sees tokens.", "term-oauth",
            &[&["oauth"], &["sends the password", "send the password", "passes the password", "password on every", "password with each"]], &["not", "never", "without"]),
    ],
    model_answer: "OAuth 2.0 is a framework for granting an application limited access to an API without handing over anyone's password. The application asks the authorization server's token endpoint for an access token. It then sends that token on every call in the Authorization header as a bearer token, and the API checks it. There are several grant types: client credentials for machine-to-machine calls and the authorization code flow when a user signs in and consents.",
};

pub(super) const BEARER_TOKEN: Prompt = Prompt {
    id: "bearer-token",
    topic: "Authentication and OAuth",
    question: "What is a bearer token and how should it be handled?",
    points: &[
        said("whoever-holds", "Whoever holds a bearer token can use it; no other proof is asked.", "term-bearer-token",
            &[&["whoever", "anyone", "anybody", "holder", "the bearer", "possess*", "has the token", "holds it", "holds the token"]]),
        said("auth-header", "It travels in the Authorization header as \"Bearer <token>\".", "header-authorization",
            &[&["authorization header", "authorisation header", "authorization: bearer", "bearer prefix", "authorization"]]),
        said("protect", "So it must be protected like a password: only over HTTPS, never logged or pasted in tickets.", "failure-plain-http",
            &[&["https", "tls", "never log*", "not log*", "not be logged", "out of logs", "secret", "password", "protect*", "leak*", "never share", "not share"]]),
        said("short-lived", "Bearer tokens are short-lived and expire, which limits the damage of a leak.", "term-access-token",
            &[&["short lived", "short-lived", "expire*", "expiry", "lifetime", "minutes", "an hour"]]),
    ],
    misconceptions: &[
        wrong("bearer-encrypted", "A bearer token (often a JWT) is usually only encoded, not encrypted: anyone can read its claims.", "term-jwt",
            &[&["token", "jwt"], &["is encrypted", "are encrypted", "encrypted so", "cannot be read", "can't be read"]], &["not", "only encoded", "https"]),
    ],
    model_answer: "A bearer token is an access token that works for whoever holds it: the API asks for no other proof. It is sent in the Authorization header as the word Bearer followed by the token. Because of that it must be protected like a password, so it only travels over HTTPS and is never written to logs, chat transcripts or tickets. Bearer tokens are short-lived and expire, which limits the damage when one leaks.",
};

pub(super) const JWT_CLAIMS: Prompt = Prompt {
    id: "jwt-claims",
    topic: "Authentication and OAuth",
    question: "A customer pastes a JWT and asks why it is rejected. What would you look at in it?",
    points: &[
        said("exp", "The exp claim: has the token expired (compare with the server's clock)?", "term-jwt-claims",
            &[&["exp", "expiry", "expiration", "expired", "expires"]]),
        said("aud-iss", "The audience (aud) and issuer (iss): was it issued for this API by the expected issuer?", "term-jwt-claims",
            &[&["aud", "audience", "iss", "issuer"]]),
        said("scope", "The scope claim: does it include the permission this call needs?", "term-scope",
            &[&["scope*", "permission*", "roles"]]),
        said("signature", "The signature: signed with a key the API trusts (a rotated key breaks it).", "term-jwt",
            &[&["signature", "signed", "signing key", "jwks", "public key", "kid"]]),
    ],
    misconceptions: &[
        wrong("jwt-secret", "A JWT's payload is readable by anyone; it is not encrypted, so it must not hold secrets.", "term-jwt",
            &[&["jwt", "payload", "claims"], &["encrypted", "cannot be read", "can't be decoded", "cannot be decoded", "unreadable"]], &["not", "only encoded", "base64"]),
    ],
    model_answer: "I would decode it, which is safe because a JWT payload is only base64 encoded, and check the exp claim against the server's clock to see whether it expired. I would check the audience and the issuer, because a token made for another API or by another issuer is refused. I would check the scope claim to see whether it includes the permission this call needs. And I would check that the signature was made with a key the API still trusts, since a rotated signing key makes older tokens fail.",
};

pub(super) const DEBUG_OAUTH: Prompt = Prompt {
    id: "debug-oauth",
    topic: "Authentication and OAuth",
    question: "Calls that worked yesterday now fail with an OAuth error. How do you troubleshoot it?",
    points: &[
        said("header-format", "Check the Authorization header is present and formatted \"Bearer <token>\".", "header-authorization",
            &[&["authorization header", "authorisation header", "bearer", "header is missing", "header format"]]),
        said("expiry", "Check whether the token expired and whether the refresh still works.", "failure-expired-token",
            &[&["expir*", "exp", "refresh*"]]),
        said("scopes", "Check the token's scopes against what the call needs.", "term-insufficient-scope",
            &[&["scope*", "permission*"]]),
        said("error-code", "Read the error the token endpoint or API returned: invalid_token, invalid_grant, invalid_client, insufficient_scope.", "term-invalid-grant",
            &[&["invalid_token", "invalid token", "invalid_grant", "invalid grant", "invalid_client", "invalid client", "insufficient_scope", "insufficient scope", "www-authenticate", "error code", "error field", "auth log*", "error message", "error description"]]),
    ],
    misconceptions: &[
        wrong("share-token", "Never ask a customer to paste a live token or secret into a ticket or chat.", "term-bearer-token",
            &[&["ask*"], &["paste", "send", "email", "share"], &["token", "secret", "password", "credentials"]], &["not", "never", "dont", "without", "redact*", "masked"]),
    ],
    model_answer: "I start by checking that the Authorization header is present and formatted as Bearer followed by the token. Then I check whether the token expired and whether refreshing it still works, since a revoked refresh token gives invalid_grant. I compare the token's scopes with what the failing call needs. And I read the exact error that came back, such as invalid_token, invalid_client or insufficient_scope in the WWW-Authenticate header, together with the auth logs for that time.",
};
