//! Public data contract shared with the UI. Additive changes only.
//!
//! The split between [`Evidence`] (what a learner may see) and [`Answer`] (what the engine knows)
//! is the spoiler guard: nothing in `Evidence` names the injected fault or its layer.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

mod error;
mod flow;
mod puzzle;
mod verdict;
pub use crate::owner::Owner;
pub use error::{EngineError, Problem};
pub use flow::Flow;
pub use puzzle::{Choice, Difficulty, Puzzle, PuzzleView, Question, QuestionKey};
pub use verdict::Verdict;

/// Version of the JSON shapes in this module.
pub const SCHEMA_VERSION: u32 = 1;

/// A box in the request-path diagram.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Layer {
    Client,
    Dns,
    Network,
    Tls,
    Gateway,
    Auth,
    Backend,
    Database,
    Integration,
    Crm,
    Webhook,
    /// WebSocket server behind the load balancer (live-chat flow).
    Realtime,
    /// CDN / edge proxy in front of the API host, where the world puts one.
    Edge,
}

impl Layer {
    pub const ALL: [Layer; 13] = [
        Layer::Client,
        Layer::Dns,
        Layer::Network,
        Layer::Tls,
        Layer::Gateway,
        Layer::Auth,
        Layer::Backend,
        Layer::Database,
        Layer::Integration,
        Layer::Crm,
        Layer::Webhook,
        Layer::Realtime,
        Layer::Edge,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layer::Client => "client",
            Layer::Dns => "dns",
            Layer::Network => "network",
            Layer::Tls => "tls",
            Layer::Gateway => "gateway",
            Layer::Auth => "auth",
            Layer::Backend => "backend",
            Layer::Database => "database",
            Layer::Integration => "integration",
            Layer::Crm => "crm",
            Layer::Webhook => "webhook",
            Layer::Realtime => "realtime",
            Layer::Edge => "edge",
        }
    }

    /// Human label for diagrams and choices.
    pub fn label(self) -> &'static str {
        match self {
            Layer::Client => "Client / request",
            Layer::Dns => "DNS",
            Layer::Network => "Network (firewall, proxy, ports)",
            Layer::Tls => "TLS / certificates",
            Layer::Gateway => "API gateway / load balancer",
            Layer::Auth => "Authentication / authorization",
            Layer::Backend => "Backend service",
            Layer::Database => "Database",
            Layer::Integration => "Integration config / middleware",
            Layer::Crm => "CRM API",
            Layer::Webhook => "Webhook receiver",
            Layer::Realtime => "Realtime (WebSocket) service",
            Layer::Edge => "CDN / edge proxy",
        }
    }

    pub fn parse(s: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.id() == s)
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A fault to inject: catalogue id plus parameters (missing ones take their defaults).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct FaultSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
}

impl FaultSpec {
    pub fn new(id: &str) -> Self {
        FaultSpec {
            id: id.to_string(),
            params: BTreeMap::new(),
        }
    }
    pub fn with(mut self, k: &str, v: impl Into<serde_json::Value>) -> Self {
        self.params.insert(k.to_string(), v.into());
        self
    }
}

/// Optional override of the call made by the `api-call` flow.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct CallSpec {
    /// e.g. "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD".
    pub method: String,
    /// Path relative to the API base, e.g. "/v2/customers/12345".
    pub path: String,
}

/// Input of [`crate::simulate`].
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct RunSpec {
    /// Flow id as given (JSON, CLI, share link), checked by [`crate::simulate`] so an unknown one
    /// is an [`EngineError::UnknownFlow`]; `None` = first flow of the first fault, or `api-call`
    /// when healthy.
    #[serde(default)]
    pub flow: Option<String>,
    /// First fault is the root cause; later ones are secondary (cascades, noise).
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub call: Option<CallSpec>,
    /// The client runtime (`curl`, `node`, `python`, `java`, `php`, `browser`, `postman`,
    /// `agent-desktop`); `None` = the flow's usual client. See [`crate::runtime`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// Whole simulation result. Give the UI's evidence panes only `evidence`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Trace {
    pub evidence: Evidence,
    pub answer: Answer,
}

