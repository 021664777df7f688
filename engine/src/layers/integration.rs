//! The platform's integration config and middleware: field mappings, screen-pop template,
//! webhook subscriptions, event workflows, and the delivery worker's retry policy.

use crate::util::{self, Rng};
use crate::world::{CRM_HOST, HOOK_HOST, PLATFORM_EGRESS};

#[derive(Clone, Debug)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    /// Standard-Webhooks style signing secret (`whsec_…`).
    pub secret: String,
    pub api_key: String,
    pub secret_rotated_ms: Option<i64>,
    /// Disabled endpoints get no deliveries. Delivery workers disable an endpoint on their own
    /// after its retries are exhausted; an admin can also switch it off.
    pub disabled: bool,
    /// When it was disabled (epoch ms), if it is.
    pub disabled_at_ms: Option<i64>,
    /// Start of the endpoint's current run of failed attempts (epoch ms), when the world
    /// already knows it failed before this run (its certificate expired, its secret changed).
    pub failing_since_ms: Option<i64>,
}

/// The lookup field that means the CRM's own record id: the value goes straight into the record
/// URL (`/sobjects/Contact/{value}`) instead of an external id field.
pub const RECORD_ID: &str = "Id";

#[derive(Clone, Debug)]
pub struct Integration {
    /// CRM field that holds the platform's customer id.
    pub lookup_field: String,
    /// platform field → CRM Case field.
    pub case_mapping: Vec<(String, String)>,
    pub screen_pop_template: String,
    /// Whether the lookup step stores the contact id for the screen pop.
    pub stores_contact_id: bool,
    pub subscriptions: Vec<Subscription>,
    pub crm_token: String,
    pub crm_timeout_ms: i64,
    pub delivery_timeout_ms: i64,
    pub egress_ip: String,
    /// When the agent corrects the chat's summary this long after ending it (ms), the platform
    /// emits chat.updated for the chat then; `None`: the chat is not edited after it ends.
    pub chat_edited_after_ms: Option<i64>,
}

/// Delay before each attempt, as major webhook providers schedule it: now, 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 10 h.
pub const RETRY_SCHEDULE_MS: [i64; 8] = [
    0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/// The delivery worker disables an endpoint once every attempt to it has failed for this long,
/// as Standard Webhooks providers do (Svix: 5 days); a single message running out of retries
/// (about 27.6 hours of the schedule) only marks that message failed.
pub const DISABLE_AFTER_FAILING_MS: i64 = 5 * crate::world::DAY_MS;

impl Integration {
    /// Correct mappings and template, and one enabled subscription to chat.ended that signs
    /// with `webhook_secret` and sends `webhook_api_key`.
    pub fn healthy(
        crm_token: String,
        webhook_secret: String,
        webhook_api_key: String,
        rng: &mut Rng,
    ) -> Integration {
        Integration {
            lookup_field: "ExternalId__c".into(),
            case_mapping: vec![
                ("subject".into(), "Subject".into()),
                ("summary".into(), "Description".into()),
                ("contactId".into(), "ContactId".into()),
                ("channel".into(), "Origin".into()),
            ],
            screen_pop_template: [
                "https://",
                CRM_HOST,
                "/lightning/r/Contact/{{contact.Id}}/view",
            ]
            .concat(),
            stores_contact_id: true,
            subscriptions: vec![Subscription {
                id: rng.prefixed_alnum("ep_", 12),
                url: ["https://", HOOK_HOST, "/faultline/chat-ended"].concat(),
                events: vec!["chat.ended".into()],
                secret: webhook_secret,
                api_key: webhook_api_key,
                secret_rotated_ms: None,
                disabled: false,
                disabled_at_ms: None,
                failing_since_ms: None,
            }],
            crm_token,
            crm_timeout_ms: 5_000,
            delivery_timeout_ms: 15_000,
            egress_ip: PLATFORM_EGRESS.into(),
            chat_edited_after_ms: None,
        }
    }
}

impl Integration {
    pub fn render_screen_pop(&self, contact_id: Option<&str>) -> String {
        let id = if self.stores_contact_id {
            contact_id.unwrap_or("")
        } else {
            ""
        };
        self.screen_pop_template.replace("{{contact.Id}}", id)
    }

    /// Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(key, id.timestamp.body)), where
    /// the key is the base64-decoded part of the `whsec_` secret (what the reference libraries
    /// verify with). A secret that is not base64 is used as its bytes.
    pub fn sign(secret: &str, id: &str, ts: i64, body: &str) -> String {
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let key = util::base64_decode(encoded).unwrap_or_else(|| encoded.as_bytes().to_vec());
        let mac = util::hmac_sha256(&key, format!("{id}.{ts}.{body}").as_bytes());
        format!("v1,{}", util::base64(&mac))
    }

    pub fn config_dump(&self) -> String {
        let mut s = String::from("Customer lookup\n");
        s.push_str(&format!(
            "  platform customerId -> CRM Contact.{}\n",
            self.lookup_field
        ));
        s.push_str(&format!(
            "  screen pop URL template: {}\n",
            self.screen_pop_template
        ));
        s.push_str(&format!(
            "  save lookup result as contact.Id: {}\n",
            if self.stores_contact_id { "yes" } else { "no" }
        ));
        s.push_str("Ticket mapping (chat.ended -> CRM Case)\n");
        for (a, b) in &self.case_mapping {
            s.push_str(&format!("  {a} -> {b}\n"));
        }
        for sub in &self.subscriptions {
            s.push_str(&format!(
                "Webhook subscription {}\n  url: {}\n  events: {}\n",
                sub.id,
                sub.url,
                sub.events.join(", ")
            ));
            match (sub.disabled, sub.disabled_at_ms) {
                (true, Some(t)) => {
                    s.push_str(&format!("  status: disabled since {}\n", util::iso_s(t)))
                }
                (true, None) => s.push_str("  status: disabled\n"),
                _ => s.push_str("  status: enabled\n"),
            }
            if let Some(t) = sub.secret_rotated_ms {
                s.push_str(&format!(
                    "  signing secret regenerated: {}\n",
                    util::iso_s(t)
                ));
            } else {
                s.push_str("  signing secret: unchanged since creation\n");
            }
        }
        s
    }
}
