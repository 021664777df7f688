//! Flow drivers: what starts the request and which hops it takes. Layers decide the outcome.
//! One file per flow; `common` holds what several drivers share, `noise` the unrelated traffic.

mod accepted;
mod api_call;
mod auth_code;
mod browser_api_call;
mod charset;
mod client_load;
mod common;
mod delivery;
mod live_chat;
mod lookup;
mod noise;
mod oauth;
mod pages;
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
            Flow::OauthToken | Flow::OauthAuthorizationCode => AUTH_HOST,
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

/// What the client means to do, as its user would say it: never the request as sent, since a
/// fault may have broken that request (a typo'd path, a wrong method, a missing id) and the
/// expectation must not restate the bug.
pub(crate) fn intent(method: &str, path: &str, customer_id: &str) -> String {
    let p = path.to_ascii_lowercase();
    let segments: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    if p.contains("/partner/") {
        return format!(
            "The partner sync fetches customer {customer_id} and gets the record back."
        );
    }
    if p.contains("chat") {
        return match segments.get(2) {
            Some(id) if !id.is_empty() && method == "GET" => {
                format!("Opening chat {id} returns the conversation.")
            }
            _ => "Starting a chat for the customer returns the new chat session.".into(),
        };
    }
    if p.contains("export") {
        return format!(
            "Exporting customer {customer_id}'s chats since yesterday hands their rows to the script's import."
        );
    }
    if p.contains("session") {
        return match method {
            "DELETE" => "Signing out ends the agent's session.".into(),
            _ => "Reading the agent's session returns it.".into(),
        };
    }
    // The customer list, a page at a time.
    if method == "GET" && p.split('?').next() == Some(crate::layers::pages::PATH) {
        return if p.contains("updated_since=") {
            "Listing the customers changed since yesterday returns every page of them.".into()
        } else {
            "Listing the customers returns them a page at a time.".into()
        };
    }
    // A customer, whatever the path says (a typo'd or older path still means the customer).
    let item = segments.len() > 2 || p.ends_with('/');
    match method {
        "POST" if !item => "Creating the new customer returns the new record.".into(),
        "POST" | "PUT" | "PATCH" => {
            format!("Saving the edited details of customer {customer_id} updates the record.")
        }
        "DELETE" => format!("Deleting customer {customer_id} removes the record."),
        "HEAD" => format!("A HEAD check on customer {customer_id} answers 200 OK."),
        _ => format!("Fetching customer {customer_id} returns the customer's record."),
    }
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
        Flow::OauthAuthorizationCode => auth_code::prepare(w),
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
        Flow::ApiCall | Flow::PartnerApiCall => api_call::api_call(flow, w, tb),
        Flow::BrowserApiCall => browser_api_call::browser_api_call(w, tb),
        Flow::OauthToken => oauth::oauth(w, tb),
        Flow::CrmLookup => lookup::lookup(w, tb),
        Flow::CrmTicket => ticket::ticket(w, tb),
        Flow::LiveChat => live_chat::live_chat(w, tb),
        Flow::OauthAuthorizationCode => auth_code::auth_code(w, tb),
    }
}
