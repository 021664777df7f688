//! The probes that are not log searches: the reporter's client run again, dig, nc, openssl, the
//! decoded token, the status page, a healthy run of the same call, the reporter's answers. Each
//! reads the run's world and trace; where the trace already holds the tool's output (dig and
//! openssl after a failed connection, the decoded token) the probe prints that same text.

use super::logs::{attachments, shown};
use super::{Fact, Investigation, Probe};
use crate::layers::auth::AuthServer;
use crate::layers::split_url;
use crate::model::*;
use crate::util;

type Out = (String, String, Vec<Fact>);

/// The host (and port) a connectivity probe aims at: the reporter's first call, or, for a flow
/// the platform starts itself, its first outgoing call. `platform` asks for the host the
/// platform calls out to, when it makes such calls.
pub(super) fn target(ev: &Evidence, platform: bool) -> (String, u16, bool) {
    let first = |pred: &dyn Fn(&Exchange) -> bool| ev.exchanges.iter().find(|x| pred(x));
    let x = if platform {
        first(&|x| x.from != Layer::Client).or_else(|| first(&|_| true))
    } else {
        first(&|x| x.from == Layer::Client).or_else(|| first(&|_| true))
    };
    match x {
        Some(x) => {
            let (_, host, port, _) = split_url(&x.request.url);
            (host, port, x.from != Layer::Client)
        }
        None => (crate::world::API_HOST.to_string(), 443, false),
    }
}

/// The same call made right from a known-good setup: same seed, flow, call, host and client,
/// its trace id its own, made by a caller allowed to make it (`crate::faults::known_good`). The
/// faults that live in the reporter's own setup (or fail only now and then) are left behind;
/// those every caller meets stay, so a platform that is down for the reporter is down for this
/// request too (`crate::faults::Reach`).
pub(super) fn compare_healthy(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let shared = inv
        .spec
        .faults
        .iter()
        .filter(|f| crate::faults::reach(&f.id) == Some(crate::faults::Reach::Everyone))
        .cloned()
        .collect();
    let spec = RunSpec {
        flow: Some(ev.flow.id().to_string()),
        faults: shared,
        seed: inv.spec.seed,
        call: inv.spec.call.clone().or_else(|| context_call(inv)),
        client: (!crate::runtime::Runtime::for_flow(ev.flow).is_empty())
            .then(|| inv.world.client.runtime.id().to_string()),
    };
    let Ok((good, healthy)) =
        crate::run::simulate_known_good(&spec, &inv.world, inv.noise, inv.misleading)
    else {
        return (
            ev.client.action.clone(),
            "(no healthy run of this call can be made)\n".into(),
            vec![],
        );
    };
    let h = &healthy.evidence;
    // Another request: another trace id (derived, so the run stays deterministic).
    let other =
        util::hex(&util::sha256(format!("healthy {}", ev.trace_id).as_bytes()))[..32].to_string();
    let mut out = caller_note(&inv.world, &good).unwrap_or_default();
    out.push_str(&format!("{}\n", h.outcome.trim_end()));
    for (i, x) in h.exchanges.iter().enumerate() {
        if x.from == Layer::Client || !h.exchanges.iter().any(|x| x.from == Layer::Client) {
            out.push('\n');
            out.push_str(crate::text::render_exchange(i, x).trim_end());
            out.push('\n');
        }
    }
    let mut out = out.replace(&h.trace_id, &other);
    // Postman gives each request a token of its own: this one is not the reporter's.
    for x in &h.exchanges {
        if let Some(t) = crate::sim::header(&x.request.headers, "postman-token") {
            let own = crate::runtime::headers::postman_token(&format!("healthy {t}"));
            out = out.replace(t, &own);
        }
    }
    (h.client.action.replace(&h.trace_id, &other), out, vec![])
}

/// Who the known-good request is made as, when not the reporter's client itself (a call that
/// needs a role it lacks is made by a caller that holds it, `faults::known_good`): a line
/// saying so, with both callers' roles.
fn caller_note(story: &crate::world::World, good: &crate::world::World) -> Option<String> {
    let sub = |w: &crate::world::World| AuthServer::decode(&w.client.token).map(|c| c.sub);
    let (theirs, mine) = (sub(good)?, sub(story)?);
    if theirs == good.client.client_id {
        return None;
    }
    let role = |w: &crate::world::World, s: &str| {
        w.auth
            .roles
            .get(s)
            .cloned()
            .unwrap_or_else(|| "none".into())
    };
    Some(format!(
        "# made as {theirs}, a client of the same tenant with the role {} ({mine} has {}): a token of its own, with the same scopes\n",
        role(good, &theirs),
        role(story, &mine)
    ))
}

