//! Fault catalogue. Each fault is a mutation of the world; evidence follows from the layers.

use crate::model::*;
use crate::owner::Owner;
use crate::world::World;
use serde_json::Value;
use std::collections::BTreeMap;

mod apply;
pub(crate) mod known_good;
mod reach;
pub use apply::apply;
pub use reach::{reach, Reach};

pub type Params = BTreeMap<String, Value>;

pub struct FaultDef {
    pub id: &'static str,
    pub layer: Layer,
    pub title: &'static str,
    pub summary: &'static str,
    pub flows: &'static [Flow],
    /// (name, default, help). Defaults decide the kind: number → int, string → string; an int
    /// also carries the range it simulates sensibly in.
    pub params: &'static [(&'static str, ParamDefault, &'static str)],
    pub next_action: &'static str,
    /// Who must act on the fix, and one line on why them.
    pub owner: Owner,
    pub owner_why: &'static str,
    /// Symptom family, used to draw look-alike distractors.
    pub symptom: &'static str,
}

#[derive(Clone, Copy)]
pub enum ParamDefault {
    /// A whole number accepted from `min` to `max` inclusive; `why` tells an author why the
    /// bounds are there (shown in the validation message).
    Int {
        default: i64,
        min: i64,
        max: i64,
        why: &'static str,
    },
    Str(&'static str),
}

impl ParamDefault {
    fn value(self) -> Value {
        match self {
            ParamDefault::Int { default, .. } => Value::from(default),
            ParamDefault::Str(s) => Value::from(s),
        }
    }
}

/// An int parameter: default, inclusive bounds, and the reason for them.
const fn ranged(default: i64, min: i64, max: i64, why: &'static str) -> ParamDefault {
    ParamDefault::Int {
        default,
        min,
        max,
        why,
    }
}

/// Longest string parameter, in bytes.
pub const MAX_PARAM_STR_BYTES: usize = 63;

use ParamDefault::{Int, Str};

const API: &[Flow] = &[Flow::ApiCall];
/// Faults that do not care who calls: curl, the agent desktop's browser, a partner's server.
const ANY_CALLER: &[Flow] = &[Flow::ApiCall, Flow::BrowserApiCall, Flow::PartnerApiCall];
const API_OAUTH_WS: &[Flow] = &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat];
const API_WS: &[Flow] = &[Flow::ApiCall, Flow::LiveChat];
/// Flows whose last hop is a bearer token the API validates itself.
const TOKEN_CHECKED: &[Flow] = &[
    Flow::ApiCall,
    Flow::OauthToken,
    Flow::BrowserApiCall,
    Flow::LiveChat,
];
const LOOKUP: &[Flow] = &[Flow::CrmLookup];
const TICKET: &[Flow] = &[Flow::CrmTicket];
const BOTH_CRM: &[Flow] = &[Flow::CrmLookup, Flow::CrmTicket];

macro_rules! f {
    ($id:expr, $layer:ident, $title:expr, $summary:expr, $flows:expr, $params:expr, $action:expr, $owner:ident, $why:expr, $sym:expr) => {
        FaultDef {
            id: $id,
            layer: Layer::$layer,
            title: $title,
            summary: $summary,
            flows: $flows,
            params: $params,
            next_action: $action,
            owner: Owner::$owner,
            owner_why: $why,
            symptom: $sym,
        }
    };
}

