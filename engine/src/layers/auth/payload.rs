//! A token's payload segment, before base64: its claims as JSON.

use super::Claims;
use crate::util;

/// The claims as [`AuthServer::mint`] writes them, compact, members in `json!`'s (sorted)
/// order, issued by `iss` (written by hand: every background client's token has them; the
/// tests hold them to serde_json's text).
pub(super) fn payload(c: &Claims, iss: &str) -> String {
    use util::json::{push_i64, push_json_str, push_key};
    let mut p = String::with_capacity(160 + c.aud.len() + c.scope.len() + c.sub.len());
    p.push('{');
    for (i, (k, v)) in [("aud", &c.aud), ("client_id", &c.client_id)]
        .into_iter()
        .enumerate()
    {
        push_key(&mut p, i == 0, k);
        push_json_str(&mut p, v);
    }
    for (k, v) in [("exp", c.exp), ("iat", c.iat)] {
        push_key(&mut p, false, k);
        push_i64(&mut p, v);
    }
    for (k, v) in [
        ("iss", iss),
        ("jti", &c.jti),
        ("scope", &c.scope),
        ("sub", &c.sub),
    ] {
        push_key(&mut p, false, k);
        push_json_str(&mut p, v);
    }
    p.push('}');
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// The claims as `json!` writes them (members in its sorted order).
    #[derive(Serialize)]
    struct Payload<'a> {
        aud: &'a str,
        client_id: &'a str,
        exp: i64,
        iat: i64,
        iss: &'a str,
        jti: &'a str,
        scope: &'a str,
        sub: &'a str,
    }

    #[test]
    fn claims_are_written_as_serde_json_writes_them() {
        let odd = Claims {
            sub: "a\"b\\c\u{1}é".into(),
            client_id: String::new(),
            aud: "https://api.example.com".into(),
            iat: -5,
            exp: i64::MAX,
            jti: "\n\t".into(),
            scope: "read:customers write:chats".into(),
        };
        let usual = Claims {
            sub: "svc-reporting".into(),
            client_id: "svc-reporting".into(),
            aud: "https://api.example.com".into(),
            iat: 1_779_235_200,
            exp: 1_779_238_800,
            jti: "0123456789abcdef".into(),
            scope: "read:customers".into(),
        };
        for c in [odd, usual] {
            let want = serde_json::to_string(&Payload {
                aud: &c.aud,
                client_id: &c.client_id,
                exp: c.exp,
                iat: c.iat,
                iss: "https://auth.example.com/",
                jti: &c.jti,
                scope: &c.scope,
                sub: &c.sub,
            });
            assert_eq!(payload(&c, "https://auth.example.com/"), want.unwrap());
        }
    }
}
