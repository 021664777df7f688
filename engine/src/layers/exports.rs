//! The chat service's asynchronous exports (RFC 9110 §15.3.3, 202 Accepted): `POST /v2/exports`
//! queues a job and answers at once with 202, the job's status resource in `Location` and a
//! `Retry-After`; the job runs for the backend's `export_job_ms` and logs when it is done;
//! `GET /v2/exports/{id}` tells how the job stands and, once it succeeded, links its result,
//! `GET /v2/exports/{id}/result`. The 202's body describes the job, never its rows.

use super::backend::Backend;
use crate::model::Level;
use crate::model::LogSource;
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::World;
use serde_json::{json, Value};

/// How long an export of a day's chats runs in a healthy world.
pub const JOB_MS: i64 = 24_000;
/// The seconds the 202 and a running job's status ask a caller to wait before asking again.
pub const RETRY_AFTER_S: i64 = 10;
pub const PATH: &str = "/v2/exports";

/// An export the service queued: when it was accepted and finishes (trace ms), and how many
/// rows it writes.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub customer_id: String,
    pub since: String,
    pub accepted_at: i64,
    pub done_at: i64,
    pub rows: i64,
}

/// The body a caller posts: the customer's chats since the start of the day before.
pub fn request_body(w: &World) -> String {
    format!(
        "{{\n  \"resource\": \"chats\",\n  \"customerId\": \"{}\",\n  \"since\": \"{}\"\n}}",
        w.customer_id,
        since(w.epoch_ms)
    )
}

/// The start of the day before `epoch_ms`, as a date.
fn since(epoch_ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    util::iso_s((epoch_ms.div_euclid(DAY) - 1) * DAY)[..10].to_string()
}

fn status_url(id: &str) -> String {
    format!("{PATH}/{id}")
}

/// `POST /v2/exports`, `GET /v2/exports/{id}` and `GET /v2/exports/{id}/result`; `rest` is the
/// path after `/v2/exports`.
#[allow(clippy::too_many_arguments)]
pub(super) fn handle(
    b: &Backend,
    w: &World,
    tb: &mut Tb,
    method: &str,
    rest: &[&str],
    parsed: Option<Value>,
    path: &str,
    svc: &str,
) -> Resp {
    match (method, rest) {
        ("POST", []) => queue(b, w, tb, parsed.unwrap_or(Value::Null), path, svc),
        ("GET", [id]) => status(b, w, tb, id, path, svc),
        ("GET", [id, "result"]) => result(b, w, tb, id, path, svc),
        _ => Resp::problem(405, "method", "Method not allowed.", path),
    }
}

fn log(tb: &mut Tb, text: String) {
    tb.log(LogSource::App, Level::Info, text);
}

/// Queues the job and answers 202 with where to ask about it. The job's end is logged when it
/// comes, under the request's trace (the job carries its context).
fn queue(b: &Backend, w: &World, tb: &mut Tb, v: Value, path: &str, svc: &str) -> Resp {
    let cid = v["customerId"].as_str().unwrap_or("").to_string();
    if v["resource"].as_str() != Some("chats") || cid.is_empty() {
        log(
            tb,
            format!("{svc} 400 POST {path}: validation failed: resource must be \"chats\" and customerId is required"),
        );
        return Resp::problem_with(
            400,
            "validation",
            "The request body does not match the schema.",
            path,
            json!({"errors": [{"pointer": "#/resource", "detail": "must be \"chats\""}]}),
        );
    }
    let since = v["since"].as_str().unwrap_or("").to_string();
    let sql = format!("INSERT INTO export_jobs (resource, customer_id, since) VALUES ('chats', '{cid}', '{since}') RETURNING id");
    if let Err(e) = b.db(w, tb, svc, path, &sql) {
        return e;
    }
    let id = format!("exp_{}", tb.rng.alnum(10));
    let rows = tb.rng.range(3, 12);
    let job = Job {
        id: id.clone(),
        customer_id: cid.clone(),
        since: since.clone(),
        accepted_at: tb.t,
        done_at: tb.t + b.export_job_ms,
        rows,
    };
    log(
        tb,
        format!("{svc} 202 POST {path} export={id} customer={cid} since={since}: queued"),
    );
    let secs = b.export_job_ms as f64 / 1000.0;
    tb.log_at(
        job.done_at,
        LogSource::App,
        Level::Info,
        true,
        format!("{svc} export {id} succeeded: {rows} rows written in {secs:.1} s"),
    );
    tb.exports.push(job);
    Resp::json(
        202,
        &json!({"id": id, "status": "queued", "statusUrl": status_url(&id)}),
    )
    .h("Location", status_url(&id))
    .h("Retry-After", RETRY_AFTER_S.to_string())
}

fn job<'a>(tb: &'a Tb, id: &str) -> Option<&'a Job> {
    tb.exports.iter().find(|j| j.id == id)
}

fn unknown(tb: &mut Tb, id: &str, path: &str, svc: &str) -> Resp {
    log(tb, format!("{svc} 404 GET {path}: export {id} not found"));
    Resp::problem(
        404,
        "not-found",
        &format!("Export {id} does not exist."),
        path,
    )
}

/// The job's status: running (with when to ask again) or succeeded (with its result's link).
fn status(b: &Backend, w: &World, tb: &mut Tb, id: &str, path: &str, svc: &str) -> Resp {
    if let Err(e) = b.db(w, tb, svc, path, "SELECT * FROM export_jobs WHERE id = $1") {
        return e;
    }
    let Some(j) = job(tb, id).cloned() else {
        return unknown(tb, id, path, svc);
    };
    log(tb, format!("{svc} 200 GET {path}"));
    if tb.t < j.done_at {
        return Resp::json(200, &json!({"id": j.id, "status": "running"}))
            .h("Retry-After", RETRY_AFTER_S.to_string());
    }
    Resp::json(
        200,
        &json!({"id": j.id, "status": "succeeded", "rows": j.rows, "result": format!("{}/result", status_url(&j.id))}),
    )
}

/// The finished export's rows; a job still running has no result yet.
fn result(b: &Backend, w: &World, tb: &mut Tb, id: &str, path: &str, svc: &str) -> Resp {
    let Some(j) = job(tb, id).cloned().filter(|j| tb.t >= j.done_at) else {
        return unknown(tb, id, path, svc);
    };
    if let Err(e) = b.db(w, tb, svc, path, "SELECT id, customer_id, channel, created_at FROM chats WHERE customer_id = $1 AND created_at >= $2") {
        return e;
    }
    let day = util::parse_iso_ms(&format!("{}T00:00:00Z", j.since)).unwrap_or(0);
    let rows: Vec<Value> = (0..j.rows)
        .map(|i| {
            let h = util::hex(&util::sha256(format!("{} {i}", j.id).as_bytes()));
            let spread = i64::from_str_radix(&h[10..14], 16).unwrap_or(0) % 3_600;
            let at = day + i * 7_200_000 + spread * 1000;
            json!({"id": format!("ch_{}", &h[..10]), "customerId": j.customer_id, "channel": "chat", "createdAt": util::iso_s(at)})
        })
        .collect();
    log(tb, format!("{svc} 200 GET {path} rows={}", j.rows));
    Resp::json(200, &json!({"exportId": j.id, "rows": rows}))
}
