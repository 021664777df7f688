//! Cascades: incidents where one fault sets off failures in other layers. Each is a stack of
//! catalogue faults for one flow, root cause first; the later ones are consequences that the root
//! cause brought about. Nothing here touches the evidence: the faults mutate the world and the
//! layers behave as they always do, so the symptoms cross layers on their own.

use crate::model::*;

pub struct CascadeDef {
    pub id: &'static str,
    pub title: &'static str,
    /// The chain of events, for authors.
    pub summary: &'static str,
    pub flow: Flow,
    /// Root cause first; `(fault id, [(param, value)])`.
    pub faults: &'static [(&'static str, &'static [(&'static str, Param)])],
}

/// A parameter's value in a cascade's fault list.
#[derive(Clone, Copy)]
pub enum Param {
    I(i64),
    S(&'static str),
}
use Param::{I, S};

pub static CASCADES: &[CascadeDef] = &[
    CascadeDef {
        id: "retry-storm",
        title: "Retry storm turns into 429s",
        summary: "A sync worker retries every failure at once and without a cap. The burst saturates the service, which sheds load with 503s; the worker retries those even faster until the gateway's rate limit cuts the whole client off with 429s.",
        flow: Flow::ApiCall,
        faults: &[("request-loop", &[("requests", I(640))]), ("backend-overloaded", &[])],
    },
    CascadeDef {
        id: "slow-crm-504",
        title: "Slow CRM becomes a 504 in the agent desktop",
        summary: "The CRM answers in tens of seconds; the integration middleware gives up after its 5 s timeout and answers the agent desktop's request with 504, so the customer panel stays empty.",
        flow: Flow::CrmLookup,
        faults: &[("crm-slow-response", &[("delay_ms", I(21_000))])],
    },
    CascadeDef {
        id: "slow-crm-webhook-timeouts",
        title: "Slow CRM makes webhook deliveries time out",
        summary: "The receiver creates the CRM case before answering; with the CRM taking 30+ s the delivery worker times out on every attempt, exhausts its retries and disables the endpoint.",
        flow: Flow::CrmTicket,
        faults: &[("crm-slow-response", &[("delay_ms", I(31_000))])],
    },
    CascadeDef {
        id: "expired-receiver-cert",
        title: "Expired receiver certificate exhausts the retries",
        summary: "The receiver's certificate expired; every delivery attempt fails the TLS handshake and the retry schedule runs out: the message is marked failed, while the endpoint stays enabled until it has failed for 5 days.",
        flow: Flow::CrmTicket,
        faults: &[("webhook-tls-failure", &[])],
    },
    CascadeDef {
        id: "expired-receiver-cert-endpoint-disabled",
        title: "Endpoint disabled after a certificate expired",
        summary: "The receiver's certificate expired, every delivery failed for 5 days and the worker disabled the endpoint; hours later new chats produce no delivery at all. The platform looks broken; the delivery history shows why it stopped.",
        flow: Flow::CrmTicket,
        faults: &[("webhook-tls-failure", &[]), ("webhook-endpoint-disabled", &[("hours_ago", I(6))])],
    },
    CascadeDef {
        id: "rotated-signing-secret",
        title: "Rotated signing secret",
        summary: "Someone regenerated the webhook signing secret on the platform without telling the receiver; every delivery is rejected as badly signed and the message's retries run out.",
        flow: Flow::CrmTicket,
        faults: &[("webhook-signature-mismatch", &[])],
    },
    CascadeDef {
        id: "rotated-signing-secret-endpoint-disabled",
        title: "Endpoint disabled after a secret rotation",
        summary: "The signing secret was regenerated, every delivery failed signature checks for 5 days, the endpoint disabled itself, and now nothing is sent at all.",
        flow: Flow::CrmTicket,
        faults: &[("webhook-signature-mismatch", &[]), ("webhook-endpoint-disabled", &[("hours_ago", I(3))])],
    },
    CascadeDef {
        id: "crm-outage-exhausts-retries",
        title: "CRM outage exhausts webhook retries",
        summary: "The CRM is down; the receiver answers every delivery with 502 because it cannot create the case, and the retries run out.",
        flow: Flow::CrmTicket,
        faults: &[("crm-outage", &[])],
    },
    // Issue 15.
    CascadeDef {
        id: "crm-limit-retried-deliveries",
        title: "Spent CRM allowance, and every retried delivery spends more",
        summary: "A looping sync job used up the CRM org's API allowance. The receiver answers each delivery with 502 because the CRM refused its case with REQUEST_LIMIT_EXCEEDED; the platform retries on schedule, and every retry makes the receiver call the CRM again and be refused again, while the job keeps the org over its limit.",
        flow: Flow::CrmTicket,
        faults: &[("crm-rate-limit", &[])],
    },
    // Issue 15.
    CascadeDef {
        id: "jwks-rotation-support-flood",
        title: "Key rotation, every token refused, the support queue floods",
        summary: "The issuer rotated its signing key an hour and a half ago; the gateway's validator still holds the key set it fetched before. Every client that renewed its token since (all of them, with hour-long tokens) is refused with 401 invalid_token, so every customer's calls fail and the support desk's queue fills with tickets, one customer after another as their tokens renewed.",
        flow: Flow::ApiCall,
        faults: &[("jwks-key-not-found", &[("rotated_min_ago", I(95))])],
    },
    CascadeDef {
        id: "unhealthy-instance-flapping",
        title: "One crash-looping instance, taken out and put back",
        summary: "One instance of the chat service crash-loops: its supervisor restarts it and it dies on the next request, closing the connection. nginx's passive checks take it out for fail_timeout, put it back, and the next request fails on it again; reads are sent on to a healthy instance, a new chat (a POST nginx does not send twice) gets 502 now and then.",
        flow: Flow::ApiCall,
        faults: &[("one-instance-unhealthy", &[("fails_by", S("crash-loop"))])],
    },
];

pub fn find(id: &str) -> Option<&'static CascadeDef> {
    CASCADES.iter().find(|c| c.id == id)
}

impl CascadeDef {
    pub fn spec(&self, seed: u64) -> RunSpec {
        RunSpec {
            flow: Some(self.flow.id().into()),
            faults: self
                .faults
                .iter()
                .map(|(id, ps)| {
                    let mut f = FaultSpec::new(id);
                    for (k, v) in ps.iter() {
                        let v = match *v {
                            I(i) => i.into(),
                            S(s) => s.into(),
                        };
                        f.params.insert(k.to_string(), v);
                    }
                    f
                })
                .collect(),
            seed,
            call: None,
            client: None,
        }
    }

    pub fn root_layer(&self) -> Layer {
        crate::faults::find(self.faults[0].0)
            .map(|f| f.layer)
            .unwrap_or(Layer::Client)
    }

    pub fn info(&self) -> CascadeInfo {
        CascadeInfo {
            id: self.id.into(),
            title: self.title.into(),
            summary: self.summary.into(),
            flow: self.flow,
            root_layer: self.root_layer(),
            faults: self.spec(0).faults,
        }
    }
}
