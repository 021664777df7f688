//! One run: a [`RunSpec`] checked against the catalogue, a world set up for its flow and faults,
//! the flow driven through the layers, then noise added and the [`Trace`] assembled.

use crate::model::*;
use crate::runtime::{self, Runtime};
use crate::{faults, flows, layers, mask, sim, util, world};

pub fn simulate_simple(
    flow: Option<&str>,
    faults: &[FaultSpec],
    seed: u64,
) -> Result<Trace, EngineError> {
    simulate(&RunSpec {
        flow: flow.map(String::from),
        faults: faults.to_vec(),
        seed,
        call: None,
        client: None,
    })
}

pub fn simulate(spec: &RunSpec) -> Result<Trace, EngineError> {
    simulate_with_noise(spec, 12, false)
}

/// `noise` unrelated log lines; `misleading` makes some of them errors (harder puzzles).
pub fn simulate_with_noise(
    spec: &RunSpec,
    noise: usize,
    misleading: bool,
) -> Result<Trace, EngineError> {
    simulate_world(spec, noise, misleading).map(|(_, t)| t)
}

/// A run and the world it ran in (as the faults left it), for the probes (`crate::probe`),
/// which ask the same world more questions.
pub(crate) fn simulate_world(
    spec: &RunSpec,
    noise: usize,
    misleading: bool,
) -> Result<(world::World, Trace), EngineError> {
    run_world(spec, noise, misleading, true, Again::No)
}

/// The known-good request of the call `story` (the reporter's world) is about: `spec` holds
/// the call and the faults every caller meets; the story's world says where the call goes and
/// who may make it (`faults::known_good`).
pub(crate) fn simulate_known_good(
    spec: &RunSpec,
    story: &world::World,
    noise: usize,
    misleading: bool,
) -> Result<(world::World, Trace), EngineError> {
    run_world(spec, noise, misleading, true, Again::KnownGood(story))
}

/// A run other than the reporter's own: the call made again later, or made right.
#[derive(Clone, Copy)]
enum Again<'a> {
    No,
    Rerun(Rerun),
    KnownGood(&'a world::World),
}

/// The reporter's call made again later (the probes' reproduction of a fault that fails only
/// now and then): the same world, another trace, and what the call meets this time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rerun {
    /// Which rerun (1, 2, …): its trace id and timings are its own.
    pub attempt: u64,
    /// When it is sent (epoch ms): after the traced run, as the engineer reads the ticket.
    pub at_ms: i64,
    /// The round robin turn the request takes at the gateway (the traced request's was 0;
    /// other callers' requests took the turns between).
    pub turn: i64,
    /// Whether the call meets, this time, what only some calls meet: the batch job holding the
    /// rows the call updates (`db-deadlock`), a batch of the CRM's bulk job holding the
    /// customer's contact (`crm-row-lock`), the CRM's slow moment over a new case
    /// (`webhook-duplicate-delivery`, `webhook-out-of-order`).
    pub bad_moment: bool,
}

/// How long a batch of the CRM's bulk job holds the records it updates, when a rerun meets
/// one: from twenty seconds before the test chat ends until twenty after, past its first
/// delivery attempt (the CRM gives up on a lock after ten seconds); less than the minute
/// between two test chats, so each meets a batch of its own or none.
const BATCH_HOLD_MS: i64 = 40_000;

impl Rerun {
    /// The world as the rerun meets it: what only some calls meet is there or not; a chat the
    /// platform turns into a ticket is a test chat of its own, with its own id.
    fn meet(&self, w: &mut world::World, flow: Flow, seed: u64) {
        if self.bad_moment {
            for l in &mut w.crm.more.locks {
                l.from_ms = self.at_ms - BATCH_HOLD_MS / 2;
                l.until_ms = self.at_ms + BATCH_HOLD_MS / 2;
            }
        } else {
            w.db.deadlock = None;
            w.crm.more.locks.clear();
            w.receiver.crm_stall_first_ms = 0;
        }
        if flow == Flow::CrmTicket {
            let mut rng = util::Rng::new(seed ^ 0x7E57_C4A7 ^ self.attempt.rotate_left(23));
            w.chat_id = format!("ch_{}", rng.alnum(10));
        }
    }
}

/// A [`Rerun`] of `spec`'s call, with no other callers' lines (only the call's own are read).
pub(crate) fn simulate_rerun(
    spec: &RunSpec,
    rerun: Rerun,
) -> Result<(world::World, Trace), EngineError> {
    run_world(spec, 0, false, true, Again::Rerun(rerun))
}

