//! Who owns the fix: the team a support engineer hands a diagnosed failure to. Every fault in the
//! catalogue names one, with a line saying why; the puzzle's fourth question asks for it.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    /// Whoever writes and configures the calling code (the app, script or partner integration).
    ClientDeveloper,
    /// The team that runs the API: gateway, services, their database, certificates and hosts.
    PlatformApi,
    /// The identity provider's owners: token issuance, revocation, scopes and roles.
    Identity,
    /// DNS, firewalls, proxies and the paths between networks.
    NetworkSecurity,
    /// The admin of the platform's integration settings: CRM connection, mappings, webhook
    /// subscriptions, screen-pop templates.
    IntegrationAdmin,
    /// The admin of the customer's CRM org: records, profiles, required fields.
    CrmAdmin,
    /// The team that runs the webhook receiver.
    Receiver,
    /// An outside vendor whose hosted service is failing (the CRM's provider).
    Vendor,
    /// The IT team that manages the agents' desktops and browser policies.
    DesktopIt,
}

impl Owner {
    pub const ALL: [Owner; 9] = [
        Owner::ClientDeveloper,
        Owner::PlatformApi,
        Owner::Identity,
        Owner::NetworkSecurity,
        Owner::IntegrationAdmin,
        Owner::CrmAdmin,
        Owner::Receiver,
        Owner::Vendor,
        Owner::DesktopIt,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Owner::ClientDeveloper => "client-developer",
            Owner::PlatformApi => "platform-api",
            Owner::Identity => "identity",
            Owner::NetworkSecurity => "network-security",
            Owner::IntegrationAdmin => "integration-admin",
            Owner::CrmAdmin => "crm-admin",
            Owner::Receiver => "receiver",
            Owner::Vendor => "vendor",
            Owner::DesktopIt => "desktop-it",
        }
    }

    pub fn parse(id: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|o| o.id() == id)
    }

    /// As a choice reads: "The client developer".
    pub fn label(self) -> &'static str {
        match self {
            Owner::ClientDeveloper => "The client developer",
            Owner::PlatformApi => "The platform API team",
            Owner::Identity => "The identity team",
            Owner::NetworkSecurity => "The network/security team",
            Owner::IntegrationAdmin => "The integration admin",
            Owner::CrmAdmin => "The CRM admin",
            Owner::Receiver => "The receiver's team",
            Owner::Vendor => "The vendor",
            Owner::DesktopIt => "Desktop IT",
        }
    }

    /// What they can change, for the feedback on a wrong pick.
    pub fn domain(self) -> &'static str {
        match self {
            Owner::ClientDeveloper => "the calling code and its configuration",
            Owner::PlatformApi => "the API's gateway, services, database, certificates and hosts",
            Owner::Identity => "token issuance, revocation, scopes and roles",
            Owner::NetworkSecurity => "DNS, firewalls and proxies",
            Owner::IntegrationAdmin => {
                "the integration's settings: CRM connection, field mappings, webhook \
                 subscriptions and screen-pop templates"
            }
            Owner::CrmAdmin => "the CRM org's records, profiles and required fields",
            Owner::Receiver => "the webhook receiver's server, keys and allowlist",
            Owner::Vendor => "the hosted CRM service itself",
            Owner::DesktopIt => "the agents' browsers and desktop policies",
        }
    }
}
