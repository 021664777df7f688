//! Backend services behind the gateway: handlers with schemas, business rules, resources.

use super::database::DbErr;
use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util::{self, Rng};
use crate::world::World;
use serde_json::{json, Value};
use std::collections::BTreeMap;

mod bodies;
mod schema;
use schema::{chat_schema, e164, node_json_error, strict_violation};

#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Optional in the data; the code that assumes it exists is the classic crash.
    pub tier: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Backend {
    /// Process listening on its port.
    pub up: bool,
    pub maintenance_until_ms: Option<i64>,
    /// Worker queue saturated.
    pub overloaded: bool,
    /// Handler bug that throws on records without a tier.
    pub null_tier_bug: bool,
    pub extra_ms: i64,
    pub customers: BTreeMap<String, Box<Customer>>,
    pub instances: Vec<String>,
    /// Instances (by address) whose app process is down: the instance's local proxy still
    /// accepts connections and answers 502 for every request.
    pub broken_instances: Vec<String>,
    /// Instances (by address) whose app process crash-loops: restarted by its supervisor, it
    /// accepts the next request and dies on it, closing the connection without an answer.
    pub crash_looping: Vec<String>,
    /// The service's own keep-alive timeout (Node's `server.keepAliveTimeout`): it closes a
    /// connection that has been idle this long. Set above the gateway's upstream keep-alive
    /// (65 s against nginx's 60 s), so nginx is always the side that closes an idle connection.
    pub keepalive_timeout_s: i64,
    /// How long an export job runs after its POST is accepted (`layers::exports`).
    pub export_job_ms: i64,
    /// How long a list cursor stays valid after the page that issued it (`layers::pages`).
    pub cursor_ttl_ms: i64,
    /// The customers' GET bodies and ETags worked out so far.
    bodies: bodies::Bodies,
}

/// A PATCH of the phone: the customer's row, then its contact point, in one transaction.
pub const PHONE_UPDATE: [&str; 2] = [
    "UPDATE customers SET phone = $1, updated_at = now() WHERE id = $2",
    "UPDATE contact_points SET value = $1 WHERE customer_id = $2 AND kind = 'phone'",
];

/// A chat as GET returns it, pretty-printed as `json!` writes `{"id", "status"}` (written by
/// hand: background clients read chats on every trace).
fn chat_body(id: &str) -> String {
    let mut b = String::with_capacity(id.len() + 40);
    b.push_str("{\n  \"id\": ");
    util::json::push_json_str(&mut b, id);
    b.push_str(",\n  \"status\": \"active\"\n}");
    b
}

fn app_log(tb: &mut Tb, level: Level, text: String) {
    tb.log(LogSource::App, level, text);
}

impl Backend {
    /// The service is up and holds two customers: the world's customer and one without a tier.
    pub fn healthy(customer_id: &str, rng: &mut Rng) -> Backend {
        let mut customers = BTreeMap::new();
        customers.insert(
            customer_id.to_string(),
            Customer {
                id: customer_id.to_string(),
                name: "Dana Whitfield".into(),
                email: "dana.whitfield@example.com".into(),
                phone: "+15555550142".into(),
                tier: Some("premium".into()),
            }
            .into(),
        );
        customers.insert(
            "20001".into(),
            Customer {
                id: "20001".into(),
                name: "Sam Ortiz".into(),
                email: "sam.ortiz@example.com".into(),
                phone: "+15555550199".into(),
                tier: None,
            }
            .into(),
        );
        Backend {
            up: true,
            maintenance_until_ms: None,
            overloaded: false,
            null_tier_bug: false,
            extra_ms: rng.range(5, 40),
            customers,
            instances: vec!["customers-v2-7d9f".into()],
            broken_instances: vec![],
            crash_looping: vec![],
            keepalive_timeout_s: 65,
            export_job_ms: super::exports::JOB_MS,
            cursor_ttl_ms: super::pages::CURSOR_TTL_MS,
            bodies: Default::default(),
        }
    }
}

