//! Secrets as a careful engineer's tools show them: the learner sees which credential was used,
//! never one that could be replayed. One rule per kind of secret, applied to every line of
//! evidence (exchanges, command, logs, artifacts) so the same credential reads the same way
//! wherever it appears. Signed JWTs stay whole: the inspector decodes them, as jwt.io would.

use crate::model::Evidence;
use crate::util;
use crate::world::World;

/// An API key: its prefix (`pk_live_`) and last four characters.
pub fn api_key(k: &str) -> String {
    let prefix = k.rfind('_').map(|i| &k[..=i]).unwrap_or("");
    let tail: String = k
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if k.len() <= prefix.len() + 8 {
        return format!("{prefix}****");
    }
    format!("{prefix}…{tail}")
}

/// An opaque token (refresh token, CRM session): first four and last four characters.
pub fn opaque(t: &str) -> String {
    let c: Vec<char> = t.chars().collect();
    if c.len() <= 12 {
        return "****".into();
    }
    let head: String = c[..4].iter().collect();
    let tail: String = c[c.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// Every secret the world holds, with how it is shown; longest first so no mask cuts another.
fn secrets(w: &World) -> Vec<(String, String)> {
    let c = &w.client;
    let mut v: Vec<(String, String)> = vec![
        (
            util::base64(format!("{}:{}", c.client_id, c.client_secret).as_bytes()),
            "****".into(),
        ),
        (c.client_secret.clone(), "****".into()),
        (c.refresh_token.clone(), opaque(&c.refresh_token)),
    ];
    for o in &w.auth.clients {
        v.push((o.secret.clone(), "****".into()));
    }
    if let Some(web) = &w.auth.web {
        v.push((
            util::base64(format!("{}:{}", web.client_id, web.client_secret).as_bytes()),
            "****".into(),
        ));
        v.push((web.client_secret.clone(), "****".into()));
        if let Some(g) = &web.grant {
            v.push((g.refresh_token.clone(), opaque(&g.refresh_token)));
        }
    }
    let keys = w
        .gateway
        .api_keys
        .iter()
        .chain(c.api_key.iter())
        .chain(w.receiver.api_keys.iter())
        .chain(w.integration.subscriptions.iter().map(|s| &s.api_key));
    for k in keys {
        v.push((k.clone(), api_key(k)));
    }
    for s in w.integration.subscriptions.iter().map(|s| &s.secret) {
        v.push((s.clone(), "whsec_****".into()));
    }
    v.push((w.receiver.secret.clone(), "whsec_****".into()));
    let sessions = w
        .crm
        .sessions
        .keys()
        .chain([&w.integration.crm_token, &w.receiver.crm_token]);
    for t in sessions {
        v.push((t.clone(), opaque(t)));
    }
    v.retain(|(s, _)| s.len() >= 8);
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    v.dedup();
    v
}

/// Masks every secret of `w` wherever it appears in `ev`.
pub fn evidence(w: &World, ev: Evidence) -> Evidence {
    let mut text = serde_json::to_string(&ev).expect("evidence serializes");
    let mut changed = false;
    for (secret, shown) in secrets(w) {
        if text.contains(&secret) {
            text = text.replace(&secret, &shown);
            changed = true;
        }
    }
    if !changed {
        return ev;
    }
    serde_json::from_str(&text).expect("masking keeps the evidence well-formed")
}
