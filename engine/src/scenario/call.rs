//! A scenario's optional `call`: its shape, method and path, checked against the flow's routes.

use super::*;

/// Faults that edit the chosen path on purpose (the traced request's path then differs from it).
pub(super) const PATH_FAULTS: [&str; 3] =
    ["endpoint-typo", "wrong-api-version", "missing-resource-id"];

/// The optional `call` field: shape, method, path, and a route of the flow that serves it.
/// Returns the call when it can be replayed.
pub(super) fn check_call(
    o: &serde_json::Map<String, Value>,
    path: &str,
    flow: Option<&str>,
    faults: &[FaultSpec],
    out: &mut Vec<Problem>,
) -> Option<CallSpec> {
    let v = o.get("call")?;
    let cp = format!("{path}.call");
    let Some(c) = v.as_object() else {
        out.push(p(&cp, "must be an object {method, path}"));
        return None;
    };
    unknown_keys(
        c,
        &["method", "path"],
        &cp,
        "a call has method and path",
        out,
    );
    let before = out.len();
    let method = req_str(c, "method", &cp, out);
    let route_path = req_str(c, "path", &cp, out);
    if let Some(m) = &method {
        if !CALL_METHODS.contains(&m.as_str()) {
            let hint = if CALL_METHODS.contains(&m.to_ascii_uppercase().as_str()) {
                format!("; write it in capitals: \"{}\"", m.to_ascii_uppercase())
            } else {
                String::new()
            };
            out.push(p(
                &format!("{cp}.method"),
                format!(
                    "unknown method \"{m}\" (one of {}){hint}",
                    CALL_METHODS.join(", ")
                ),
            ));
        }
    }
    if let Some(rp) = &route_path {
        if !rp.starts_with('/') {
            out.push(p(
                &format!("{cp}.path"),
                format!("\"{rp}\" must start with / (a path relative to https://api.example.com, e.g. /v2/customers/12345)"),
            ));
        } else if rp
            .chars()
            .any(|ch| ch.is_whitespace() || ch == '#' || ch == '?')
        {
            out.push(p(
                &format!("{cp}.path"),
                format!("\"{rp}\" must be a plain path: no spaces, query string or fragment"),
            ));
        }
    }
    if let Some(fl) = flow {
        if Flow::parse(fl).is_some_and(|fl| !fl.takes_call()) {
            out.push(p(
                &cp,
                format!(
                    "a call can only be chosen for the {} flow, not \"{fl}\"",
                    Flow::ApiCall
                ),
            ));
        }
    }
    if out.len() > before {
        return None;
    }
    let (m, rp) = (method?, route_path?);
    // The routes the api-call flow can reach (partner routes need an API key, not a token).
    let w = crate::world::World::new(0);
    let routes: Vec<_> = w.gateway.routes.iter().filter(|r| !r.api_key).collect();
    let served = || {
        routes
            .iter()
            .map(|r| format!("{} {}", r.methods.join("|"), r.pattern))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let Some(route) = routes
        .iter()
        .find(|r| crate::layers::gateway::matches(r.pattern, &rp))
    else {
        out.push(p(
            &format!("{cp}.path"),
            format!(
                "no route of the api-call flow serves \"{rp}\"; served: {} (and OPTIONS on each)",
                served()
            ),
        ));
        return None;
    };
    let serves = m == "OPTIONS" || route.methods.contains(&m.as_str());
    let wrong_method = faults.iter().any(|f| f.id == "wrong-method");
    if wrong_method && serves {
        out.push(p(
            &format!("{cp}.method"),
            format!(
                "the wrong-method fault needs a method that {} does not serve; it serves {}, OPTIONS",
                route.pattern,
                route.methods.join(", ")
            ),
        ));
        return None;
    }
    if !wrong_method && !serves {
        out.push(p(
            &format!("{cp}.method"),
            format!(
                "{} serves {}, OPTIONS, not {m} (use the wrong-method fault for a 405 on purpose)",
                route.pattern,
                route.methods.join(", ")
            ),
        ));
        return None;
    }
    Some(CallSpec {
        method: m,
        path: rp,
    })
}
