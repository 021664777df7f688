//! The simulated world: every layer's state, built healthy from a seed. Faults mutate it.

use crate::layers::auth::{AuthServer, Issued};
use crate::layers::backend::Backend;
use crate::layers::crm::Crm;
use crate::layers::database::Database;
use crate::layers::dns::Dns;
use crate::layers::edge::Edge;
use crate::layers::gateway::Gateway;
use crate::layers::integration::Integration;
use crate::layers::network::Network;
use crate::layers::realtime::Realtime;
use crate::layers::tls::{self, ClientTls, ServerTls};
use crate::layers::webhook::Receiver;
use crate::layers::Agent;
use crate::runtime::Runtime;
use crate::util::Rng;
use std::collections::BTreeMap;

pub const DAY_MS: i64 = 86_400_000;

/// What the client is about to do (api-call / oauth-token / live-chat).
#[derive(Clone, Debug)]
pub struct Client {
    /// The runtime the learner's client runs in (curl unless the run names another).
    pub runtime: Runtime,
    pub agent: Agent,
    pub public_ip: String,
    pub base: String,
    pub method: String,
    pub path: String,
    pub body: Option<String>,
    pub content_type: Option<String>,
    /// Bytes announced in Content-Length beyond what is sent (buggy client).
    pub content_length_extra: usize,
    /// Value of the Authorization header, if any.
    pub authorization: Option<String>,
    pub token: String,
    pub tls_max: u8,
    /// The runtime's CA bundle predates the CA's new root (`tls::NEW_ROOT`).
    pub old_trust_store: bool,
    /// Names the host in its TLS ClientHello (SNI); false for a JVM started with
    /// `-Djsse.enableSNIExtension=false`.
    pub sends_sni: bool,
    /// Follows a redirect (curl -L; requests, axios, Guzzle and Postman by default), dropping
    /// Authorization when the redirect leaves the host, as each of them does.
    pub follows_redirects: bool,
    /// The subject of the client certificate the client presents to a server that asks for
    /// one (mutual TLS); None: it is not configured with one.
    pub client_cert: Option<String>,
    pub timeout_ms: i64,
    /// Sends a POST once more, as it was (no `Idempotency-Key`), when the first attempt timed
    /// out waiting for the response: curl's `--retry 1`, or the script's own loop.
    pub retries_post_on_timeout: bool,
    /// Reads the rows of an export from the first answer, whatever its status: a 202 Accepted
    /// (the job only queued) is taken for the finished export and its status resource is
    /// never asked.
    pub reads_accepted_as_result: bool,
    /// The body is this file, sent byte for byte (curl's `--data-binary @file`, `ofFile`, a
    /// file object), not text the code writes out: `body` holds the file's text.
    pub body_file: Option<String>,
    /// The body file's bytes are ISO-8859-1, as a legacy system exports them: one byte per
    /// letter (ü is fc), which a UTF-8 reader cannot read.
    pub body_file_latin1: bool,
    /// Pages through a list by its `next_cursor`, working this long (ms) on each page (writing
    /// every row to its own system) before it asks for the next; `None`: one request, no paging.
    pub page_work_ms: Option<i64>,
    pub popup_blocker: bool,
    /// Requests the client fires in a tight loop before the one we follow.
    pub loop_requests: u32,
    /// The client's steady load besides the request we follow: its job calls the same
    /// endpoint every `pace_ms` (0: no other calls). What a plan's quota has to carry.
    pub pace_ms: i64,
    pub client_id: String,
    pub client_secret: String,
    pub grant: String,
    pub refresh_token: String,
    /// The scopes a client-credentials request asks for (space-separated).
    pub scope: String,
    /// Value sent in `x-api-key` (partner routes), if any.
    pub api_key: Option<String>,
    /// Page origin when the client is a browser making a cross-origin call.
    pub origin: Option<String>,
}

/// The customer's e-mail address as the platform has it (Dana Whitfield).
pub const CUSTOMER_EMAIL: &str = "dana.whitfield@northwind.example";

