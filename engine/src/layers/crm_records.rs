//! The CRM's rules for record ids and error bodies, kept beside `crm.rs`: how Salesforce tells
//! a record id from an external id value, and its REST error body as it sends it.

use super::crm::API;
use crate::sim::{Resp, Tb};
use crate::world::{AUTH_HOST, CRM_HOST};
use std::collections::BTreeMap;

/// A Salesforce record id: 15 or 18 letters and digits, the first three its object's key
/// prefix (`003` for Contact).
pub fn is_record_id(s: &str, prefix: &str) -> bool {
    (s.len() == 15 || s.len() == 18)
        && s.starts_with(prefix)
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Salesforce's REST error body exactly as it is sent: compact, `message` before `errorCode`,
/// and `fields` when the error is about named fields.
pub fn sf_error(status: u16, code: &str, msg: &str, fields: &[&str]) -> Resp {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let fields = if fields.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = fields.iter().map(|f| q(f)).collect();
        format!(",\"fields\":[{}]", list.join(","))
    };
    Resp::text(
        status,
        "application/json;charset=UTF-8",
        &format!(
            "[{{\"message\":{},\"errorCode\":{}{fields}}}]",
            q(msg),
            q(code)
        ),
    )
}

/// The CRM state issue 15's faults change; all empty in a healthy org.
#[derive(Clone, Debug, Default)]
pub struct CrmMore {
    /// Other contact records carrying an external id value: (value, contact id). The external
    /// id field is not marked Unique, so an import or a second integration can repeat a value.
    pub duplicates: Vec<(String, String)>,
    /// The org's API request allowance over a rolling 24 hours, and what was used before this
    /// run (the run's own calls add to it).
    pub api_requests_max: i64,
    pub api_requests_used: i64,
    /// A job that used the allowance up and keeps calling, when one did (its CRM user).
    pub runaway_job: Option<String>,
    /// Records another transaction holds locked (epoch ms), e.g. a bulk job's batch.
    pub locks: Vec<RowLock>,
    /// When the agent's own CRM session (single sign-on) ran out, if it has.
    pub agent_session_expired_ms: Option<i64>,
    /// An active duplicate rule on Contact whose action on create is Block, when the org has
    /// one, and the existing contact it matches.
    pub duplicate_rule: Option<DuplicateRule>,
}

/// A Contact duplicate rule set to Block, with the record its matching rule finds: a contact
/// with the same e-mail address that another team created without the platform's external id.
#[derive(Clone, Debug)]
pub struct DuplicateRule {
    /// The rule's API name.
    pub name: String,
    pub matching_rule: String,
    /// The alert text the admin configured (Salesforce's default is "Use one of these
    /// records?").
    pub alert: String,
    pub email: String,
    /// The existing contact's id.
    pub existing: String,
}

impl DuplicateRule {
    /// Salesforce's answer to a create the rule blocks: 400 with DUPLICATES_DETECTED, the
    /// alert text as the message, and the duplicate result naming the matched record.
    pub fn blocked(&self) -> Resp {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let (alert, id) = (q(&self.alert), &self.existing);
        let body = format!(
            "[{{\"duplicateResult\":{{\"allowSave\":false,\"duplicateRule\":{},\"duplicateRuleEntityType\":\"Contact\",\"errorMessage\":{alert},\"matchResults\":[{{\"entityType\":\"Contact\",\"errors\":[],\"matchEngine\":\"ExactMatchEngine\",\"matchRecords\":[{{\"additionalInformation\":[],\"fieldDiffs\":[],\"matchConfidence\":100.0,\"record\":{{\"attributes\":{{\"type\":\"Contact\",\"url\":\"{API}/sobjects/Contact/{id}\"}},\"Id\":\"{id}\"}}}}],\"rule\":{},\"size\":1,\"success\":true}}]}},\"errorCode\":\"DUPLICATES_DETECTED\",\"message\":{alert}}}]",
            q(&self.name),
            q(&self.matching_rule)
        );
        Resp::text(400, "application/json;charset=UTF-8", &body)
    }
}

