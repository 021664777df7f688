//! Probes: the checks a support engineer runs while investigating, each answered from the same
//! simulated world as the trace (the same seed, noise, clock and trace id). A probe's output is
//! what the real tool prints; its `facts` say which pieces of the trace's [`Evidence`] it puts
//! in front of the engineer, so the solver can be fed only what was looked at
//! ([`reveal`]) and [`expert_path`] can find the shortest investigation that settles a puzzle.
//!
//! ```text
//! Investigation::new(spec)  one run (world + trace), then any number of probes:
//!   .run(Probe::GatewayLog) -> ProbeResult { command, output, minutes, facts }
//!   .expert_path()          -> the fewest probes after which the solver is certain
//! ```

mod expert;
mod logs;
mod path;
mod render;
mod reproduce;

pub use expert::{reveal, ExpertPath};
pub use logs::{artifact_probe, exchange_probe};

use crate::model::*;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// A check the learner can run. The serialized form is the probe's stable id.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Probe {
    Reproduce,
    AskReporter,
    CompareHealthy,
    TrustStore,
    DigClient,
    DigPlatform,
    NcPort,
    #[serde(rename = "test-netconnection")]
    TestNetConnection,
    Traceroute,
    Mtr,
    NetworkLog,
    OpensslShowcerts,
    CdnLog,
    GatewayLog,
    DecodeToken,
    AuthLog,
    AppLog,
    DatabaseLog,
    IntegrationSettings,
    CrmEventLog,
    WebhookDeliveryLog,
    ReceiverLog,
    StatusPage,
}

/// One entry of the toolbox (`faultline probes --json`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ProbeInfo {
    pub id: Probe,
    pub label: String,
    /// The layer the probe examines (the toolbox groups by it).
    pub layer: Layer,
    /// The command as the toolbox lists it; `{host}`, `{trace_id}` and `{client}` are filled in
    /// per puzzle in [`ProbeResult::command`].
    pub command: String,
    /// Simulated minutes the check costs.
    pub minutes: u32,
}

/// A piece of the trace's evidence a probe shows, in the solver's terms.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fact {
    /// `evidence.exchanges[index]`, request and response whole.
    Exchange { index: usize },
    /// One source's log lines around the request (the traced request's and the others').
    Logs { source: LogSource },
    /// `evidence.artifacts[index]`.
    Artifact { index: usize },
}

/// What running a probe gives: the command as typed, its raw output, its cost and what it
/// reveals.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ProbeResult {
    pub probe: Probe,
    pub command: String,
    pub output: String,
    pub minutes: u32,
    pub facts: Vec<Fact>,
}

