//! Why a layer the learner picked is not the root cause (the layer question's feedback).

use crate::model::*;

/// Why a layer the learner picked is not the root cause, from what that layer did in this trace.
/// It must never name the right layer: one wrong click would give step 1 away.
pub(crate) fn reason(ev: &Evidence, layer_id: &str, label: &str) -> String {
    let is_layer = |l: &Layer| l.id() == layer_id;
    let failed = ev.events.iter().find(|e| {
        is_layer(&e.from) && (e.kind == EventKind::Error || e.status.is_some_and(|s| s >= 400))
    });
    if let Some(e) = failed {
        return format!(
            "{label} does report a failure (“{}” at {} ms), but it is reacting to something that \
             went wrong earlier in the same request. Follow the trace id back to the first failure.",
            e.summary, e.t_ms
        );
    }
    // A layer worked if it acted (sent something) or a step ran inside it (a lookup, a
    // handshake); a request merely addressed to it proves nothing.
    let worked = ev
        .events
        .iter()
        .find(|e| is_layer(&e.from) || (is_layer(&e.to) && e.kind == EventKind::Internal));
    if let Some(step) = worked {
        // The client's request may be exactly what the failing check objects to (a missing
        // header, a stale token): never call it fine, say where such a failure belongs.
        if layer_id == Layer::Client.id() {
            return format!(
                "{label} only sent the request here (at {} ms: “{}”); the first failure is another \
                 component's step. Even when a detail of the request (a header, a token, an \
                 origin) is what that component objects to, the failure belongs to the layer \
                 whose check it failed. Look for the first step that went wrong.",
                step.t_ms, step.summary
            );
        }
        return format!(
            "{label} did its part without an error here (at {} ms: “{}”). Look for the first step \
             that went wrong.",
            step.t_ms, step.summary
        );
    }
    if ev.events.iter().any(|e| is_layer(&e.to)) {
        return format!(
            "The request was addressed to {label} but never arrived: it failed on the way, \
             before {label} could answer. Look at what stands between the client and it."
        );
    }
    format!(
        "The request never reached {label}: nothing on the timeline of trace id “{}” goes to \
         it, so the failure cannot start there. Look at the layers it did reach.",
        ev.trace_id
    )
}
