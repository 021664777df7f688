//! Applying a fault: one applier per layer, each breaking the world the way that layer's
//! faults do. The fault's catalogue layer picks the applier; evidence then follows from the
//! layers' ordinary behaviour.

use crate::model::Flow;
mod auth;
mod auth_code;
mod auth_trust;
mod backend;
mod client;
mod crm;
mod database;
mod dns;
mod edge;
mod gateway;
mod integration;
mod network;
mod realtime;
mod tls;
mod webhook;

use super::{FaultDef, Params};
use crate::model::Layer;
use crate::world::World;

/// Applies one fault to the world. `flow` picks where flow-generic faults land.
pub fn apply(w: &mut World, f: &FaultDef, p: &Params, flow: Flow) {
    let id = f.id;
    // Met at the CDN's edge, whichever layer holds the cause: one applier puts the edge there.
    if id.starts_with(edge::PREFIX) {
        return edge::apply(w, id, p);
    }
    // The client's CA bundle is the cause, but it only shows once the API's certificate comes
    // from the CA's new root: the TLS applier changes both ends.
    if id == "client-trust-store-outdated" {
        return tls::apply(w, id, p, flow);
    }
    match f.layer {
        Layer::Client => client::apply(w, id, p),
        Layer::Auth => auth::apply(w, id, p),
        Layer::Dns => dns::apply(w, id, p, flow),
        Layer::Network => network::apply(w, id, p, flow),
        Layer::Tls => tls::apply(w, id, p, flow),
        Layer::Gateway => gateway::apply(w, id, p),
        Layer::Backend => backend::apply(w, id, p),
        Layer::Database => database::apply(w, id, p),
        Layer::Integration => integration::apply(w, id, p, flow),
        Layer::Crm => crm::apply(w, id, p, flow),
        Layer::Webhook => webhook::apply(w, id, p),
        Layer::Realtime => realtime::apply(w, id, p),
        Layer::Edge => {}
    }
}