/// The call the known-good request makes when the run names none: the one a fault chose because
/// the story is about it (the sync's first page, the chat opened, the customer uploaded; see
/// `World::story_call`), else the flow's default. A call that is itself the bug (a wrong method
/// or path) is never the story's: the known-good request makes the flow's own.
fn context_call(inv: &Investigation) -> Option<CallSpec> {
    inv.world
        .story_call
        .clone()
        .filter(|_| inv.trace.evidence.flow.takes_call())
}

/// The reporter's answers: only what the ticket's story holds, or, for a scenario, its author's
/// words verbatim (what they did not write is answered as for any ticket).
pub(super) fn ask_reporter(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let s = &ev.story;
    let command = "reply to the ticket: exact time? who else? what changed?".to_string();
    let ask = "> When exactly did it start, who else is affected, and what changed?\n\n";
    if let Some((story, reporter)) = &inv.report {
        let r = reporter.clone().unwrap_or_default();
        let mut out = format!(
            "{ask}Who: {}\nSince: {}\nExpected: {}\nWhat they see: {}\n",
            story.who.trim(),
            story.since.trim(),
            story.expected.trim(),
            story.actual.trim()
        );
        if let Some(t) = &r.others_affected {
            out.push_str(&format!("Who else: {}\n", t.trim()));
        }
        let changed = r.changed.as_deref().unwrap_or("nothing they know of.");
        out.push_str(&format!("What changed: {}\n", changed.trim()));
        if let Some(t) = &r.tried {
            out.push_str(&format!("What they tried: {}\n", t.trim()));
        }
        out.push_str(&support_queue(inv));
        return (command, out, vec![]);
    }
    let since = if s.since.is_empty() {
        format!(
            "the first failure they noticed was the one in the ticket, at {}",
            util::iso_s(util::parse_iso_ms(&ev.started_at).unwrap_or(0))
        )
    } else {
        s.since.clone()
    };
    let mut out = format!(
        "{ask}Who: {}\nSince: {since}\nExpected: {}\nWhat they see: {}\nWhat changed: nothing they know of.\n",
        s.context, s.expected, s.actual
    );
    out.push_str(&support_queue(inv));
    (command, out, vec![])
}

/// Who else wrote in: the support desk's queue beside the ticket, when other customers have
/// opened tickets (`layers/support_desk.rs` works them out from the world).
fn support_queue(inv: &Investigation) -> String {
    crate::layers::support_desk::render(&inv.world, inv.now_ms)
        .map(|q| format!("\n{q}"))
        .unwrap_or_default()
}

/// dig from the reporter's machine (their caching resolver, then the zone's server), or from the
/// platform's worker (a validating resolver with nothing cached).
pub(super) fn dig(inv: &Investigation, platform: bool) -> Out {
    let ev = inv.evidence();
    let (host, _, _) = target(ev, platform);
    if !platform {
        let facts = shown(ev, Probe::DigClient);
        let same = ev
            .artifacts
            .iter()
            .position(|a| a.kind == "dns" && a.title == format!("dig {host}"));
        let body = match same {
            Some(i) => ev.artifacts[i].body.clone(),
            None => inv.world.dns.dig(&host, inv.now_ms),
        };
        let facts = facts
            .into_iter()
            .filter(|f| same.is_some_and(|i| *f == Fact::Artifact { index: i }))
            .collect();
        let (command, output) = split_command(&body);
        return (command, output, facts);
    }
    let d = &inv.world.dns;
    let servfail = d.zone.contains_key(host.as_str()) && d.rrsig_expired.contains(&host);
    let id = util::sha256(format!("platform {host}{}", inv.now_ms).as_bytes());
    let id = u16::from_be_bytes([id[0], id[1]]);
    let ms = if servfail {
        1500 + id % 400
    } else {
        2 + id % 30
    };
    let mut s = format!(
        "\n; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> {host}\n;; global options: +cmd\n;; Got answer:\n"
    );
    s.push_str(&d.recursive_answer(&host, ("10.0.5.2#53(10.0.5.2)", ms, id), true, inv.now_ms));
    (format!("dig {host}"), s, vec![])
}

