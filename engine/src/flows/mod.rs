//! Flow drivers: what starts the request and which hops it takes. Layers decide the outcome.
//! One file per flow; `common` holds what several drivers share, `noise` the unrelated traffic.

mod api_call;
mod browser_api_call;
mod common;
mod live_chat;
mod lookup;
mod noise;
mod oauth;
mod ticket;

pub use noise::{noise, red_herrings};

use crate::layers::Agent;
use crate::model::*;
use crate::sim::Tb;
use crate::world::*;

impl Flow {
    /// Host the flow's client talks to (where dns/network/tls faults land).
    pub fn primary_host(self) -> &'static str {
        match self {
            Flow::OauthToken => AUTH_HOST,
            Flow::LiveChat => RT_HOST,
            _ => API_HOST,
        }
    }
}

/// How a flow's run ended, as the learner is told it.
pub struct Ran {
    pub story: Story,
    pub client: ClientView,
    pub outcome: String,
}

/// Sets the world up for a flow before any fault is applied (who the client is, what it sends).
pub fn prepare(flow: Flow, w: &mut World) {
    match flow {
        Flow::BrowserApiCall => {
            w.client.agent = Agent::Browser;
            w.client.origin = Some("https://agent.example.com".into());
        }
        Flow::PartnerApiCall => {
            w.client.path = format!("/v2/partner/customers/{}", w.customer_id);
            w.client.authorization = None;
            w.client.api_key = w.gateway.api_keys.first().cloned();
        }
        _ => {}
    }
}

pub fn run(flow: Flow, w: &World, tb: &mut Tb) -> Ran {
    if matches!(flow, Flow::CrmLookup | Flow::CrmTicket) {
        // The CRM's lines in these traces come from its event log files.
        tb.artifact(
            "event-log",
            "CRM event logs (EventLogFile)",
            crate::layers::crm::EVENT_LOG_NOTE,
        );
    }
    match flow {
        Flow::ApiCall | Flow::PartnerApiCall => api_call::api_call(w, tb),
        Flow::BrowserApiCall => browser_api_call::browser_api_call(w, tb),
        Flow::OauthToken => oauth::oauth(w, tb),
        Flow::CrmLookup => lookup::lookup(w, tb),
        Flow::CrmTicket => ticket::ticket(w, tb),
        Flow::LiveChat => live_chat::live_chat(w, tb),
    }
}
