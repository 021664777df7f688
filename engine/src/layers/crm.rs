//! External CRM: REST API (sObject-style) and the record pages a screen pop opens.

use super::crm_records::{is_record_id, sf_error};
use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{header, Resp, Tb};
use crate::util::Rng;
use crate::world::CRM_HOST;
use std::borrow::Cow;

use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const API: &str = "/services/data/v59.0";

/// The event log file type that records REST API calls (Salesforce's `RestApi`). Such files
/// are generated hourly (or daily), not streamed: the lines are there when an engineer looks.
pub const REST_EVENT: &str = "RestApi";

/// What Lightning shows, in a page it serves with 200, for a record id that is wrong or gone.
pub const RECORD_UNAVAILABLE: &str = "This record isn't available";

/// The agent's own CRM user, signed in in the agent's browser: the user a screen pop opens a
/// record page as (the integration user only calls the REST API).
pub const AGENT_USER: &str = "agent.rivera@crm.example.net";

/// Where the CRM's lines come from, for the evidence that shows them.
pub const EVENT_LOG_NOTE: &str = "Salesforce Event Monitoring: these lines come from EventLogFile records (RestApi, LightningPageView), which Salesforce generates hourly or daily, not live. A call made now appears only once the next hourly file is published.";

#[derive(Clone, Debug)]
pub struct Crm {
    pub host: Cow<'static, str>,
    pub outage: bool,
    /// During an outage, when the vendor's status page expects the API back (epoch ms); its
    /// 503s say how long that is from each call (`Retry-After`), at least a minute once the
    /// estimate has slipped.
    pub recovers_at_ms: i64,
    pub latency_ms: i64,
    /// Valid API sessions: token → expiry.
    pub sessions: BTreeMap<String, i64>,
    /// Permissions of the integration user.
    pub permissions: Vec<Cow<'static, str>>,
    /// external id → contact id.
    pub contacts: BTreeMap<String, String>,
    pub external_id_field: Cow<'static, str>,
    pub case_fields: Vec<Cow<'static, str>>,
    pub case_required: Vec<Cow<'static, str>>,
    pub integration_user: Cow<'static, str>,
    /// Records of issue 15's mechanisms: duplicates, the request limit, locks, duplicate rules.
    pub more: super::crm_records::CrmMore,
}

/// How far ahead a healthy session is valid: longer than any run (the last webhook retry comes
/// about 28 h after the first), since the integrations renew their sessions as they go.
const SESSION_RENEWED_FOR_MS: i64 = 30 * crate::world::DAY_MS;

fn err(status: u16, code: &str, msg: &str) -> Resp {
    Resp::json(status, &json!([{"message": msg, "errorCode": code}]))
}

impl Crm {
    /// Up and quick; `session_tokens` stay valid for the whole run (their holders renew them
    /// before they lapse, so only a session fault leaves one expired), and the customer has a
    /// contact record (`contact_id`).
    pub fn healthy(
        epoch_ms: i64,
        session_tokens: [&str; 2],
        customer_id: &str,
        contact_id: String,
        rng: &mut Rng,
    ) -> Crm {
        let mut sessions = BTreeMap::new();
        for t in session_tokens {
            sessions.insert(t.to_string(), epoch_ms + SESSION_RENEWED_FOR_MS);
        }
        let mut contacts = BTreeMap::new();
        contacts.insert(customer_id.to_string(), contact_id);
        let latency_ms = rng.range(60, 180);
        Crm {
            host: CRM_HOST.into(),
            outage: false,
            recovers_at_ms: 0,
            latency_ms,
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
            more: super::crm_records::CrmMore::healthy(latency_ms),
        }
    }
}

impl Crm {
    pub fn handle(&self, tb: &mut Tb, req: &HttpRequest, caller: Layer) -> Resp {
        let (_, _, _, path) = super::split_url(&req.url);
        let t0 = tb.t;
        let j = tb.rng.range(20, 60);
        tb.advance(self.latency_ms + j);
        let mut r = self.route(tb, req, &path, caller);
        let ms = tb.t - t0;
        let rid = tb.rng.alnum(12);
        if path.starts_with("/lightning/") && r.status == 302 {
            // No session, no user: a signed-out request leaves no page view.
        } else if path.starts_with("/lightning/") {
            // A page view by the agent's own user, in its own event log file.
            let entity = path.split('/').nth(4).unwrap_or("");
            tb.log(LogSource::Crm, Level::Info, format!(
                "EVENT_TYPE=LightningPageView USER={AGENT_USER} PAGE_URL={path} PAGE_ENTITY_TYPE=Contact PAGE_ENTITY_ID={entity} DURATION={ms} REQUEST_ID={rid}"
            ));
        } else {
            // Every REST answer reports the org's API usage, counting this run's calls so far.
            let made = tb
                .logs
                .iter()
                .filter(|l| l.source == LogSource::Crm && l.text.contains(REST_EVENT))
                .count() as i64;
            r = r.h("Sforce-Limit-Info", self.more.limit_info(made + 1));
            tb.log(LogSource::Crm, if r.status >= 400 { Level::Warn } else { Level::Info }, format!(
                "EVENT_TYPE={REST_EVENT} USER={} METHOD={} URI={} STATUS_CODE={} RUN_TIME={ms} REQUEST_ID={}",
                self.integration_user, req.method, path, r.status, rid
            ));
        }
        r
    }