/// Everything a learner may see. Never names the fault or the root-cause layer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Evidence {
    pub schema_version: u32,
    pub flow: Flow,
    /// Layers this flow crosses, in left-to-right diagram order.
    pub layers: Vec<Layer>,
    pub story: Story,
    /// How the user or system started the flow (command line, browser action, platform event).
    pub client: ClientView,
    pub events: Vec<Event>,
    pub exchanges: Vec<Exchange>,
    /// Sorted by `t_ms`; includes unrelated healthy traffic.
    pub logs: Vec<LogLine>,
    /// Supporting material a support engineer could pull up: decoded token, certificate, config.
    pub artifacts: Vec<Artifact>,
    /// W3C traceparent of the request under investigation.
    pub correlation: String,
    /// The 32-hex trace id inside `correlation` (what logs carry in `trace_id`).
    pub trace_id: String,
    /// What the user saw in the end.
    pub outcome: String,
    /// ISO-8601 time the flow started.
    pub started_at: String,
    /// Simulated "now" (ISO-8601), e.g. to show a token's exp relative to it.
    pub clock_now: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Story {
    /// Who reported it / the situation.
    pub context: String,
    /// When it started, as the reporter says it (scenarios); empty for generated puzzles.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub since: String,
    pub expected: String,
    pub actual: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ClientView {
    /// "curl", "browser", "platform", "agent-desktop".
    pub kind: String,
    /// What was run or done, e.g. a curl command line or "Agent accepts chat".
    pub action: String,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Request,
    Response,
    Error,
    Log,
    Internal,
}

/// One step on the timeline (a hop between two layers, or something inside one).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Event {
    /// Simulated ms since the flow started.
    pub t_ms: i64,
    pub from: Layer,
    pub to: Layer,
    pub kind: EventKind,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// "HTTP/1.1" or "HTTP/2".
    pub http_version: String,
    /// In wire order.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: String,
    pub http_version: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// HAR-style phases in ms; -1 when a phase did not happen (reused connection, failed earlier).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Timings {
    pub blocked: i64,
    pub dns: i64,
    pub connect: i64,
    /// Part of `connect`, as in HAR.
    pub ssl: i64,
    pub send: i64,
    pub wait: i64,
    pub receive: i64,
}

impl Timings {
    /// Every phase "did not happen" (HAR -1); start from this and set the phases that ran.
    pub const NOT_APPLICABLE: Timings = Timings {
        blocked: -1,
        dns: -1,
        connect: -1,
        ssl: -1,
        send: -1,
        wait: -1,
        receive: -1,
    };

    /// Total elapsed ms (HAR `time`: sum of phases, ssl excluded because it is inside connect).
    pub fn total(&self) -> i64 {
        [
            self.blocked,
            self.dns,
            self.connect,
            self.send,
            self.wait,
            self.receive,
        ]
        .iter()
        .filter(|v| **v > 0)
        .sum()
    }
}

/// One HTTP request and what came back (a response, or a client-side error with no response).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Exchange {
    pub from: Layer,
    pub to: Layer,
    pub request: HttpRequest,
    pub response: Option<HttpResponse>,
    /// Client's own words when no HTTP response arrived (curl / browser / library error).
    pub client_error: Option<String>,
    pub timings: Timings,
    pub started_at: String,
    pub t_ms: i64,
    pub server_ip: Option<String>,
    pub server_port: Option<u16>,
    /// 1-based delivery attempt for retried requests (webhooks, client retries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

/// Which component printed a log line.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum LogSource {
    Client,
    Resolver,
    Firewall,
    Proxy,
    LoadBalancer,
    Gateway,
    Auth,
    App,
    Database,
    Integration,
    WebhookDelivery,
    WebhookReceiver,
    Crm,
    Realtime,
    /// The CDN's request log (Logpush), one JSON object per request.
    Edge,
}