/// [`simulate_world`] with the secrets left in the evidence (to test masking against).
#[cfg(test)]
pub(crate) fn simulate_world_unmasked(
    spec: &RunSpec,
    noise: usize,
    misleading: bool,
) -> Result<(world::World, Evidence), EngineError> {
    run_world(spec, noise, misleading, false, Again::No).map(|(w, t)| (w, t.evidence))
}

fn run_world(
    spec: &RunSpec,
    noise: usize,
    misleading: bool,
    masked: bool,
    again: Again,
) -> Result<(world::World, Trace), EngineError> {
    let mut defs = vec![];
    for f in &spec.faults {
        let d = faults::find(&f.id).ok_or_else(|| EngineError::UnknownFault(f.id.clone()))?;
        defs.push((d, faults::resolve(d, &f.params)?));
    }
    let flow = match &spec.flow {
        Some(f) => Flow::parse(f).ok_or_else(|| EngineError::UnknownFlow(f.clone()))?,
        None => defs.first().map_or(Flow::ApiCall, |(d, _)| d.flows[0]),
    };
    for (d, _) in &defs {
        if !d.flows.contains(&flow) {
            return Err(EngineError::NotApplicable {
                fault: d.id.into(),
                flow: flow.id().into(),
            });
        }
    }
    let mut w = world::World::new(spec.seed);
    if let Some(c) = &spec.call {
        if !flow.takes_call() {
            return Err(EngineError::BadCall(format!(
                "a call can only be chosen for the {} flow",
                Flow::ApiCall
            )));
        }
        let m = c.method.to_ascii_uppercase();
        if !flow.methods().contains(&m.as_str()) {
            return Err(EngineError::BadCall(format!(
                "unsupported method \"{}\"",
                c.method
            )));
        }
        if !c.path.starts_with('/') || c.path.contains(' ') {
            return Err(EngineError::BadCall(format!(
                "path must start with / and have no spaces: \"{}\"",
                c.path
            )));
        }
        faults::set_call(&mut w, &m, &c.path);
        w.call_chosen = true;
    }
    let ids: Vec<&str> = defs.iter().map(|(d, _)| d.id).collect();
    let rt = runtime::choose(flow, spec.client.as_deref(), &ids)?;
    flows::prepare(flow, &mut w);
    w.client.runtime = rt;
    w.client.agent = rt.agent();
    for (d, p) in &defs {
        faults::apply(&mut w, d, p, flow);
    }
    if let Again::KnownGood(story) = again {
        faults::known_good::apply(&mut w, story);
    }
    if rt == Runtime::Java && w.client.tls_max < 12 {
        // Only Java 7's HttpsURLConnection still offers nothing newer than TLS 1.0.
        w.client.agent = layers::Agent::LegacyJava;
    }
    let mut tb = sim::Tb::new(spec.seed ^ 0x5EED, w.epoch_ms);
    if let Again::Rerun(r) = again {
        let seed = util::Rng::new(spec.seed ^ 0x5EED ^ r.attempt.rotate_left(17)).next_u64();
        tb = sim::Tb::new(seed, r.at_ms);
        tb.turn_base = r.turn;
        r.meet(&mut w, flow, spec.seed);
    }
    tb.issuer_kid = w.auth.kid.clone();
    let ran = flows::run(flow, &w, &mut tb);
    connection_artifacts(&w, &mut tb);
    layers::edge::artifacts(&w, &mut tb);
    // Work that went on after a caller gave up is real and shows on the timeline, in time order.
    tb.order_timeline();
    let end = tb.last_t();
    tb.t = end;
    if misleading {
        flows::red_herrings(&w, flow, &mut tb);
    }
    // A crash-looping instance's minutes before the report (nothing in any other world).
    layers::gateway::passive::history(&w, &mut tb);
    flows::noise(&w, flow, &mut tb, noise, misleading);
    tb.t = end;
    tb.sort_logs();
    let root = defs.first();
    let (fault_id, title, params, layer, action, owner, diagnosis) = match root {
        Some((d, p)) => (
            d.id.to_string(),
            d.title.to_string(),
            p.clone(),
            d.layer,
            d.next_action.to_string(),
            d.owner.label().to_string(),
            d.summary.to_string(),
        ),
        None => (
            "healthy".into(),
            "No fault".into(),
            Default::default(),
            Layer::Client,
            "Nothing to fix.".into(),
            "nobody".into(),
            "Everything worked.".into(),
        ),
    };
    let evidence = Evidence {
        schema_version: SCHEMA_VERSION,
        flow,
        layers: flow.layers_with(w.edge.is_some()),
        story: ran.story,
        client: ran.client,
        events: tb.events,
        exchanges: tb.exchanges,
        logs: tb.logs,
        artifacts: tb.artifacts,
        correlation: format!("00-{}-{}-01", tb.trace_id, tb.span_id),
        trace_id: tb.trace_id,
        outcome: ran.outcome,
        started_at: util::iso_ms(tb.epoch_ms),
        clock_now: util::iso_ms(tb.epoch_ms + end),
    };
    let evidence = if masked {
        mask::evidence(&w, evidence)
    } else {
        evidence
    };
    let trace = Trace {
        answer: Answer {
            root_cause_layer: layer,
            surfaced_at: tb.surfaced.unwrap_or(layer),
            fault_id,
            fault_title: title,
            params,
            faults: spec.faults.clone(),
            failing_event: tb.failing_event,
            failing_exchange: tb.failing_exchange,
            diagnosis,
            next_action: action,
            owner,
            webhook_secrets: w
                .integration
                .subscriptions
                .first()
                .filter(|_| flow == Flow::CrmTicket)
                .map(|s| WebhookSecrets {
                    signing: s.secret.clone(),
                    receiver: w.receiver.secret.clone(),
                }),
        },
        evidence,
    };
    Ok((w, trace))
}

