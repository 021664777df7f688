//! Who else a fault reaches: whether the same call, made right from a known-good setup (the
//! support team's own machine, network, resolver and credentials, the documented request), meets
//! it too. "Compare with a known-good request" asks exactly that of the world, so the answer has
//! to come from where the fault lives, not from the probe: a platform that is down for one
//! caller is down for the support engineer as well.

/// Where a fault lives, as seen by a second, known-good caller of the same call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// In the reporter's own client, request, network path, DNS view, credentials or account
    /// limits: a known-good request escapes it.
    Caller,
    /// In something every caller of this call goes through (the platform's hosts, gateway,
    /// services and data, the shared integration settings, the CRM org, the receiver): a
    /// known-good request meets it the same way.
    Everyone,
    /// In something shared that fails only some requests (one bad instance, a race, a lock):
    /// a second request usually goes through.
    NowAndThen,
}

/// The reach of a catalogue fault; `None` for an id the catalogue does not hold (a test checks
/// that every catalogue fault has one, so a new fault must be placed here on purpose).
pub fn reach(id: &str) -> Option<Reach> {
    use Reach::*;
    Some(match id {
        // The request as the reporter's code builds it; the documented request is built right.
        "wrong-method"
        | "endpoint-typo"
        | "wrong-api-version"
        | "missing-resource-id"
        | "wrong-environment"
        | "malformed-json"
        | "missing-required-field"
        | "wrong-field-type"
        | "wrong-field-name"
        | "wrong-nesting"
        | "missing-content-type"
        | "validation-rule"
        | "export-accepted-not-polled"
        | "wrong-charset"
        | "request-loop"
        | "plain-http"
        | "redirect-post-to-get"
        | "redirect-drops-authorization"
        | "content-length-mismatch"
        | "api-version-retired"
        | "idempotency-duplicate-post"
        | "pagination-cursor-expired"
        | "tls-version-mismatch"
        | "sni-missing"
        | "mtls-client-cert-missing"
        | "client-trust-store-outdated" => Caller,
        // The reporter's credentials, grants and limits; the support team has its own.
        "invalid-client-secret"
        | "missing-auth-header"
        | "expired-token"
        | "malformed-token"
        | "revoked-token"
        | "expired-refresh-token"
        | "missing-scope"
        | "insufficient-role"
        | "wrong-auth-scheme"
        | "missing-api-key"
        | "invalid-api-key"
        | "header-too-large"
        | "refresh-token-reused"
        | "invalid-scope-requested"
        | "consent-revoked"
        | "ip-not-allowlisted"
        | "rate-limit-quota" => Caller,
        // The reporter's network, resolver and desktop.
        "dns-stale-record"
        | "dns-split-horizon"
        | "firewall-block"
        | "proxy-interference"
        | "proxy-auth-required"
        | "network-latency"
        | "tls-interception-proxy"
        | "mtu-blackhole"
        | "screen-pop-blocked"
        | "crm-sso-session-expired" => Caller,
        // The public DNS, the platform's hosts and certificates, the edge.
        "dns-nxdomain"
        | "dns-servfail"
        | "dangling-cname"
        | "connection-refused"
        | "cert-expired"
        | "cert-self-signed"
        | "cert-incomplete-chain"
        | "cert-hostname-mismatch"
        | "cert-not-yet-valid"
        | "edge-cached-error"
        | "edge-origin-unreachable"
        | "edge-origin-timeout"
        | "edge-origin-tls-invalid" => Everyone,
        // The gateway, the services, their data and the token validator.
        "gateway-misrouted"
        | "ws-upgrade-stripped"
        | "ws-idle-timeout"
        | "cors-origin-not-allowed"
        | "payload-too-large"
        | "waf-blocked"
        | "upstream-down"
        | "maintenance-window"
        | "backend-overloaded"
        | "backend-exception"
        | "slow-backend"
        | "database-timeout"
        | "database-down"
        | "db-pool-exhausted"
        | "duplicate-resource"
        | "realtime-overloaded"
        | "jwt-clock-skew"
        | "jwks-key-not-found" => Everyone,
        // The web app every user signs in through.
        "redirect-uri-mismatch" | "pkce-verifier-mismatch" | "authorization-code-reused" => {
            Everyone
        }
        // The shared integration settings, the CRM org and the webhook receiver.
        "crm-field-mapping"
        | "screen-pop-bad-url-template"
        | "screen-pop-missing-id"
        | "webhook-event-not-generated"
        | "webhook-wrong-url"
        | "webhook-signature-mismatch"
        | "webhook-endpoint-disabled"
        | "crm-id-type-mismatch"
        | "crm-record-not-found"
        | "crm-missing-required-field"
        | "crm-permission-denied"
        | "crm-token-expired"
        | "crm-slow-response"
        | "crm-outage"
        | "crm-multiple-matches"
        | "crm-rate-limit"
        | "crm-duplicate-rule"
        | "webhook-endpoint-down"
        | "webhook-auth-failure"
        | "webhook-invalid-payload"
        | "webhook-timeout"
        | "webhook-tls-failure"
        | "webhook-ip-blocked"
        | "webhook-body-reserialized"
        | "webhook-receiver-stale-secret"
        | "webhook-timestamp-skew" => Everyone,
        // Shared, but only some requests meet it.
        "one-instance-unhealthy"
        | "upstream-keepalive-race"
        | "db-deadlock"
        | "crm-row-lock"
        | "webhook-duplicate-delivery"
        | "webhook-out-of-order" => NowAndThen,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_fault_has_a_reach() {
        let missing: Vec<&str> = crate::faults::CATALOGUE
            .iter()
            .map(|f| f.id)
            .filter(|id| reach(id).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "place these faults in reach.rs: {missing:?}"
        );
    }
}
