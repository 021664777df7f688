//! The flows: each one's id (its JSON form), title, diagram layers and the calls it can make.

use super::Layer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A scripted path a request (or event) takes across the layers. Serialized as its id
/// (`"api-call"`, …), so JSON, packs and share links carry the same strings as before.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Flow {
    ApiCall,
    OauthToken,
    CrmLookup,
    CrmTicket,
    BrowserApiCall,
    PartnerApiCall,
    LiveChat,
    OauthAuthorizationCode,
}

/// The methods a chosen call may use (only the api-call flow takes a chosen call).
const CALL_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

impl Flow {
    /// Every flow, in the stable order lists and topics show them.
    pub const ALL: [Flow; 8] = [
        Flow::ApiCall,
        Flow::OauthToken,
        Flow::CrmLookup,
        Flow::CrmTicket,
        Flow::BrowserApiCall,
        Flow::PartnerApiCall,
        Flow::LiveChat,
        Flow::OauthAuthorizationCode,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Flow::ApiCall => "api-call",
            Flow::OauthToken => "oauth-token",
            Flow::CrmLookup => "crm-lookup",
            Flow::CrmTicket => "crm-ticket",
            Flow::BrowserApiCall => "browser-api-call",
            Flow::PartnerApiCall => "partner-api-call",
            Flow::LiveChat => "live-chat",
            Flow::OauthAuthorizationCode => "oauth-authorization-code",
        }
    }

    pub fn parse(s: &str) -> Option<Flow> {
        Flow::ALL.into_iter().find(|f| f.id() == s)
    }

    pub fn title(self) -> &'static str {
        match self {
            Flow::ApiCall => "Client calls the platform API",
            Flow::OauthToken => "Get or refresh an access token",
            Flow::CrmLookup => "CRM lookup and screen pop",
            Flow::CrmTicket => "Chat ends, webhook creates a CRM ticket",
            Flow::BrowserApiCall => "Agent desktop calls the API from the browser",
            Flow::PartnerApiCall => "Partner calls the API with an API key",
            Flow::LiveChat => "Live chat over WebSocket",
            Flow::OauthAuthorizationCode => {
                "User signs in to a web app (authorization code + PKCE)"
            }
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Flow::ApiCall => "A script or app calls the REST API: DNS, TCP, TLS, gateway, token check, service, database.",
            Flow::OauthToken => "Client-credentials or refresh-token grant at the authorization server, then one API call with the new token.",
            Flow::CrmLookup => "A chat starts, the platform looks the customer up in the CRM and opens the record for the agent.",
            Flow::CrmTicket => "chat.ended fires, a signed webhook is delivered (with retries) and the receiver creates a CRM case.",
            Flow::BrowserApiCall => "The agent desktop at https://agent.example.com calls the API with fetch(): a CORS preflight (OPTIONS) first, then the real request.",
            Flow::PartnerApiCall => "A partner's server calls a partner route that authenticates with an x-api-key header instead of an OAuth token.",
            Flow::LiveChat => "The visitor's browser opens a wss:// connection through the load balancer and exchanges messages.",
            Flow::OauthAuthorizationCode => "The web app sends the browser to /authorize (state, PKCE code_challenge); the user signs in and consents; the authorization server redirects back with a code, which the app's server exchanges at /token with the code_verifier before calling the API.",
        }
    }

    /// Layers the flow crosses, in left-to-right diagram order.
    pub fn layers(self) -> &'static [Layer] {
        use Layer::*;
        match self {
            Flow::ApiCall
            | Flow::BrowserApiCall
            | Flow::PartnerApiCall
            | Flow::OauthAuthorizationCode => {
                &[Client, Dns, Network, Tls, Gateway, Auth, Backend, Database]
            }
            Flow::OauthToken => &[Client, Dns, Network, Tls, Gateway, Auth, Backend],
            Flow::CrmLookup => &[Client, Integration, Crm],
            Flow::CrmTicket => &[Client, Integration, Webhook, Crm],
            Flow::LiveChat => &[Client, Dns, Network, Tls, Gateway, Auth, Realtime],
        }
    }

    /// Calls the flow can be asked to make, as `(method, path)`; empty when it takes none.
    pub fn calls(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Flow::ApiCall => &[
                ("GET", "/v2/customers/12345"),
                ("HEAD", "/v2/customers/12345"),
                ("POST", "/v2/chats"),
                ("POST", "/v2/customers"),
                ("PUT", "/v2/customers/12345"),
                ("PATCH", "/v2/customers/12345"),
                ("DELETE", "/v2/sessions/ses_8f2k1"),
                ("OPTIONS", "/v2/customers/12345"),
            ],
            _ => &[],
        }
    }

    /// Methods a chosen call ([`RunSpec::call`](super::RunSpec::call)) may use; empty when the flow takes no chosen call.
    pub fn methods(self) -> &'static [&'static str] {
        match self {
            Flow::ApiCall => CALL_METHODS,
            _ => &[],
        }
    }

    /// Whether a run of this flow may choose its call ([`RunSpec::call`](super::RunSpec::call)).
    pub fn takes_call(self) -> bool {
        !self.methods().is_empty()
    }

    /// Layers the flow may cross besides [`Flow::layers`], where the world has them: the CDN in
    /// front of the API host, for the flows whose client calls that host from a server or a
    /// terminal.
    pub fn optional_layers(self) -> &'static [Layer] {
        match self {
            Flow::ApiCall | Flow::PartnerApiCall => &[Layer::Edge],
            _ => &[],
        }
    }

    /// The diagram's layers in a world that has (`edge`) or has not a CDN in front of the API:
    /// the edge sits between the client's TLS handshake and the gateway.
    pub fn layers_with(self, edge: bool) -> Vec<Layer> {
        let mut ls = self.layers().to_vec();
        if edge && self.optional_layers().contains(&Layer::Edge) {
            let at = ls
                .iter()
                .position(|l| *l == Layer::Gateway)
                .unwrap_or(ls.len());
            ls.insert(at, Layer::Edge);
        }
        ls
    }
}

impl fmt::Display for Flow {
    /// The id, padded like a string (`{:<12}` lines up CLI tables).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

/// Compares with an id from the edges (a form field, a URL, a test) without parsing it first.
impl PartialEq<str> for Flow {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

impl PartialEq<&str> for Flow {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<String> for Flow {
    fn eq(&self, other: &String) -> bool {
        self.id() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs, share links and stored progress carry flow ids: the JSON form must be the id.
    #[test]
    fn a_flow_serializes_as_its_id_and_parses_back() {
        for f in Flow::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.id())
            );
            assert_eq!(
                serde_json::from_str::<Flow>(&format!("\"{f}\"")).unwrap(),
                f
            );
            assert_eq!(Flow::parse(f.id()), Some(f));
        }
        assert_eq!(Flow::parse("no-such-flow"), None);
        assert_eq!(format!("[{:<10}]", Flow::CrmLookup), "[crm-lookup]");
    }

    #[test]
    fn only_flows_with_calls_take_a_chosen_call() {
        for f in Flow::ALL {
            assert_eq!(f.takes_call(), !f.calls().is_empty(), "{f}");
            for (m, _) in f.calls() {
                assert!(f.methods().contains(m), "{f}: {m}");
            }
        }
    }
}