impl Probe {
    pub const ALL: [Probe; 23] = [
        Probe::Reproduce,
        Probe::AskReporter,
        Probe::CompareHealthy,
        Probe::TrustStore,
        Probe::DigClient,
        Probe::DigPlatform,
        Probe::NcPort,
        Probe::TestNetConnection,
        Probe::Traceroute,
        Probe::Mtr,
        Probe::NetworkLog,
        Probe::OpensslShowcerts,
        Probe::CdnLog,
        Probe::GatewayLog,
        Probe::DecodeToken,
        Probe::AuthLog,
        Probe::AppLog,
        Probe::DatabaseLog,
        Probe::IntegrationSettings,
        Probe::CrmEventLog,
        Probe::WebhookDeliveryLog,
        Probe::ReceiverLog,
        Probe::StatusPage,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Probe::Reproduce => "reproduce",
            Probe::AskReporter => "ask-reporter",
            Probe::CompareHealthy => "compare-healthy",
            Probe::TrustStore => "trust-store",
            Probe::DigClient => "dig-client",
            Probe::DigPlatform => "dig-platform",
            Probe::NcPort => "nc-port",
            Probe::TestNetConnection => "test-netconnection",
            Probe::Traceroute => "traceroute",
            Probe::Mtr => "mtr",
            Probe::NetworkLog => "network-log",
            Probe::OpensslShowcerts => "openssl-showcerts",
            Probe::CdnLog => "cdn-log",
            Probe::GatewayLog => "gateway-log",
            Probe::DecodeToken => "decode-token",
            Probe::AuthLog => "auth-log",
            Probe::AppLog => "app-log",
            Probe::DatabaseLog => "database-log",
            Probe::IntegrationSettings => "integration-settings",
            Probe::CrmEventLog => "crm-event-log",
            Probe::WebhookDeliveryLog => "webhook-delivery-log",
            Probe::ReceiverLog => "receiver-log",
            Probe::StatusPage => "status-page",
        }
    }

    pub fn parse(s: &str) -> Option<Probe> {
        Probe::ALL.into_iter().find(|p| p.id() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Probe::Reproduce => "Reproduce the request in the reporter's client",
            Probe::AskReporter => "Ask the reporter (when, who else, what changed)",
            Probe::CompareHealthy => "Compare with a known-good request",
            Probe::TrustStore => "The CA bundle the reporter's runtime trusts",
            Probe::DigClient => "Resolve the host from the reporter's machine (dig)",
            Probe::DigPlatform => "Resolve the host from the platform (dig)",
            Probe::NcPort => "Test the TCP port (nc -vz)",
            Probe::TestNetConnection => {
                "Test the TCP port from a Windows machine on the reporter's network (Test-NetConnection)"
            }
            Probe::Traceroute => "Trace the path to the host's port (traceroute -T)",
            Probe::Mtr => "Loss and latency per hop to the host's port (mtr --report)",
            Probe::NetworkLog => "Firewall, proxy and resolver logs for the trace id",
            Probe::OpensslShowcerts => "Show the server's certificate chain (openssl s_client)",
            Probe::CdnLog => "The CDN's request log and settings",
            Probe::GatewayLog => "The gateway's access and error logs for the trace id",
            Probe::DecodeToken => "Decode the access token (JWT)",
            Probe::AuthLog => "The auth server's log for the trace id",
            Probe::AppLog => "The backend app's log for the trace id",
            Probe::DatabaseLog => "The database's log for the trace id",
            Probe::IntegrationSettings => "The integration's settings and its call log",
            Probe::CrmEventLog => "The CRM's API event log",
            Probe::WebhookDeliveryLog => "The webhook delivery log",
            Probe::ReceiverLog => "The webhook receiver's runbook and log (ask their team)",
            Probe::StatusPage => "The platform's status page and changelog",
        }
    }

    pub fn layer(self) -> Layer {
        match self {
            Probe::Reproduce | Probe::AskReporter | Probe::CompareHealthy | Probe::TrustStore => {
                Layer::Client
            }
            Probe::DigClient | Probe::DigPlatform => Layer::Dns,
            Probe::NcPort
            | Probe::TestNetConnection
            | Probe::Traceroute
            | Probe::Mtr
            | Probe::NetworkLog => Layer::Network,
            Probe::OpensslShowcerts => Layer::Tls,
            Probe::CdnLog => Layer::Edge,
            Probe::GatewayLog => Layer::Gateway,
            Probe::DecodeToken | Probe::AuthLog => Layer::Auth,
            Probe::AppLog | Probe::StatusPage => Layer::Backend,
            Probe::DatabaseLog => Layer::Database,
            Probe::IntegrationSettings => Layer::Integration,
            Probe::CrmEventLog => Layer::Crm,
            Probe::WebhookDeliveryLog | Probe::ReceiverLog => Layer::Webhook,
        }
    }

    /// The command as the toolbox lists it, with placeholders.
    pub fn template(self) -> &'static str {
        match self {
            Probe::Reproduce => "{client}",
            Probe::AskReporter => "reply to the ticket: exact time? who else? what changed?",
            Probe::CompareHealthy => {
                "{client}   # the same call made right, from a known-good setup"
            }
            Probe::TrustStore => "{trust store}   # the file the runtime reads and its roots",
            Probe::DigClient => "dig +noall +answer {host}; dig {host} @ns1.example.com",
            Probe::DigPlatform => "dig {host}   # on the platform's worker",
            Probe::NcPort => "nc -vz -w 5 {host} {port}",
            Probe::TestNetConnection => "Test-NetConnection {host} -Port {port}",
            Probe::Traceroute => "traceroute -n -T -p {port} -m 12 {host}",
            Probe::Mtr => "mtr -rwn -c 10 --tcp --port {port} {host}",
            Probe::OpensslShowcerts => {
                "openssl s_client -connect {host}:443 -servername {host} -showcerts"
            }
            Probe::DecodeToken => "jwt decode $TOKEN",
            Probe::NetworkLog
            | Probe::CdnLog
            | Probe::GatewayLog
            | Probe::AuthLog
            | Probe::AppLog
            | Probe::DatabaseLog
            | Probe::IntegrationSettings
            | Probe::CrmEventLog
            | Probe::WebhookDeliveryLog
            | Probe::ReceiverLog => logs::TEMPLATE,
            Probe::StatusPage => "open https://status.example.com",
        }
    }

    pub fn minutes(self) -> u32 {
        match self {
            Probe::DecodeToken | Probe::NcPort | Probe::StatusPage => 1,
            Probe::Traceroute => 2,
            // Ten cycles, then reading the report; or asking the reporter's IT to run it.
            Probe::Mtr => 3,
            Probe::TestNetConnection => 5,
            Probe::Reproduce | Probe::DigClient | Probe::DigPlatform => 2,
            Probe::OpensslShowcerts => 2,
            Probe::GatewayLog | Probe::AuthLog | Probe::AppLog | Probe::NetworkLog => 3,
            Probe::CdnLog | Probe::IntegrationSettings | Probe::WebhookDeliveryLog => 3,
            // On the reporter's machine: they run the commands and paste the output.
            Probe::TrustStore => 5,
            Probe::DatabaseLog | Probe::CrmEventLog | Probe::CompareHealthy => 4,
            // Someone else has to answer.
            Probe::ReceiverLog => 10,
            Probe::AskReporter => 15,
        }
    }

    /// Whether the probe can show the solver anything it reads. A healthy run, the reporter's
    /// answers, a port or path test and the platform's own resolver inform an engineer (they rule
    /// things in and out) but are no piece of the trace's evidence: their [`Investigation::facts`]
    /// are always empty and the expert path never takes them.
    pub fn informs_solver(self) -> bool {
        !matches!(
            self,
            Probe::CompareHealthy
                | Probe::AskReporter
                | Probe::NcPort
                | Probe::TestNetConnection
                | Probe::Traceroute
                | Probe::Mtr
                | Probe::DigPlatform
        )
    }

    pub fn info(self) -> ProbeInfo {
        ProbeInfo {
            id: self,
            label: self.label().into(),
            layer: self.layer(),
            command: self.template().into(),
            minutes: self.minutes(),
        }
    }
}

