//! What the token validator's own state explains: a 401 whose reason is the validating host's
//! clock or the issuer keys it cached, told apart by the decoded token and the auth log.

use super::{Ctx, Outcome};
use crate::model::*;
use crate::util;
use Layer::*;

/// The decoded token's claims (the jwt artefact's payload) and header.
fn decoded(ev: &Evidence) -> Option<(serde_json::Value, serde_json::Value)> {
    let a = ev.artifacts.iter().find(|a| a.kind == "jwt")?;
    let part = |k: &str| {
        a.body
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p.trim()).ok())
    };
    Some((part("header:")?, part("payload:")?))
}

/// A Bearer 401 whose description blames the token's timing or its signing key, when the
/// evidence shows the token itself to be sound: `None` leaves the challenge to the other rules.
pub(crate) fn validator(c: &mut Ctx, desc: &str) -> Option<Outcome> {
    let now_s = util::parse_iso_ms(&c.ev.clock_now).map(|ms| ms / 1000);
    let token = decoded(c.ev);
    if desc.contains("not yet valid") {
        let iat = token.as_ref().and_then(|(_, p)| p["iat"].as_i64());
        return Some(match (iat, now_s) {
            (Some(iat), Some(now)) if iat <= now => c.settle(
                Auth,
                Some("jwt-clock-skew"),
                format!("401 \"{desc}\", yet the decoded token's iat ({}) is before now ({}): the validating host's clock is behind", util::iso_s(iat * 1000), c.ev.clock_now),
            ),
            (Some(_), Some(_)) => c.open(
                &[Auth],
                format!("401 \"{desc}\", and the decoded token's iat is after now: the issuer's clock runs ahead, or the validator's"),
            ),
            _ => c.open(&[Auth], format!("401 \"{desc}\", with no decoded token to compare its iat with the time")),
        });
    }
    if desc.contains("kid") && desc.contains("Key Set") {
        let kid = token
            .as_ref()
            .and_then(|(h, _)| h["kid"].as_str().map(String::from));
        let issuer = token
            .as_ref()
            .and_then(|(_, p)| p["iss"].as_str().map(String::from));
        let cached_without = c
            .said_by(LogSource::Auth)
            .any(|l| l.text.contains("not found in cached JWKS"));
        return Some(match (kid, issuer) {
            (Some(kid), Some(iss)) if desc.contains(&kid) && cached_without => c.settle(
                Auth,
                Some("jwks-key-not-found"),
                format!("401 \"{desc}\": the token from {iss} is signed with key {kid}, and the validator's cached JWKS does not hold it (its log says so): a key rotation the cache missed"),
            ),
            _ => c.open(&[Auth], format!("401 \"{desc}\", without the validator's log or the decoded token to say whose key set is behind")),
        });
    }
    None
}

/// Token-endpoint refusals the authorization server's log explains: a rotated refresh token
/// presented again, or a scope the client is not granted.
pub(crate) fn grant(c: &mut Ctx, s: u16, code: &str) -> Option<Outcome> {
    let said = |c: &Ctx, needle: &str| {
        c.said_by(LogSource::Auth)
            .find(|l| l.text.contains(needle))
            .map(|l| l.text.clone())
    };
    match code {
        "invalid_grant" => {
            if let Some(out) = consent_revoked(c, s) {
                return Some(out);
            }
            said(c, "reuse detected")?;
            Some(c.settle(
                Auth,
                Some("refresh-token-reused"),
                format!("token endpoint {s} invalid_grant, and the authorization server logs that the refresh token had already been exchanged: rotation's reuse detection revoked it"),
            ))
        }
        "invalid_scope" => Some(match said(c, "not granted to client") {
            Some(line) => {
                let reason = line.split("reason=").nth(1).unwrap_or("").trim_matches('"').to_string();
                c.settle(
                    Auth,
                    Some("invalid-scope-requested"),
                    format!("token endpoint {s} invalid_scope: {reason}"),
                )
            }
            None => c.open(&[Auth, Client], format!("token endpoint {s} invalid_scope, without the authorization server's log to say which scope")),
        }),
        _ => None,
    }
}

/// A refresh refused because the grant behind it was revoked: the identity provider's System
/// Log shows the consent's revocation for the app, and its log ties the refusal to it.
fn consent_revoked(c: &mut Ctx, s: u16) -> Option<Outcome> {
    let revoke =
        c.ev.artifacts
            .iter()
            .filter(|a| a.kind == "system-log")
            .flat_map(|a| a.body.lines())
            .find(|l| l.contains("app.oauth2.as.consent.revoke "))
            .map(|l| l.split_whitespace().next().unwrap_or("").to_string())?;
    let tied = c.said_by(LogSource::Auth).any(|l| {
        l.text.contains("result=invalid_grant") && l.text.contains("consent grant revoked")
    });
    Some(if tied {
        c.settle(
            Auth,
            Some("consent-revoked"),
            format!("token endpoint {s} invalid_grant for the app's refresh token, and the identity provider's System Log shows the user's consent to the app revoked at {revoke}: the refresh tokens went with the grant"),
        )
    } else {
        c.open(
            &[Auth],
            format!("token endpoint {s} invalid_grant, and the System Log shows a consent revoked at {revoke}, but no log ties this refresh token to that grant"),
        )
    })
}
