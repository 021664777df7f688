//! Decodes a bearer JWT for display (no verification: the point is reading its claims).

use super::{json, time};
use faultline_engine::util;

#[derive(Clone, Debug, PartialEq)]
pub struct DecodedJwt {
    /// Pretty JSON of the header and payload, keys in token order.
    pub header: String,
    pub payload: String,
    /// `exp` as epoch seconds, with its ISO form and its distance from the simulated clock.
    pub exp: Option<Claim>,
    pub iat: Option<Claim>,
    pub nbf: Option<Claim>,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub secs: i64,
    pub iso: String,
    /// Relative to the simulated "now", e.g. "42 min ago".
    pub relative: String,
    pub past: bool,
}

/// The token in an `Authorization: Bearer …` value when it looks like a JWT.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer")
        && token.starts_with("eyJ")
        && token.matches('.').count() == 2)
        .then_some(token.trim())
}

/// A JWT passed in the query string (`?access_token=eyJ…`, `?token=eyJ…`), as WebSocket
/// clients do because browsers cannot set headers on the upgrade request.
pub fn query_token(url: &str) -> Option<&str> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, v)| k.ends_with("token") && v.starts_with("eyJ") && v.matches('.').count() == 2)
        .map(|(_, v)| v)
}

fn segment(part: &str) -> Option<(String, serde_json::Value)> {
    let raw = String::from_utf8(util::base64url_decode(part)?).ok()?;
    let value = super::json_value::parse(&raw).ok()?;
    Some((json::pretty(&raw), value))
}

/// Decodes `token`; `now_ms` is the simulated clock (epoch ms).
pub fn decode(token: &str, now_ms: Option<i64>) -> Option<DecodedJwt> {
    let mut parts = token.split('.');
    let (header, _) = segment(parts.next()?)?;
    let (payload, claims) = segment(parts.next()?)?;
    let claim = |name: &str| {
        let secs = claims.get(name)?.as_i64()?;
        let delta = now_ms.map(|now| secs - now.div_euclid(1000));
        Some(Claim {
            secs,
            iso: time::iso_from_secs(secs),
            relative: delta.map(time::relative).unwrap_or_default(),
            past: delta.is_some_and(|d| d < 0),
        })
    };
    let scopes = match claims.get("scope").or_else(|| claims.get("scp")) {
        Some(serde_json::Value::String(s)) => s.split_whitespace().map(String::from).collect(),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => vec![],
    };
    Some(DecodedJwt {
        header,
        payload,
        exp: claim("exp"),
        iat: claim("iat"),
        nbf: claim("nbf"),
        scopes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImstMjAyNi0wMyJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20vIiwic3ViIjoiYXBwXzdmM2EiLCJhdWQiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbSIsInNjb3BlIjoicmVhZDpjdXN0b21lcnMgd3JpdGU6dGlja2V0cyIsImlhdCI6MTc3MzQ3NjQxMywiZXhwIjoxNzczNDgwMDEzfQ.c2lnbmF0dXJlLXNpbXVsYXRlZA";

    #[test]
    fn decodes_claims_relative_to_the_simulated_clock() {
        let now = time::parse_iso_ms("2026-03-14T10:02:13.093Z");
        let jwt = decode(TOKEN, now).expect("decodes");
        assert!(jwt.header.contains("\"alg\": \"RS256\""));
        assert!(jwt.payload.starts_with("{\n  \"iss\""), "key order kept");
        let exp = jwt.exp.expect("exp");
        assert_eq!(exp.iso, "2026-03-14T09:20:13Z");
        assert_eq!(exp.relative, "42 min ago");
        assert!(exp.past);
        assert_eq!(jwt.scopes, ["read:customers", "write:tickets"]);
    }

    #[test]
    fn finds_bearer_jwts_only() {
        assert_eq!(bearer_token(&format!("Bearer {TOKEN}")), Some(TOKEN));
        assert_eq!(bearer_token("Bearer opaque-token"), None);
        assert_eq!(bearer_token("Basic dXNlcjpwYXNz"), None);
        assert!(decode("eyJ.not.valid", None).is_none());
        let url = format!("wss://rt.example.com/v1/socket?v=2&token={TOKEN}");
        assert_eq!(query_token(&url), Some(TOKEN));
        assert_eq!(query_token("https://x/?token=abc"), None);
    }
}
