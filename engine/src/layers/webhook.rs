//! Webhook receiver (customer side): TLS, IP allowlist, API key, signature over the id,
//! timestamp and body, payload schema, then it creates the CRM case synchronously.

use super::crm::Crm;
use super::integration::Integration;
use super::{call, Agent, Call, Outcome};
use crate::model::{EventKind, HttpRequest, HttpResponse, Layer, Level, LogSource};
use crate::sim::{header, Resp, Tb};
use crate::util::Rng;
use crate::world::{World, HOOK_HOST, PLATFORM_EGRESS};
use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub struct Receiver {
    pub host: String,
    pub path: String,
    pub api_keys: Vec<String>,
    pub secret: String,
    pub allow_ips: Vec<String>,
    pub processing_ms: i64,
    /// 1 = documented payload (data.customerId); 2 = expects data.customer.id.
    pub schema: u8,
    pub crm_token: String,
    /// How its handler checks signatures.
    pub verify: super::webhook_verify::Verify,
    /// Its server: service start, secret store, clock.
    pub server: super::webhook_receiver::Server,
    /// Whether it skips a delivery whose webhook-id it has already processed (deliveries are
    /// at least once: a retry after a timeout carries the same id).
    pub dedupe: bool,
    /// Extra time the CRM takes over the first Case it is asked for in a run (a passing slow
    /// moment), 0 when it answers as usual.
    pub crm_stall_first_ms: i64,
    /// Whether it also takes chat.updated (an edit to an ended chat goes onto its case).
    pub handles_updates: bool,
    /// For a chat.updated whose chat has no case yet: answer 409 so the platform retries it
    /// later (`true`), or acknowledge it and drop the edit (`false`).
    pub retries_update_without_case: bool,
}

/// The id the CRM gave the record a 201 created (its JSON body's `id`), or "" when it named none.
fn created_id(r: &HttpResponse) -> String {
    r.body
        .as_deref()
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .and_then(|v| v["id"].as_str().map(String::from))
        .unwrap_or_default()
}

fn rlog(tb: &mut Tb, level: Level, text: String) {
    tb.log(LogSource::WebhookReceiver, level, text);
}

impl Receiver {
    /// Accepts the platform's deliveries: its key, its secret, its egress IP, schema 1, quick.
    pub fn healthy(api_key: String, secret: String, crm_token: String, rng: &mut Rng) -> Receiver {
        Receiver {
            host: HOOK_HOST.into(),
            path: "/faultline/chat-ended".into(),
            api_keys: vec![api_key],
            secret,
            allow_ips: vec![PLATFORM_EGRESS.into()],
            processing_ms: rng.range(40, 200),
            schema: 1,
            crm_token,
            verify: Default::default(),
            server: Default::default(),
            dedupe: true,
            crm_stall_first_ms: 0,
            handles_updates: false,
            retries_update_without_case: false,
        }
    }
}