    fn route(&self, tb: &mut Tb, req: &HttpRequest, path: &str, caller: Layer) -> Resp {
        if self.outage {
            tb.ev(Layer::Crm, caller, EventKind::Error, "CRM API unavailable");
            return Resp::json(503, &json!([{"message": "Service temporarily unavailable. See status.example.net for incident updates.", "errorCode": "SERVER_UNAVAILABLE"}]))
                .h("Retry-After", ((self.recovers_at_ms - tb.now_ms()) / 1000).max(60).to_string());
        }
        if let Some(id) = path
            .strip_prefix("/lightning/r/Contact/")
            .and_then(|p| p.strip_suffix("/view"))
        {
            if let Some(r) = super::crm_records::sso_redirect(&self.more, tb, path) {
                return r;
            }
            // Lightning is a single-page app: the agent's own session loads the page shell with
            // 200 whatever the id, and the page itself says when the record is not there.
            let ok = self.contacts.values().any(|c| c == id)
                || self.more.duplicates.iter().any(|(_, c)| c == id);
            return if ok {
                Resp::text(200, "text/html", &format!("<!DOCTYPE html><html><head><title>Contact {id} | CRM</title></head><body>…</body></html>"))
            } else {
                Resp::text(200, "text/html", &format!("<!DOCTYPE html><html><head><title>Lightning Experience | CRM</title></head><body><h1>{RECORD_UNAVAILABLE}</h1><p>The record you're trying to view may have been deleted, or you may not have access to it.</p></body></html>"))
            };
        }
        let authz = header(&req.headers, "authorization").unwrap_or("");
        let tok = authz.strip_prefix("Bearer ").unwrap_or("");
        match self.sessions.get(tok) {
            Some(exp) if *exp > tb.now_ms() => {}
            _ => {
                tb.ev(Layer::Crm, caller, EventKind::Error, "Session rejected");
                return err(401, "INVALID_SESSION_ID", "Session expired or invalid")
                    .h("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
        }
        if self.more.over_limit() {
            tb.ev(
                Layer::Crm,
                caller,
                EventKind::Error,
                "API request limit exceeded",
            );
            return sf_error(
                403,
                "REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.",
                &[],
            );
        }
        let contact_prefix = format!("{API}/sobjects/Contact/");
        if let Some(rest) = path.strip_prefix(&contact_prefix) {
            if !self.permissions.iter().any(|p| p == "Contact.read") {
                return err(
                    403,
                    "INSUFFICIENT_ACCESS",
                    "insufficient access rights on object Contact",
                );
            }
            let (field, value) = rest.split_once('/').unwrap_or((rest, ""));
            if value.is_empty() && is_record_id(field, "003") {
                // By record id: the contact with that id, or none.
                return match self.contacts.iter().find(|(_, id)| *id == field) {
                    Some((ext, id)) => Resp::json(
                        200,
                        &json!({"attributes": {"type": "Contact", "url": format!("{API}/sobjects/Contact/{id}")}, "Id": id, self.external_id_field.clone(): ext, "Name": "Dana Whitfield", "Status__c": "Premium"}),
                    ),
                    None => err(404, "NOT_FOUND", "The requested resource does not exist"),
                };
            }
            // Anything that is not a record id is read as the name of an external id field.
            if field != self.external_id_field {
                return err(
                    404,
                    "NOT_FOUND",
                    &format!(
                        "Provided external ID field does not exist or is not accessible: {field}"
                    ),
                );
            }
            let matching = self.more.records_with(&self.contacts, value);
            if matching.len() > 1 {
                // An external id that is not unique: Salesforce lists the records it matches.
                return super::crm_records::multiple_choices("Contact", &matching);
            }
            return match self.contacts.get(value) {
                Some(id) => Resp::json(
                    200,
                    &json!({"attributes": {"type": "Contact", "url": format!("{API}/sobjects/Contact/{id}")}, "Id": id, self.external_id_field.clone(): value, "Name": "Dana Whitfield", "Status__c": "Premium"}),
                ),
                None => err(404, "NOT_FOUND", "The requested resource does not exist"),
            };
        }
        if path == format!("{API}/sobjects/Contact") && req.method == "POST" {
            return self.create_contact(tb, req);
        }
        if path == format!("{API}/sobjects/Case") && req.method == "POST" {
            if !self.permissions.iter().any(|p| p == "Case.create") {
                return err(
                    403,
                    "INSUFFICIENT_ACCESS_OR_READONLY",
                    "insufficient access rights on object Case: CREATE",
                );
            }
            let v: Value =
                serde_json::from_str(req.body.as_deref().unwrap_or("")).unwrap_or(Value::Null);
            let empty = serde_json::Map::new();
            let o = v.as_object().unwrap_or(&empty);
            if let Some(bad) = o.keys().find(|k| !self.case_fields.iter().any(|f| f == *k)) {
                return err(
                    400,
                    "INVALID_FIELD",
                    &format!("No such column '{bad}' on sobject of type Case"),
                );
            }
            // A lookup field takes a record id of its object, checked before anything else.
            if let Some(v) = o.get("ContactId").and_then(|v| v.as_str()) {
                if !v.is_empty() && !is_record_id(v, "003") {
                    return sf_error(
                        400,
                        "MALFORMED_ID",
                        &format!("Contact ID: id value of incorrect type: {v}"),
                        &["ContactId"],
                    );
                }
            }
            let missing: Vec<&str> = self
                .case_required
                .iter()
                .map(|f| &**f)
                .filter(|f| !o.contains_key(*f))
                .collect();
            if !missing.is_empty() {
                let list = missing.join(", ");
                return err(
                    400,
                    "REQUIRED_FIELD_MISSING",
                    &format!("Required fields are missing: [{list}]"),
                );
            }
            // Inserting a case locks its contact: wait for a lock another transaction holds,
            // up to Salesforce's fixed limit.
            let contact = o.get("ContactId").and_then(|v| v.as_str()).unwrap_or("");
            if let Some(until) = self.more.locked_until(contact, tb.now_ms()) {
                let wait = (until - tb.now_ms()).min(super::crm_records::LOCK_WAIT_MS);
                tb.advance(wait);
                if wait >= super::crm_records::LOCK_WAIT_MS {
                    return sf_error(
                        400,
                        "UNABLE_TO_LOCK_ROW",
                        &format!("unable to obtain exclusive access to this record or 1 records: {contact}"),
                        &[],
                    );
                }
            }
            let id = format!("500{}", tb.rng.alnum(15));
            tb.ev(
                Layer::Crm,
                Layer::Crm,
                EventKind::Internal,
                format!("Case {id} created"),
            );
            return Resp::json(201, &json!({"id": id, "success": true, "errors": []}))
                .h("Location", format!("{API}/sobjects/Case/{id}"));
        }
        if let Some(case) = path.strip_prefix(&format!("{API}/sobjects/Case/")) {
            if req.method == "PATCH" && is_record_id(case, "500") {
                if !self.permissions.iter().any(|p| p == "Case.edit") {
                    return err(
                        403,
                        "INSUFFICIENT_ACCESS_OR_READONLY",
                        "insufficient access rights on object Case: EDIT",
                    );
                }
                // An update answers 204 No Content.
                return Resp::new(204);
            }
        }
        err(404, "NOT_FOUND", "The requested resource does not exist")
    }

    /// A new Contact: the duplicate rule runs on save and blocks one whose e-mail an
    /// existing contact has.
    fn create_contact(&self, tb: &mut Tb, req: &HttpRequest) -> Resp {
        if !self.permissions.iter().any(|p| p == "Contact.create") {
            return err(
                403,
                "INSUFFICIENT_ACCESS_OR_READONLY",
                "insufficient access rights on object Contact: CREATE",
            );
        }
        let v: Value =
            serde_json::from_str(req.body.as_deref().unwrap_or("")).unwrap_or(Value::Null);
        let email = v["Email"].as_str().unwrap_or("");
        if let Some(rule) = self
            .more
            .duplicate_rule
            .as_ref()
            .filter(|r| r.email.eq_ignore_ascii_case(email))
        {
            return rule.blocked();
        }
        let id = format!("003{}", tb.rng.alnum(15));
        Resp::json(201, &json!({"id": id, "success": true, "errors": []}))
            .h("Location", format!("{API}/sobjects/Contact/{id}"))
    }

    pub fn describe(&self) -> String {
        format!(
            "Case fields: {}\nRequired on create: {}\nContact external id field: {}\nIntegration user {} permissions: {}\n",
            self.case_fields.join(", "),
            self.case_required.join(", "),
            self.external_id_field,
            self.integration_user,
            self.permissions.join(", ")
        )
    }
}