/// The toolbox, in a stable order.
pub fn probes() -> Vec<ProbeInfo> {
    Probe::ALL.iter().map(|p| p.info()).collect()
}

/// The probes that make sense for a puzzle: those whose layer is on its path (the reporter's
/// side and the status page always).
pub fn toolbox(ev: &Evidence) -> Vec<Probe> {
    Probe::ALL
        .into_iter()
        .filter(|p| {
            matches!(p.layer(), Layer::Client)
                || *p == Probe::StatusPage
                || (ev.layers.contains(&p.layer())
                    // A Windows machine on the reporter's network, when the reporter's side
                    // makes the call.
                    && (*p != Probe::TestNetConnection || path::reporters_side(ev)))
                // The app log holds the realtime service's lines too.
                || (*p == Probe::AppLog && ev.layers.contains(&Layer::Realtime))
        })
        .collect()
}

/// One run held for probing: the world as the faults left it and the trace it produced.
pub struct Investigation {
    spec: RunSpec,
    noise: usize,
    misleading: bool,
    world: World,
    trace: Trace,
    /// When the probes run: the trace's "now" (its last event), in epoch ms.
    now_ms: i64,
    /// A scenario's own words (its story and its reporter's answers), when it has them.
    report: Option<(crate::pack::Story, Option<crate::pack::Reporter>)>,
}

impl Investigation {
    /// The run as [`crate::simulate`] makes it.
    pub fn new(spec: &RunSpec) -> Result<Investigation, EngineError> {
        Investigation::with_noise(spec, 12, false)
    }

    /// The run as [`crate::simulate_with_noise`] makes it (puzzles pick noise by difficulty).
    pub fn with_noise(
        spec: &RunSpec,
        noise: usize,
        misleading: bool,
    ) -> Result<Investigation, EngineError> {
        let (world, trace) = crate::run::simulate_world(spec, noise, misleading)?;
        let now_ms = crate::util::parse_iso_ms(&trace.evidence.clock_now).unwrap_or(world.epoch_ms);
        Ok(Investigation {
            spec: spec.clone(),
            noise,
            misleading,
            world,
            trace,
            now_ms,
            report: None,
        })
    }

    /// The same run, answering "Ask the reporter" in a scenario's words: its story (who, since,
    /// expected, actual) and, when the author wrote them, the reporter's other answers.
    pub fn with_report(
        mut self,
        story: &crate::pack::Story,
        reporter: Option<&crate::pack::Reporter>,
    ) -> Investigation {
        self.report = Some((story.clone(), reporter.cloned()));
        self
    }