impl Receiver {
    pub fn handle(&self, w: &World, tb: &mut Tb, req: &HttpRequest, peer: &str) -> Resp {
        tb.jitter(2, 8);
        let (_, _, _, path) = super::split_url(&req.url);
        if !self.allow_ips.iter().any(|p| p == peer) {
            rlog(
                tb,
                Level::Warn,
                format!(
                    "waf: deny {} {path} from {peer}: source not in allowlist [{}]",
                    req.method,
                    self.allow_ips.join(", ")
                ),
            );
            return Resp::text(
                403,
                "text/html",
                "<html><body><h1>403 Forbidden</h1><p>Request blocked.</p></body></html>",
            );
        }
        if path != self.path {
            rlog(
                tb,
                Level::Info,
                format!("{} {path} 404 no route", req.method),
            );
            return Resp::json(
                404,
                &json!({"error": "not_found", "message": format!("No route for {} {path}", req.method)}),
            );
        }
        let key = header(&req.headers, "x-api-key").unwrap_or("");
        if !self.api_keys.iter().any(|k| k == key) {
            let masked = if key.is_empty() {
                "(none)".to_string()
            } else {
                crate::mask::api_key(key)
            };
            rlog(tb, Level::Warn, format!("auth: rejected x-api-key {masked}: key not found in active key set ({} keys loaded)", self.api_keys.len()));
            return Resp::json(
                401,
                &json!({"error": "unauthorized", "message": "invalid API key"}),
            )
            .h("WWW-Authenticate", "ApiKey realm=\"hooks\"");
        }
        let id = header(&req.headers, "webhook-id").unwrap_or("");
        let ts: i64 = header(&req.headers, "webhook-timestamp")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let sig = header(&req.headers, "webhook-signature").unwrap_or("");
        let body = req.body.clone().unwrap_or_default();
        if let Some(r) = super::webhook_receiver::refuse_timestamp(self, tb, id, ts) {
            return r;
        }
        // The platform signs each attempt as it sends it, so the timestamp is always fresh;
        // the receiver checks it against its own clock (webhook_receiver.rs), then the signature.
        let payload = self.verify.signed_content(&body);
        let expected = Integration::sign(&self.secret, id, ts, &payload);
        if expected != sig {
            rlog(
                tb,
                Level::Warn,
                format!(
                    "signature: mismatch for {id}: computed {}… received {}… (verified payload {} bytes, Content-Length {})",
                    &expected[..12],
                    &sig[..sig.len().min(12)],
                    payload.len(),
                    header(&req.headers, "content-length").unwrap_or("-")
                ),
            );
            return Resp::json(
                401,
                &json!({"error": "invalid_signature", "message": "webhook signature verification failed"}),
            );
        }
        let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        let customer = if self.schema == 2 {
            v["data"]["customer"]["id"].as_str()
        } else {
            v["data"]["customerId"].as_str()
        };
        if customer.is_none() {
            let want = if self.schema == 2 {
                "data.customer.id"
            } else {
                "data.customerId"
            };
            rlog(tb, Level::Error, format!("chat-ended handler (payload schema v{}): validation failed: {want} is required", self.schema));
            return Resp::json(
                400,
                &json!({"error": "invalid_payload", "message": format!("{want} is required")}),
            );
        }
        let update = self.handles_updates && v["type"] == "chat.updated";
        let handler = if update { "chat-updated" } else { "chat-ended" };
        let seen = tb
            .receiver_processed
            .iter()
            .find(|(i, done, _)| i == id && *done <= tb.t)
            .map(|(_, _, case)| case.clone());
        if let (true, Some(case)) = (self.dedupe, &seen) {
            rlog(
                tb,
                Level::Info,
                format!("{handler} {id}: duplicate delivery (webhook-id already processed, CRM case {case}); skipped"),
            );
            return Resp::json(
                200,
                &json!({"received": true, "duplicate": true, "caseId": case}),
            );
        }
        tb.advance(self.processing_ms);
        if update {
            return self.update(w, tb, id, &v);
        }
        // A customer the CRM has no contact for yet: the platform sends their details, and
        // the receiver creates the contact before the case.
        let mut made_contact = None;
        if v["data"]["case"]["ContactId"] == "" && v["data"]["contact"].is_object() {
            match self.create_contact(w, tb, id, &v) {
                Ok(contact) => made_contact = Some(contact),
                Err(r) => return r,
            }
        }
        rlog(
            tb,
            Level::Info,
            format!(
                "chat-ended {id}: creating CRM case for customer {}",
                customer.unwrap_or("")
            ),
        );
        // The CRM's slow moment, if the world has one, falls on the first Case asked for.
        let first = !tb.receiver_processed.iter().any(|(i, _, _)| i == id);
        let slow;
        let crm = if first && self.crm_stall_first_ms > 0 {
            let mut c = w.crm.clone();
            c.latency_ms += self.crm_stall_first_ms;
            slow = c;
            &slow
        } else {
            &w.crm
        };
        let mut case = v["data"]["case"].clone();
        if let Some(contact) = made_contact {
            case["ContactId"] = json!(contact);
        }
        let body = serde_json::to_string(&case).unwrap_or_default();
        let out = self.crm_call(w, crm, tb, "POST", "/sobjects/Case", body);
        match (out.resp, out.error) {
            (Some(r), _) if r.status == 201 => {
                let cid = created_id(&r);
                rlog(
                    tb,
                    Level::Info,
                    format!("chat-ended {id}: CRM case {cid} created"),
                );
                tb.receiver_processed
                    .push((id.to_string(), tb.t, cid.clone()));
                tb.ev(
                    Layer::Webhook,
                    Layer::Integration,
                    EventKind::Internal,
                    format!("Ticket {cid} created"),
                );
                Resp::json(200, &json!({"received": true, "caseId": cid}))
            }
            (Some(r), _) => {
                let b = crate::util::one_line(&r.body.unwrap_or_default());
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-ended {id}: CRM returned {} {}: {b}",
                        r.status, r.reason
                    ),
                );
                Resp::json(502, &json!({"error": "crm_error", "crmStatus": r.status}))
            }
            (None, e) => {
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-ended {id}: CRM call failed: {}",
                        e.unwrap_or_default()
                    ),
                );
                Resp::json(502, &json!({"error": "crm_unreachable"}))
            }
        }
    }
}