/// A `$ command` first line and the rest.
fn split_command(body: &str) -> (String, String) {
    match body.split_once('\n') {
        Some((first, rest)) if first.starts_with("$ ") => (first[2..].to_string(), rest.into()),
        _ => (String::new(), body.into()),
    }
}

/// How a TCP connect from the probe's side ends.
pub(super) enum Reach {
    Open,
    Refused,
    TimedOut,
    /// getaddrinfo's words for a name that does not resolve.
    NoName(&'static str),
    /// The proxy's status line for the refused CONNECT.
    ProxyDenied(&'static str),
}

pub(super) fn reach(inv: &Investigation, host: &str, port: u16, platform: bool) -> (Reach, String) {
    let w = &inv.world;
    let resolved = if platform {
        w.dns
            .zone
            .get(host)
            .filter(|_| !w.dns.rrsig_expired.contains(host))
            .map(|i| i.to_string())
    } else {
        let internal = w.dns.internal_answer(Layer::Client, host).map(String::from);
        internal
            .or_else(|| w.dns.cache.get(host).map(|(ip, _)| ip.clone()))
            .or_else(|| {
                w.dns
                    .zone
                    .get(host)
                    .filter(|_| !w.dns.rrsig_expired.contains(host))
                    .map(|i| i.to_string())
            })
    };
    let Some(ip) = resolved else {
        let why = if w.dns.rrsig_expired.contains(host) {
            "Temporary failure in name resolution"
        } else {
            "Name or service not known"
        };
        return (Reach::NoName(why), String::new());
    };
    if let (false, Some(p)) = (platform, &w.net.proxy) {
        match p.refuses(host) {
            Some(407) => return (Reach::ProxyDenied("407 Proxy Authentication Required"), ip),
            Some(_) => return (Reach::ProxyDenied("403 Forbidden"), ip),
            None => {}
        }
    }
    let r = if let Some(rule) = w.net.rules.iter().find(|r| r.dst == ip && r.port == port) {
        if rule.action == crate::layers::network::FwAction::Drop {
            Reach::TimedOut
        } else {
            Reach::Refused
        }
    } else {
        match w.net.listening.get(ip.as_str()) {
            Some(ports) if ports.contains(&port) => Reach::Open,
            Some(_) => Reach::Refused,
            None => Reach::TimedOut,
        }
    };
    (r, ip)
}

/// `nc -vz` (OpenBSD netcat) to the target's port, through the proxy where the network has one.
pub(super) fn nc(inv: &Investigation) -> Out {
    let (host, port, platform) = target(inv.evidence(), false);
    let proxy = inv.world.net.proxy.as_ref().filter(|_| !platform);
    let command = match proxy {
        Some(p) => format!("nc -X connect -x {}:3128 -vz -w 5 {host} {port}", p.host),
        None => format!("nc -vz -w 5 {host} {port}"),
    };
    let svc = match port {
        443 => "https",
        80 => "http",
        _ => "*",
    };
    let (r, ip) = reach(inv, &host, port, platform);
    let out = match r {
        Reach::Open => format!("Connection to {host} ({ip}) {port} port [tcp/{svc}] succeeded!\n"),
        Reach::Refused => {
            format!("nc: connect to {host} ({ip}) port {port} (tcp) failed: Connection refused\n")
        }
        Reach::TimedOut => format!(
            "nc: connect to {host} ({ip}) port {port} (tcp) timed out: Operation now in progress\n"
        ),
        Reach::NoName(why) => format!("nc: getaddrinfo for host \"{host}\" port {port}: {why}\n"),
        Reach::ProxyDenied(status) => format!("nc: Proxy error: \"HTTP/1.1 {status}\"\n"),
    };
    (command, out, vec![])
}

/// `openssl s_client -showcerts` to the target host: the chain and its verification, or why no
/// handshake could start.
pub(super) fn openssl(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let (host, port, platform) = target(ev, false);
    let title = format!("Certificate served by {host}");
    if let Some(i) = ev
        .artifacts
        .iter()
        .position(|a| a.kind == "certificate" && a.title == title)
    {
        let (command, output) = split_command(&ev.artifacts[i].body);
        return (command, output, vec![Fact::Artifact { index: i }]);
    }
    let command =
        format!("openssl s_client -connect {host}:443 -servername {host} -showcerts </dev/null");
    let (r, _) = reach(inv, &host, 443, platform);
    let fail = |code: &str, why: &str, errno: u32| {
        format!(
            "40F7A1E1B27F0000:error:{code}:system library:BIO_connect:{why}:../crypto/bio/bio_sock2.c:125:calling connect()\n\
             40F7A1E1B27F0000:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:127:\n\
             connect:errno={errno}\n"
        )
    };
    let out = match r {
        Reach::Refused => fail("8000006F", "Connection refused", 111),
        Reach::TimedOut => fail("8000006E", "Connection timed out", 110),
        Reach::NoName(why) => format!(
            "40F7A1E1B27F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:{why}\nconnect:errno=0\n"
        ),
        Reach::ProxyDenied(_) | Reach::Open => match inv.world.tls_for(&host) {
            Some(t) => {
                let (_, o) = split_command(&t.dump(&host, inv.now_ms, inv.world.client.tls_max));
                o
            }
            None if port != 443 => fail("8000006F", "Connection refused", 111),
            None => "CONNECTED(00000003)\n40F7A1E1B27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:\n---\nno peer certificate available\n---\n".into(),
        },
    };
    (command, out, vec![])
}

/// The access token, decoded: the trace's decoded token, or what the request carries instead.
pub(super) fn decode_token(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let facts = shown(ev, Probe::DecodeToken);
    let jwt: Vec<&Artifact> = ev.artifacts.iter().filter(|a| a.kind == "jwt").collect();
    if !jwt.is_empty() {
        let out: String = jwt
            .iter()
            .map(|a| format!("{}\n", a.body.trim_end()))
            .collect();
        return ("jwt decode \"$TOKEN\"".into(), out, facts);
    }
    let auth = ev
        .exchanges
        .iter()
        .filter(|x| x.from == Layer::Client)
        .find_map(|x| crate::sim::header(&x.request.headers, "authorization"));
    let out = match auth {
        Some(a) if a.starts_with("Bearer ") => {
            "Error: the token is not a JWT (it does not have three dot-separated parts)\n".into()
        }
        Some(a) => format!(
            "Error: no bearer token: the request authenticates with \"{}\"\n",
            a.split(' ').next().unwrap_or("")
        ),
        None => "Error: no bearer token: the request carries no Authorization header\n".into(),
    };
    ("jwt decode \"$TOKEN\"".into(), out, facts)
}

/// The CA bundle the reporter's runtime verifies against, as they would look it up on their
/// machine: the trace's own artefact when the handshake failed on trust, else the same commands
/// run against the world's bundle. Runtimes with built-in roots have no file to check.
pub(super) fn trust_store(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let facts = shown(ev, Probe::TrustStore);
    let rt = inv.world.client.runtime;
    let command = format!("# on the reporter's machine ({})", rt.id());
    if let Some(a) = ev.artifacts.iter().find(|a| a.kind == "trust-store") {
        return (command, format!("{}\n", a.body.trim_end()), facts);
    }
    let out = match crate::layers::trust_store::check(rt, inv.world.client.old_trust_store) {
        Some((_, body)) => format!("{}\n", body.trim_end()),
        None => format!(
            "{} verifies against the root store built into it; there is no CA bundle of its own to check.\n",
            rt.id()
        ),
    };
    (command, out, facts)
}

/// The platform's status page (Statuspage's summary API), the CRM vendor's where the flow
/// reaches a CRM, and the platform's changelog.
pub(super) fn status_page(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let w = &inv.world;
    let jq = "jq -r '.status.description, (.components[] | \"\\(.name): \\(.status)\")'";
    let maint = w
        .backend
        .maintenance_until_ms
        .is_some_and(|until| until > util::parse_iso_ms(&ev.started_at).unwrap_or(0));
    let mut out = format!(
        "{}\nAPI (api.example.com): {}\nAuthentication (auth.example.com): operational\nWebhooks: operational\n",
        if maint {
            "Service Under Maintenance"
        } else {
            "All Systems Operational"
        },
        if maint { "under_maintenance" } else { "operational" }
    );
    let mut command = format!("curl -s https://status.example.com/api/v2/summary.json | {jq}");
    if ev.layers.contains(&Layer::Crm) {
        command.push_str(&format!(
            "; curl -s https://status.crm.example.net/api/v2/summary.json | {jq}"
        ));
        out.push_str(&if w.crm.outage {
            "Major System Outage\nREST API: major_outage\nLightning UI: major_outage\n".to_string()
        } else {
            "All Systems Operational\nREST API: operational\nLightning UI: operational\n"
                .to_string()
        });
    }
    out.push_str(&attachments(ev, Probe::StatusPage));
    (command, out, shown(ev, Probe::StatusPage))
}