#[derive(Clone, Debug)]
pub struct World {
    pub epoch_ms: i64,
    pub customer_id: String,
    pub chat_id: String,
    pub client: Client,
    pub dns: Dns,
    pub net: Network,
    pub tls: BTreeMap<String, Box<ServerTls>>,
    pub gateway: Gateway,
    pub auth: AuthServer,
    pub backend: Backend,
    pub db: Database,
    pub integration: Integration,
    pub crm: Crm,
    pub receiver: Receiver,
    pub realtime: Realtime,
    /// True when the run's `RunSpec.call` chose the request: faults that can work on any request
    /// body (or on a wrong method) then keep that call instead of substituting their own.
    pub call_chosen: bool,
    /// The call a fault chose because the story is about it, itself right (a chat opened, a
    /// customer file uploaded, a list synced page by page, an export queued, a phone updated):
    /// a known-good request makes that call too. `None`: the flow's own call, or one a fault
    /// made wrong (its method, path or version is the bug). Set by [`crate::faults::set_story_call`].
    pub story_call: Option<crate::model::CallSpec>,
    /// The host the story's call goes to when a fault pointed the client at another of the
    /// platform's hosts, itself right (the partners' mutual-TLS endpoint): a known-good request
    /// goes there too (`crate::faults::known_good`). `None`: the client's own base URL.
    pub story_host: Option<String>,
    /// The CDN in front of the API host, when the world has one (see `Edge::put_in_front`).
    pub edge: Option<Edge>,
    /// The web app of the authorization-code flow, where the run has one.
    pub app: Option<WebApp>,
}

/// The web app (its browser side and its server) in the authorization-code flow: what it sends
/// to the authorization server, and how its callback handler behaves.
#[derive(Clone, Debug)]
pub struct WebApp {
    pub client_id: String,
    pub client_secret: String,
    /// The redirect URI the app puts in its authorize request (and its token request).
    pub redirect_uri: String,
    pub scope: String,
    pub state: String,
    /// The PKCE verifier generated for the sign-in (its S256 challenge goes to /authorize).
    pub verifier: String,
    /// The verifier the callback handler sends to /token: the saved one, unless the handler
    /// lost it and made a new one.
    pub verifier_sent: String,
    /// How many times the callback handler redeems the code it got (2: a middleware and the
    /// route both call the token endpoint with it).
    pub exchanges: u8,
    /// A returning user: the app's session holds a refresh token from an earlier sign-in, so
    /// the app renews the session at /token instead of sending the browser to /authorize.
    pub returning: bool,
}

pub const API_HOST: &str = "api.example.com";
pub const SANDBOX_HOST: &str = "api.sandbox.example.com";
/// The API's former host name (`redirect-drops-authorization`).
pub const OLD_API_HOST: &str = "api.example.net";
pub const AUTH_HOST: &str = "auth.example.com";
pub const RT_HOST: &str = "rt.example.com";
pub const CRM_HOST: &str = "crm.example.net";
pub const HOOK_HOST: &str = "hooks.example.org";
/// The web app of the authorization-code flow (its server and its redirect URI's host).
pub const APP_HOST: &str = "app.example.com";
/// The platform's partner endpoint that requires mutual TLS (served by the API's nginx).
pub const PARTNER_HOST: &str = "partners.example.com";
pub const PLATFORM_EGRESS: &str = "198.51.100.7";

/// Values two layers must agree on (each end of a connection holds a copy), drawn before the
/// layers that hold them are built. The CRM contact id is drawn among them because that is
/// where the seeded order has it.
struct SharedKeys {
    /// The integration's CRM session.
    integration_crm_token: String,
    /// The webhook receiver's own CRM session.
    receiver_crm_token: String,
    contact_id: String,
    webhook_secret: String,
    webhook_api_key: String,
    partner_key: String,
}

impl SharedKeys {
    fn draw(seed: u64, rng: &mut Rng) -> SharedKeys {
        // `00D` + 12 + `!` + 40 characters, as a CRM session id is written.
        let crm_session = |rng: &mut Rng| {
            let mut s = rng.prefixed_alnum("00D", 12);
            s.push('!');
            rng.push_alnum(&mut s, 40);
            s
        };
        let integration_crm_token = crm_session(rng);
        let receiver_crm_token = crm_session(rng);
        let contact_id = rng.prefixed_alnum("003", 15);
        let webhook_secret = format!("whsec_{}", crate::util::base64(rng.hex(24).as_bytes()));
        let webhook_api_key = rng.prefixed_alnum("hk_live_", 24);
        // Own stream, so adding the partner key left every other seeded value where it was.
        let partner_key = Rng::new(seed ^ 0x9A27_7E12).prefixed_alnum("pk_live_", 32);
        SharedKeys {
            integration_crm_token,
            receiver_crm_token,
            contact_id,
            webhook_secret,
            webhook_api_key,
            partner_key,
        }
    }
}

impl Client {
    /// curl fetching the world's customer with a valid bearer token.
    fn healthy(customer_id: &str, client_id: String, held: Issued) -> Client {
        Client {
            runtime: Runtime::Curl,
            agent: Agent::Curl,
            public_ip: "203.0.113.45".into(),
            base: ["https://", API_HOST].concat(),
            method: "GET".into(),
            path: ["/v2/customers/", customer_id].concat(),
            body: None,
            content_type: None,
            content_length_extra: 0,
            authorization: Some(["Bearer ", &held.token].concat()),
            token: held.token,
            tls_max: 13,
            old_trust_store: false,
            sends_sni: true,
            follows_redirects: false,
            client_cert: None,
            timeout_ms: 120_000,
            retries_post_on_timeout: false,
            reads_accepted_as_result: false,
            body_file: None,
            body_file_latin1: false,
            page_work_ms: None,
            popup_blocker: false,
            loop_requests: 0,
            pace_ms: 0,
            client_id,
            client_secret: held.client_secret,
            grant: "client_credentials".into(),
            refresh_token: held.refresh_token,
            scope: "read:customers write:chats".into(),
            api_key: None,
            origin: None,
        }
    }