impl Receiver {
    /// chat.updated: the edit goes onto the chat's case, found in the receiver's own record of
    /// the cases it created (a case whose creation is still under way is not there yet).
    fn update(&self, w: &World, tb: &mut Tb, id: &str, v: &Value) -> Resp {
        let chat = v["data"]["chatId"].as_str().unwrap_or("");
        let case = tb
            .receiver_processed
            .iter()
            .find(|(_, done, case)| *done <= tb.t && case.starts_with("500"))
            .map(|(_, _, case)| case.clone());
        let Some(case) = case else {
            if self.retries_update_without_case {
                rlog(tb, Level::Info, format!("chat-updated {id}: no CRM case for chat {chat} yet; answered 409 so it is retried"));
                return Resp::json(
                    409,
                    &json!({"error": "case_not_ready", "message": format!("no case for chat {chat} yet, retry later")}),
                );
            }
            rlog(
                tb,
                Level::Warn,
                format!("chat-updated {id}: no CRM case found for chat {chat}; update skipped"),
            );
            return Resp::json(200, &json!({"received": true, "applied": false}));
        };
        let body = json!({"Description": v["data"]["summary"]});
        let path = format!("/sobjects/Case/{case}");
        let out = self.crm_call(w, &w.crm, tb, "PATCH", &path, body.to_string());
        match out.resp {
            Some(r) if r.status == 204 => {
                rlog(
                    tb,
                    Level::Info,
                    format!("chat-updated {id}: CRM case {case} updated (Description)"),
                );
                tb.receiver_processed
                    .push((id.to_string(), tb.t, case.clone()));
                tb.ev(
                    Layer::Webhook,
                    Layer::Integration,
                    EventKind::Internal,
                    format!("Ticket {case} updated"),
                );
                Resp::json(200, &json!({"received": true, "caseId": case}))
            }
            Some(r) => {
                let b = crate::util::one_line(&r.body.unwrap_or_default());
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-updated {id}: CRM returned {} {}: {b}",
                        r.status, r.reason
                    ),
                );
                Resp::json(502, &json!({"error": "crm_error", "crmStatus": r.status}))
            }
            None => {
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-updated {id}: CRM call failed: {}",
                        out.error.unwrap_or_default()
                    ),
                );
                Resp::json(502, &json!({"error": "crm_unreachable"}))
            }
        }
    }
}

impl Receiver {
    /// POST /sobjects/Contact for the customer the payload describes: the new contact's id,
    /// or the answer to send the platform when the CRM refused.
    /// The receiver's own REST call to the CRM as its Node service sends it (the integration
    /// user's token, JSON both ways), answered by `crm` (the world's, or one in a slow moment).
    fn crm_call(
        &self,
        w: &World,
        crm: &Crm,
        tb: &mut Tb,
        method: &str,
        path: &str,
        body: String,
    ) -> Outcome {
        // Its axios call sets these three; axios and Node add the rest. The receiver sets no
        // `traceparent` (nothing of its code passes one on); the span is drawn all the same,
        // as it always was, so the seeded draws keep their order.
        tb.next_traceparent();
        let code = [
            (
                "Authorization".to_string(),
                format!("Bearer {}", self.crm_token),
            ),
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        let headers = crate::runtime::headers::wire(
            crate::runtime::Runtime::Node,
            false,
            &crate::runtime::headers::Request {
                method,
                host: &w.crm.host,
                code: &code,
                basic: None,
                body_len: Some(body.len()),
                postman_token: "",
            },
        );
        let req = HttpRequest {
            method: method.into(),
            url: format!("https://{}{}{path}", w.crm.host, super::crm::API),
            http_version: "HTTP/1.1".into(),
            headers,
            body: Some(body),
        };
        call(
            w,
            tb,
            Call {
                from: Layer::Webhook,
                to: Layer::Crm,
                agent: Agent::Node,
                req,
                show_path: false,
                timeout_ms: 30_000,
                attempt: None,
                peer_ip: "198.51.100.90",
            },
            &mut |tb, r, _| crm.handle(tb, r, Layer::Webhook),
        )
    }

    fn create_contact(&self, w: &World, tb: &mut Tb, id: &str, v: &Value) -> Result<String, Resp> {
        let c = &v["data"]["contact"];
        let customer = v["data"]["customerId"].as_str().unwrap_or("");
        rlog(
            tb,
            Level::Info,
            format!("chat-ended {id}: no CRM contact for customer {customer}; creating one"),
        );
        let mut body = serde_json::Map::new();
        body.insert("FirstName".into(), c["firstName"].clone());
        body.insert("LastName".into(), c["lastName"].clone());
        body.insert("Email".into(), c["email"].clone());
        body.insert(w.crm.external_id_field.to_string(), json!(customer));
        let body = Value::Object(body).to_string();
        let out = self.crm_call(w, &w.crm, tb, "POST", "/sobjects/Contact", body);
        match (out.resp, out.error) {
            (Some(r), _) if r.status == 201 => {
                let contact = created_id(&r);
                rlog(
                    tb,
                    Level::Info,
                    format!("chat-ended {id}: CRM contact {contact} created"),
                );
                Ok(contact)
            }
            (Some(r), _) => {
                let b = crate::util::one_line(&r.body.unwrap_or_default());
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-ended {id}: CRM returned {} {}: {b}",
                        r.status, r.reason
                    ),
                );
                Err(Resp::json(
                    502,
                    &json!({"error": "crm_error", "crmStatus": r.status}),
                ))
            }
            (None, e) => {
                rlog(
                    tb,
                    Level::Error,
                    format!(
                        "chat-ended {id}: CRM call failed: {}",
                        e.unwrap_or_default()
                    ),
                );
                Err(Resp::json(502, &json!({"error": "crm_unreachable"})))
            }
        }
    }
}