/// A record locked by another transaction from `from_ms` until `until_ms` (epoch ms).
#[derive(Clone, Debug)]
pub struct RowLock {
    pub record: String,
    pub from_ms: i64,
    pub until_ms: i64,
}

/// How long Salesforce waits for a record lock before it gives up on the transaction.
pub const LOCK_WAIT_MS: i64 = 10_000;

impl CrmMore {
    /// A healthy org: well inside its allowance (how far follows from the CRM's own speed,
    /// so no seeded value moves).
    pub fn healthy(latency_ms: i64) -> CrmMore {
        CrmMore {
            api_requests_max: 100_000,
            api_requests_used: 31_000 + latency_ms * 97,
            ..CrmMore::default()
        }
    }

    /// When the lock on `record` held at `now` (epoch ms) is released, if one is.
    pub fn locked_until(&self, record: &str, now: i64) -> Option<i64> {
        self.locks
            .iter()
            .filter(|l| l.record == record && l.from_ms <= now && now < l.until_ms)
            .map(|l| l.until_ms)
            .max()
    }

    /// Whether the org has used up its API requests.
    pub fn over_limit(&self) -> bool {
        self.api_requests_max > 0 && self.api_requests_used >= self.api_requests_max
    }

    /// `Sforce-Limit-Info` for a REST call, `made` calls into this run: usage as it stands
    /// (an org over its limit reports the limit reached).
    pub fn limit_info(&self, made: i64) -> String {
        let used = if self.over_limit() {
            self.api_requests_used
        } else {
            (self.api_requests_used + made).min(self.api_requests_max)
        };
        format!("api-usage={used}/{}", self.api_requests_max)
    }

    /// Every contact id whose external id is `value`, the original record first.
    pub fn records_with(&self, contacts: &BTreeMap<String, String>, value: &str) -> Vec<String> {
        contacts
            .get(value)
            .cloned()
            .into_iter()
            .chain(
                self.duplicates
                    .iter()
                    .filter(|(v, _)| v == value)
                    .map(|(_, id)| id.clone()),
            )
            .collect()
    }
}

/// `300 Multiple Choices`: what Salesforce answers when an external id matches several
/// records, the body a JSON array of the matching records' URLs.
pub fn multiple_choices(object: &str, ids: &[String]) -> Resp {
    let urls: Vec<String> = ids
        .iter()
        .map(|id| format!("\"{API}/sobjects/{object}/{id}\""))
        .collect();
    Resp::text(
        300,
        "application/json;charset=UTF-8",
        &format!("[{}]", urls.join(",")),
    )
}

/// The identity provider's SAML endpoint the CRM sends signed-out users to.
pub const IDP_SSO_URL: &str = "/app/crm/saml2/sso";

/// A record page asked for without a live session: the CRM answers `302 Found` to the identity
/// provider with a SAML AuthnRequest (HTTP-Redirect binding: raw DEFLATE, base64, URL-encoded)
/// and the page as RelayState, so the browser lands on the sign-in page.
pub fn sso_redirect(m: &CrmMore, tb: &mut Tb, path: &str) -> Option<Resp> {
    let expired = m.agent_session_expired_ms?;
    if tb.now_ms() < expired {
        return None;
    }
    let id = format!("_{}", tb.rng.hex(32));
    let xml = format!(
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"{id}\" Version=\"2.0\" IssueInstant=\"{}\" Destination=\"https://{AUTH_HOST}{IDP_SSO_URL}\" AssertionConsumerServiceURL=\"https://{CRM_HOST}/\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">https://{CRM_HOST}</saml:Issuer></samlp:AuthnRequest>",
        crate::util::iso_s(tb.now_ms())
    );
    let saml = url_encode(&crate::util::base64(&deflate_stored(xml.as_bytes())));
    let location = format!(
        "https://{AUTH_HOST}{IDP_SSO_URL}?SAMLRequest={saml}&RelayState={}",
        url_encode(path)
    );
    Some(Resp::new(302).h("Location", location).h(
        "Cache-Control",
        "no-cache,must-revalidate,max-age=0,no-store,private",
    ))
}

/// Raw DEFLATE in stored blocks: a valid stream any inflater reads (no compression needed).
fn deflate_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(c);
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
