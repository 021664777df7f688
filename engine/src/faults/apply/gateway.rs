//! Gateway faults: the allowlist, quota, routing, CORS policy or load balancer is misconfigured.

use crate::faults::{int, Params};
use crate::layers::gateway::waf::WafMode;
use crate::layers::gateway::RateLimit;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    match id {
        "ip-not-allowlisted" => w.client.public_ip = "192.0.2.77".into(),
        "rate-limit-quota" => {
            // An hourly plan quota is an API-gateway product's; raw nginx has no plans. The
            // client's job keeps its normal pace (one call every 12 to 25 s, 144 to 300 an
            // hour), more than the plan now refills: its bucket runs dry by itself.
            w.gateway.rate = RateLimit::plan(int(p, "limit").max(1) as u32, 3600);
            w.client.pace_ms =
                12_000 + (cid.parse::<i64>().unwrap_or(0) * 97).rem_euclid(13) * 1000;
        }
        "gateway-misrouted" => {
            for r in &mut w.gateway.routes {
                if r.pattern.starts_with("/v2/customers") {
                    r.upstream = "billing-v1";
                }
            }
        }
        "cors-origin-not-allowed" => {
            let o = w.client.origin.clone().unwrap_or_default();
            w.gateway.cors_allowed_origins.retain(|a| *a != o);
        }
        "ws-idle-timeout" => w.gateway.ws_idle_timeout_s = int(p, "idle_s").max(1),
        "ws-upgrade-stripped" => w.gateway.ws_upgrade_forwarded = false,
        "payload-too-large" => {
            // A location's `client_max_body_size` set far below what the API documents, and
            // an ordinary profile update with a photo, half as big again as that limit.
            let limit = int(p, "limit_kb").clamp(1, 64) as usize * 1024;
            w.gateway.client_max_body_size = limit;
            customer_with_photo(w, limit + limit / 2);
        }
        "header-too-large" => {
            // nginx's default `large_client_header_buffers 4 8k` (or the size given), and the
            // identity provider now puts the caller's group ids in the token, past one buffer.
            let buffer = int(p, "buffer_kb").clamp(1, 16) as usize * 1024;
            w.gateway.header_buffer = buffer;
            token_with_groups(w, buffer);
        }
        "waf-blocked" => {
            // The WAF leaves detection-only mode, and the chat the client opens quotes the
            // payment button's snippet in its first message.
            w.gateway.waf = WafMode::On;
            crate::faults::set_story_call(w, "POST", "/v2/chats");
            let context = "{\n    \"locale\": \"en-US\",\n    \"page\": \"/business/payments\",\n    \"firstMessage\": \"The payment button shows nothing on my shop page. I pasted <script src=https://pay.example.com/button.js></script> into the footer as the guide says.\"\n  }";
            w.client.body = Some(crate::faults::chat_body(w, context));
        }
        _ => {}
    }
}

/// The client saves the customer's details with a profile photo (a PNG as a data URI) so the
/// JSON body is about `size` bytes.
fn customer_with_photo(w: &mut World, size: usize) {
    let cid = w.customer_id.clone();
    crate::faults::set_story_call(w, "PUT", &format!("/v2/customers/{cid}"));
    let head = "{\n  \"name\": \"Dana Whitfield\",\n  \"email\": \"dana.whitfield@example.com\",\n  \"phone\": \"+15555550142\",\n  \"photo\": \"data:image/png;base64,";
    let tail = "\"\n}";
    // A PNG's signature and IHDR chunk, then bytes that look like compressed image data.
    let mut png: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    png.extend_from_slice(&[
        0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0,
    ]);
    let mut rng = crate::util::Rng::new(cid.parse::<u64>().unwrap_or(1) ^ 0x9A9_1A7E);
    let raw = (size.saturating_sub(head.len() + tail.len())) * 3 / 4;
    while png.len() < raw {
        png.push(rng.range(0, 255) as u8);
    }
    let b64 = crate::util::base64(&png);
    w.client.body = Some(format!("{head}{b64}{tail}"));
}

/// The client's token re-issued with a `groups` claim of directory group ids (36-character
/// object ids, as Entra ID sends them), enough of them that the Authorization line passes
/// `buffer` bytes: base64url makes the claim a third longer again.
fn token_with_groups(w: &mut World, buffer: usize) {
    let Some(c) = crate::layers::auth::AuthServer::decode(&w.client.token) else {
        return;
    };
    let n = buffer * 3 / 4 / 39 + 12;
    let mut rng = crate::util::Rng::new(w.customer_id.parse::<u64>().unwrap_or(1) ^ 0x6A0_0F5);
    let groups: Vec<serde_json::Value> = (0..n)
        .map(|_| {
            let h = rng.hex(32).to_lowercase();
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
            .into()
        })
        .collect();
    let t = w.auth.mint_with(&c, &[("groups", groups.into())]);
    w.client.token = t.clone();
    w.client.authorization = Some(format!("Bearer {t}"));
}
