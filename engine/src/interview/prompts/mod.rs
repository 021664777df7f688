//! The "explain it" prompts, one file per topic. Facts follow the study guide; every question,
//! point and model answer is written for Faultline. `phrasings.rs` holds the point builders and the
//! phrasings several topics share.

mod auth;
mod crm;
mod http;
mod method;
mod network;
mod phrasings;
mod webhooks;

use super::Prompt;

/// Every prompt, grouped by topic in this order (the order pickers show and seeded mocks draw from).
pub static PROMPTS: &[Prompt] = &[
    http::REST_METHODS,
    http::IDEMPOTENCY,
    http::STATUS_401_VS_403,
    http::STATUS_4XX_VS_5XX,
    http::STATUS_502_503_504,
    http::STATUS_429_RATE_LIMIT,
    http::STATUS_400_BAD_REQUEST,
    auth::OAUTH_VS_API_KEY,
    auth::WHAT_IS_OAUTH,
    auth::BEARER_TOKEN,
    auth::JWT_CLAIMS,
    auth::DEBUG_OAUTH,
    network::WHAT_TLS_PROTECTS,
    network::TLS_FAILURES,
    network::DNS_FAILURE,
    network::REFUSED_VS_TIMEOUT,
    webhooks::WEBHOOK_VS_API,
    webhooks::DEBUG_FAILING_WEBHOOK,
    webhooks::WEBHOOK_SIGNATURE,
    webhooks::WEBHOOK_IDEMPOTENT_RECEIVER,
    webhooks::WEBSOCKET_VS_REST,
    webhooks::WEBSOCKET_VS_WEBHOOK,
    crm::DEBUG_CRM_LOOKUP,
    crm::FIELD_MAPPING,
    crm::INTEGRATION_USER,
    method::TROUBLESHOOTING_APPROACH,
    method::DEBUG_504,
    method::WHY_CORRELATION_IDS,
    method::ESCALATION,
    method::DIAGNOSIS_STATEMENT,
];
