//! The built-in scenario packs (`assets/scenarios/`), embedded at build time, parsed on demand.
//! The list follows `assets/scenarios/index.json`; a test keeps the two in step.

use serde_json::Value;

pub const FILES: [(&str, &str); 10] = [
    (
        "rest-methods-and-requests.json",
        include_str!("../../../assets/scenarios/rest-methods-and-requests.json"),
    ),
    (
        "status-codes.json",
        include_str!("../../../assets/scenarios/status-codes.json"),
    ),
    (
        "oauth-and-tokens.json",
        include_str!("../../../assets/scenarios/oauth-and-tokens.json"),
    ),
    (
        "https-and-tls.json",
        include_str!("../../../assets/scenarios/https-and-tls.json"),
    ),
    (
        "network-and-dns.json",
        include_str!("../../../assets/scenarios/network-and-dns.json"),
    ),
    (
        "gateways-rate-limits-5xx.json",
        include_str!("../../../assets/scenarios/gateways-rate-limits-5xx.json"),
    ),
    (
        "live-chat-websockets.json",
        include_str!("../../../assets/scenarios/live-chat-websockets.json"),
    ),
    (
        "webhooks.json",
        include_str!("../../../assets/scenarios/webhooks.json"),
    ),
    (
        "crm-integration.json",
        include_str!("../../../assets/scenarios/crm-integration.json"),
    ),
    (
        "mixed-incidents.json",
        include_str!("../../../assets/scenarios/mixed-incidents.json"),
    ),
];

/// Every built-in pack that parses, in display order.
pub fn packs() -> Vec<Value> {
    FILES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// A built-in pack by id.
pub fn find(id: &str) -> Option<Value> {
    packs()
        .into_iter()
        .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_index_and_every_pack_parses() {
        let index: Value =
            serde_json::from_str(include_str!("../../../assets/scenarios/index.json")).unwrap();
        let listed: Vec<&str> = index["packs"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let embedded: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(embedded, listed);
        assert_eq!(packs().len(), FILES.len());
        assert!(find("webhooks").is_some());
    }
}
