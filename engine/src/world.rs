//! The simulated world: every layer's state, built healthy from a seed. Faults mutate it.

use crate::layers::auth::{AuthServer, Claims, OauthClient, RefreshToken};
use crate::layers::backend::{Backend, Customer};
use crate::layers::crm::Crm;
use crate::layers::database::Database;
use crate::layers::dns::Dns;
use crate::layers::gateway::{Gateway, RateLimit, Route, Upstream};
use crate::layers::integration::{Integration, Subscription};
use crate::layers::network::Network;
use crate::layers::realtime::Realtime;
use crate::layers::tls::{Cert, ClientTls, ServerTls};
use crate::layers::webhook::Receiver;
use crate::layers::Agent;
use crate::util::Rng;
use std::collections::BTreeMap;

pub const DAY_MS: i64 = 86_400_000;

/// What the client is about to do (api-call / oauth-token / live-chat).
#[derive(Clone, Debug)]
pub struct Client {
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
    pub timeout_ms: i64,
    pub popup_blocker: bool,
    /// Requests the client fires in a tight loop before the one we follow.
    pub loop_requests: u32,
    pub client_id: String,
    pub client_secret: String,
    pub grant: String,
    pub refresh_token: String,
    /// Value sent in `x-api-key` (partner routes), if any.
    pub api_key: Option<String>,
    /// Page origin when the client is a browser making a cross-origin call.
    pub origin: Option<String>,
}

#[derive(Clone, Debug)]
pub struct World {
    pub epoch_ms: i64,
    pub customer_id: String,
    pub chat_id: String,
    pub client: Client,
    pub dns: Dns,
    pub net: Network,
    pub tls: BTreeMap<String, ServerTls>,
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
}

pub const API_HOST: &str = "api.example.com";
pub const SANDBOX_HOST: &str = "api.sandbox.example.com";
pub const AUTH_HOST: &str = "auth.example.com";
pub const RT_HOST: &str = "rt.example.com";
pub const CRM_HOST: &str = "crm.example.net";
pub const HOOK_HOST: &str = "hooks.example.org";
pub const PLATFORM_EGRESS: &str = "198.51.100.7";

fn cert(cn: &str, sans: &[&str], now: i64, rng: &mut Rng) -> Cert {
    Cert {
        subject_cn: cn.into(),
        sans: sans.iter().map(|s| s.to_string()).collect(),
        issuer: "Example Trust RSA CA 2025".into(),
        not_before_ms: now - rng.range(20, 200) * DAY_MS,
        not_after_ms: now + rng.range(30, 300) * DAY_MS,
        self_signed: false,
        sends_intermediate: true,
        serial: rng.hex(32).to_uppercase(),
    }
}

impl World {
    pub fn new(seed: u64) -> World {
        let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xA5A5);
        // Some time in May–June 2026, at a working hour.
        let epoch_ms = 1_779_235_200_000
            + rng.range(0, 40) * DAY_MS
            + rng.range(8 * 3600, 18 * 3600) * 1000
            + rng.range(0, 999);
        let customer_id = rng.range(10_000, 99_999).to_string();
        let chat_id = format!("ch_{}", rng.alnum(10));
        let mut zone = BTreeMap::new();
        for (h, ip) in [
            (API_HOST, "198.51.100.20"),
            (SANDBOX_HOST, "198.51.100.24"),
            (AUTH_HOST, "198.51.100.21"),
            (RT_HOST, "198.51.100.22"),
            (CRM_HOST, "203.0.113.50"),
            (HOOK_HOST, "203.0.113.80"),
        ] {
            zone.insert(h.to_string(), ip.to_string());
        }
        let mut listening = BTreeMap::new();
        for ip in zone.values() {
            listening.insert(ip.clone(), vec![80, 443]);
        }
        let mut tls = BTreeMap::new();
        tls.insert(
            API_HOST.to_string(),
            ServerTls {
                cert: cert(API_HOST, &[API_HOST, SANDBOX_HOST], epoch_ms, &mut rng),
                min_version: 12,
            },
        );
        tls.insert(
            SANDBOX_HOST.to_string(),
            ServerTls {
                cert: cert(API_HOST, &[API_HOST, SANDBOX_HOST], epoch_ms, &mut rng),
                min_version: 12,
            },
        );
        tls.insert(
            AUTH_HOST.to_string(),
            ServerTls {
                cert: cert(AUTH_HOST, &[AUTH_HOST], epoch_ms, &mut rng),
                min_version: 12,
            },
        );
        tls.insert(
            RT_HOST.to_string(),
            ServerTls {
                cert: cert(RT_HOST, &[RT_HOST, "*.rt.example.com"], epoch_ms, &mut rng),
                min_version: 12,
            },
        );
        tls.insert(
            CRM_HOST.to_string(),
            ServerTls {
                cert: cert(
                    CRM_HOST,
                    &[CRM_HOST, "*.crm.example.net"],
                    epoch_ms,
                    &mut rng,
                ),
                min_version: 12,
            },
        );
        tls.insert(
            HOOK_HOST.to_string(),
            ServerTls {
                cert: cert(HOOK_HOST, &[HOOK_HOST], epoch_ms, &mut rng),
                min_version: 12,
            },
        );