impl Backend {
    /// Handles a request the gateway forwarded. `path` has no query string.
    pub fn handle(&self, w: &World, tb: &mut Tb, req: &HttpRequest, path: &str, svc: &str) -> Resp {
        tb.jitter(2, 6);
        if let Some(until) = self.maintenance_until_ms {
            app_log(
                tb,
                Level::Warn,
                format!(
                    "{svc} maintenance mode on until {}: rejecting {} {path}",
                    util::iso_s(until),
                    req.method
                ),
            );
            let secs = ((until - tb.now_ms()) / 1000).max(60);
            return Resp::problem(
                503,
                "maintenance",
                &format!(
                    "Scheduled maintenance in progress until {}.",
                    util::iso_s(until)
                ),
                path,
            )
            .h("Retry-After", secs.to_string());
        }
        if self.overloaded {
            tb.jitter(200, 900);
            app_log(
                tb,
                Level::Error,
                format!(
                    "{svc} worker pool exhausted (active=64/64 queued=512/512); shedding {} {path}",
                    req.method
                ),
            );
            // Shed clients are told to come back at spread-out times, so they do not return
            // together and refill the queue at once.
            let wait = 10 + tb.rng.range(0, 20);
            return Resp::problem(
                503,
                "overloaded",
                "The service is temporarily overloaded. Retry later.",
                path,
            )
            .h("Retry-After", wait.to_string());
        }
        tb.advance(self.extra_ms);
        // The path's segments, on the stack (a longer path's are collected below).
        let mut parts = [""; 6];
        let mut n = 0;
        for s in path.trim_start_matches('/').split('/') {
            if n == parts.len() {
                n += 1;
                break;
            }
            parts[n] = s;
            n += 1;
        }
        let body_json = || -> Result<Value, String> {
            let b = req.body.as_deref().unwrap_or("");
            if let Some(e) = strict_violation(b) {
                return Err(e);
            }
            serde_json::from_str::<Value>(b).map_err(|e| node_json_error(b, &e))
        };
        let ct_ok = crate::sim::header(&req.headers, "content-type")
            .map(|c| c.starts_with("application/json"))
            .unwrap_or(false);
        let has_body = matches!(req.method.as_str(), "POST" | "PUT" | "PATCH");
        if has_body && !ct_ok {
            let got = crate::sim::header(&req.headers, "content-type")
                .unwrap_or("(none)")
                .to_string();
            app_log(
                tb,
                Level::Info,
                format!(
                    "{svc} 415 {} {path}: unsupported content type {got}",
                    req.method
                ),
            );
            return Resp::problem(
                415,
                "unsupported-media-type",
                &format!("Content-Type must be application/json; received {got}."),
                path,
            )
            .h("Accept-Post", "application/json");
        }
        // Express's JSON body parser reads UTF-8 alone (RFC 8259: JSON between systems is
        // UTF-8) and refuses a body labelled with any other charset before reading it.
        if let Some(cs) = has_body
            .then(|| crate::sim::header(&req.headers, "content-type"))
            .flatten()
            .and_then(schema::charset)
            .filter(|cs| !cs.to_ascii_lowercase().starts_with("utf-"))
        {
            let cs = cs.to_ascii_uppercase();
            app_log(
                tb,
                Level::Info,
                format!(
                    "{svc} 415 {} {path}: UnsupportedMediaTypeError: unsupported charset \"{cs}\"",
                    req.method
                ),
            );
            return Resp::problem(
                415,
                "unsupported-media-type",
                &format!("unsupported charset \"{cs}\""),
                path,
            );
        }
        let parsed = if has_body {
            match body_json() {
                Ok(v) => Some(v),
                Err(e) => {
                    app_log(
                        tb,
                        Level::Info,
                        format!("{svc} 400 {} {path}: SyntaxError: {e}", req.method),
                    );
                    return Resp::problem_with(
                        400,
                        "invalid-json",
                        &format!("Request body is not valid JSON: {e}."),
                        path,
                        json!({}),
                    );
                }
            }
        } else {
            None
        };
        // billing-v1 serves none of these paths: a misroute lands in its framework's default 404.
        let long: Vec<&str>;
        let seg: &[&str] = if svc == "billing-v1" {
            &["billing"]
        } else if n > parts.len() {
            long = path.trim_start_matches('/').split('/').collect();
            &long
        } else {
            &parts[..n]
        };
        match (req.method.as_str(), seg) {
            ("GET", ["v2", "customers"]) => super::pages::list(self, w, tb, &req.url, path, svc),
            ("POST", ["v2", "chats"]) => {
                let v = parsed.unwrap_or(Value::Null);
                let errs = chat_schema(&v);
                if !errs.is_empty() {
                    let list: Vec<Value> = errs
                        .iter()
                        .map(|(p, m)| json!({"pointer": format!("#{p}"), "detail": m}))
                        .collect();
                    app_log(
                        tb,
                        Level::Info,
                        format!(
                            "{svc} 400 POST {path}: validation failed: {}",
                            errs.iter()
                                .map(|(p, m)| format!("{p} {m}"))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                    );
                    return Resp::problem_with(
                        400,
                        "validation",
                        "The request body does not match the schema.",
                        path,
                        json!({"errors": list}),
                    );
                }
                let cid = v["customerId"].as_str().unwrap_or("").to_string();
                let began = tb.t;
                if let Err(e) = self.db(w, tb, svc, path, &format!("INSERT INTO chats (customer_id, channel) VALUES ('{cid}', 'chat') RETURNING id")) {
                    return e;
                }
                let id = format!("ch_{}", tb.rng.alnum(10));
                app_log(
                    tb,
                    Level::Info,
                    format!("{svc} 201 POST {path} chat={id} customer={cid}"),
                );
                tb.chats_created.push((id.clone(), began));
                Resp::json(
                    201,
                    &json!({"id": id, "customerId": cid, "status": "queued"}),
                )
                .h("Location", format!("/v2/chats/{id}"))
            }
            ("POST", ["v2", "customers"]) => {
                let v = parsed.unwrap_or(Value::Null);
                let email = v["email"].as_str().unwrap_or("").to_string();
                let existing = self.customers.values().find(|c| c.email == email);
                if let Err(e) = self.db_rows(
                    w,
                    tb,
                    svc,
                    path,
                    "SELECT id FROM customers WHERE email = $1",
                    usize::from(existing.is_some()),
                ) {
                    return e;
                }
                if let Some(c) = existing {
                    app_log(
                        tb,
                        Level::Info,
                        format!(
                            "{svc} 409 POST {path}: customer with email {email} exists (id={})",
                            c.id
                        ),
                    );
                    return Resp::problem_with(
                        409,
                        "conflict",
                        &format!("A customer with email {email} already exists."),
                        path,
                        json!({"existingId": c.id}),
                    );
                }
                if let Err(e) = self.db(
                    w,
                    tb,
                    svc,
                    path,
                    "INSERT INTO customers (name, email, phone) VALUES ($1, $2, $3) RETURNING id",
                ) {
                    return e;
                }
                let id = format!("{}", tb.rng.range(20000, 99999));
                app_log(
                    tb,
                    Level::Info,
                    format!("{svc} 201 POST {path} customer={id}"),
                );
                // The customer as stored: the fields as the body parser read them.
                Resp::json(
                    201,
                    &json!({"id": id, "name": v["name"], "email": email, "phone": v["phone"]}),
                )
                .h("Location", format!("/v2/customers/{id}"))
            }
            (m, ["v2", "customers", id]) if !id.is_empty() => {
                if let Err(e) = self.db(w, tb, svc, path, "SELECT * FROM customers WHERE id = $1") {
                    return e;
                }
                let Some(c) = self.customers.get(*id) else {
                    app_log(
                        tb,
                        Level::Info,
                        format!("{svc} 404 {m} {path}: customer {id} not found"),
                    );
                    return Resp::problem(
                        404,
                        "not-found",
                        &format!("Customer {id} does not exist."),
                        path,
                    );
                };
                // node-postgres hands a SQL NULL column to JavaScript as `null`, not `undefined`.
                if self.null_tier_bug && c.tier.is_none() && (m == "GET" || m == "HEAD") {
                    app_log(tb, Level::Error, format!("{svc} unhandled exception on GET {path}\nTypeError: Cannot read properties of null (reading 'toUpperCase')\n    at formatTier (/srv/{svc}/src/customers/serialize.js:42:27)\n    at serializeCustomer (/srv/{svc}/src/customers/serialize.js:18:11)\n    at /srv/{svc}/src/routes/customers.js:77:20"));
                    return Resp::problem(
                        500,
                        "internal",
                        &format!("Unexpected error. Reference {}.", tb.trace_id),
                        path,
                    );
                }
                match m {
                    "GET" | "HEAD" => {
                        app_log(tb, Level::Info, [svc, " 200 ", m, " ", path].concat());
                        let (body, etag) = self.bodies.get(c);
                        let mut r = Resp::new(200);
                        r.body = Some(body);
                        r.content_type = Some("application/json".into());
                        r.h("ETag", etag).h("Cache-Control", "private, max-age=0")
                    }
                    "PUT" => {
                        let v = parsed.unwrap_or(Value::Null);
                        let missing: Vec<&str> = ["name", "email", "phone"]
                            .into_iter()
                            .filter(|k| v.get(*k).is_none())
                            .collect();
                        if !missing.is_empty() {
                            app_log(
                                tb,
                                Level::Info,
                                format!("{svc} 400 PUT {path}: missing {}", missing.join(", ")),
                            );
                            let list: Vec<Value> = missing.iter().map(|k| json!({"pointer": format!("#/{k}"), "detail": "is required"})).collect();
                            return Resp::problem_with(
                                400,
                                "validation",
                                "PUT replaces the whole customer; every field is required.",
                                path,
                                json!({"errors": list}),
                            );
                        }
                        app_log(tb, Level::Info, format!("{svc} 200 PUT {path}"));
                        Resp::json(
                            200,
                            &json!({"id": c.id, "name": v["name"], "email": v["email"], "phone": v["phone"]}),
                        )
                    }
                    "PATCH" => {
                        let v = parsed.unwrap_or(Value::Null);
                        if let Some(p) = v.get("phone").and_then(|p| p.as_str()) {
                            if !e164(p) {
                                app_log(
                                    tb,
                                    Level::Info,
                                    format!(
                                        "{svc} 422 PATCH {path}: phone \"{p}\" fails rule e164"
                                    ),
                                );
                                return Resp::problem_with(
                                    422,
                                    "validation",
                                    "The phone number must be in E.164 format, e.g. +15555550100.",
                                    path,
                                    json!({"errors": [{"pointer": "#/phone", "detail": "must match E.164"}]}),
                                );
                            }
                        }
                        // Partial update: the fields sent replace those fields only; the
                        // response is the whole updated representation.
                        // The phone is kept twice (the record and its contact points), both
                        // in one transaction.
                        if v.get("phone").is_some() {
                            for sql in PHONE_UPDATE {
                                if let Err(e) = self.db(w, tb, svc, path, sql) {
                                    return e;
                                }
                            }
                        }
                        let field =
                            |k: &str, cur: &str| v.get(k).cloned().unwrap_or_else(|| json!(cur));
                        app_log(tb, Level::Info, format!("{svc} 200 PATCH {path}"));
                        Resp::json(
                            200,
                            &json!({"id": c.id, "name": field("name", &c.name), "email": field("email", &c.email), "phone": field("phone", &c.phone), "tier": c.tier}),
                        )
                    }
                    "DELETE" => {
                        app_log(tb, Level::Info, format!("{svc} 204 DELETE {path}"));
                        Resp::new(204)
                    }
                    _ => Resp::problem(405, "method", "Method not allowed.", path)
                        .h("Allow", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"),
                }
            }
            ("DELETE", ["v2", "sessions", id]) => {
                if let Err(e) = self.db(w, tb, svc, path, "DELETE FROM sessions WHERE id = $1") {
                    return e;
                }
                app_log(
                    tb,
                    Level::Info,
                    format!("{svc} 204 DELETE {path} session={id}"),
                );
                Resp::new(204)
            }
            (m, ["v2", "chats", id]) => {
                if let Err(e) = self.db(w, tb, svc, path, "SELECT * FROM chats WHERE id = $1") {
                    return e;
                }
                app_log(tb, Level::Info, [svc, " 200 ", m, " ", path].concat());
                let mut r = Resp::new(200);
                r.body = Some(chat_body(id));
                r.content_type = Some("application/json".into());
                r
            }
            (m, ["v2", "exports", rest @ ..]) => {
                super::exports::handle(self, w, tb, m, rest, parsed, path, svc)
            }
            _ => {
                // A different service than intended answered: its framework's default 404.
                app_log(
                    tb,
                    Level::Info,
                    format!("{svc} 404 {} {path}: no handler", req.method),
                );
                Resp::text(404, "text/html", &format!("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Error</title></head>\n<body><pre>Cannot {} {path}</pre></body>\n</html>\n", req.method))
                    .h("X-Powered-By", "Express")
            }
        }
    }

    pub(super) fn db(
        &self,
        w: &World,
        tb: &mut Tb,
        svc: &str,
        path: &str,
        sql: &str,
    ) -> Result<(), Resp> {
        self.db_rows(w, tb, svc, path, sql, 1)
    }

    /// [`Backend::db`] for a statement that returns `rows` rows.
    pub(super) fn db_rows(
        &self,
        w: &World,
        tb: &mut Tb,
        svc: &str,
        path: &str,
        sql: &str,
        rows: usize,
    ) -> Result<(), Resp> {
        match w.db.query_rows(tb, sql, rows) {
            Ok(_) => Ok(()),
            Err(e @ (DbErr::PoolTimeout { .. } | DbErr::Refused)) => {
                let line = match e {
                    // pg-pool's own error; the pool counters are what the service logs beside it.
                    DbErr::PoolTimeout { ms, total, waiting } => format!("{svc} database error after {ms} ms: Error: timeout exceeded when trying to connect (pool totalCount={total} idleCount=0 waitingCount={waiting})"),
                    _ => format!("{svc} database error: connect ECONNREFUSED {}:5432 (pool 0/{} connections)", w.db.host, w.db.pool.size),
                };
                app_log(tb, Level::Error, line);
                tb.ev(
                    Layer::Backend,
                    Layer::Backend,
                    EventKind::Internal,
                    "No database connection; answering 503",
                );
                Err(Resp::problem(
                    503,
                    "unavailable",
                    "A dependency is unavailable. Retry later.",
                    path,
                )
                .h("Retry-After", "60"))
            }
            Err(DbErr::Deadlock) => {
                // node-postgres names a server error `error`; the service adds its SQLSTATE.
                app_log(tb, Level::Error, format!("{svc} database error: error: deadlock detected (code 40P01); transaction rolled back on {path}"));
                Err(Resp::problem(
                    500,
                    "internal",
                    &format!("Unexpected error. Reference {}.", tb.trace_id),
                    path,
                ))
            }
            Err(DbErr::Timeout { ms }) => {
                app_log(tb, Level::Error, format!("{svc} database error after {ms} ms: QueryFailedError: canceling statement due to statement timeout"));
                Err(Resp::problem(
                    500,
                    "internal",
                    &format!("Unexpected error. Reference {}.", tb.trace_id),
                    path,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chat_body_is_what_json_pretty_prints() {
        for id in ["ch_Ab12Cd34Ef", "", "q\"uote\\"] {
            let v = serde_json::json!({"id": id, "status": "active"});
            assert_eq!(
                super::chat_body(id),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }
}
