//! Tempting wrong next steps: what a real person reaches for when they see a symptom (retry,
//! raise the timeout, restart, blame another team, rotate a secret, clear a cache…), each with
//! why it would not fix a fault of that symptom family. The "next step" question offers three
//! of them beside the fault's own remedy.
//!
//! The rule, checked by tests over the whole catalogue: a temptation is offered only for the
//! symptom families (`FaultDef::symptom`) it lists, never for a fault it would actually fix
//! (`not_for`), only in the flows it names (none = any), only for the faults it lists (`only`;
//! none = any of its families), and its `why` must hold for every fault it can be offered for. `{seen}` in `why` is the first failure as the evidence shows it
//! ("401 Unauthorized", "TLS handshake failure").

use crate::model::Flow;

pub struct Temptation {
    pub id: &'static str,
    pub label: &'static str,
    pub families: &'static [&'static str],
    pub not_for: &'static [&'static str],
    pub flows: &'static [Flow],
    pub why: &'static str,
    /// When not empty, the only faults it is offered for: its `why` speaks of their situation
    /// (a new fault of the same family gets it only by being listed here).
    pub only: &'static [&'static str],
}

/// The API answered with a client error about the request's content or address.
const REQUEST: &[&str] = &["400", "404", "405", "409", "415", "422", "3xx"];
/// Any failure where the caller got an HTTP answer back.
const ANSWERED: &[&str] = &[
    "400", "404", "405", "409", "415", "422", "3xx", "401", "403", "429", "5xx", "crm-4xx",
];
const CONN: &[&str] = &["dns", "conn", "tls"];
const BROWSER: &[Flow] = &[Flow::BrowserApiCall, Flow::LiveChat];
/// Flows where a client calls the platform's API (not the CRM or webhook legs).
const CALLERS: &[Flow] = &[
    Flow::ApiCall,
    Flow::OauthToken,
    Flow::LiveChat,
    Flow::BrowserApiCall,
    Flow::PartnerApiCall,
];

const fn t(
    id: &'static str,
    label: &'static str,
    families: &'static [&'static str],
    not_for: &'static [&'static str],
    flows: &'static [Flow],
    why: &'static str,
) -> Temptation {
    Temptation {
        id,
        label,
        families,
        not_for,
        flows,
        why,
        only: &[],
    }
}

/// A temptation whose `why` holds for the listed faults alone.
const fn only(
    id: &'static str,
    label: &'static str,
    families: &'static [&'static str],
    faults: &'static [&'static str],
    why: &'static str,
) -> Temptation {
    Temptation {
        only: faults,
        ..t(id, label, families, &[], &[], why)
    }
}

/// The faults where most calls succeed and the failing ones name one instance.
const ONE_INSTANCE: &[&str] = &["one-instance-unhealthy"];
/// The service's keep-alive shorter than the gateway's: a share of the calls fail, anywhere.
const KEEPALIVE: &[&str] = &["upstream-keepalive-race"];