        let client_id = format!("svc-{}", rng.alnum(6).to_lowercase());
        let mut auth = AuthServer {
            issuer: format!("https://{AUTH_HOST}/"),
            kid: format!("k{}", rng.range(1, 9)),
            key: rng.hex(64).into_bytes(),
            audience: format!("https://{API_HOST}"),
            revoked: vec![],
            clients: vec![OauthClient {
                id: client_id.clone(),
                secret: rng.alnum(32),
                scopes: vec![
                    "read:customers".into(),
                    "write:customers".into(),
                    "write:chats".into(),
                ],
            }],
            refresh: BTreeMap::new(),
            roles: BTreeMap::new(),
            ttl_s: 3600,
        };
        auth.roles.insert(client_id.clone(), "agent".into());
        let now = epoch_ms / 1000;
        let issued = now - rng.range(60, 2400);
        let token = auth.mint(&Claims {
            sub: client_id.clone(),
            aud: auth.audience.clone(),
            iat: issued,
            exp: issued + 3600,
            jti: rng.hex(16),
            scope: "read:customers write:customers write:chats".into(),
        });
        let refresh_token = format!("rt_{}", rng.alnum(28));
        auth.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                client_id: client_id.clone(),
                expires_ms: epoch_ms + 20 * DAY_MS,
                scope: "read:customers write:chats".into(),
            },
        );
        let client_secret = auth.clients[0].secret.clone();

        let mut customers = BTreeMap::new();
        customers.insert(
            customer_id.clone(),
            Customer {
                id: customer_id.clone(),
                name: "Dana Whitfield".into(),
                email: "dana.whitfield@example.com".into(),
                phone: "+15555550142".into(),
                tier: Some("premium".into()),
            },
        );
        customers.insert(
            "20001".into(),
            Customer {
                id: "20001".into(),
                name: "Sam Ortiz".into(),
                email: "sam.ortiz@example.com".into(),
                phone: "+15555550199".into(),
                tier: None,
            },
        );

        let route = |p: &str, m: &[&str], up: &str, r: &str, w: &str, del: Option<&str>| Route {
            pattern: p.into(),
            methods: m.iter().map(|s| s.to_string()).collect(),
            upstream: up.into(),
            read_scope: r.into(),
            write_scope: w.into(),
            delete_role: del.map(String::from),
            api_key: false,
        };
        let crm_token = format!("00D{}!{}", rng.alnum(12), rng.alnum(40));
        let rcv_crm_token = format!("00D{}!{}", rng.alnum(12), rng.alnum(40));
        let mut sessions = BTreeMap::new();
        sessions.insert(crm_token.clone(), epoch_ms + 2 * 3_600_000);
        sessions.insert(rcv_crm_token.clone(), epoch_ms + 2 * 3_600_000);
        let mut contacts = BTreeMap::new();
        contacts.insert(customer_id.clone(), format!("003{}", rng.alnum(15)));
        let secret = format!("whsec_{}", crate::util::base64(rng.hex(24).as_bytes()));
        let api_key = format!("hk_live_{}", rng.alnum(24));
        // Own stream, so adding the partner key left every other seeded value where it was.
        let partner_key = format!("pk_live_{}", Rng::new(seed ^ 0x9A27_7E12).alnum(32));

        World {
            epoch_ms,
            chat_id,
            client: Client {
                agent: Agent::Curl,
                public_ip: "203.0.113.45".into(),
                base: format!("https://{API_HOST}"),
                method: "GET".into(),
                path: format!("/v2/customers/{customer_id}"),
                body: None,
                content_type: None,
                content_length_extra: 0,
                authorization: Some(format!("Bearer {token}")),
                token,
                tls_max: 13,
                timeout_ms: 120_000,
                popup_blocker: false,
                loop_requests: 0,
                client_id,
                client_secret,
                grant: "client_credentials".into(),
                refresh_token,
                api_key: None,
                origin: None,
            },
            customer_id: customer_id.clone(),
            dns: Dns {
                zone,
                ttl_s: 300,
                cache: BTreeMap::new(),
                resolver_ip: "10.20.0.2".into(),
            },
            net: Network {
                rtt_ms: rng.range(8, 25),
                rules: vec![],
                proxy: None,
                listening,
                client_private_ip: "10.20.0.15".into(),
            },
            tls,
            gateway: Gateway {
                host: API_HOST.into(),
                routes: vec![
                    route(
                        "/v2/customers",
                        &["GET", "POST"],
                        "customers-v2",
                        "read:customers",
                        "write:customers",
                        None,
                    ),
                    route(
                        "/v2/customers/{id}",
                        &["GET", "HEAD", "PUT", "PATCH", "DELETE"],
                        "customers-v2",
                        "read:customers",
                        "write:customers",
                        Some("admin"),
                    ),
                    Route {
                        api_key: true,
                        ..route(
                            "/v2/partner/customers/{id}",
                            &["GET"],
                            "customers-v2",
                            "read:customers",
                            "read:customers",
                            None,
                        )
                    },
                    route(
                        "/v2/chats",
                        &["POST"],
                        "chats-v2",
                        "read:chats",
                        "write:chats",
                        None,
                    ),
                    route(
                        "/v2/chats/{id}",
                        &["GET"],
                        "chats-v2",
                        "read:customers",
                        "write:chats",
                        None,
                    ),
                    route(
                        "/v2/sessions/{id}",
                        &["GET", "DELETE"],
                        "chats-v2",
                        "read:customers",
                        "write:chats",
                        None,
                    ),
                ],
                upstreams: vec![
                    Upstream {
                        name: "customers-v2".into(),
                        servers: vec!["10.0.3.21:8080".into(), "10.0.3.22:8080".into()],
                    },
                    Upstream {
                        name: "chats-v2".into(),
                        servers: vec!["10.0.3.31:8080".into(), "10.0.3.32:8080".into()],
                    },
                    Upstream {
                        name: "billing-v1".into(),
                        servers: vec!["10.0.4.11:8080".into()],
                    },
                ],
                rate: RateLimit {
                    limit: 600,
                    window_s: 60,
                    used: rng.range(3, 40) as u32,
                    reset_s: rng.range(5, 55) as u32,
                },
                allowlist: vec!["203.0.113.".into(), "198.51.100.".into()],
                read_timeout_ms: 30_000,
                cors_origin: "https://app.example.com".into(),
                cors_allowed_origins: vec![
                    "https://app.example.com".into(),
                    "https://agent.example.com".into(),
                ],
                api_keys: vec![partner_key],
                ws_idle_timeout_s: 300,
            },
            auth,
            backend: Backend {
                up: true,
                maintenance_until_ms: None,
                overloaded: false,
                null_tier_bug: false,
                extra_ms: rng.range(5, 40),
                customers,
                instances: vec!["customers-v2-7d9f".into()],
            },
            db: Database {
                host: "10.0.5.10".into(),
                up: true,
                query_ms: rng.range(1, 6),
                statement_timeout_ms: 5_000,
                pool_size: 20,
            },
            integration: Integration {
                lookup_field: "ExternalId__c".into(),
                case_mapping: vec![
                    ("subject".into(), "Subject".into()),
                    ("summary".into(), "Description".into()),
                    ("contactId".into(), "ContactId".into()),
                    ("channel".into(), "Origin".into()),
                ],
                screen_pop_template: format!(
                    "https://{CRM_HOST}/lightning/r/Contact/{{{{contact.Id}}}}/view"
                ),
                stores_contact_id: true,
                subscriptions: vec![Subscription {
                    id: format!("ep_{}", rng.alnum(12)),
                    url: format!("https://{HOOK_HOST}/faultline/chat-ended"),
                    events: vec!["chat.ended".into()],
                    secret: secret.clone(),
                    api_key: api_key.clone(),
                    secret_rotated_ms: None,
                    disabled: false,
                    disabled_at_ms: None,
                }],
                crm_token,
                crm_timeout_ms: 5_000,
                delivery_timeout_ms: 15_000,
                egress_ip: PLATFORM_EGRESS.into(),
            },
            crm: Crm {
                host: CRM_HOST.into(),
                outage: false,
                latency_ms: rng.range(60, 180),
                sessions,
                permissions: vec![
                    "Contact.read".into(),
                    "Case.create".into(),
                    "Case.read".into(),
                ],
                contacts,
                external_id_field: "ExternalId__c".into(),
                case_fields: vec![
                    "Subject".into(),
                    "Description".into(),
                    "ContactId".into(),
                    "Origin".into(),
                    "Priority".into(),
                    "Status".into(),
                    "Priority__c".into(),
                ],
                case_required: vec!["Subject".into(), "ContactId".into()],
                integration_user: "integration@crm.example.net".into(),
            },
            receiver: Receiver {
                host: HOOK_HOST.into(),
                path: "/faultline/chat-ended".into(),
                api_keys: vec![api_key],
                secret,
                tolerance_s: 300,
                allow_ips: vec![PLATFORM_EGRESS.into()],
                processing_ms: rng.range(40, 200),
                schema: 1,
                crm_token: rcv_crm_token,
            },
            realtime: Realtime {
                up: true,
                heartbeat_s: 25,
                lag_ms: rng.range(5, 30),
            },
            call_chosen: false,
        }
    }

    pub fn tls_for(&self, host: &str) -> Option<&ServerTls> {
        self.tls.get(host)
    }

    pub fn client_tls_for(&self, agent: Agent) -> ClientTls {
        ClientTls {
            max_version: if agent == Agent::Node {
                13
            } else {
                self.client.tls_max
            },
        }
    }
}
