//! The known-good request of the story's call ("Compare with a known-good request",
//! `probe/render.rs`): the same call made right from a known-good setup, so that what differs
//! from the reporter's is what they got wrong. Beyond the call itself (`World::story_call`),
//! the story's world says where the call goes and who may make it:
//!
//! - a fault that pointed the client at another of the platform's hosts, itself right, marks it
//!   (`World::story_host`): the request goes there too, and presents what that host asks of a
//!   caller (the client certificate the platform issued for its mutual-TLS endpoint);
//! - a call that needs a role the caller lacks (the API's DELETE needs `admin`) is made by a
//!   caller of the same tenant that holds it, with a token of its own and the same scopes, so
//!   the role is the one difference.

use crate::layers::auth::AuthServer;
use crate::layers::gateway::matches;
use crate::layers::tls::PARTNER_CLIENT_CN;
use crate::util;
use crate::world::World;

/// The reporter's tenant's own admin client: the caller that holds the roles its routes ask
/// for.
pub const ADMIN_CLIENT: &str = "svc-admin";

/// Sets up `w` (a world with only the faults every caller meets) for the known-good request
/// of the call `story` (the reporter's world) is about.
pub(crate) fn apply(w: &mut World, story: &World) {
    if let Some(host) = &story.story_host {
        if let Some(ip) = story.dns.zone.get(host.as_str()) {
            w.dns
                .zone
                .entry(host.clone().into())
                .or_insert_with(|| ip.clone());
        }
        if let Some(t) = story.tls.get(host) {
            w.tls.entry(host.clone()).or_insert_with(|| t.clone());
        }
        w.client.base = format!("https://{host}");
        if w.tls_for(host).is_some_and(|t| t.client_ca.is_some()) {
            w.client.client_cert = Some(PARTNER_CLIENT_CN.into());
        }
    }
    holds_the_role(w);
}

/// The role the client's call needs at the gateway, if any (its route's `delete_role`).
fn role_needed(w: &World) -> Option<&'static str> {
    if w.client.method != "DELETE" {
        return None;
    }
    let path = w.client.path.split('?').next().unwrap_or("");
    w.gateway
        .routes
        .iter()
        .find(|r| matches(r.pattern, path))
        .and_then(|r| r.delete_role)
}

/// When the call needs a role the client's token does not speak for, the call is made with a
/// token of [`ADMIN_CLIENT`], which holds it: the same claims but who it is and its own id.
fn holds_the_role(w: &mut World) {
    let Some(role) = role_needed(w) else {
        return;
    };
    let Some(mut c) = AuthServer::decode(&w.client.token) else {
        return;
    };
    if w.auth.roles.get(&c.sub).is_some_and(|r| r == role) {
        return;
    }
    let jti = util::hex(&util::sha256(
        format!("{} {ADMIN_CLIENT}", c.jti).as_bytes(),
    ));
    c.jti = jti[..c.jti.len().clamp(1, jti.len())].to_string();
    c.sub = ADMIN_CLIENT.into();
    c.client_id = ADMIN_CLIENT.into();
    w.auth.roles.insert(ADMIN_CLIENT.into(), role.into());
    let t = w.auth.mint(&c);
    w.client.authorization = Some(format!("Bearer {t}"));
    w.client.token = t;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallSpec, FaultSpec, RunSpec};
    use crate::run::{simulate_known_good, simulate_world};

    /// The known-good delete differs from the reporter's only in who makes it: the same
    /// claims but the caller (its own token id), and that caller holds the role.
    #[test]
    fn a_delete_is_made_right_by_a_caller_with_the_role_and_nothing_else_changed() {
        let spec = |faults| RunSpec {
            flow: Some("api-call".into()),
            faults,
            seed: 7,
            ..Default::default()
        };
        let (story, t) =
            simulate_world(&spec(vec![FaultSpec::new("insufficient-role")]), 0, false).unwrap();
        let call = story
            .story_call
            .clone()
            .expect("the delete is the story's call");
        assert_eq!(call.method, "DELETE");
        let good_spec = RunSpec {
            call: Some(CallSpec {
                method: call.method,
                path: call.path,
            }),
            ..spec(vec![])
        };
        let (good, g) = simulate_known_good(&good_spec, &story, 0, false).unwrap();
        let mine = AuthServer::decode(&story.client.token).unwrap();
        let theirs = AuthServer::decode(&good.client.token).unwrap();
        assert_eq!(theirs.sub, ADMIN_CLIENT);
        assert_eq!(
            good.auth.roles.get(ADMIN_CLIENT).map(String::as_str),
            Some("admin")
        );
        assert_eq!(
            story.auth.roles.get(&mine.sub).map(String::as_str),
            Some("agent")
        );
        assert_ne!(theirs.jti, mine.jti);
        assert_eq!(
            (&theirs.aud, theirs.iat, theirs.exp, &theirs.scope),
            (&mine.aud, mine.iat, mine.exp, &mine.scope)
        );
        let status =
            |t: &crate::model::Trace| t.evidence.exchanges[0].response.as_ref().map(|r| r.status);
        assert_eq!((status(&t), status(&g)), (Some(403), Some(204)));
        // The same request otherwise: method, address and headers but the token.
        let (a, b) = (
            &t.evidence.exchanges[0].request,
            &g.evidence.exchanges[0].request,
        );
        assert_eq!((&a.method, &a.url), (&b.method, &b.url));
        let names = |r: &crate::model::HttpRequest| {
            r.headers.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(a), names(b));
    }

    /// A call the reporter's caller may make keeps the reporter's own client and token.
    #[test]
    fn a_call_that_needs_no_role_keeps_the_callers_token() {
        let spec = RunSpec {
            flow: Some("api-call".into()),
            seed: 7,
            ..Default::default()
        };
        let (story, _) = simulate_world(&spec, 0, false).unwrap();
        let (good, _) = simulate_known_good(&spec, &story, 0, false).unwrap();
        assert_eq!(good.client.token, story.client.token);
        assert_eq!(good.client.base, story.client.base);
        assert!(good.client.client_cert.is_none());
    }
}