#[rustfmt::skip]
pub static TEMPTATIONS: &[Temptation] = &[
    // Retrying as is.
    t("retry", "Retry the same request unchanged; it may have been a passing glitch.", &["400", "404", "405", "409", "415", "422", "3xx", "401", "403", "408", "crm-4xx"], &[], &[],
      "Nothing about the {seen} is a glitch: it is the answer to this exact request, and the same request gets the same answer every time."),
    t("retry-loop", "Retry in a tight loop until a call gets through.", &["5xx", "429"], &["one-instance-unhealthy", "db-deadlock", "upstream-keepalive-race"], &[],
      "Retrying at once only adds load to a server that is already failing; the {seen} comes back every time until its cause is dealt with."),
    t("retry-conn", "Retry the request; connections sometimes fail for a moment.", CONN, &[], &[],
      "The {seen} is not chance: whatever stops the connection is still there, so a retry now fails the same way."),
    t("replay", "Replay the failed deliveries unchanged.", &["webhook-4xx", "webhook-conn"], &[], &[],
      "Each attempt failed with the {seen}; replayed unchanged, the deliveries fail the same way and use up the retry schedule."),
    t("retry-slow", "Retry each slow call.", &["slow"], &[], &[],
      "Every call is slow, not one: a retry waits just as long again and adds load to the slow part."),
    // Waiting longer.
    t("timeout", "Raise the client's timeout so the call has longer to finish.", ANSWERED, &[], &[],
      "The client did not give up early: the {seen} had already come back. Waiting longer for an answer that has arrived changes nothing."),
    t("timeout-conn", "Raise the client's connect timeout.", CONN, &[], &[],
      "The connection cannot be completed at all ({seen}); a longer timeout only makes the failure slower."),
    t("timeout-408", "Raise the client's timeout.", &["408"], &[], &[],
      "The server is the one that gave up, waiting for body bytes the client announced but never sent; the client's timeout plays no part."),
    t("server-timeout-408", "Ask the platform team to raise the server's request timeout.", &["408"], &[], &[],
      "The missing bytes never come: the client announced more than it sent, so the server would only wait longer for nothing."),
    t("timeout-slow", "Raise the timeout so the slow calls can finish.", &["slow"], &[], &[],
      "A longer timeout lets slow calls run longer; it makes nothing faster, and the delay itself stays."),
    t("timeout-webhook", "Raise the webhook delivery timeout.", &["webhook-4xx", "webhook-conn", "webhook-none"], &[], &[],
      "No delivery here failed by running out of time, so a longer delivery timeout changes nothing."),
    // Restarting something.
    t("restart", "Ask the platform team to restart the API service.", &["400", "404", "405", "409", "415", "422", "401", "403", "3xx"], &["jwks-key-not-found"], &[],
      "The API is up and answering: the {seen} was its deliberate answer. A restart brings back the same service with the same rules."),
    only("restart-all", "Ask the platform team to restart the whole service.", &["5xx"], ONE_INSTANCE,
      "Most calls succeed: the failing ones all name one instance's address. Restarting every instance drops the healthy ones' work too, and the broken one may come back as broken without anybody having looked at it."),
    only("retry-around", "Add client retries: most calls go through anyway.", &["5xx"], ONE_INSTANCE,
      "Retries hide the broken instance instead of fixing it: its share of the calls still fails first, a retried POST may be applied twice, and the instance stays out of order."),
    t("restart-429", "Restart the API service to reset the counters.", &["429"], &[], &[],
      "The limit is enforced by the gateway's policy, not by the service: a restart changes neither the quota nor the traffic that uses it up."),
    t("restart-integration", "Restart the integration service.", &["crm-4xx"], &["crm-token-expired"], &[Flow::CrmLookup],
      "The integration is running and reached the CRM; the {seen} is the CRM's answer, and it would give the same one after a restart."),
    t("restart-realtime", "Restart the realtime service.", &["ws-drop"], &[], &[],
      "The realtime service is not what closes the connection: the load balancer does, after an idle period, and a restart leaves that timeout as it is."),
    t("reconnect", "Make the chat reconnect automatically whenever the socket drops.", &["ws-drop"], &[], &[],
      "Reconnecting hides the drop but does not stop it: idle connections keep being closed, and messages sent while the socket is down are lost."),
    // A handshake answered 426: the upgrade was lost on the way in.
    t("restart-realtime-426", "Restart the realtime service.", &["426"], &[], &[],
      "The realtime service is up: it answers each handshake at once and logs why it refuses it, a request without an Upgrade header. After a restart it gets the same requests and gives the same answer."),
    t("fresh-token-426", "Have the widget fetch a fresh token and reconnect.", &["426"], &[], &[],
      "The token was not refused: the {seen} comes from the service behind the load balancer, after the token check, because the request reached it without asking for the upgrade."),
    t("visitor-network-426", "Ask the visitors to try another network: their proxies block WebSockets.", &["426"], &[], &[],
      "The load balancer's log shows every visitor's handshake answered the same way, and the platform's own realtime service logs the request without its Upgrade header: the header is lost inside the platform, not on the visitors' side."),
    t("restart-desktop", "Ask the agent to restart the agent desktop.", &["screen-pop"], &[], &[],
      "The screen pop is built and opened afresh for every call; after a restart the next call fails the same way."),
    // Blaming another team.
    t("network-ticket", "Open a ticket with the network team: something in between is breaking the call.", ANSWERED, &["ip-not-allowlisted"], &[],
      "The {seen} is an HTTP answer, which proves the path works: the name resolved, a connection was made and a server answered. The network team has nothing to change."),
    t("backend-ticket", "Escalate to the backend on-call: the API is rejecting valid requests.", REQUEST, &["gateway-misrouted", "plain-http"], &[],
      "The request is not valid: the {seen} points at what is wrong with it, and the backend team would send it straight back."),
    t("backend-conn", "Escalate to the backend on-call: the API is down.", CONN, &["connection-refused"], CALLERS,
      "Nothing shows the API failing: the call stopped at the {seen}, before any request reached a service, so its logs have nothing to show."),
    t("backend-webhook", "Escalate to the platform's backend on-call.", &["webhook-4xx", "webhook-conn", "webhook-none"], &[], &[],
      "The platform's backend did its part: the event was emitted. The failure is in how (or whether) it is delivered to the receiver."),
    t("backend-cors", "Escalate to the backend on-call: the service fails for the agent desktop.", &["cors"], &[], &[],
      "The browser stopped the call at the preflight, answered by the gateway, so it never sent the real request: the service never saw it."),
    t("scopes", "Ask the identity team to add more scopes to the app.", &["401"], &[], &[],
      "Scopes decide what an accepted caller may do, and a missing one gives a 403; the {seen} means the credentials were not accepted at all."),
    t("vendor-ticket", "Open a ticket with the CRM vendor: their API is broken.", &["crm-4xx"], &[], &[],
      "The CRM API is working: the {seen} names a problem in your own org's data or connection settings, and the vendor would hand it back."),
    t("receiver-ticket", "Ask the receiver's team to check their server.", &["webhook-none"], &[], &[],
      "No delivery was attempted for this event, so the receiver's server has nothing to show and nothing to change."),
    t("crm-admin-record", "Ask the CRM admin to check the customer's contact record.", &["screen-pop"], &[], &[],
      "The integration's own lookup found the contact: the CRM answered it with the record. What fails comes after that, in opening the screen pop."),
    // Credentials that have nothing to do with it.
    t("rotate-secret", "Rotate the client's API credentials and redeploy.", &["400", "404", "405", "409", "415", "422", "3xx", "5xx", "408"], &["expired-refresh-token", "refresh-token-reused", "consent-revoked"], &[],
      "Credentials were not the problem: rejected credentials give a 401 or 403, and the {seen} would come back the same with new ones."),
    t("rotate-signing", "Rotate the webhook signing secret.", &["401", "webhook-4xx", "webhook-conn", "webhook-none"], &["webhook-signature-mismatch", "webhook-body-reserialized", "webhook-receiver-stale-secret", "webhook-timestamp-skew"], &[],
      "The webhook signing secret only signs deliveries the platform sends out; it has nothing to do with the {seen} here, and rotating it would break receivers that still check the old one."),
    t("rotate-403", "Rotate the client secret and redeploy.", &["403"], &[], &[],
      "A 403 is not a rejected credential (that would be a 401): the refusal is about permission, and new credentials carry the same permissions from the same caller."),
    t("refresh-token-403", "Refresh the access token and retry.", &["403"], &[], &[],
      "A fresh token carries the same permissions for the same caller, so the {seen} stays."),
    t("refresh-token-conn", "Refresh the access token and resend.", &["dns", "conn", "tls", "slow", "ws-drop"], &[], &[],
      "No token was refused here: the failure is below HTTP or in timing, and a fresh token changes neither the connection nor the speed."),
    t("refresh-token-cors", "Refresh the agent's access token.", &["cors"], &[], &[],
      "The browser stopped the call at the preflight, which carries no token: the token was never sent, let alone refused."),
    t("clear-cache-pop", "Ask the agent to clear the browser's cache and reload.", &["screen-pop"], &[], &[],
      "Nothing cached decides this: the screen pop is built afresh for each call and fails the same way in a clean browser."),
    t("reauth-crm", "Re-authorise the CRM connection.", &["screen-pop"], &[], &[],
      "The CRM accepted the integration's lookup and answered it; its session is fine."),
    // Fixing the wrong side.
    t("change-request-5xx", "Change the request (body, headers) until it goes through.", &["5xx"], &[], &[],
      "The {seen} is the server side failing: the request reached it, and nothing in the answer complains about what it said. A different request does not mend the server."),
    t("disable-verify", "Turn off certificate verification (curl -k) to get past the error.", &["tls"], &["tls-interception-proxy", "sni-missing"], &[],
      "Skipping verification fixes nothing: at best it hides the error and lets the caller talk to anyone claiming the host's name, and every other client still fails."),
    t("flush-dns", "Flush the DNS cache on the caller's machine.", &["dns"], &["dns-servfail", "dangling-cname"], &[],
      "The authoritative server itself answers NXDOMAIN (see dig): the record is missing from the zone, so a clean cache asks again and gets the same answer."),
    t("wildcard-cors", "Set Access-Control-Allow-Origin: * on the gateway.", &["cors"], &[], &[],
      "The agent desktop's calls carry credentials, and browsers refuse a wildcard origin on a credentialed request; the policy must list the exact origin."),
    t("cors-extension", "Install a CORS-disabling browser extension for the agents.", &["cors"], &[], &[],
      "That switches off a browser protection on every site to work around a policy the gateway should state, and every new machine breaks again."),
    t("pool-size", "Raise the service's database pool size (max connections) and redeploy.", &["5xx"], &["backend-exception", "backend-overloaded", "maintenance-window", "upstream-down", "slow-backend", "crm-outage", "upstream-keepalive-race"], &[Flow::ApiCall],
      "More connections do not free the ones in use: the {seen} comes from the database side (whatever holds the connections or the lock, or a database that refuses them), and a bigger pool only sends more work at it."),
    t("clear-cache", "Ask the user to clear their browser cache and cookies.", &["5xx", "slow", "ws-drop", "cors"], &[], BROWSER,
      "Nothing stored in the browser decides this: a clean browser sends the same call through the same path and meets the same {seen}."),
    // A request the gateway refuses for its size (issue 15's HTTP faults).
    t("retry-large", "Retry the request: the upload may have been cut off on the way.", &["too-large"], &[], &[],
      "Nothing was cut off: the gateway refused the request on the size it announced ({seen}), and the same request is refused the same way every time."),
    t("backend-large", "Escalate to the backend on-call: the service rejects the request.", &["too-large"], &[], &[],
      "The service never saw the request: the {seen} is nginx's own page, written by the gateway before it passed anything on, so the service's logs have nothing to show."),
    t("timeout-large", "Raise the client's timeout so the request has time to go through.", &["too-large"], &[], &[],
      "The client did not run out of time: the {seen} came back at once, a refusal on size, and waiting longer changes nothing."),
    t("token-large", "Get a fresh access token and resend.", &["too-large"], &[], &[],
      "The gateway refused the request on its size ({seen}) before any credential was checked, and a fresh token carries the same claims and is just as long."),
    // A WAF rule refusing what a legitimate request carries (issue 15's waf-blocked).
    t("rotate-waf", "Rotate the client's credentials and redeploy: a 403 means they are no longer accepted.", &["waf"], &[], &[],
      "The credentials were never looked at: the WAF refused the request's content ({seen}) before the token was checked, and new credentials send the same content to the same rule."),
    t("scope-waf", "Ask the identity team to grant the token the write:chats scope.", &["waf"], &[], &[],
      "The token already holds the scope: a missing scope gives a JSON 403 with insufficient_scope, while the {seen} is nginx's own page written by the WAF before any scope was checked."),
    t("backend-waf", "Escalate to the chat service's on-call: the service refuses the new chat.", &["waf"], &[], &[],
      "The service never saw the request: the {seen} is the gateway's WAF answering by itself, so the service's logs have nothing to show."),
    // A mutual-TLS endpoint reached without a client certificate (issue 15's mtls-client-cert-missing).
    t("key-mtls", "Issue the partner a new API key: the endpoint refuses the one it sends.", &["mtls"], &[], &[],
      "The API key was never looked at: nginx refused the request for the missing client certificate ({seen}) as soon as it had read the header, and a new key travels over the same connection without one."),
    t("renew-cert-mtls", "Ask the platform team to renew the partner endpoint's server certificate.", &["mtls"], &[], &[],
      "The server's certificate is fine: the handshake completed and the client verified it. The {seen} is about the certificate the client should have sent, which only the client can present."),
    t("json-mtls", "Have the partner fix their request: a 400 means the request is malformed.", &["mtls"], &[], &[],
      "Nothing in the request line, headers or body is wrong: the {seen} is nginx's own page for a connection that brought no client certificate, and the same request with one goes through."),
    // Issue 15: the CRM's request limit.
    t("retry-limit", "Retry the refused CRM calls straight away until they get through.", &["crm-limit"], &[], &[],
      "The CRM refuses every call while the org is over its allowance, so an immediate retry meets the same {seen} and only adds another refused call to the CRM's log."),
    t("reauth-limit", "Re-authorise the CRM connection to get a fresh session.", &["crm-limit"], &[], &[],
      "The session was accepted: the {seen} is about the org's API allowance, which every session of the org shares, so a new session is refused the same way."),
    t("permission-limit", "Ask the CRM admin to give the integration user more permissions.", &["crm-limit"], &[], &[],
      "Nothing was refused for lack of permission: the {seen} says the org has no API requests left, and a better-equipped user's calls draw on the same allowance."),
    // Issue 15: a record another transaction holds.
    t("timeout-lock", "Raise the receiver's timeout for the CRM call.", &["crm-lock"], &[], &[],
      "The CRM did answer, after waiting its own fixed ten seconds for the lock: the {seen} is that answer, and a longer wait on the caller's side does not free the record sooner."),
    t("reauth-lock", "Re-authorise the receiver's CRM connection.", &["crm-lock"], &[], &[],
      "The session was accepted: the {seen} is about a record another transaction holds, and a new session cannot take it over."),
    t("vendor-lock", "Open a ticket with the CRM vendor: their database is failing.", &["crm-lock"], &[], &[],
      "The CRM's database works as designed: it locks a record while another transaction in your own org changes it, and the vendor would point at that job."),
    // Trust faults (auth, TLS, network, DNS) from issue 15, kept together.
    t("fresh-token", "Get a fresh access token and retry with it.", &["401"], &["expired-token", "revoked-token", "malformed-token", "invalid-client-secret"], &[Flow::ApiCall, Flow::OauthToken, Flow::BrowserApiCall, Flow::LiveChat],
      "A fresh token meets the same check that refused this one: nothing about the token's age or state is what fails, so the {seen} comes straight back."),
    // Issue 15's HTTP faults (client, gateway, backend, database), kept together.
    t("retry-410", "Retry later: the API is probably having an outage.", &["410"], &[], &[],
      "A 410 is no outage: the gateway answers it on purpose for every request under the retired version, and it will answer the same tomorrow."),
    t("backend-410", "Escalate to the backend on-call: the endpoint was deleted by mistake.", &["410"], &[], &[],
      "Nothing was deleted by mistake: the {seen} carries the retirement date the platform announced months ago, and the same resources answer under the new version."),
    t("token-410", "Get new credentials: the old ones were probably retired with the version.", &["410"], &[], &[],
      "No credential was checked: the gateway answered the retired path before reading the token, and a new token meets the same {seen}."),
    only("restart-db", "Ask the DBA to restart the database.", &["5xx"], &["db-deadlock"],
      "Postgres already broke the deadlock by aborting one transaction, and the other went on; a restart drops every session's work, and the job and the service take the rows in opposite order again on the next run."),
    only("statement-timeout", "Raise the database's statement timeout.", &["5xx"], &["db-deadlock"],
      "Nothing ran out of time: Postgres found the two transactions waiting on each other after its one-second deadlock check and aborted one; more time would not let either finish."),
    // Issue 15: the service closes kept-alive connections before the gateway does.
    only("restart-keepalive", "Ask the platform team to restart the service's instances.", &["5xx"], KEEPALIVE,
      "Nothing in the service is stuck: every instance answers the requests it reads, and after a restart each one closes idle connections after the same few seconds, so nginx keeps meeting the same close."),
    only("drain-keepalive", "Take the instance the 502 names out of the upstream group.", &["5xx"], KEEPALIVE,
      "The closes are not one instance's: the error log names the premature close on several addresses, and the same instance answers the requests around it. Draining one moves the race to the others."),
    only("read-timeout-keepalive", "Raise nginx's proxy_read_timeout so the service has longer to answer.", &["5xx"], KEEPALIVE,
      "Nothing waited too long: nginx read the close within a millisecond of sending the request, and a longer read timeout waits for an answer a closed connection never brings."),
    // The CDN's edge answered: it reports what it met at the origin (or what its cache holds).
    t("retry-edge", "Retry until another edge location answers.", &["edge"], &[], &[],
      "Every edge location meets the same origin and the same cache rules: the {seen} comes back from whichever one answers."),
    t("cdn-vendor-ticket", "Open a ticket with the CDN vendor: their edge is failing.", &["edge"], &[], &[],
      "The edge is doing what the zone is set up to do: the {seen} describes what it met at the origin, or what a cache rule of your own kept, and the vendor would hand it back."),
    t("timeout-edge", "Raise the client's timeout so the edge has longer to answer.", &["edge"], &[], &[],
      "The client did not give up: the edge had already answered with the {seen}, and waiting longer on the client's side changes nothing at the edge or behind it."),
    t("purge-cdn", "Purge the CDN cache for the API.", &["edge"], &["edge-cached-error"], &[],
      "Nothing cached is involved: the edge wrote the {seen} itself after trying the origin for this very request, and a purge sends the next request the same way."),
    // Issue 15: the receiver's secret held in memory, and its clock.
    only("reshare-secret", "Send the receiver team the new signing secret again.", &["webhook-4xx"], &["webhook-receiver-stale-secret"],
      "Their secret store already holds the new secret, changed minutes after the rotation; what still checks the old one is their running service, which read the secret before that and reads it again only when it starts."),
    only("resend-secret-skew", "Send the receiver team the signing secret again.", &["webhook-4xx"], &["webhook-timestamp-skew"],
      "The receiver refused the delivery's timestamp before it checked any signature: the {seen} is about time, and a secret changes nothing about it."),
    only("platform-clock", "Resynchronise the clocks of the platform's delivery workers.", &["webhook-4xx"], &["webhook-timestamp-skew"],
      "The platform stamps each delivery as it sends it, and each delivery's send time agrees with its webhook-timestamp; the clock that is off is the receiver's, whose log gives a server time minutes ahead."),
    // Name resolution and the path to the API (issue 15's DNS, network and TLS faults).
    only("public-resolver", "Point the caller at a public resolver (8.8.8.8 or 1.1.1.1) instead.", &["dns"], &["dns-servfail"],
      "Public resolvers validate DNSSEC too: they meet the same expired signatures and answer the same SERVFAIL, so the {seen} stays."),
    only("disable-dnssec", "Turn off DNSSEC validation on the caller's resolver.", &["dns"], &["dns-servfail"],
      "That hides the expired signatures from one resolver and removes its protection against forged answers, while every other validating resolver (partners', browsers' secure DNS, public ones) still answers SERVFAIL."),
    only("hosts-file", "Pin the API's address in the caller's hosts file.", &["dns"], &["dns-servfail"],
      "A pinned address bypasses DNS for one machine only and breaks silently when the address moves; the zone's expired signatures still fail every other caller."),
    // A name the caller's own network answers with an address of its own.
    only("flush-dns-split", "Flush the caller's resolver cache.", &["conn"], &["dns-split-horizon"],
      "Nothing is cached: the resolver answers the name from its own zone (dig shows the aa flag), and after a flush it gives the same internal address again."),
    only("open-firewall-split", "Ask the caller's network team to open the firewall to the API.", &["conn"], &["dns-split-horizon"],
      "No rule drops anything: the caller never tried the API's address. Its resolver sent it to an address inside its own network where nothing answers, so the {seen} stays."),
    only("allowlist-split", "Ask the platform to allowlist the caller's public IP address.", &["conn"], &["dns-split-horizon"],
      "The platform never saw a packet: the connections went to an address inside the caller's own network, and no list on the platform's side changes where the caller's resolver sends them."),
    // An alias whose target was deleted.
    only("typo-host", "Have the caller check the API's host name for a typo.", &["dns"], &["dangling-cname"],
      "The name is spelled right: the zone answers it, with a CNAME (see dig); it is the alias's target that no longer exists, so every caller typing it correctly gets the {seen}."),
    only("add-a-record", "Add an A record for the host beside its CNAME.", &["dns"], &["dangling-cname"],
      "A name that holds a CNAME can hold no other record (RFC 1034): DNS providers refuse the A record, and the alias keeps pointing at the deleted target."),
    only("public-resolver-cname", "Point the caller at a public resolver (8.8.8.8 or 1.1.1.1) instead.", &["dns"], &["dangling-cname"],
      "A public resolver follows the same CNAME to the same deleted name and answers the same NXDOMAIN: the {seen} comes from the zone's data, not from the caller's resolver."),
    // The authorization-code flow's sign-in faults: each is in what the app itself sends.
    t("clear-cookies", "Have the user clear the browser's cookies and sign in again.", &["sign-in"], &[], &[Flow::OauthAuthorizationCode],
      "The {seen} comes from what the web app sends to the authorization server, not from anything kept in the user's browser: a clean browser goes through the same steps and meets it again."),
    t("rotate-app-secret", "Rotate the app's client secret and deploy the new one.", &["sign-in"], &[], &[Flow::OauthAuthorizationCode],
      "The {seen} is not a client-authentication failure (that is invalid_client): the server refused the sign-in itself, and a new secret changes nothing in it."),
    t("idp-vendor-ticket", "Open a ticket with the identity provider's vendor: sign-in is broken.", &["sign-in"], &[], &[Flow::OauthAuthorizationCode],
      "The identity provider applies the OAuth rules as written: the {seen} refuses something the app sent, and the vendor would hand it back to the app's team."),
    // A client whose CA bundle predates its CA's new root (issue 15's TLS faults).
    only("reinstall-chain", "Ask the platform team to reinstall the certificate with its intermediate.", &["tls"], &["client-trust-store-outdated"],
      "The server already sends its whole chain, and openssl on another machine verifies it: what this client lacks is the root at the top, which no server can send in a way it would trust."),
    only("renew-cert", "Ask the platform team to renew the API's certificate.", &["tls"], &["client-trust-store-outdated"],
      "The certificate is valid and was renewed days ago; a new one from the same CA ends in the same new root, which the client's trust store still lacks."),
    // A TLS-inspecting proxy on the client's network re-signs the API's certificate.
    only("renew-cert-inspected", "Ask the platform team to renew the API's certificate.", &["tls"], &["tls-interception-proxy"],
      "The API's certificate is valid and verifies from outside the reporter's network; the client never sees it, because the firewall presents a copy re-signed with the company's root, and it would re-sign a renewed one the same way."),
    only("update-public-bundle", "Update the client's CA bundle (certifi, ca-certificates) to the latest release.", &["tls"], &["tls-interception-proxy"],
      "The root the chain ends in is the company's own inspection CA: no public bundle holds it, so the newest certifi or ca-certificates refuses the chain just the same."),
    only("self-signed-server", "Tell the platform team their server sends a self-signed certificate.", &["tls"], &["tls-interception-proxy"],
      "The self-signed certificate is the root at the top of the chain the reporter's network sees, the company's inspection CA, not the API's: from outside that network the API's chain goes up to a public root and verifies."),
    // A client that sends no SNI is handed the shared listener's default certificate.
    only("reissue-sans-sni", "Ask the platform team to reissue the API's certificate with api.example.com in its SANs.", &["tls"], &["sni-missing"],
      "The API's certificate already lists api.example.com, and openssl with -servername gets it; the job is handed the listener's default certificate because its ClientHello names no host."),
    only("truststore-sni", "Import the API's certificate into the job's truststore.", &["tls"], &["sni-missing"],
      "Trust is not what fails: the certificate the job gets chains to a trusted root. It is issued for other names, and Java checks the name after the chain, so a truststore entry changes nothing."),
    only("ip-address-sni", "Have the job call the API by its IP address instead of its name.", &["tls"], &["sni-missing"],
      "A call to an address still sends no server name, so the listener still sends its default certificate, and the name check then fails on the address instead."),
    // A path MTU black hole on the reporter's VPN: small packets pass, the server's large ones do not.
    only("open-443-mtu", "Ask the network team to open port 443 to the API in the firewall.", &["conn"], &["mtu-blackhole"],
      "Port 443 is open: the TCP handshake completes and the ClientHello goes out. What never arrives is the server's full-size packets, and the rule in the way drops ICMP, not port 443."),
    only("api-slow-mtu", "Ask the platform team why the API takes so long to answer.", &["conn"], &["mtu-blackhole"],
      "The request never reached the API: the handshake stopped after the ClientHello, so nothing was sent and the gateway has no line for it; from outside the reporter's network the same handshake completes at once."),
    only("disable-verify-mtu", "Turn off certificate verification (curl -k) to get past the handshake.", &["conn"], &["mtu-blackhole"],
      "Verification never starts: the certificate itself is what never arrives, and -k waits for the same lost packets just as long."),
    // A receiver that processes a retried delivery again.
    only("raise-delivery-timeout", "Raise the platform's delivery timeout so slow deliveries are not retried.", &["duplicate"], &["webhook-duplicate-delivery"],
      "Deliveries are at least once by design: a dropped connection or a restart retries them too, and while the receiver does not check webhook-id every retry makes another case."),
    only("disable-retries", "Turn off the platform's retries for this endpoint.", &["duplicate"], &["webhook-duplicate-delivery"],
      "Without retries a delivery that meets a passing failure is lost for good; the second case comes from the receiver processing the same webhook-id twice, which only it can stop."),
    only("crm-vendor-slow", "Open a ticket with the CRM vendor about the slow answer.", &["duplicate"], &["webhook-duplicate-delivery"],
      "The CRM answered both calls and created both cases; one slow answer happens, and the second case exists because the receiver took the retry for a new chat."),
    // A script that reads an export's rows from the 202 Accepted that only queued the job.
    only("raise-export-timeout", "Raise the script's timeout so the export has time to finish before the API answers.", &["accepted"], &["export-accepted-not-polled"],
      "The API answered at once by design: 202 Accepted says the job was queued, not that the call ran out of time. A longer timeout waits for nothing; the rows are behind the Location once the job reports it has finished."),
    only("repost-export", "Run the export POST again until an answer comes back with rows.", &["accepted"], &["export-accepted-not-polled"],
      "Every POST queues another job and answers 202 again with a new Location: no answer to the POST ever carries rows, and each extra job reads the same chats again for nothing."),
    only("make-export-synchronous", "Ask the platform team to make the export answer 200 with the rows in the same request.", &["accepted"], &["export-accepted-not-polled"],
      "The job ran and succeeded, as the service's log shows: nothing on the platform is broken. An export's run time grows with the data, which is why the API queues it and answers 202 with a status resource; the script can follow that contract today."),
    // A job that sends a legacy ISO-8859-1 file as it is, labelled UTF-8.
    only("convert-database-utf8", "Ask the platform team to convert the customers table and its connection to UTF-8.", &["garbled"], &["wrong-charset"],
      "The database stored exactly what the service gave it: a name that already held U+FFFD, because the bytes that arrived (fc for ü) are not UTF-8. Converting a table that is UTF-8 already changes nothing, and a name sent as UTF-8 comes back right."),
    only("fix-console-font", "Have desktop IT install a font with umlauts on the agents' machines.", &["garbled"], &["wrong-charset"],
      "The font draws what it is given: the API's own answer to the job carries U+FFFD where ü should be, so every screen that shows the name shows the replacement character. Names sent as UTF-8 show their umlauts on the same machines."),
    only("strip-charset-header", "Take '; charset=utf-8' out of the job's Content-Type header.", &["garbled"], &["wrong-charset"],
      "JSON has one encoding, UTF-8, with or without the parameter: the service reads the same bytes the same way. The file's bytes must change, not the label on them."),
    // A sync that pages slower than the list's cursors live.
    only("longer-cursor-ttl", "Ask the platform team to make the list's cursors live longer.", &["cursor"], &["pagination-cursor-expired"],
      "The lifetime is documented on every page (cursor_expires_at) and the API kept to it. Whatever it is raised to, a script that writes each page's rows before asking for the next outlasts it as soon as a page takes longer; the timing has to change in the script."),
    only("resend-stale-cursor", "Have the script wait a minute and send the same cursor again.", &["cursor"], &["pagination-cursor-expired"],
      "An expired cursor stays expired: the 400 is not a passing refusal like a 429 or a 503, and the page it pointed to can only be reached again from the first page of the list."),
    only("refresh-token-for-cursor", "Have the script refresh its access token before each page.", &["cursor"], &["pagination-cursor-expired"],
      "The token was accepted on both requests (the gateway passed them to the service, which answered); what the API refused is the cursor, and a new token does not bring an expired cursor back."),
    // A client that sends a POST that timed out once more, without an Idempotency-Key.
    only("raise-client-timeout", "Raise the script's timeout so the first call is never cut off.", &["duplicate"], &["idempotency-duplicate-post"],
      "A longer wait hides this slow moment, not the next one: whenever a create that went through is not answered in time (a dropped connection, a restart), the script sends it again without a key and the service, which cannot tell the two apart, creates another chat."),
    only("unique-chat-constraint", "Have the platform team add a unique constraint on chats.customer_id so the second insert fails.", &["duplicate"], &["idempotency-duplicate-post"],
      "A customer may hold several chats, so the constraint would refuse real new ones too; the retry is a request the service cannot tell from a new chat: only the client knows it is the same one."),
    only("stop-locking-job", "Have the platform team stop the job that held the customer's row.", &["duplicate"], &["idempotency-duplicate-post"],
      "The job let go within seconds and both inserts went through: the wait only made the first answer late. The second chat exists because the script sent the create again without a key."),
    // A CRM duplicate rule that blocks the receiver's new contact.
    only("allow-save-header", "Have the receiver send Sforce-Duplicate-Rule-Header: allowSave=true on the create.", &["crm-4xx"], &["crm-duplicate-rule"],
      "allowSave only takes a save past a rule whose action is Alert; this rule blocks (its answer says allowSave: false), and a second contact for the same person is exactly what it is there to stop."),
    only("grant-contact-create", "Grant the integration user permission to create contacts.", &["crm-4xx"], &["crm-duplicate-rule"],
      "The integration user may create contacts: the CRM got as far as running its duplicate rule, which refused the save (DUPLICATES_DETECTED, not INSUFFICIENT_ACCESS)."),
    only("reauthorise-crm", "Re-authorise the receiver's CRM connection.", &["crm-4xx"], &["crm-duplicate-rule"],
      "The CRM accepted the receiver's session: it went on to run its duplicate rule on the new contact. A fresh session meets the same rule and the same existing contact."),
    // A receiver that applies events in the order they arrive.
    t("crm-vendor-slow-edit", "Open a ticket with the CRM vendor about the slow answer.", &["out-of-order"], &[], &[],
      "The CRM created the case, slowly once, and was never asked to apply the correction: the receiver dropped the update because it arrived before the case existed."),
    t("raise-timeout-for-order", "Raise the platform's delivery timeout so the first delivery is not retried.", &["out-of-order"], &[], &[],
      "Any passing failure (a restart, a dropped connection) puts one delivery behind the next, and deliveries are not ordered by contract: while the receiver applies events as they arrive, an edit that comes first is still dropped."),
    t("ask-fifo-delivery", "Ask the platform to deliver each endpoint's events strictly in order.", &["out-of-order"], &[], &[],
      "Deliveries are at least once and retried on a schedule, so no order is promised; holding every event behind one slow delivery would delay them all, and the receiver would still meet retries out of order."),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::{find, CATALOGUE};
    use crate::next_step::temptations_for;

    /// Inclusion only: a temptation that lists its faults is offered for exactly those, so a
    /// new fault of its family (a new 5xx) does not inherit a `why` that is false for it.
    #[test]
    fn listed_temptations_go_to_their_faults_only() {
        let restart_all = TEMPTATIONS.iter().find(|t| t.id == "restart-all").unwrap();
        let retry_around = TEMPTATIONS.iter().find(|t| t.id == "retry-around").unwrap();
        assert_eq!(restart_all.only, ONE_INSTANCE);
        assert_eq!(retry_around.only, ONE_INSTANCE);
        for t in TEMPTATIONS.iter().filter(|t| !t.only.is_empty()) {
            for id in t.only {
                let f = find(id).unwrap_or_else(|| panic!("{}: unknown fault {id}", t.id));
                assert!(t.families.contains(&f.symptom), "{}: {id}", t.id);
            }
            for f in CATALOGUE {
                for &flow in f.flows {
                    let offered = temptations_for(f, flow).iter().any(|o| o.id == t.id);
                    assert_eq!(
                        offered,
                        t.only.contains(&f.id),
                        "{} for {} in {flow:?}",
                        t.id,
                        f.id
                    );
                }
            }
        }
        // A 5xx fault not listed (the service down everywhere) does not get them.
        let down = find("upstream-down").unwrap();
        assert!(!temptations_for(down, Flow::ApiCall)
            .iter()
            .any(|t| t.id == "restart-all" || t.id == "retry-around"));
    }
}
