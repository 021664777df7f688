//! Client faults: the request itself is wrong (method, path, body, headers, URL).

use crate::faults::{chat_body, int, set_call, set_story_call, st, Params};
use crate::world::{World, API_HOST, OLD_API_HOST, SANDBOX_HOST};

/// How long the retrying client waits for an answer (idempotency-duplicate-post).
pub const IDEMPOTENCY_TIMEOUT_MS: i64 = 10_000;

/// The customer a legacy system exported to a file (`wrong-charset`): its text; the file holds
/// it in ISO-8859-1.
const LEGACY_CUSTOMER: &str = "{\n  \"name\": \"Lena Müller\",\n  \"email\": \"lena.mueller@example.org\",\n  \"phone\": \"+15555550164\"\n}";
/// The least time the paging sync spends on a page before it asks for the next
/// (pagination-cursor-expired): 11.5 minutes, up to a minute more by the world's clock.
pub const PAGE_WORK_MS: i64 = 690_000;

/// The run chose its call and that call sends a JSON body (POST, PUT, PATCH).
fn chosen_body(w: &World) -> bool {
    w.call_chosen && w.client.body.is_some()
}

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    match id {
        // With a chosen call, the chosen method is the wrong one.
        "wrong-method" if w.call_chosen => {}
        "wrong-method" => set_call(w, "GET", "/v2/chats"),
        "endpoint-typo" => w.client.path = format!("/v2/{}/{cid}", st(p, "typo")),
        "wrong-api-version" => w.client.path = w.client.path.replacen("/v2/", "/v1/", 1),
        "missing-resource-id" => w.client.path = "/v2/customers/".into(),
        "wrong-environment" => w.client.base = format!("https://{SANDBOX_HOST}"),
        // A chosen call with a body keeps its request; the fault breaks that body.
        "malformed-json" if chosen_body(w) => {
            let b = w.client.body.clone().unwrap_or_default();
            w.client.body = Some(if b.contains(",\n") {
                b.replacen(",\n", "\n", 1)
            } else {
                b.trim_end().trim_end_matches('}').to_string()
            });
        }
        "malformed-json" => {
            set_story_call(w, "POST", "/v2/chats");
            w.client.body = Some(format!("{{\n  \"customerId\": \"{cid}\"\n  \"channel\": \"chat\",\n  \"authenticated\": true\n}}"));
        }
        "missing-required-field" => {
            if !chosen_body(w) {
                set_story_call(w, "POST", "/v2/chats");
            }
            let mut v: serde_json::Value =
                serde_json::from_str(w.client.body.as_deref().unwrap_or("{}")).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                // "a,b" leaves out several fields (e.g. a partial body sent with PUT).
                for field in st(p, "field").split(',') {
                    o.remove(field.trim());
                }
            }
            w.client.body = Some(serde_json::to_string_pretty(&v).unwrap_or_default());
        }
        "wrong-field-type" => {
            set_story_call(w, "POST", "/v2/chats");
            w.client.body = w
                .client
                .body
                .as_ref()
                .map(|b| b.replace("\"authenticated\": true", "\"authenticated\": \"true\""));
        }
        "wrong-field-name" => {
            set_story_call(w, "POST", "/v2/chats");
            let n = st(p, "name").to_string();
            w.client.body = w
                .client
                .body
                .as_ref()
                .map(|b| b.replace("\"customerId\"", &format!("\"{n}\"")));
        }
        "wrong-nesting" => {
            set_story_call(w, "POST", "/v2/chats");
            w.client.body = Some(chat_body(w, "\"en-US\""));
        }
        "missing-content-type" => {
            if !chosen_body(w) {
                set_story_call(w, "POST", "/v2/chats");
            }
            w.client.content_type = Some("application/x-www-form-urlencoded".into());
        }
        "duplicate-resource" => {
            set_story_call(w, "POST", "/v2/customers");
            w.client.body = Some("{\n  \"name\": \"Dana Whitfield\",\n  \"email\": \"dana.whitfield@example.com\",\n  \"phone\": \"+15555550142\"\n}".into());
        }
        "validation-rule" => {
            set_story_call(w, "PATCH", &format!("/v2/customers/{cid}"));
            w.client.body = Some(format!("{{ \"phone\": \"{}\" }}", st(p, "phone")));
        }
        "request-loop" => {
            let n = int(p, "requests").max(1) as u32;
            w.client.loop_requests = n;
        }
        "plain-http" => w.client.base = format!("http://{API_HOST}"),
        // The API moved to its new host name; the old one still resolves to it, is still on its
        // certificate and answers every request with a 301 to the new host. The client keeps
        // the old base URL and follows the redirect, leaving its Authorization header behind.
        "redirect-drops-authorization" => {
            w.client.base = format!("https://{OLD_API_HOST}");
            w.client.follows_redirects = true;
            if let Some(ip) = w.dns.zone.get(API_HOST).cloned() {
                w.dns.zone.insert(OLD_API_HOST.into(), ip);
            }
            if let Some(t) = w.tls.get_mut(API_HOST) {
                t.cert.sans.push(OLD_API_HOST.into());
                let t = t.clone();
                w.tls.insert(OLD_API_HOST.into(), t);
            }
            w.gateway.moved_from = Some(OLD_API_HOST.into());
        }
        // The client posts to the collection with a trailing slash; the gateway's canonical-URL
        // rule answers 301 without it, and the client follows as a GET without the body.
        "redirect-post-to-get" => {
            // Only a POST-only collection turns the lost POST into an error the client sees.
            if !(w.call_chosen && w.client.method == "POST" && w.client.path == "/v2/chats") {
                set_story_call(w, "POST", "/v2/chats");
            }
            if !w.client.path.ends_with('/') {
                w.client.path.push('/');
            }
            w.client.follows_redirects = true;
            w.gateway.strip_trailing_slash = true;
        }
        "content-length-mismatch" => {
            if !chosen_body(w) {
                set_story_call(w, "POST", "/v2/chats");
            }
            w.client.content_length_extra = 64;
        }
        "screen-pop-blocked" => w.client.popup_blocker = true,
        // Issue 15: the script waits 10 s for an answer and sends a POST that timed out once
        // more, as it was. A job's transaction holds the customer's row until it commits, so
        // the first chat's insert waits past the client's timeout; the retry's waits for the
        // same commit, and both inserts go through.
        "idempotency-duplicate-post" => {
            if !(w.call_chosen && w.client.method == "POST" && w.client.path == "/v2/chats") {
                set_story_call(w, "POST", "/v2/chats");
            }
            w.client.timeout_ms = IDEMPOTENCY_TIMEOUT_MS;
            w.client.retries_post_on_timeout = true;
            let base = 2000 + (w.epoch_ms / 11).rem_euclid(6000);
            w.db.row_lock = Some(crate::layers::database::RowLock {
                pid: base,
                xid: 51_000_000 + w.epoch_ms.rem_euclid(900_000),
                tuple: format!("(0,{})", 1 + w.epoch_ms.rem_euclid(60)),
                commit_at: int(p, "commit_after_ms"),
                waiters: [
                    base + 37 + w.epoch_ms.rem_euclid(90),
                    base + 211 + (w.epoch_ms / 3).rem_euclid(90),
                ],
            });
        }
        // Issue 15: the platform announced /v1/'s retirement half a year ahead (changelog,
        // Deprecation and Sunset headers); the date passed and the client's code still calls it.
        "api-version-retired" => {
            const DAY: i64 = 86_400_000;
            let sunset_ms = (w.epoch_ms / DAY - int(p, "retired_days_ago").max(1)) * DAY;
            w.gateway.sunset = Some(crate::layers::gateway::sunset::Sunset {
                prefix: "/v1/".into(),
                successor: "/v2/".into(),
                deprecated_ms: sunset_ms - 182 * DAY,
                sunset_ms,
            });
            w.client.path = w.client.path.replacen("/v2/", "/v1/", 1);
        }
        // Issue 16: the export API queues the job and answers 202 with its status resource; the
        // script reads the rows from that first answer and never asks the Location.
        "export-accepted-not-polled" => {
            use crate::layers::exports::PATH;
            if !(w.call_chosen && w.client.method == "POST" && w.client.path == PATH) {
                set_story_call(w, "POST", PATH);
            }
            w.client.reads_accepted_as_result = true;
            w.backend.export_job_ms = int(p, "job_s") * 1000;
        }
        // Issue 15: the job sends a customer file a legacy system exported in ISO-8859-1 as it
        // is, byte for byte, under a header that says UTF-8; the API reads it as UTF-8.
        "wrong-charset" => {
            if !(w.call_chosen && w.client.method == "POST" && w.client.path == "/v2/customers") {
                set_story_call(w, "POST", "/v2/customers");
            }
            w.client.body = Some(LEGACY_CUSTOMER.into());
            w.client.content_type = Some("application/json; charset=utf-8".into());
            w.client.body_file = Some("customer.json".into());
            w.client.body_file_latin1 = true;
        }
        // Issue 15: the list's cursors live `cursor_ttl_min` after the page that issued them;
        // the sync writes each page's customers to its own system before it asks for the next,
        // which takes it longer than that.
        "pagination-cursor-expired" => {
            use crate::layers::pages::{first_page, PATH};
            if !(w.call_chosen && w.client.method == "GET" && w.client.path == PATH) {
                let first = first_page(w);
                set_story_call(w, "GET", &first);
            }
            w.backend.cursor_ttl_ms = int(p, "cursor_ttl_min").max(1) * 60_000;
            w.client.page_work_ms = Some(PAGE_WORK_MS + (w.epoch_ms / 7).rem_euclid(60) * 1000);
        }
        _ => {}
    }
}