/// The line that heads the same `openssl s_client` run made from outside the reporter's network.
pub const OUTSIDE: &str =
    "# the same check from outside the reporter's network (the platform's monitoring host):";

/// When a client-side call failed below HTTP, a support engineer would run dig and openssl:
/// add what they would see (for every such failure, so the artifact itself is no spoiler).
fn connection_artifacts(w: &world::World, tb: &mut sim::Tb) {
    let Some(x) = tb
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client && x.client_error.is_some())
        .cloned()
    else {
        return;
    };
    let (_, host, _, _) = layers::split_url(&x.request.url);
    let dig = w.dns.dig(&host, tb.now_ms());
    tb.artifact("dns", format!("dig {host}"), dig);
    if x.timings.ssl >= 0 {
        if w.net.blackholes_large(Layer::Client) {
            // From the reporter's machine openssl connects, sends its ClientHello and waits
            // like the client did; the engineer stops it and runs it from outside.
            if let Some(real) = w.tls_for(&host) {
                let body = format!(
                    "$ timeout 30 openssl s_client -connect {host}:443 -servername {host} -showcerts </dev/null; echo \"exit $?\"\nCONNECTED(00000003)\nexit 124\n\n{OUTSIDE}\n{}",
                    real.dump(&host, tb.now_ms(), w.client.tls_max)
                );
                tb.artifact("certificate", format!("Certificate served by {host}"), body);
            }
            return;
        }
        if let Some(t) = w.tls_met(&host, Layer::Client) {
            let mut body = t.dump(&host, tb.now_ms(), w.client.tls_max);
            // Behind an inspecting proxy the reporter's machine sees the proxy's certificate;
            // the engineer runs the same check from outside that network too.
            // A certificate that does not name the host: the engineer also looks at what the
            // listener sends a ClientHello without SNI.
            let client = w.client_tls_for(w.client.agent);
            if !t.presented(client.sends_sni).covers(&host) {
                body.push_str(&format!("\n{}", t.dump_without_sni(&host, tb.now_ms())));
            }
            if w.net.inspection.is_some() {
                if let Some(real) = w.tls_for(&host) {
                    body.push_str(&format!(
                        "\n{OUTSIDE}\n{}",
                        real.dump(&host, tb.now_ms(), w.client.tls_max)
                    ));
                }
            }
            tb.artifact("certificate", format!("Certificate served by {host}"), body);
            // A certificate the client does not trust: the person on the client's machine
            // looks at the CA bundle its runtime reads.
            let trust = t.trust_failure(&w.client_tls_for(w.client.agent));
            if trust.is_some() {
                if let Some((title, body)) =
                    layers::trust_store::check(w.client.runtime, w.client.old_trust_store)
                {
                    tb.artifact("trust-store", title, body);
                }
            }
        }
    }
}
