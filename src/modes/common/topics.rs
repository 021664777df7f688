//! One topic taxonomy for every page that names topics (progress, the packs finder).
//!
//! Topics come from three places: a scenario's tags ("webhooks", "oauth"), the root-cause layer
//! ("webhook", "auth") and the flow ("crm-ticket"). A tag that names a layer is that layer's topic;
//! flows are how a request travels, not a topic, so they have no topic key.

/// Tags that are another spelling of a topic: (tag, topic key).
const ALIASES: &[(&str, &str)] = &[
    ("webhooks", "webhook"),
    ("websockets", "realtime"),
    ("websocket", "realtime"),
    ("oauth", "auth"),
    ("certificates", "tls"),
    ("databases", "database"),
];

/// Topic keys with the words the page shows for them.
const LABELS: &[(&str, &str)] = &[
    ("client", "Client"),
    ("dns", "DNS"),
    ("network", "Network"),
    ("tls", "TLS"),
    ("gateway", "Gateway"),
    ("auth", "Auth and OAuth"),
    ("backend", "Backend"),
    ("database", "Database"),
    ("integration", "Integration"),
    ("crm", "CRM"),
    ("webhook", "Webhooks"),
    ("realtime", "WebSockets"),
    ("status-codes", "Status codes"),
    ("logs", "Logs"),
    ("headers", "Headers"),
    ("methods", "HTTP methods"),
    ("json", "JSON"),
    ("escalation", "Escalation"),
    ("field-mapping", "Field mapping"),
    ("screen-pop", "Screen pop"),
    ("rate-limit", "Rate limits"),
    ("edge", "CDN / edge"),
];

/// The topic a stored tag counts for; `None` for a flow id (not a topic).
pub fn topic_key(tag: &str) -> Option<String> {
    let tag = tag.trim().to_ascii_lowercase();
    if faultline_engine::Flow::ALL.iter().any(|f| f.id() == tag) {
        return None;
    }
    let key = ALIASES
        .iter()
        .find(|(alias, _)| *alias == tag)
        .map_or(tag, |(_, key)| key.to_string());
    (!key.is_empty()).then_some(key)
}

/// A topic's words: known topics by name, any other tag (from an imported pack) as written.
pub fn topic_label(key: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.replace('-', " "), |(_, label)| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_topic_and_words_for_each() {
        let flow = faultline_engine::Flow::ALL[0].id();
        assert_eq!(topic_key(flow), None, "a flow is not a topic");
        assert_eq!(topic_key("webhooks"), topic_key("webhook"));
        assert_eq!(topic_key("Websockets").as_deref(), Some("realtime"));
        assert_eq!(topic_key("oauth").as_deref(), Some("auth"));
        assert_eq!(topic_label("webhook"), "Webhooks");
        assert_eq!(topic_label("my-custom-tag"), "my custom tag");
    }
}