    /// The run [`crate::puzzle_for`] plays at `difficulty` (its noise), so the probes answer from
    /// the very trace the puzzle shows (a pack scenario, a challenge link).
    pub fn for_puzzle(
        spec: &RunSpec,
        difficulty: Difficulty,
    ) -> Result<Investigation, EngineError> {
        let (noise, misleading) = crate::puzzle::noise_for(difficulty);
        Investigation::with_noise(spec, noise, misleading)
    }

    /// The case [`crate::puzzle::generate_case`] makes from `seed`, with its noise.
    pub fn generated(
        seed: u64,
        diff: Option<Difficulty>,
        topic: Option<&str>,
    ) -> Result<Investigation, EngineError> {
        let (spec, d) = crate::puzzle::pick(seed, diff, topic);
        let (noise, misleading) = crate::puzzle::noise_for(d);
        Investigation::with_noise(&spec, noise, misleading)
    }

    /// The run's spec (flow, faults, seed, call, client as given).
    pub fn spec(&self) -> &RunSpec {
        &self.spec
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn evidence(&self) -> &Evidence {
        &self.trace.evidence
    }

    /// Every secret value the run's world holds, whole (API keys, client secrets, refresh
    /// tokens, webhook secrets, sessions, bearer tokens): what no probe's output may print.
    pub fn secrets(&self) -> Vec<String> {
        crate::mask::values(&self.world)
    }

    /// Runs one probe. Pure: the same probe on the same run gives the same result.
    pub fn run(&self, p: Probe) -> ProbeResult {
        let (command, output, facts) = match p {
            Probe::Reproduce => reproduce::reproduce(self),
            Probe::AskReporter => render::ask_reporter(self),
            Probe::CompareHealthy => render::compare_healthy(self),
            Probe::DigClient => render::dig(self, false),
            Probe::DigPlatform => render::dig(self, true),
            Probe::NcPort => render::nc(self),
            Probe::TestNetConnection => path::test_netconnection(self),
            Probe::Traceroute => path::traceroute(self),
            Probe::Mtr => path::mtr(self),
            Probe::OpensslShowcerts => render::openssl(self),
            Probe::DecodeToken => render::decode_token(self),
            Probe::TrustStore => render::trust_store(self),
            Probe::StatusPage => render::status_page(self),
            _ => logs::search(self, p),
        };
        let mut facts = facts;
        facts.sort();
        facts.dedup();
        // The terminal puts the prompt in front; a run's own command line may carry one already.
        let command = match command.strip_prefix("$ ") {
            Some(bare) => bare.to_string(),
            None => command,
        };
        // Pasted output: no secret, no bearer token whole (the command line's own cut).
        let command = crate::mask::shown(&self.world, &command);
        let output = crate::mask::shown(&self.world, &output);
        ProbeResult {
            probe: p,
            command,
            output,
            minutes: p.minutes(),
            facts,
        }
    }

    /// What `p` reveals, without rendering its output (the same as `run(p).facts`).
    pub fn facts(&self, p: Probe) -> Vec<Fact> {
        let ev = self.evidence();
        let titled = |kind: &str, title: String| {
            ev.artifacts
                .iter()
                .position(|a| a.kind == kind && a.title == title)
                .map(|index| Fact::Artifact { index })
                .into_iter()
                .collect()
        };
        let mut facts = match p {
            _ if !p.informs_solver() => vec![],
            Probe::DigClient => titled("dns", format!("dig {}", render::target(ev, false).0)),
            Probe::OpensslShowcerts => titled(
                "certificate",
                format!("Certificate served by {}", render::target(ev, false).0),
            ),
            _ => logs::shown(ev, p),
        };
        facts.sort();
        facts.dedup();
        facts
    }

    /// Every probe of the puzzle's toolbox, in toolbox order.
    pub fn run_toolbox(&self) -> Vec<ProbeResult> {
        toolbox(self.evidence())
            .into_iter()
            .map(|p| self.run(p))
            .collect()
    }

    /// The shortest investigation after which the solver, fed only what those probes show, names
    /// the root cause's layer without ambiguity; `None` when even every probe together does not
    /// settle it.
    pub fn expert_path(&self) -> Option<ExpertPath> {
        expert::expert_path(self)
    }
}

/// Runs one probe on the run `spec` describes (as [`crate::simulate`] makes it).
pub fn probe(spec: &RunSpec, p: Probe) -> Result<ProbeResult, EngineError> {
    Ok(Investigation::new(spec)?.run(p))
}

/// The expert path of the run `spec` describes (as [`crate::simulate`] makes it).
pub fn expert_path(spec: &RunSpec) -> Result<Option<ExpertPath>, EngineError> {
    Ok(Investigation::new(spec)?.expert_path())
}