impl LogSource {
    pub fn id(self) -> &'static str {
        match self {
            LogSource::Client => "client",
            LogSource::Resolver => "resolver",
            LogSource::Firewall => "firewall",
            LogSource::Proxy => "proxy",
            LogSource::LoadBalancer => "load-balancer",
            LogSource::Gateway => "gateway",
            LogSource::Auth => "auth",
            LogSource::App => "app",
            LogSource::Database => "database",
            LogSource::Integration => "integration",
            LogSource::WebhookDelivery => "webhook-delivery",
            LogSource::WebhookReceiver => "webhook-receiver",
            LogSource::Crm => "crm",
            LogSource::Realtime => "realtime",
            LogSource::Edge => "edge",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LogLine {
    pub ts: String,
    pub t_ms: i64,
    pub source: LogSource,
    pub level: Level,
    /// 32-hex trace id when the line belongs to a traced request.
    pub trace_id: Option<String>,
    /// The line as the component prints it.
    pub text: String,
}

/// Extra material: decoded JWT, certificate dump, integration config, delivery history…
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Artifact {
    /// "jwt", "certificate", "config", "dns", "delivery-log", "screen-pop".
    pub kind: String,
    pub title: String,
    pub body: String,
}

/// The ground truth. Never show before the learner answers.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Answer {
    pub root_cause_layer: Layer,
    /// Where the failure became visible (status or error seen).
    pub surfaced_at: Layer,
    pub fault_id: String,
    pub fault_title: String,
    /// Resolved parameters of the root-cause fault (defaults filled in).
    pub params: BTreeMap<String, serde_json::Value>,
    /// All injected faults, root cause first.
    pub faults: Vec<FaultSpec>,
    /// Index into `evidence.events` of the first event that shows the failure.
    pub failing_event: Option<usize>,
    /// Index into `evidence.exchanges` of the failing exchange.
    pub failing_exchange: Option<usize>,
    pub diagnosis: String,
    pub next_action: String,
    /// Who to hand it to: "client developer", "platform engineering", "CRM admin", …
    pub owner: String,
    /// The Standard Webhooks secrets in use (flows that deliver webhooks), so a checker can
    /// verify every delivery's `webhook-signature` with a reference library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secrets: Option<WebhookSecrets>,
}

/// `whsec_…` secrets: the one the platform signs deliveries with, the one the receiver verifies with.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct WebhookSecrets {
    pub signing: String,
    pub receiver: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FlowInfo {
    pub id: Flow,
    pub title: String,
    pub description: String,
    pub layers: Vec<Layer>,
    /// Calls the flow can be asked to make (api-call: method + path pairs).
    pub calls: Vec<CallSpec>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ParamInfo {
    pub name: String,
    /// "int" or "string".
    pub kind: String,
    pub default: serde_json::Value,
    /// Smallest and largest value an int accepts (inclusive); absent for strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Allowed values for enumerated string params; empty = free.
    pub choices: Vec<String>,
    pub help: String,
}

/// A named cascade: several faults stacked for one flow, root cause first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CascadeInfo {
    pub id: String,
    pub title: String,
    /// The chain of events, for authors.
    pub summary: String,
    pub flow: Flow,
    pub root_layer: Layer,
    /// Ready to use as `RunSpec.faults`.
    pub faults: Vec<FaultSpec>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FaultInfo {
    pub id: String,
    pub layer: Layer,
    pub title: String,
    /// One-line mechanism, for authors.
    pub summary: String,
    /// Flows this fault applies to; the first is its default flow.
    pub flows: Vec<Flow>,
    pub params: Vec<ParamInfo>,
    /// Fix / escalation, for authors and puzzle keys.
    pub next_action: String,
    /// Who must act on the fix, as the owner question reads it ("The identity team").
    pub owner: String,
    #[serde(default = "default_owner")]
    pub owner_id: Owner,
    /// Why them, in one line.
    #[serde(default)]
    pub owner_why: String,
}

fn default_owner() -> Owner {
    Owner::ClientDeveloper
}
