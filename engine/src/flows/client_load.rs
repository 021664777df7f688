//! The traced client's other requests: its job's steady calls (`pace_ms`) and its retry loop
//! (`loop_requests`). They reach the gateway's rate limiter as arrivals in the same bucket as
//! the traced request, so whether any of them (or the traced one) gets a 429 follows from the
//! pace the client keeps; their access-log lines say what the bucket told each at its time.

use crate::layers::gateway::bucket::{Arrival, Bucket, Take};
use crate::layers::gateway::RatePersona;
use crate::model::*;
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::World;

/// The job's calls shown in the access log (the earlier ones only drain the bucket).
const SHOWN_STEADY: usize = 6;
/// How far back the job's calls are simulated: long enough for any plan the fault allows to
/// run dry at the job's pace.
const HISTORY_MS: i64 = 3 * 3_600_000;
/// Loop requests still arriving once the traced request sets off (the loop's workers run on).
const LOOP_AFTER: usize = 25;

/// What `schedule` put in the bucket's way: the first arrival the access log shows.
pub(super) struct Load {
    shown_from: i64,
    loop_from: i64,
}

/// Queues the client's other requests as arrivals; with a loop running, the traced request
/// sets off while the loop is still firing.
pub(super) fn schedule(w: &World, tb: &mut Tb) -> Load {
    let key = bucket_key(w);
    let mut shown_from = i64::MAX;
    let pace = w.client.pace_ms;
    if pace > 0 {
        // The job ticks every `pace`; of the phases it may be in, the incident is one where the
        // developer's call finds the bucket dry (checked a few seconds past its arrival).
        let rate = &w.gateway.rate;
        let k = HISTORY_MS / pace;
        let ticks = |phase: i64| (0..k).map(move |i| -phase - (k - 1 - i) * pace);
        let dry = |phase: i64| {
            let mut b = Bucket {
                tat: -phase - (k - 1) * pace,
            };
            ticks(phase).for_each(|t| {
                rate.take(&mut b, t);
            });
            matches!(rate.take(&mut b, 5_000), Take::Refused { .. })
        };
        let phase = (1..pace / 1000)
            .map(|s| s * 1000)
            .find(|&p| dry(p))
            .unwrap_or(1000);
        let times: Vec<i64> = ticks(phase).collect();
        shown_from = times[times.len().saturating_sub(SHOWN_STEADY)];
        for t in times {
            tb.arrivals.push(Arrival {
                t,
                key: key.clone(),
                took: None,
            });
        }
    }
    let mut loop_from = i64::MAX;
    let n = w.client.loop_requests.min(90) as usize;
    if n > 0 {
        let mut t = tb.t;
        let mut times = vec![];
        for _ in 0..n {
            times.push(t);
            t += tb.rng.range(8, 20);
        }
        loop_from = times[0];
        shown_from = shown_from.min(loop_from);
        tb.t = times[n.saturating_sub(LOOP_AFTER)].max(tb.t);
        for t in times {
            tb.arrivals.push(Arrival {
                t,
                key: key.clone(),
                took: None,
            });
        }
    }
    Load {
        shown_from,
        loop_from,
    }
}