    /// The body as bytes on the wire: the body file's ISO-8859-1 bytes when it is one, else
    /// the text in UTF-8.
    pub fn body_bytes(&self) -> Option<Vec<u8>> {
        let b = self.body.as_deref()?;
        Some(if self.body_file.is_some() && self.body_file_latin1 {
            crate::charset::latin1(b)
        } else {
            b.as_bytes().to_vec()
        })
    }
}

impl World {
    /// Every layer healthy, from one seed. The layers are built in the order they draw from
    /// the seeded stream: changing that order changes every seeded value (and the goldens).
    pub fn new(seed: u64) -> World {
        let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xA5A5);
        // Some time in May–June 2026, at a working hour.
        let epoch_ms = 1_779_235_200_000
            + rng.range(0, 40) * DAY_MS
            + rng.range(8 * 3600, 18 * 3600) * 1000
            + rng.range(0, 999);
        let customer_id = rng.range(10_000, 99_999).to_string();
        let chat_id = rng.prefixed_alnum("ch_", 10);
        let tls = tls::healthy_servers(epoch_ms, &mut rng);
        let client_id = format!("svc-{}", rng.alnum(6).to_lowercase());
        let (auth, held) = AuthServer::healthy(&client_id, epoch_ms, &mut rng);
        let keys = SharedKeys::draw(seed, &mut rng);
        let dns = Dns::healthy();
        let net = Network::healthy(&dns.zone, &mut rng);
        let mut gateway = Gateway::healthy(keys.partner_key, &mut rng);
        // Own stream, so the instance counts left every other seeded value where it was.
        gateway.scale(&mut Rng::new(seed ^ 0x0051_7EA4_11B0));
        let backend = Backend::healthy(&customer_id, &mut rng);
        let db = Database::healthy(&mut rng);
        let integration = Integration::healthy(
            keys.integration_crm_token.clone(),
            keys.webhook_secret.clone(),
            keys.webhook_api_key.clone(),
            &mut rng,
        );
        let crm = Crm::healthy(
            epoch_ms,
            [&keys.integration_crm_token, &keys.receiver_crm_token],
            &customer_id,
            keys.contact_id,
            &mut rng,
        );
        let receiver = Receiver::healthy(
            keys.webhook_api_key,
            keys.webhook_secret,
            keys.receiver_crm_token,
            &mut rng,
        );
        let realtime = Realtime::healthy(&mut rng);
        World {
            epoch_ms,
            client: Client::healthy(&customer_id, client_id, held),
            customer_id,
            chat_id,
            dns,
            net,
            tls,
            gateway,
            auth,
            backend,
            db,
            integration,
            crm,
            receiver,
            realtime,
            call_chosen: false,
            story_call: None,
            story_host: None,
            edge: None,
            app: None,
        }
    }

    pub fn tls_for(&self, host: &str) -> Option<&ServerTls> {
        self.tls.get(host).map(|t| &**t)
    }

    pub fn client_tls_for(&self, agent: Agent) -> ClientTls {
        ClientTls {
            max_version: if agent == Agent::Node {
                13
            } else {
                self.client.tls_max
            },
            fetches_intermediates: agent == Agent::Browser,
            // Only the learner's client has the old bundle; the platform's servers are current.
            old_trust_store: self.client.old_trust_store && agent == self.client.agent,
            cert: self
                .client
                .client_cert
                .clone()
                .filter(|_| agent == self.client.agent),
            // A managed machine's browser verifies against the OS store, which desktop
            // management gave the company's inspection root.
            trusts_os_store: agent == Agent::Browser,
            // Only the learner's client can be the one started without SNI.
            sends_sni: self.client.sends_sni || agent != self.client.agent,
        }
    }

    /// The server side a connection from `from` to `host` meets: the host's own, or, for the
    /// client's calls through a TLS-inspecting proxy, the certificate the proxy re-signed.
    pub fn tls_met(&self, host: &str, from: crate::model::Layer) -> Option<ServerTls> {
        let real = self.tls_for(host)?;
        Some(match &self.net.inspection {
            Some(i) if from == crate::model::Layer::Client => i.reissue(real),
            _ => real.clone(),
        })
    }
}