pub static CATALOGUE: &[FaultDef] = &[
    // client
    f!("wrong-method", Client, "Wrong HTTP method", "The client sends GET to an endpoint that only accepts POST.", API, &[], "Change the request to the method the endpoint documents (see the Allow header) and resend.", ClientDeveloper, "The request is built by the calling code; the API documents the method it accepts.", "405"),
    f!("endpoint-typo", Client, "Typo in the endpoint path", "The path is misspelled, so no route matches.", API, &[("typo", Str("costumers"), "misspelled resource segment")], "Correct the path against the API reference and resend.", ClientDeveloper, "The path is typed into the calling code; the API serves the right one.", "404"),
    f!("wrong-api-version", Client, "Wrong API version in the path", "The client still calls /v1/, which this API no longer serves.", API, &[], "Call the /v2/ path and check the migration notes for changed fields.", ClientDeveloper, "The caller still uses the retired /v1/ path, and only its code can move to /v2/.", "404"),
    f!("missing-resource-id", Client, "Resource id missing from the URL", "The id segment is empty, so the request hits no route.", API, &[], "Put the resource id in the path (e.g. /v2/customers/{id}).", ClientDeveloper, "The calling code builds the URL without the id.", "404"),
    f!("wrong-environment", Client, "Request sent to the wrong environment", "The client calls the sandbox host with a production token.", API, &[], "Point the base URL at production, or get a token issued for the sandbox.", ClientDeveloper, "The client's configuration pairs the sandbox host with a production token.", "401"),
    f!("malformed-json", Client, "Malformed JSON body", "A comma is missing between two members of the JSON body.", API, &[], "Fix the JSON syntax (validate it with a linter) and resend.", ClientDeveloper, "The body is written by the calling code.", "400"),
    f!("missing-required-field", Client, "Required field missing", "The body omits a field the schema requires.", API, &[("field", Str("customerId"), "field left out (\"a,b\" leaves out several)")], "Add the required field named in the error and resend.", ClientDeveloper, "The calling code leaves out a field the documented schema requires.", "400"),
    f!("wrong-field-type", Client, "Field has the wrong type", "A boolean is sent as the string \"true\".", API, &[], "Send the value with the documented JSON type (true, not \"true\").", ClientDeveloper, "The calling code serialises the value with the wrong JSON type.", "400"),
    f!("wrong-field-name", Client, "Field name misspelled", "customerID is sent where the schema says customerId.", API, &[("name", Str("customerID"), "wrong field name")], "Use the exact field name from the schema; names are case-sensitive.", ClientDeveloper, "The calling code misspells a field the schema names.", "400"),
    f!("wrong-nesting", Client, "Object expected, string sent", "context must be an object but a plain string is sent.", API, &[], "Send context as an object, e.g. {\"locale\": \"en-US\"}.", ClientDeveloper, "The calling code sends a string where the schema wants an object.", "400"),
    f!("missing-content-type", Client, "Missing JSON Content-Type", "curl -d without -H sends application/x-www-form-urlencoded.", API, &[], "Add Content-Type: application/json to the request.", ClientDeveloper, "The calling code leaves the header out; the API is right to refuse form encoding.", "415"),
    f!("duplicate-resource", Client, "Creating a resource that exists", "POST creates a customer whose email is already registered.", API, &[], "Look the existing record up (its id is in the response) and update it instead.", ClientDeveloper, "The caller must look the existing record up instead of creating it again.", "409"),
    f!("validation-rule", Client, "Value breaks a business rule", "Valid JSON, but the phone number is not in E.164 format.", API, &[("phone", Str("555-0100"), "invalid phone value")], "Send the phone in E.164 form (+15555550100).", ClientDeveloper, "The caller sends a value the documented rule forbids.", "422"),
    f!("request-loop", Client, "Client retry/poll loop", "Automation calls the API in a tight loop until the rate limit trips.", API, &[("requests", ranged(640, 40, 10_000, "fewer than 40 back-to-back requests fit in the limiter's burst of 20 plus what refills meanwhile, and the loop runs until the rate limit cuts it off, which no quota lets reach 10000"), "requests fired in the loop")], "Stop the loop: add backoff, honour Retry-After and cap retries.", ClientDeveloper, "The loop is in the caller's automation; the quota is working as set.", "429"),
    f!("plain-http", Client, "Plain http:// URL", "The client uses http://, which only redirects to https.", API, &[], "Use the https:// URL; never send tokens over plain HTTP.", ClientDeveloper, "The URL is configured in the client.", "3xx"),
    f!("redirect-post-to-get", Client, "Trailing slash: the redirect turns POST into GET", "The client posts to the collection's URL with a trailing slash. The gateway's canonical-URL rule answers 301 with the same path without the slash, and the client follows the redirect the way browsers and most HTTP libraries do for a 301: as a GET without the body. The collection only accepts POST, so the followed request gets 405 and nothing is created.", API, &[], "Post to the URL exactly as documented (no trailing slash) so no redirect happens; if a redirect must stay, the API should answer 308, which keeps the method and body.", ClientDeveloper, "The URL is in the customer's code; the redirect and the client's method change both work as designed.", "405"),
    f!("redirect-drops-authorization", Client, "Old base URL: the redirect drops Authorization", "The API moved to a new host name and the old one answers every request with 301 Moved Permanently to the new host. The client still uses the old base URL and follows the redirect, and like every HTTP client it leaves the Authorization header behind when a redirect leaves the host, so the new host answers 401.", API, &[], "Update the client's base URL to the API's new host (the Location the redirect names) so the token goes straight there; don't force the client to resend credentials across redirects.", ClientDeveloper, "The base URL is in the customer's integration config; the redirect and the dropped header both work as designed.", "401"),
    f!("content-length-mismatch", Client, "Body shorter than Content-Length", "The client announces more bytes than it sends; the server waits, then gives up.", API, &[], "Let the HTTP library compute Content-Length instead of setting it by hand.", ClientDeveloper, "The calling code sets the header by hand and gets it wrong.", "408"),
    f!("invalid-client-secret", Auth, "Wrong client secret", "The app authenticates to the token endpoint with an outdated client secret.", &[Flow::OauthToken], &[], "Copy the current client secret from the app registration into the client's config.", ClientDeveloper, "The current secret is in the app registration; the client's config still holds the old one.", "401"),
    f!("screen-pop-blocked", Client, "Browser blocked the screen pop", "The agent's browser pop-up blocker stops window.open.", LOOKUP, &[], "Allow pop-ups for the agent desktop's origin in the browser (or by policy).", DesktopIt, "The pop-up blocker is a browser setting on the agents' machines, managed by desktop policy.", "screen-pop"),
    // auth
    f!("missing-auth-header", Auth, "Authorization header missing", "The request carries no credentials at all.", API, &[], "Obtain a token and send Authorization: Bearer <token>.", ClientDeveloper, "The calling code never attaches the token.", "401"),
    f!("expired-token", Auth, "Access token expired", "The bearer token's exp is in the past.", &[Flow::ApiCall, Flow::LiveChat, Flow::BrowserApiCall], &[("minutes_ago", ranged(42, 1, 525_600, "an access token lives about an hour, so a year (525600 minutes) covers one hard-coded and forgotten, and 0 is not expired yet"), "how long ago it expired")], "Refresh the token (or re-authenticate) and retry; refresh before exp.", ClientDeveloper, "Refreshing tokens before they expire is the client's job; the identity provider did nothing wrong.", "401"),
    f!("malformed-token", Auth, "Malformed / truncated token", "The token was cut while copying, so its signature no longer verifies.", API, &[("chars_lost", ranged(12, 1, 40, "the RS256 signature is 342 characters and a copy cut short loses a few dozen at most, and 0 loses nothing"), "characters lost at the end")], "Copy the whole token again (or fetch a new one) and resend.", ClientDeveloper, "The token was damaged on the caller's side, while it was copied.", "401"),
    f!("revoked-token", Auth, "Token revoked", "The token is well-formed and unexpired but its id is on the revocation list.", API, &[("sub", Str("client"), "the account the token was issued to (its sub claim), e.g. an off-boarded user's; `client` keeps the service client's own id")], "Request a new token; find out why it was revoked (logout, security event).", Identity, "Only the identity team can say why the token was revoked and whether the client may have a new one.", "401"),
    f!("expired-refresh-token", Auth, "Refresh token expired", "The refresh grant fails because the refresh token outlived its lifetime.", &[Flow::OauthToken], &[("days_ago", ranged(3, 1, 3_650, "refresh tokens live days to months, so ten years covers any client still holding one, and 0 is not expired yet"), "days since it expired")], "Have the user sign in again to get a new refresh token.", ClientDeveloper, "The client must send the user through sign-in again; the refresh token's lifetime is policy, not a fault.", "400"),
    f!("missing-scope", Auth, "Token lacks the required scope", "The token was issued without the scope this endpoint needs.", API, &[("scope", Str("write:chats"), "scope the token lacks")], "Grant the scope to the app registration, then request a new token.", Identity, "Scopes are granted to the app registration by the identity team.", "403"),
    f!("insufficient-role", Auth, "Role not allowed to do this", "The caller's role may read but not delete.", API, &[], "Ask an admin to grant the needed role, or have an admin perform the action.", Identity, "Roles are granted in the identity provider by its admins.", "403"),
    f!("wrong-auth-scheme", Auth, "Wrong Authorization scheme", "The token is sent with a scheme other than Bearer.", API, &[("scheme", Str("Token"), "scheme word used")], "Send it as Authorization: Bearer <token>.", ClientDeveloper, "The calling code writes the Authorization header.", "401"),
    // dns
    f!("dns-nxdomain", Dns, "Hostname does not resolve", "The host's A record is missing from the zone.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall, Flow::OauthAuthorizationCode], &[], "Restore the DNS record (check with dig against the authoritative server).", NetworkSecurity, "The zone is missing the host's record, and the DNS owners must restore it.", "dns"),
    f!("dns-stale-record", Dns, "Stale DNS answer", "The resolver still caches the host's old address after a move.", API_WS, &[("ttl_left", ranged(3412, 1, 604_800, "resolvers keep an answer for a week at most, and at 0 the stale answer is already gone"), "seconds of stale TTL left")], "Flush the resolver cache (or wait out the TTL); lower TTLs before migrations.", NetworkSecurity, "The stale answer sits in the resolver the network team runs.", "conn"),
    // network
    f!("firewall-block", Network, "Firewall drops the traffic", "An egress rule silently drops packets to the API on 443.", API_OAUTH_WS, &[], "Ask the network team to allow egress to the host on 443; attach the firewall log line.", NetworkSecurity, "The egress rule that drops the traffic belongs to the network/security team.", "conn"),
    f!("connection-refused", Network, "Port closed / connection refused", "Nothing listens on 443 at the address, so the host answers with RST.", API_WS, &[], "Escalate to the owners of the address with the connect error; verify the listener and port.", PlatformApi, "Nothing listens at the API's address, and only the team that runs its hosts can bring the listener back.", "conn"),
    f!("proxy-interference", Network, "Proxy refuses the tunnel", "The corporate proxy denies CONNECT to the host.", API_WS, &[], "Ask the proxy admins to allow the host (or bypass the proxy for it).", NetworkSecurity, "The corporate proxy's rules are the network/security team's.", "conn"),
    f!("proxy-auth-required", Network, "Proxy now asks for credentials (407)", "The corporate forward proxy the client's egress goes through now requires authentication; the client sends no proxy credentials, so the proxy answers its CONNECT with 407 Proxy Authentication Required and the request never reaches the API.", API, &[], "Give the client proxy credentials (user and password in its proxy setting, e.g. HTTPS_PROXY=http://user:pass@proxy:3128) or have the proxy exempt the client's host; don't bypass the proxy on your own.", NetworkSecurity, "The proxy's new authentication rule is the network/security team's: they issue the client's proxy account or exempt it.", "conn"),
    f!("network-latency", Network, "High network latency", "Round trips are slow, so every phase that crosses the network is slow.", API_WS, &[("one_way_ms", ranged(900, 1, 60_000, "past a minute every connection times out before the latency can show, and 0 is no latency at all"), "one-way latency in ms (a round trip takes twice this; packs may still call it rtt_ms)")], "Trace the path (mtr) and escalate to the network team with the timings.", NetworkSecurity, "The slow round trips are on the network path, which the network team can trace and fix.", "slow"),
    // tls
    f!("cert-expired", Tls, "Server certificate expired", "The certificate's notAfter is in the past.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall, Flow::OauthAuthorizationCode], &[("days_ago", ranged(2, 1, 3_650, "certificates are issued for about a year at most, so ten years covers any forgotten server, and 0 is not expired yet"), "days since expiry")], "Renew and deploy the certificate; add expiry monitoring.", PlatformApi, "The certificate is deployed on the API's servers by the team that runs them.", "tls"),
    f!("cert-self-signed", Tls, "Self-signed certificate", "The server presents a certificate it signed itself.", API_OAUTH_WS, &[], "Deploy a certificate from a trusted CA (don't disable verification).", PlatformApi, "Only the API's owners can deploy a CA-issued certificate on their servers.", "tls"),
    f!("cert-incomplete-chain", Tls, "Intermediate certificate missing", "The server sends only the leaf; scripts and tools can't build a chain to a root (Chrome fetches the missing intermediate itself).", &[Flow::ApiCall, Flow::OauthToken], &[("renewed_hours_ago", ranged(30, 1, 8_760, "the leaf without its intermediate is what a renewal installed, so notBefore is when it was renewed: hours to a year ago"), "hours since the certificate was renewed (its notBefore)")], "Configure the server to send the full chain (leaf + intermediate).", PlatformApi, "The chain the server sends is set in the API servers' TLS configuration.", "tls"),
    f!("cert-hostname-mismatch", Tls, "Certificate does not cover the host", "The certificate's SANs do not include the requested host name.", API_OAUTH_WS, &[], "Issue a certificate whose SANs include the host, or use the host it covers.", PlatformApi, "The certificate on the API's servers must be reissued to cover the host.", "tls"),
    f!("tls-version-mismatch", Tls, "TLS version mismatch", "The client offers only TLS 1.0; the server requires 1.2 or newer.", API_OAUTH_WS, &[], "Upgrade the client's TLS library/settings to TLS 1.2+.", ClientDeveloper, "The server is right to require TLS 1.2; the client's TLS settings must be upgraded.", "tls"),
    // gateway
    f!("ip-not-allowlisted", Gateway, "Caller IP not in the allowlist", "The gateway only admits listed source IPs and the caller's egress IP is new.", ANY_CALLER, &[], "Add the caller's egress IP to the gateway allowlist (after verifying it).", PlatformApi, "The allowlist is gateway policy, kept by the platform API team.", "403"),
    f!("rate-limit-quota", Gateway, "Rate-limit quota set too low", "The plan's quota was lowered and normal traffic now exhausts it.", ANY_CALLER, &[("limit", ranged(50, 1, 100, "a quota of 0 is a switched-off plan rather than a low one, and the client's job calls 144 to 300 times an hour: above 100 its bucket no longer runs dry"), "requests per hour")], "Restore the plan's quota in the gateway policy; the client's pace is normal.", PlatformApi, "The quota is set in the gateway's plan policy; the caller's pace is normal.", "429"),
    f!("gateway-misrouted", Gateway, "Route points at the wrong upstream", "The gateway forwards the path to a service that does not serve it.", API, &[], "Fix the route's upstream in the gateway config.", PlatformApi, "The route's upstream is gateway configuration.", "404"),
    f!("ws-upgrade-stripped", Gateway, "Load balancer drops the WebSocket upgrade", "A change to the load balancer's socket location lost its upgrade settings, so nginx proxies the browser's handshake to the realtime service as a plain HTTP/1.0 GET without the hop-by-hop Upgrade and Connection headers. The realtime service answers 426 Upgrade Required and the chat never connects.", &[Flow::LiveChat], &[], "Restore the socket location's upgrade settings on the load balancer (proxy_http_version 1.1 and the Upgrade and Connection headers passed on), then reload it.", PlatformApi, "The load balancer's configuration is the platform's.", "426"),
    f!("ws-idle-timeout", Gateway, "Load balancer idle timeout too short", "The LB closes idle WebSocket connections before the app's heartbeat.", &[Flow::LiveChat], &[("idle_s", ranged(20, 1, 24, "the chat sends a heartbeat every 25 seconds, so a longer idle timeout never closes the connection"), "LB idle timeout in seconds")], "Raise the LB idle timeout above the heartbeat interval (or ping more often).", PlatformApi, "The load balancer's idle timeout is platform configuration.", "ws-drop"),
    // backend
    f!("upstream-down", Backend, "Backend service down", "The service's instances refuse connections.", ANY_CALLER, &[], "Restart / roll back the service; escalate to its on-call with the gateway error line.", PlatformApi, "The service's instances are run by the platform's on-call.", "5xx"),
    f!("maintenance-window", Backend, "Maintenance window", "The service is in planned maintenance and rejects requests.", API, &[("minutes", ranged(45, 1, 10_080, "maintenance longer than a week (10080 minutes) is an outage, not a window, and at 0 it is already over"), "minutes left")], "Wait until the window ends (Retry-After) and check the status page.", PlatformApi, "The window is the platform's own planned work: nothing to fix, and only they can say when it ends.", "5xx"),
    f!("backend-overloaded", Backend, "Backend overloaded", "The service's worker pool is saturated and it sheds load.", API, &[], "Back off and retry later; escalate to the service on-call to scale.", PlatformApi, "Only the service's on-call can add capacity; the callers are behaving.", "5xx"),
    f!("backend-exception", Backend, "Unhandled exception in the backend", "A code path crashes on a record with a missing optional field.", API, &[], "Escalate to engineering with the trace id, timestamp and stack trace.", PlatformApi, "The crash is a bug in the platform's service code.", "5xx"),
    f!("slow-backend", Backend, "Backend too slow", "The handler takes longer than the gateway's read timeout.", API, &[("delay_ms", ranged(45_000, 1, 600_000, "every caller in the simulation gives up within two minutes, so ten minutes is plenty, and 0 is no delay"), "extra handler time")], "Escalate to the service owners with the 504 and timings.", PlatformApi, "The handler's speed is the service owners' to fix.", "5xx"),
    // database
    f!("database-timeout", Database, "Database query timeout", "Queries exceed the statement timeout.", API, &[("query_ms", ranged(12_000, 1, 600_000, "the statement timeout and every caller give up long before ten minutes, and 0 is no query at all"), "query time")], "Escalate to the DBA/service team with the failing statement and timestamps.", PlatformApi, "The slow queries run in the platform's own database, behind its service.", "5xx"),
    f!("database-down", Database, "Database unreachable", "The database refuses connections.", API, &[], "Escalate to the database on-call; the service is fine but has no DB.", PlatformApi, "The database behind the API is run by the platform's on-call.", "5xx"),
    // integration
    f!("crm-field-mapping", Integration, "Wrong CRM field in the mapping", "The integration maps a platform field to a CRM field that does not exist.", BOTH_CRM, &[("field", Str("Customer_Id__c"), "CRM field name used")], "Correct the field mapping to the CRM's real API field name.", IntegrationAdmin, "The mapping is integration configuration; the CRM is right to reject an unknown field.", "crm-4xx"),
    f!("screen-pop-bad-url-template", Integration, "Broken screen-pop URL template", "A placeholder in the template is misspelled and stays unresolved.", LOOKUP, &[], "Fix the placeholder in the screen-pop template and test with a known record.", IntegrationAdmin, "The screen-pop template is integration configuration.", "screen-pop"),
    f!("screen-pop-missing-id", Integration, "Screen pop lacks the record id", "The lookup result is not passed to the screen-pop step.", LOOKUP, &[], "Save the lookup's contact Id for the screen pop in the workflow.", IntegrationAdmin, "The workflow that should pass the record id is set up by the integration admin.", "screen-pop"),
    f!("webhook-event-not-generated", Integration, "Webhook subscribed to a different event", "The event is emitted, but the subscription listens to another event, so nothing is sent.", TICKET, &[], "Subscribe the webhook to chat.ended (check the event history).", IntegrationAdmin, "The subscription's event is integration configuration.", "webhook-none"),
    f!("webhook-wrong-url", Integration, "Webhook URL wrong", "The subscription's URL does not match the receiver's endpoint.", TICKET, &[("part", Str("path"), "path or host")], "Correct the subscription URL to the receiver's documented endpoint and replay.", IntegrationAdmin, "The subscription URL is set in the platform's integration settings.", "webhook-4xx"),
    f!("webhook-signature-mismatch", Integration, "Signing secret out of sync", "The platform's signing secret was regenerated but the receiver has the old one.", TICKET, &[], "Share the new signing secret with the receiver owners (or roll back) and replay.", IntegrationAdmin, "The secret was regenerated in the platform's settings, and its admin must share it (or roll back).", "webhook-4xx"),
    // crm
    f!("crm-record-not-found", Crm, "Customer record missing in the CRM", "No CRM contact carries the customer's id.", LOOKUP, &[], "Create or fix the CRM contact (its external id), then retry the lookup.", CrmAdmin, "The contact record lives in the CRM org.", "crm-4xx"),
    f!("crm-missing-required-field", Crm, "CRM now requires an extra field", "A CRM admin made a field mandatory that the integration does not send.", TICKET, &[("field", Str("Priority__c"), "newly required field")], "Make the field optional again or add it to the mapping; coordinate with the CRM admin.", CrmAdmin, "A CRM admin made the field required; they can relax the rule or agree the mapping.", "crm-4xx"),
    f!("crm-permission-denied", Crm, "Integration user lacks CRM permission", "The CRM integration user's profile lost a permission.", BOTH_CRM, &[], "Restore the permission on the integration user's CRM profile.", CrmAdmin, "The integration user's profile is managed in the CRM org.", "crm-4xx"),
    f!("crm-token-expired", Crm, "CRM API session expired", "The stored CRM access token expired and is not refreshed.", BOTH_CRM, &[], "Re-authorise the CRM connection (refresh the token) and retry.", IntegrationAdmin, "The CRM connection is re-authorised in the integration settings.", "crm-4xx"),
    f!("crm-slow-response", Crm, "CRM responds slowly", "The CRM API takes seconds to answer; callers time out.", BOTH_CRM, &[("delay_ms", ranged(21_000, 1, 600_000, "every caller in the simulation gives up within two minutes, so ten minutes is plenty, and 0 is no delay"), "CRM response time")], "Escalate to the CRM vendor with request ids and timings.", Vendor, "The CRM is a hosted service: only its vendor can speed it up.", "slow"),
    f!("crm-outage", Crm, "CRM outage", "The CRM API returns 503 for every call.", BOTH_CRM, &[], "Check the CRM status page; retry after it recovers; open a vendor ticket.", Vendor, "The outage is on the CRM vendor's side; nothing in your org can fix it.", "5xx"),
    // webhook receiver
    f!("webhook-endpoint-down", Webhook, "Webhook receiver down", "Nothing accepts connections at the receiver.", TICKET, &[], "Escalate to the receiver's owners; replay failed messages once it is up.", Receiver, "The receiver's server is theirs to bring back.", "webhook-conn"),
    f!("webhook-auth-failure", Webhook, "Receiver rejects the API key", "The receiver's key store no longer contains the platform's key.", TICKET, &[], "Have the receiver reload/restore the platform's API key, then replay.", Receiver, "The receiver's key store lost the platform's key.", "webhook-4xx"),
    f!("webhook-invalid-payload", Webhook, "Receiver expects another payload shape", "The receiver's new handler expects a schema the platform does not send.", TICKET, &[], "Have the receiver accept the documented payload version, then replay.", Receiver, "The receiver changed what it accepts; the platform sends the documented payload.", "webhook-4xx"),
    f!("webhook-timeout", Webhook, "Receiver too slow to answer", "The receiver works synchronously longer than the delivery timeout.", TICKET, &[("processing_ms", ranged(20_000, 1, 600_000, "the platform stops waiting after 15 seconds, so ten minutes is plenty, and 0 is no work at all"), "receiver processing time")], "Receiver should answer 2xx fast and process asynchronously.", Receiver, "The receiver must answer fast and work asynchronously; the delivery timeout is the platform's published contract.", "slow"),
    f!("webhook-tls-failure", Webhook, "Receiver certificate expired", "The receiver's HTTPS certificate is expired.", TICKET, &[], "Receiver owners must renew their certificate; then replay.", Receiver, "The expired certificate is on the receiver's server.", "tls"),
    f!("webhook-ip-blocked", Webhook, "Receiver blocks the platform's IP", "The receiver's allowlist lacks the platform's egress IP.", TICKET, &[], "Add the platform's published egress IPs to the receiver's allowlist.", Receiver, "The receiver's allowlist must include the platform's published egress IPs.", "webhook-4xx"),
    // realtime
    f!("realtime-overloaded", Realtime, "Realtime service lagging", "The WebSocket server's event loop is saturated; messages arrive late.", &[Flow::LiveChat], &[("lag_ms", ranged(7_800, 1, 60_000, "a chat lagging more than a minute per message is down, not slow, and 0 is no lag"), "added delay per message")], "Escalate to the realtime service on-call to scale out.", PlatformApi, "The realtime service is run by the platform's on-call.", "slow"),
    // Added later: kept at the end so the order (and every seeded choice over it) of the
    // faults above stays as it was.
    f!("missing-api-key", Auth, "API key missing", "The partner route needs an x-api-key header and the request has none.", &[Flow::PartnerApiCall], &[], "Send the partner's key in the x-api-key header (from the secret store, never hard-coded).", ClientDeveloper, "The partner's code must send the key it was given.", "401"),
    f!("invalid-api-key", Auth, "API key not recognised", "The key sent in x-api-key was rotated out of the gateway's active key set.", &[Flow::PartnerApiCall], &[], "Issue the partner a current key (or restore the rotated one) and have them update their config.", PlatformApi, "Partner keys are issued and kept in the gateway's key set by the platform API team.", "401"),
    f!("cors-origin-not-allowed", Gateway, "Origin missing from the CORS policy", "The gateway's CORS policy does not list the agent desktop's origin, so the browser blocks the call after the preflight.", &[Flow::BrowserApiCall], &[], "Add the exact origin (scheme + host) to the gateway's allowed origins; don't use * with credentials.", PlatformApi, "The CORS policy is gateway configuration.", "cors"),
    f!("webhook-endpoint-disabled", Integration, "Webhook endpoint disabled", "The subscription is switched off, so events match it but nothing is delivered.", TICKET, &[("hours_ago", ranged(6, 1, 720, "the delivery history the evidence comes from covers 30 days (720 hours), and 0 is not disabled yet"), "hours since it was disabled")], "Find out why it was disabled (delivery history), fix that, re-enable the endpoint and replay the missed events.", IntegrationAdmin, "The endpoint is switched off in the integration settings.", "webhook-none"),
    f!("db-pool-exhausted", Database, "Database connection pool exhausted", "Long reporting statements hold every connection in the service's pool, so requests wait for a connection and time out.", API, &[("wait_ms", ranged(10_000, 100, 29_000, "node-postgres waits connectionTimeoutMillis for a free connection; the gateway stops waiting for the service after 30 s, before a longer wait could end in the service's own log line, and 0 means wait forever"), "how long a request waits for a pooled connection")], "Find what holds the connections (pg_stat_activity), stop it or move it to its own pool or a replica, then watch the pool's waiting count fall.", PlatformApi, "The pool and the statements that hold it are in the platform's own service and database.", "5xx"),
    f!("one-instance-unhealthy", Backend, "One instance of the service broken", "One of the service's instances is broken: its app process is gone and its local proxy answers 502 at once, or (fails_by crash-loop) the process keeps dying on the request it is given, so nginx takes the instance out for fail_timeout, puts it back and sees it fail again. The calls that reach it fail and the rest succeed.", ANY_CALLER, &[("fails_by", Str("answers-502"), "how the instance fails: answers-502 (its app process is gone and its local proxy answers 502 at once; nginx counts nothing) or crash-loop (the app is restarted and dies on the next request, closing the connection: nginx counts the failure and takes the instance out for fail_timeout, then puts it back, and it fails again; the call becomes a POST /v2/chats, the write nginx does not send twice)")], "Take the instance the failing calls name (the gateway access log's upstream address) out of the upstream group, then restart or replace it; the other instances are healthy.", PlatformApi, "The service's instances are run by the platform's on-call; only they can drain and replace one.", "5xx"),
    // HTTP faults of the client, gateway, backend and database layers (issue 15).
    f!("payload-too-large", Gateway, "Gateway body size limit too low", "The API location's client_max_body_size was set far below the bodies the API documents, so nginx refuses an ordinary update with a photo before it reaches the service.", API, &[("limit_kb", ranged(16, 1, 64, "the client's body is half as big again as the limit, and past 64 KB it would dwarf the rest of the trace; 0 would switch the check off"), "the gateway's client_max_body_size, in KB")], "Raise client_max_body_size on the API's location to the documented maximum body size, reload nginx and resend.", PlatformApi, "The body size limit is gateway configuration, kept by the platform API team; the request is within what the API documents.", "too-large"),
    f!("header-too-large", Gateway, "Gateway header buffers too small", "The identity provider now puts the caller's group ids in the access token, and the Authorization line no longer fits in one of nginx's large_client_header_buffers, so every call is refused with 400 before it reaches the service.", API, &[("buffer_kb", ranged(8, 1, 16, "nginx's default buffer is 8 KB; the token grows just past whatever buffer is set, and past 16 KB it would outgrow any group claim an identity provider sends"), "the size of one of the gateway's large_client_header_buffers, in KB")], "Raise large_client_header_buffers on the gateway (e.g. 4 32k) so a token with its group claims fits, reload nginx and resend.", PlatformApi, "The header buffers are gateway configuration, kept by the platform API team; the token is a valid one the identity provider issued.", "too-large"),
    // Integration, CRM and webhook-receiver faults (issue 15).
    f!("crm-id-type-mismatch", Integration, "Customer id sent as the CRM record id", "The integration sends the platform's customerId where the CRM expects its own Contact id (003…), so the CRM finds no record by it.", BOTH_CRM, &[], "Map the platform's customerId to the CRM's external id field (ExternalId__c) and use the Contact id the lookup returns for ContactId; then retry.", IntegrationAdmin, "Which CRM field the customerId goes to is set in the platform's integration mapping.", "crm-4xx"),
    f!("crm-multiple-matches", Crm, "External id matches several CRM records", "Two or more CRM contacts carry the customer's external id (ExternalId__c is not marked Unique), so the lookup by external id answers 300 Multiple Choices instead of one record.", LOOKUP, &[("records", ranged(2, 2, 10, "a 300 needs at least two records with the value, and more than ten copies of one customer is no longer a stray duplicate"), "contacts that carry the customer's external id")], "Merge the duplicate contacts the 300 lists into one, and mark ExternalId__c Unique so no second record can take the value; then retry the lookup.", CrmAdmin, "The duplicate records and the external id field's settings are in the CRM org, which its admin manages.", "crm-4xx"),
    f!("crm-rate-limit", Crm, "CRM API request limit used up", "A looping sync job has used up the CRM org's rolling 24-hour API request allowance, so the CRM refuses every REST call with REQUEST_LIMIT_EXCEEDED, and each retry is refused again.", BOTH_CRM, &[("over_by", ranged(0, 0, 50_000, "the org is refused from the first call past its allowance, and a job half as large again as a 100000-call allowance is the worst real runaway"), "calls past the allowance when the run starts")], "Find what uses the allowance up (the CRM's API usage by user), stop or throttle that job, and hold the integration's retries until the usage falls back under the limit.", CrmAdmin, "The org's API allowance, and which users and jobs may spend it, are managed by the CRM admin.", "crm-limit"),
    f!("crm-row-lock", Crm, "CRM record locked by a bulk job", "A bulk update job in the CRM holds the customer's contact locked; creating a case locks the contact too, so the CRM waits ten seconds and refuses with UNABLE_TO_LOCK_ROW until the job lets go.", TICKET, &[("held_s", ranged(400, 20, 7_200, "the CRM waits 10 s for a lock, so a lock shorter than 20 s hardly shows, and a batch that holds one record two hours is a stuck job"), "seconds the job still holds the contact after the chat ends")], "Find the job that holds the records (the CRM's bulk data load jobs), run it outside working hours or in smaller batches, and have the receiver retry lock errors with backoff.", CrmAdmin, "The bulk job runs in the CRM org, and its admin decides when and how it runs.", "crm-lock"),
    f!("crm-duplicate-rule", Crm, "CRM duplicate rule blocks the new contact", "The customer is new to the platform, so the receiver creates their CRM contact before the case; the CRM already has a contact with the same e-mail (entered by another team, without the platform's external id), and an active duplicate rule on Contact set to Block refuses the create with DUPLICATES_DETECTED, so no case follows.", TICKET, &[("rule", Str("Block_Duplicate_Contacts"), "the duplicate rule's API name")], "Have the CRM admin link the existing contact to the customer (set its external id) or merge, and decide with the receiver team how creates that match an existing contact are handled (look up by e-mail first); then replay the delivery.", CrmAdmin, "The duplicate rule and the existing contact live in the CRM org; only its admin can change the rule or link the record it matched.", "crm-4xx"),
    f!("crm-sso-session-expired", Crm, "Agent's CRM session expired", "The agent's own CRM session (signed in through single sign-on) has timed out, so the screen pop's record page answers 302 and sends the browser to the identity provider's sign-in page.", LOOKUP, &[("minutes_ago", ranged(35, 1, 1_440, "a CRM session times out after 15 minutes to 24 hours of inactivity, so a day covers any shift, and 0 is not expired yet"), "minutes since the agent's CRM session ran out")], "Have the agent sign in to the CRM again, then set the CRM's session timeout (Session Settings) to outlast an agent's shift.", CrmAdmin, "The CRM's session timeout is set in the CRM org's session settings by its admin.", "screen-pop"),
    f!("webhook-body-reserialized", Webhook, "Receiver verifies a re-serialised body", "The receiver's new handler takes the payload its framework already parsed and verifies json.dumps(payload) instead of the raw body; the bytes differ, so every signature fails although both sides hold the same secret.", TICKET, &[], "Have the receiver verify the signature over the raw request body exactly as received, before parsing it, then replay the failed messages.", Receiver, "The verification code is the receiver's; the platform signs the documented way with the shared secret.", "webhook-4xx"),
    // Trust faults (auth, TLS, network, DNS) from issue 15, kept together in this order.
    f!("jwt-clock-skew", Auth, "Validator's clock behind", "The clock of the host that validates tokens runs minutes behind, so a token minted seconds ago has an iat still to come by its time.", TOKEN_CHECKED, &[("clock_behind_s", ranged(420, 60, 86_400, "validators allow 30 s of leeway and the token is a few seconds old, so under a minute it still passes; a day behind is a host that lost its time source entirely"), "how far the validating host's clock is behind, in seconds")], "Resynchronise the validating hosts' clocks (NTP on the gateway nodes) and alert on drift; the tokens themselves are fine.", PlatformApi, "The gateway nodes that validate tokens, and their time sync, are run by the platform team.", "401"),
    f!("jwks-key-not-found", Auth, "Validator's cached JWKS lacks the new key", "The issuer rotated its signing key; new tokens carry the new kid, but the API's validator still holds the key set it fetched before the rotation.", TOKEN_CHECKED, &[("rotated_min_ago", ranged(45, 1, 1_200, "the validator refetches its key set a day after fetching it, two hours before the rotation, so up to 20 hours it still holds the old keys, and 0 is the rotation itself"), "minutes since the issuer rotated its key")], "Make the gateway refetch the issuer's JWKS now, and configure it to refetch when a token names an unknown kid (keep the cache TTL short).", PlatformApi, "The token validator and the key set it caches are the gateway's, run by the platform team; the issuer's rotation was correct.", "401"),
    f!("refresh-token-reused", Auth, "Refresh token reused after rotation", "The authorization server rotates refresh tokens and detects reuse; the client presents one it has already exchanged, so the grant fails and the token family is revoked.", &[Flow::OauthToken], &[("exchanged_min_ago", ranged(12, 1, 43_200, "the server keeps an exchanged token on record for 30 days (43200 minutes), and 0 is the exchange itself"), "minutes since the refresh token was first exchanged")], "Make the client save the new refresh token from every exchange (one refresher at a time, never a retry with the old one), then have the user sign in again: reuse revoked the whole family.", ClientDeveloper, "The client kept and resent a spent refresh token; the server's reuse detection did what it should.", "400"),
    f!("invalid-scope-requested", Auth, "Token request asks for a scope not granted", "The client-credentials request asks for a scope the app registration does not hold, so the authorization server refuses it with invalid_scope.", &[Flow::OauthToken], &[("scope", Str("write:tickets"), "the scope the client asks for that its registration lacks")], "Request only the scopes the app registration holds (drop the extra one), or have the identity team grant it if the app really needs it, then request a token again.", ClientDeveloper, "The scope list is in the client's token request; the registration grants what was agreed for the app.", "400"),
    f!("cert-not-yet-valid", Tls, "Server certificate not yet valid", "A renewed certificate was deployed before its notBefore, so every verifying client refuses it as not yet valid.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall], &[("starts_in_hours", ranged(6, 1, 720, "a certificate issued ahead of time starts within days (30 days is 720 hours), and 0 is valid already"), "hours until the certificate's notBefore")], "Put the previous certificate back until the new one's notBefore (or reissue it valid from now), and check notBefore before every deploy.", PlatformApi, "The certificate is deployed on the API's servers by the team that runs them.", "tls"),
    // The CDN in front of the API: one fault of its own, three it only reports.
    f!("edge-cached-error", Edge, "CDN serves a cached error", "A cache rule lets the edge keep error statuses: a 502 stored during a short origin outage is still served after the origin recovered.", &[Flow::ApiCall, Flow::PartnerApiCall], &[("age_s", ranged(1_432, 1, 3_599, "the cache rule keeps error statuses for an hour (3600 s), so a stored answer is younger than that, and 0 is not stored yet"), "seconds since the edge stored the error")], "Purge the URL from the CDN cache, then change the cache rule so 5xx answers are not cached (status code TTL: no-store) or bypass the cache for the API.", PlatformApi, "The CDN's cache rules are part of the platform's API configuration.", "edge"),
    f!("edge-origin-unreachable", Network, "Origin firewall drops the CDN (522)", "The origin's inbound firewall does not admit the CDN's published address ranges, so the edge's connections time out and it answers 522.", &[Flow::ApiCall, Flow::PartnerApiCall], &[], "Allow the CDN's published IP ranges to port 443 in the origin's inbound firewall; the edge only reports that it cannot connect.", NetworkSecurity, "The origin's inbound firewall rules are managed by the network/security team.", "edge"),
    f!("edge-origin-timeout", Backend, "Origin too slow for the CDN (524)", "The service takes longer than the edge's 100 s proxy read timeout, so the edge gives up with a 524 while the origin is still working.", &[Flow::ApiCall, Flow::PartnerApiCall], &[("delay_ms", ranged(130_000, 100_001, 600_000, "the edge gives up after 100 s, so a shorter handler time is no 524, and ten minutes is plenty"), "extra handler time")], "Escalate to the service owners with the gateway's 499 and the handler's timings: the call must finish well under 100 s (or run as a background job).", PlatformApi, "The handler's speed is the service owners' to fix.", "edge"),
    f!("edge-origin-tls-invalid", Tls, "Origin certificate fails the CDN's strict check (526)", "The origin's certificate expired; the edge verifies it (SSL mode Full (strict)) and answers 526, while its own certificate towards clients is fine.", &[Flow::ApiCall, Flow::PartnerApiCall], &[("days_ago", ranged(3, 1, 365, "a certificate expired more than a year ago would have failed long before, and 0 is not expired yet"), "days since the origin certificate expired")], "Renew the origin's certificate (or install a CDN origin certificate) on the gateway; do not lower the edge's SSL mode to get past it.", PlatformApi, "The origin's certificates are managed by the platform team.", "edge"),
    // Issue 15's HTTP faults (client, gateway, backend, database), kept together in this order.
    f!("api-version-retired", Client, "Retired API version still called", "The platform deprecated /v1/ half a year ago and announced its sunset date in the changelog and in Deprecation and Sunset headers on every v1 answer; the date has passed and the client's code still calls /v1/, which now answers 410 Gone.", API, &[("retired_days_ago", ranged(3, 1, 365, "the notice gave half a year, so a year past the sunset covers a forgotten job, and 0 is the sunset day itself"), "days since the sunset date")], "Move the calls to the /v2/ endpoints (the migration guide is linked from the 410's Link header and the changelog), and make the client log Deprecation and Sunset headers so the next notice is seen before its date.", ClientDeveloper, "The platform announced the date and kept it; only the client's code can move to /v2/.", "410"),
    f!("export-accepted-not-polled", Client, "202 Accepted read as the finished export", "The export API works asynchronously: a POST queues the job and answers 202 Accepted at once, with the job's status resource in Location and Retry-After saying when to ask. The script reads the rows from that first answer, finds none in a body that only describes the queued job, and reports an empty import; it never asks the Location, so the job that finishes seconds later, with rows, is never fetched.", API, &[("job_s", ranged(24, 5, 240, "an export worth queueing runs for some seconds; past four minutes its end falls outside the minutes a log search around the request covers"), "how long the export job runs after it is accepted, in seconds")], "Follow the 202 as the API documents it: read Location, ask the status resource after Retry-After seconds until it reports succeeded, then fetch its result link and import those rows; treat 202 as accepted, not done.", ClientDeveloper, "The API answered as documented (202 with a status resource) and the job succeeded; only the script's code reads the first answer as the finished export.", "accepted"),
    f!("wrong-charset", Client, "Latin-1 bytes labelled UTF-8", "A job sends customer files a legacy system exports in ISO-8859-1 as they are, byte for byte (curl --data-binary @file, a file object, BodyPublishers.ofFile), under Content-Type: application/json; charset=utf-8. An umlaut is one byte there (ü is fc) where UTF-8 needs two (c3 bc). The API reads the body as UTF-8, as the header says, replaces each byte it cannot read with U+FFFD and stores the customer: 201 Created, and the name shows as M\u{FFFD}ller everywhere after.", API, &[], "Have the job decode the file as the ISO-8859-1 it is and send the text as UTF-8 (iconv -f ISO-8859-1 -t UTF-8 first, or read the file with that charset before sending), or have the export write UTF-8; labelling the bytes charset=iso-8859-1 instead only gets them refused, since JSON must be UTF-8. Then correct the names already stored with U+FFFD from the source files.", ClientDeveloper, "The bytes and their label are both the job's: only its owner knows what the file holds and can decode it before sending; the API read the body as the header told it to.", "garbled"),
    f!("db-deadlock", Database, "Deadlock between the service and a batch job", "A nightly loyalty job updates a customer's contact points and then the customer; the service's phone update takes the same two rows the other way round in one transaction, so now and then each waits for the other and Postgres aborts the service's transaction with 40P01.", API, &[], "Make both writers take the rows in the same order (the customer's row first, then its contact points) and have the service retry a transaction that fails with SQLSTATE 40P01; attach the database's deadlock report.", PlatformApi, "The service's transaction and the batch job are the platform team's code; the database did what it must.", "5xx"),
    // Receiver-side webhook faults (issue 15): a secret kept in memory after a rotation, a clock that drifted.
    f!("webhook-receiver-stale-secret", Webhook, "Receiver still verifies with the old secret", "The platform's signing secret was rotated and the receiver team put the new one in their secret store, but their service reads the secret only when it starts and has not restarted since: it still verifies with the old secret and rejects every delivery.", TICKET, &[("rotated_h", ranged(3, 1, 96, "the rotation is what the failures date from, and past five days (120 h) of failures the platform would have disabled the endpoint; 0 is the rotation itself"), "hours since the signing secret was rotated")], "Have the receiver team restart (or reload) their service so it reads the new secret from its store, and verify with both secrets during future rotations; then replay the failed messages.", Receiver, "The new secret is already in the receiver's store; only the receiver team can make their running service use it.", "webhook-4xx"),
    f!("webhook-timestamp-skew", Webhook, "Receiver's clock outside the signature tolerance", "The receiver host's clock runs ahead since its time sync stopped, so every delivery's webhook-timestamp looks older than the 5-minute tolerance and the receiver refuses it before it checks the signature.", TICKET, &[("clock_ahead_s", ranged(900, 301, 86_400, "the Standard Webhooks tolerance is 300 s, so a smaller drift still passes, and a day ahead is a host that lost its time source entirely"), "how far the receiver's clock runs ahead, in seconds")], "Have the receiver team resynchronise the host's clock (NTP) and alert on drift, then replay the failed messages; widening the tolerance only hides the drift.", Receiver, "The receiver's host and its time sync are the receiver team's.", "webhook-4xx"),
    // Name resolution and the path to the API (issue 15's DNS, network and TLS faults).
    f!("dns-servfail", Dns, "Zone's DNSSEC signatures expired", "The zone's RRSIG records have expired (its re-signing job stopped): the authoritative server still answers, but every validating resolver refuses the answer with SERVFAIL.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall], &[], "Re-sign the zone (and restart its signing job); dig +cd against a resolver confirms only validation fails.", NetworkSecurity, "The zone and its DNSSEC signing are run by the DNS owners; no caller can make a validating resolver accept expired signatures.", "dns"),
    f!("dns-split-horizon", Dns, "Internal DNS overrides the public answer", "The caller's network answers the API's name from its own internal zone, with the address of a proxy it retired: inside that network the name leads nowhere, everywhere else it resolves to the API.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall], &[], "Remove (or correct) the host's record in the internal zone so the caller's resolver asks the public DNS; compare dig inside and outside the network to confirm.", NetworkSecurity, "The override lives in the internal DNS the caller's network team runs; the public zone and the API are right.", "conn"),
    f!("dangling-cname", Dns, "CNAME to a deleted cloud resource", "The host is an alias (CNAME) of a cloud provider's app that was deleted: the alias stays in the zone, its target no longer exists, so every resolver ends in NXDOMAIN.", &[Flow::ApiCall, Flow::OauthToken, Flow::LiveChat, Flow::BrowserApiCall, Flow::PartnerApiCall, Flow::OauthAuthorizationCode], &[], "Point the CNAME at the live resource (or restore the deleted one) and remove dangling aliases: anyone who claims that name at the provider would receive the traffic.", NetworkSecurity, "The alias lives in the zone the DNS owners run; no caller can make a deleted target resolve.", "dns"),
    // The authorization-code flow's sign-in faults (issue 15), kept together in this order.
    f!("redirect-uri-mismatch", Auth, "Redirect URI not registered", "The web app now sends a redirect_uri its registration at the identity provider does not list, so /authorize refuses to redirect back and the browser stops on the identity provider's error page.", &[Flow::OauthAuthorizationCode], &[("callback", Str("signin-oidc"), "the callback path segment the app now sends (the registration lists /callback)")], "Make the redirect URI match exactly: add the one the app sends to the app registration's Login redirect URIs, or point the app back at the registered one (scheme, host, path and trailing slash all count).", ClientDeveloper, "The app's team changed the callback it sends; they own the app and its registration and must make the two agree.", "sign-in"),
    f!("pkce-verifier-mismatch", Auth, "PKCE verifier does not match the challenge", "The app's callback handler does not find the code_verifier it saved for the sign-in and sends a newly generated one, so the authorization server's S256 check of the code exchange fails with invalid_grant.", &[Flow::OauthAuthorizationCode], &[], "Keep the code_verifier generated for the sign-in (in the user's session) and send that same value to /token; check that the session survives the redirect.", ClientDeveloper, "The verifier is generated, stored and sent by the app's own code; the server's check did what PKCE is for.", "sign-in"),
    f!("authorization-code-reused", Auth, "Authorization code redeemed twice", "The app's callback redeems the code twice (an auth middleware and the route both call /token with it); codes are single-use, so the second exchange fails with invalid_grant and the app shows its error page.", &[Flow::OauthAuthorizationCode], &[], "Redeem each authorization code exactly once (one place in the callback, no retry of the token call with the same code); sign the user in again.", ClientDeveloper, "The app's callback code redeems the code twice; the authorization server is right to refuse a used code.", "sign-in"),
    // The TLS and network faults issue 15 still lacked (client trust store, mutual TLS, SNI, proxies), kept together in this order.
    f!("client-trust-store-outdated", Client, "Client's CA bundle lacks the new root", "The API's certificate was renewed from its CA's new root; the server sends the whole chain and current browsers and tools trust it, but the client runtime verifies against a CA bundle built before that root was added.", &[Flow::ApiCall, Flow::OauthToken, Flow::PartnerApiCall], &[("renewed_hours_ago", ranged(52, 1, 8_760, "the failures start when the renewed certificate is deployed: hours to a year ago"), "hours since the API's certificate was renewed from the new root (its notBefore)")], "Update the CA bundle the client's runtime reads (its truststore, certifi, the php.ini cacert.pem or the OS's ca-certificates) so it holds the new root; don't turn verification off.", ClientDeveloper, "The server is right and every current client trusts it; only whoever runs the client can update the trust store it reads.", "tls"),
    f!("consent-revoked", Auth, "User's consent to the app revoked", "An identity-provider admin revoked the user's grant for the web app; the refresh token the app keeps for the returning user went with it, so renewing the session at /token fails with invalid_grant and the user must sign in and consent again.", &[Flow::OauthAuthorizationCode], &[("revoked_hours_ago", ranged(16, 1, 2_160, "a refresh token lives at most 90 days (2160 hours) unused, and 0 is the very moment of the revocation"), "hours since the grant was revoked"), ("revoked_by", Str("it.admin@example.com"), "who revoked the grant (the System Log's actor)")], "Have the user sign in again and allow access: a revoked grant is not restored, a new consent makes a new one. Ask the identity team why it was revoked (the System Log names the admin), and have the app send users back through sign-in when a refresh fails with invalid_grant.", Identity, "The grant was revoked at the identity provider by its admins; they know why, and whether the user should have the app at all.", "400"),
    f!("webhook-duplicate-delivery", Webhook, "Receiver does not dedupe on webhook-id", "The receiver processes every delivery as new: when the CRM's slow moment makes the first attempt outlast the platform's 15 s timeout, the retry carries the same webhook-id and creates a second case.", TICKET, &[("stall_ms", ranged(16_000, 15_001, 19_000, "the first attempt must outlast the 15 s delivery timeout and finish before the retry 5 s later, or even a deduplicating receiver would meet the retry mid-work"), "extra time the CRM takes over the first case")], "Have the receiver record each processed webhook-id and answer 2xx without processing when the same id comes again (deliveries are at least once); merge the duplicate case.", Receiver, "The handler that creates cases is the receiver team's; only it can tell a retry from a new chat.", "duplicate"),
    f!("webhook-out-of-order", Webhook, "Receiver applies events in arrival order", "The receiver now also takes chat.updated and applies each event as it arrives. When the CRM's slow moment makes the chat.ended delivery outlast the platform's 15 s timeout, the agent's correction (chat.updated, emitted seconds after the chat ended) reaches the receiver before the case exists: it finds no case, acknowledges the update and drops it, and the case keeps the old summary.", TICKET, &[("stall_ms", ranged(17_000, 16_000, 19_000, "the first attempt must outlast the 15 s delivery timeout with a margin so the update meets no case yet, and the case must exist before the retry 5 s later"), "extra time the CRM takes over the first case"), ("edit_after_ms", ranged(4_000, 1_000, 14_000, "the correction must be emitted while the chat.ended attempt is still waiting (under 15 s), so its delivery goes out before the retry"), "how long after ending the chat the agent corrects its summary")], "Have the receiver order each chat's events by their timestamp: answer 409 to an update for a case it has not created yet so the platform retries it (or read the chat's current state when it creates the case); then re-apply the correction to the case.", Receiver, "Deliveries are at least once and not in order, as Standard Webhooks providers document; only the receiver's handler can hold an edit until the record it edits exists.", "out-of-order"),
    // The gateway's WAF and a partner's mutual TLS (issue 15), kept together in this order.
    f!("waf-blocked", Gateway, "WAF rule blocks a legitimate request", "The security team switched the gateway's ModSecurity (OWASP Core Rule Set) from detection only to blocking; a business customer's first chat message quotes the script tag of a payment button, the XSS rules score it as an attack, and nginx refuses the call with 403 before the token is checked or the service sees it.", API, &[], "Send the security team the request and the WAF's unique_id from the gateway's error log (rule 941100 on ARGS:json.context.firstMessage) and ask for a rule exception for that field on POST /v2/chats; the caller's credentials are fine, so don't rotate or refresh them.", PlatformApi, "The WAF runs in the platform's gateway, and only the team that runs it (with security's sign-off) can add an exception to its rules.", "waf"),
    f!("mtls-client-cert-missing", Tls, "Client certificate not sent to a mutual-TLS endpoint", "The platform moved partner traffic to partners.example.com, whose nginx requires a client certificate (ssl_verify_client on); the partner's client was pointed at the new host but not configured with the certificate it was issued, so the handshake completes without one and nginx answers 400 \"No required SSL certificate was sent\".", &[Flow::PartnerApiCall], &[], "Configure the partner's HTTP client to present the client certificate and key issued for this endpoint (curl --cert/--key, an https.Agent with cert and key, requests' cert=, a Java keystore, Guzzle's cert option), checking it chains to the CA the server names under 'Acceptable client certificate CA names'; then resend.", ClientDeveloper, "The endpoint is right to require the certificate it issued; only the partner's integration can load it and present it.", "mtls"),
    f!("sni-missing", Tls, "Client sends no SNI and gets the listener's default certificate", "The API moved behind the platform's shared TLS listener, which picks each host's certificate by the name in the ClientHello (SNI) and sends its default certificate, the company website's, to a ClientHello without one. The client's JVM was started with -Djsse.enableSNIExtension=false long ago, so it is handed the website's certificate and its host-name check fails; every client that sends SNI gets the API's certificate.", API, &[], "Make the shared listener's default certificate (the one a ClientHello without SNI gets) cover api.example.com, or give the API a listener of its own, then have the client's owners drop -Djsse.enableSNIExtension=false so the job sends SNI.", PlatformApi, "The listener and the certificate it sends without SNI are the platform's; only they can serve the API's name to clients that send none, while the client's start options wait on its owners.", "tls"),
    // A TLS-inspecting proxy on the client's network (issue 15's TLS and network faults).
    f!("tls-interception-proxy", Network, "TLS-inspecting proxy re-signs the API's certificate", "The company's firewall now decrypts outbound HTTPS and re-signs every site's certificate with the company's own root CA. Managed machines' browsers trust that root (desktop management put it in the OS store), but runtimes that verify against a CA bundle of their own (curl's, Node's, certifi, a Java truststore, PHP's cacert.pem) do not have it and refuse the chain.", &[Flow::ApiCall, Flow::OauthToken], &[("enabled_hours_ago", ranged(20, 1, 719, "the firewall mints a host's certificate on the first connection after inspection is switched on and keeps it 30 days (720 hours), so its notBefore dates the change; 0 is the switch itself"), "hours since TLS inspection was switched on for the API's host")], "Ask the network/security team to exempt the API's host from TLS inspection (a decryption bypass rule), or, if inspection must stay, add the company's inspection root to the runtime's bundle (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, the Java truststore, curl's --cacert); never switch verification off.", NetworkSecurity, "The inspection rule and the company's root CA are the network/security team's; the API's certificate is fine, and only they can exempt the host or hand out the root to add.", "tls"),
    // Issue 15's keep-alive, idempotency and pagination faults, kept together in this order.
    f!("upstream-keepalive-race", Backend, "Service closes kept-alive connections before the gateway", "A release of the service set its keep-alive timeout (Node's server.keepAliveTimeout, 5 s unless the code sets it) below the 60 s nginx keeps its idle upstream connections to reuse them, so the service, not nginx, closes an idle connection first. Now and then nginx writes a request on a connection at the moment the service closes it and reads the close instead of a response: it sends a GET again to another instance, but a POST it never sends twice, so that caller gets 502. The service never sees those requests.", API, &[("backend_keepalive_s", ranged(5, 1, 59, "nginx keeps idle upstream connections for 60 s, so from 60 s on the service never closes one first, and 0 would close every connection after its request"), "the service's keep-alive timeout, in seconds (the gateway's is 60)")], "Set the service's keep-alive timeout above the gateway's upstream keepalive_timeout (Node: server.keepAliveTimeout = 65000 and headersTimeout a little higher), or lower nginx's below the service's; then watch the error log for the premature closes to stop.", PlatformApi, "Both timeouts are the platform's own settings: the service's release changed one, and its team must set them in the right order.", "5xx"),
    // A path MTU black hole on the client's VPN (issue 15's network faults).
    f!("mtu-blackhole", Network, "Path MTU black hole on the client's VPN", "The reporter's traffic now goes through a VPN tunnel whose MTU is below 1500, and the site's firewall drops the ICMP \"fragmentation needed\" messages that would tell the API's servers to send smaller packets. Small packets pass: the TCP handshake completes and the ClientHello goes out. The server's certificate flight fills full-size segments, which never get through, so the handshake stalls until the client's timeout.", API, &[("tunnel_mtu", ranged(1400, 576, 1499, "576 is the smallest MTU every IPv4 host must accept, and from 1500 on a full-size segment fits through the tunnel"), "the VPN tunnel's MTU in bytes")], "Have the network team let ICMP type 3 code 4 (fragmentation needed) through the site's firewall, or clamp the TCP MSS on the VPN tunnel to fit its MTU (e.g. 1360 for 1400); ping -M do -s 1472 to the host shows the limit.", NetworkSecurity, "The VPN tunnel and the firewall rule that drops the ICMP are the network/security team's; the API and the client's code are fine.", "conn"),
    f!("idempotency-duplicate-post", Client, "POST retried after a timeout creates a second record", "The client waits 10 s for an answer and sends a POST that timed out once more, as it was, with no Idempotency-Key. A job's transaction held the customer's row, so the first chat's insert waited past the client's timeout; the service still created it when the lock went, nginx logged 499 for the connection the client had closed, and the retry, which waited for the same commit, created a second chat and answered 201.", API, &[("commit_after_ms", ranged(16_000, 13_000, 20_000, "the job must commit after the client's 10 s timeout and the 1 s retry delay, with more than Postgres's 1 s deadlock_timeout left for the retry's wait to be logged, and before the retry's own 10 s run out"), "when the job's transaction that holds the customer's row commits, in ms from the start")], "Stop resending a POST that timed out blindly: look the record up first (the customer's chats) and send again only if none was created, or send an Idempotency-Key with each create and the same key on its retry where the API honours one; close the duplicate chat.", ClientDeveloper, "The retry is in the caller's code; a POST that timed out may still have succeeded, and only the caller can mark its retry as the same request.", "duplicate"),
    f!("pagination-cursor-expired", Client, "Sync pages slower than its cursors live", "The customer list is paged with cursors: each page carries next_cursor and cursor_expires_at, and the API keeps a cursor for a fixed number of minutes after the page that issued it. The sync script writes every customer of a page into its own system before it asks for the next page, which takes it longer than that, so the request that sends the first page's cursor is refused with 400 cursor-expired; the first page was answered 200, and the gateway's access log shows the two requests further apart than a cursor lives.", API, &[("cursor_ttl_min", ranged(10, 1, 11, "the sync works at least 11.5 minutes on a page before it asks for the next, so a cursor that lives 12 minutes or more is still valid when it comes back, and 0 would refuse every cursor at once"), "how long the API keeps a cursor after the page that issued it, in minutes")], "Page through within the cursor's lifetime: fetch every page first and write the rows afterwards (or hand each page to a queue and ask for the next at once); when a cursor has expired, start again from the first page, narrowed with updated_since to the last row already written, instead of resending the stale cursor.", ClientDeveloper, "The API answered every page as documented and says how long a cursor lives; only the script's code decides how long it takes between pages.", "cursor"),
];

pub fn find(id: &str) -> Option<&'static FaultDef> {
    CATALOGUE.iter().find(|f| f.id == id)
}

pub fn info(f: &FaultDef) -> FaultInfo {
    FaultInfo {
        id: f.id.into(),
        layer: f.layer,
        title: f.title.into(),
        summary: f.summary.into(),
        flows: f.flows.to_vec(),
        params: f
            .params
            .iter()
            .map(|(n, d, h)| ParamInfo {
                name: n.to_string(),
                kind: match d {
                    Int { .. } => "int".into(),
                    Str(_) => "string".into(),
                },
                min: match d {
                    Int { min, .. } => Some(*min),
                    Str(_) => None,
                },
                max: match d {
                    Int { max, .. } => Some(*max),
                    Str(_) => None,
                },
                default: d.value(),
                choices: if *n == "part" {
                    vec!["path".into(), "host".into()]
                } else if *n == "fails_by" {
                    vec!["answers-502".into(), "crash-loop".into()]
                } else {
                    vec![]
                },
                help: match d {
                    Int { min, max, .. } => format!("{h} ({min} to {max})"),
                    Str(_) => h.to_string(),
                },
            })
            .collect(),
        next_action: f.next_action.into(),
        owner: f.owner.label().into(),
        owner_id: f.owner,
        owner_why: f.owner_why.into(),
    }
}

/// Old parameter names still accepted: (fault, old name, current name). `rtt_ms` always meant
/// the one-way latency, and packs written before the rename keep working unchanged.
pub const PARAM_ALIASES: &[(&str, &str, &str)] = &[("network-latency", "rtt_ms", "one_way_ms")];

/// `fault`'s parameters with any old name (`PARAM_ALIASES`) replaced by the current one, so a
/// scenario opened for editing keeps a value written under the old name.
pub fn current_param_names<V>(fault: &str, params: BTreeMap<String, V>) -> BTreeMap<String, V> {
    params
        .into_iter()
        .map(|(k, v)| {
            match PARAM_ALIASES
                .iter()
                .find(|(id, old, _)| *id == fault && *old == k)
            {
                Some((_, _, new)) => (new.to_string(), v),
                None => (k, v),
            }
        })
        .collect()
}

/// Fills defaults and checks types; unknown params are an error. A parameter given under an
/// old name (`PARAM_ALIASES`) counts as its current one; both at once is an error.
pub fn resolve(f: &FaultDef, given: &Params) -> Result<Params, EngineError> {
    let mut given = given.clone();
    for (id, old, new) in PARAM_ALIASES {
        if *id == f.id && given.contains_key(*old) {
            if given.contains_key(*new) {
                return Err(EngineError::BadParam {
                    fault: f.id.into(),
                    param: old.to_string(),
                    message: format!("is the old name of {new}: give one of them, not both"),
                });
            }
            if let Some(v) = given.remove(*old) {
                given.insert(new.to_string(), v);
            }
        }
    }
    let mut out = Params::new();
    for k in given.keys() {
        if !f.params.iter().any(|(n, _, _)| n == k) {
            return Err(EngineError::BadParam {
                fault: f.id.into(),
                param: k.clone(),
                message: "unknown parameter".into(),
            });
        }
    }
    for (n, d, _) in f.params {
        let v = given.get(*n).cloned().unwrap_or_else(|| d.value());
        let problem = match d {
            Int { min, max, why, .. } => match v.as_i64() {
                Some(i) if (*min..=*max).contains(&i) => None,
                _ => Some(format!("must be a whole number from {min} to {max}: {why}")),
            },
            Str(_) => match v.as_str() {
                Some(s) if string_param_ok(s) => None,
                _ => Some(format!(
                    "must be 1 to {MAX_PARAM_STR_BYTES} characters with no spaces, quotes, \
                     slashes or control characters: it is written into a URL, a header or a \
                     JSON body"
                )),
            },
        };
        if let Some(message) = problem {
            return Err(EngineError::BadParam {
                fault: f.id.into(),
                param: n.to_string(),
                message,
            });
        }
        if *n == "fails_by" && !matches!(v.as_str(), Some("answers-502") | Some("crash-loop")) {
            return Err(EngineError::BadParam {
                fault: f.id.into(),
                param: n.to_string(),
                message: "must be \"answers-502\" or \"crash-loop\"".into(),
            });
        }
        if *n == "part" && !matches!(v.as_str(), Some("path") | Some("host")) {
            return Err(EngineError::BadParam {
                fault: f.id.into(),
                param: n.to_string(),
                message: "must be \"path\" or \"host\"".into(),
            });
        }
        out.insert(n.to_string(), v);
    }
    Ok(out)
}

fn string_param_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_PARAM_STR_BYTES
        && !s.contains(['/', '"', '\\'])
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn int(p: &Params, k: &str) -> i64 {
    p.get(k).and_then(|v| v.as_i64()).unwrap_or(0)
}
fn st<'a>(p: &'a Params, k: &str) -> &'a str {
    p.get(k).and_then(|v| v.as_str()).unwrap_or("")
}

fn chat_body(w: &World, v: &str) -> String {
    format!("{{\n  \"customerId\": \"{}\",\n  \"channel\": \"chat\",\n  \"authenticated\": true,\n  \"context\": {v}\n}}", w.customer_id)
}

/// Sets the call the client makes, with the body it sends, as a fault whose call is itself the
/// bug does (a wrong method, a wrong path): the story's call is no longer this one.
pub fn set_call(w: &mut World, method: &str, path: &str) {
    w.story_call = None;
    w.client.method = method.into();
    w.client.path = path.into();
    let (body, ct) = match (method, path) {
        ("POST", "/v2/chats") => (Some(chat_body(w, "{ \"locale\": \"en-US\", \"page\": \"/loans\" }")), true),
        ("POST", crate::layers::exports::PATH) => (Some(crate::layers::exports::request_body(w)), true),
        ("POST", "/v2/customers") => (Some("{\n  \"name\": \"Dana Whitfield\",\n  \"email\": \"dana.w@example.org\",\n  \"phone\": \"+15555550177\"\n}".to_string()), true),
        ("PUT", _) => (Some("{\n  \"name\": \"Dana Whitfield\",\n  \"email\": \"dana.whitfield@example.com\",\n  \"phone\": \"+15555550142\"\n}".to_string()), true),
        ("PATCH", _) => (Some("{ \"phone\": \"+15555550143\" }".to_string()), true),
        _ => (None, false),
    };
    w.client.body = body;
    w.client.content_type = if ct {
        Some("application/json".into())
    } else {
        None
    };
}

/// Sets the call as [`set_call`] does, for a fault that picks it because the story is about that
/// call and the call itself is right (the fault breaks its body, its headers, its timing, or
/// something behind it): marked as the story's call, which a known-good request makes too.
pub fn set_story_call(w: &mut World, method: &str, path: &str) {
    set_call(w, method, path);
    w.story_call = Some(crate::model::CallSpec {
        method: method.into(),
        path: path.into(),
    });
}