/// After the traced call: the rest of the arrivals take their turn, and every shown one gets
/// its access-log line (and the loop's client its retry lines).
pub(super) fn log(w: &World, tb: &mut Tb, load: &Load, req: &HttpRequest) {
    let ua = crate::sim::header(&req.headers, "user-agent").unwrap_or("-");
    // `$server_protocol` as nginx spells it.
    let proto = match req.http_version.as_str() {
        "HTTP/2" => "HTTP/2.0",
        v => v,
    };
    let key = bucket_key(w);
    w.gateway.rate.settle(tb, &key, i64::MAX);
    // The traced request's own gateway line: arrivals before it took earlier round robin turns.
    let traced_at = tb
        .logs
        .iter()
        .find(|l| l.source == LogSource::Gateway && l.trace_id.as_deref() == Some(&tb.trace_id))
        .map(|l| l.t_ms)
        .unwrap_or(i64::MAX);
    let mut shown: Vec<(i64, Take)> = tb
        .arrivals
        .iter()
        .filter(|a| a.key == key && a.t >= load.shown_from)
        .filter_map(|a| Some((a.t, a.took?)))
        .collect();
    shown.sort_by_key(|(t, _)| *t);
    // No other request of the client's to show (a client with no job or loop of its own).
    if shown.is_empty() {
        return;
    }
    let upstream = w.gateway.upstream_for(&w.client.path);
    // What the service answers this request (its size in the access log), asked aside.
    let served = match upstream {
        Some(u) if !shown.is_empty() => {
            let mut aside = Tb::new(0, tb.epoch_ms);
            let path = w.client.path.split('?').next().unwrap_or("/");
            let r = w.backend.handle(w, &mut aside, req, path, &u.name);
            r.body.map_or(0, |b| b.len())
        }
        _ => 0,
    };
    let refused = match w.gateway.rate.persona {
        RatePersona::Nginx => Resp::nginx(429),
        RatePersona::ApiGateway => w.gateway.plan_refusal(&w.client.path),
    }
    .body
    .map_or(0, |b| b.len());
    let admitted_before = shown
        .iter()
        .filter(|(t, k)| *t < traced_at && matches!(k, Take::Admitted { .. }))
        .count() as i64;
    let (mut before, mut after) = (-admitted_before, 1);
    let conns = connections(tb, &shown, traced_at);
    let request = format!("{} {} {proto}", w.client.method, w.client.path);
    for (i, ((t, took), conn)) in shown.into_iter().zip(conns).enumerate() {
        let in_loop = t >= load.loop_from;
        let st = match took {
            Take::Refused { .. } => 429,
            // A service already shedding load answers the loop with 503s once it is under way.
            Take::Admitted { .. } if in_loop && w.backend.overloaded && i >= 10 => 503,
            Take::Admitted { .. } => 200,
        };
        let up = if st == 429 {
            "rt=0.000 urt=- upstream=-".to_string()
        } else {
            let turn = if t < traced_at {
                &mut before
            } else {
                &mut after
            };
            let server = upstream.map(|u| u.server_at(*turn).to_string());
            *turn += 1;
            let server = server.unwrap_or_else(|| "-".into());
            match st {
                503 => format!("rt=0.412 urt=0.411 upstream={server}"),
                _ => format!("rt=0.004 urt=0.003 upstream={server}"),
            }
        };
        let (level, size) = match st {
            429 => (Level::Warn, refused),
            // The service's load-shedding answer (its problem+json).
            503 => (Level::Error, 187),
            _ => (Level::Info, served),
        };
        // limit_req's own line for each refusal, on that request's connection; the access
        // line for the same request follows it and shares its trace.
        if let Take::Refused { milli, .. } = took {
            w.gateway
                .log_limited(tb, t, conn, &request, &w.client.public_ip, milli);
        }
        let refused_line = tb.logs.len();
        tb.log_other(
            t,
            LogSource::Gateway,
            level,
            format!(
                "{} - - [{}] \"{request}\" {st} {size} \"-\" \"{ua}\" {up}",
                w.client.public_ip,
                util::nginx_time(tb.epoch_ms + t),
            ),
        );
        if refused_line > 0
            && tb.logs[refused_line - 1]
                .text
                .contains(&format!(": *{conn} "))
        {
            let tid = tb.logs[refused_line].trace_id.clone();
            tb.logs[refused_line - 1].trace_id = tid;
        }
        if in_loop && st == 503 && i % 4 == 0 {
            tb.log_other(
                t,
                LogSource::App,
                Level::Error,
                format!(
                    "customers-v2 worker pool exhausted (active=64/64 queued=512/512); shedding {} {}",
                    w.client.method, w.client.path
                ),
            );
        }
        if in_loop && st != 200 && i % 15 == 0 {
            tb.log_at(
                t,
                LogSource::Client,
                Level::Warn,
                false,
                format!(
                    "sync-worker: request failed, retrying immediately (attempt {})",
                    i + 1
                ),
            );
        }
    }
}

/// nginx's connection number (`*N`) for each shown request: each came on a connection of its
/// own, numbered in the order nginx accepted them, around the traced request's (other
/// clients' connections were accepted in between).
fn connections(tb: &mut Tb, shown: &[(i64, Take)], traced_at: i64) -> Vec<i64> {
    let traced = tb.gateway_conn.unwrap_or(50_000);
    let before = shown.iter().filter(|(t, _)| *t < traced_at).count();
    let mut conns = vec![0; shown.len()];
    let mut n = traced;
    for c in conns[..before].iter_mut().rev() {
        n -= tb.rng.range(1, 4);
        *c = n;
    }
    let mut n = traced;
    for c in conns[before..].iter_mut() {
        n += tb.rng.range(1, 4);
        *c = n;
    }
    conns
}

/// The bucket the client's requests draw from: its address at raw nginx, its consumer at an
/// API gateway (the same for every request of its job or loop: one credential).
fn bucket_key(w: &World) -> String {
    w.gateway
        .rate
        .key_for(
            w.client.authorization.as_deref(),
            w.client.api_key.as_deref(),
            &w.client.public_ip,
        )
        .into_owned()
}
