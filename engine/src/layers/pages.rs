//! The customer service's list, paged with cursors: `GET /v2/customers` answers the customers
//! changed since `updated_since` (all of them without it), oldest change first, [`PAGE_SIZE`] to
//! a page. A page that has more after it carries `next_cursor`, which the caller sends back
//! alone (`GET /v2/customers?cursor=…`) for the next page, and `cursor_expires_at`: the service
//! keeps a cursor for the backend's `cursor_ttl_ms` after the page that issued it (ten minutes,
//! as the API reference says) and refuses it after that with a 400 problem, `cursor-expired`,
//! whose `cursor_ttl_seconds` member repeats the lifetime. The list is worked out from the
//! world (a hash per row), so every page of a run agrees with the others.

use super::backend::Backend;
use crate::model::{Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::World;
use serde::Serialize;
use serde_json::json;

pub const PATH: &str = "/v2/customers";
/// Rows on a page (the API's only page size).
pub const PAGE_SIZE: usize = 25;
/// How long a cursor stays valid after the page that issued it, in a healthy world.
pub const CURSOR_TTL_MS: i64 = 600_000;

/// A cursor the service issued: which list it continues, from which row, and its lifetime
/// (trace ms).
#[derive(Clone, Debug)]
pub struct Cursor {
    pub id: String,
    /// The list's `updated_since` (empty: every customer).
    pub since: String,
    pub offset: usize,
    pub issued_at: i64,
    pub expires_at: i64,
}

/// One customer as the list shows it (members sorted, as `json!` writes them).
#[derive(Serialize)]
struct Row {
    email: String,
    id: String,
    name: String,
    #[serde(rename = "updatedAt")]
    updated_at: String,
}

/// A page: its rows, then where the list goes on and until when that cursor holds.
#[derive(Serialize)]
struct Page {
    data: Vec<Row>,
    next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor_expires_at: Option<String>,
}

/// The start of the day before `epoch_ms`, as the sync asks for it (`updated_since`).
pub fn yesterday(epoch_ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    util::iso_s((epoch_ms.div_euclid(DAY) - 1) * DAY)
}

/// The first page's path for a sync of the customers changed since the day before.
pub fn first_page(w: &World) -> String {
    format!("{PATH}?updated_since={}", yesterday(w.epoch_ms))
}

/// The path of the page after `cursor`.
pub fn next_page(cursor: &str) -> String {
    format!("{PATH}?cursor={cursor}")
}

/// The value of `key` in a URL's query string.
pub fn query_param<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// How many customers the list holds: those changed since the day before, or all of them.
fn total(w: &World, since: &str) -> usize {
    let n = w.customer_id.parse::<usize>().unwrap_or(0);
    if since.is_empty() {
        4_000 + n % 1_000
    } else {
        60 + n % 90
    }
}

const FIRST: [&str; 16] = [
    "Amira", "Ben", "Chloe", "Diego", "Elif", "Farid", "Grace", "Hana", "Ivan", "Jonas", "Keira",
    "Luis", "Maya", "Noor", "Omar", "Priya",
];
const LAST: [&str; 16] = [
    "Abbott",
    "Brennan",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Gallo",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
];

/// Row `i` of the list (oldest change first): its changes spread over the day before and this
/// day up to now, in order.
fn row(w: &World, since: &str, i: usize, total: usize) -> Row {
    let h = util::sha256(format!("customer list {} {since} {i}", w.customer_id).as_bytes());
    let from = util::parse_iso_ms(since).unwrap_or(w.epoch_ms - 400 * 86_400_000);
    let span = (w.epoch_ms - 60_000 - from).max(1);
    let slot = span / total.max(1) as i64;
    let jitter = i64::from(u16::from_be_bytes([h[0], h[1]])) % slot.max(1);
    let (first, last) = (FIRST[usize::from(h[2]) % 16], LAST[usize::from(h[3]) % 16]);
    Row {
        email: format!(
            "{}.{}@example.com",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase()
        ),
        id: (10_000 + u32::from_be_bytes([0, h[4], h[5], h[6]]) % 90_000).to_string(),
        name: format!("{first} {last}"),
        updated_at: util::iso_s(from + i as i64 * slot + jitter),
    }
}

fn log(tb: &mut Tb, text: String) {
    tb.log(LogSource::App, Level::Info, text);
}

/// `GET /v2/customers`: a page of the list, from its start or from a cursor.
pub(super) fn list(b: &Backend, w: &World, tb: &mut Tb, url: &str, path: &str, svc: &str) -> Resp {
    let (since, offset) = match query_param(url, "cursor") {
        Some(id) => {
            let Some(c) = tb.cursors.iter().find(|c| c.id == id).cloned() else {
                log(tb, format!("{svc} 400 GET {path}: unknown cursor {id}"));
                return Resp::problem_with(
                    400,
                    "invalid-cursor",
                    "The cursor is not one this API issued. Request the first page of the list again.",
                    path,
                    json!({"title": "Invalid cursor"}),
                );
            };
            if tb.t > c.expires_at {
                let ttl_s = (c.expires_at - c.issued_at) / 1000;
                log(
                    tb,
                    format!(
                        "{svc} 400 GET {path}: cursor {id} expired at {} (issued {}, ttl {ttl_s} s)",
                        util::iso_s(tb.epoch_ms + c.expires_at),
                        util::iso_s(tb.epoch_ms + c.issued_at)
                    ),
                );
                return expired(path, ttl_s);
            }
            (c.since, c.offset)
        }
        None => (
            query_param(url, "updated_since").unwrap_or("").to_string(),
            0,
        ),
    };
    if !since.is_empty() && util::parse_iso_ms(&since).is_none() {
        log(
            tb,
            format!("{svc} 400 GET {path}: updated_since \"{since}\" is not a date-time"),
        );
        return Resp::problem_with(
            400,
            "validation",
            "updated_since must be an RFC 3339 date-time, e.g. 2026-05-20T00:00:00Z.",
            path,
            json!({"errors": [{"pointer": "#/updated_since", "detail": "must be a date-time"}]}),
        );
    }
    let sql = if since.is_empty() {
        "SELECT id, name, email, updated_at FROM customers ORDER BY updated_at, id OFFSET $1 LIMIT 26"
    } else {
        "SELECT id, name, email, updated_at FROM customers WHERE updated_at >= $1 ORDER BY updated_at, id OFFSET $2 LIMIT 26"
    };
    let total = total(w, &since);
    let end = (offset + PAGE_SIZE).min(total);
    // One row more than a page, to know whether another page follows.
    let fetched = (end + 1).min(total) - offset.min(total);
    if let Err(e) = b.db_rows(w, tb, svc, path, sql, fetched) {
        return e;
    }
    let data: Vec<Row> = (offset..end).map(|i| row(w, &since, i, total)).collect();
    let rows = data.len();
    let (next_cursor, cursor_expires_at) = if end < total {
        let c = Cursor {
            id: tb.rng.alnum(32),
            since,
            offset: end,
            issued_at: tb.t,
            expires_at: tb.t + b.cursor_ttl_ms,
        };
        let at = util::iso_s(tb.epoch_ms + c.expires_at);
        log(
            tb,
            format!(
                "{svc} 200 GET {path} rows={rows} next_cursor={} expires_at={at}",
                c.id
            ),
        );
        let id = c.id.clone();
        tb.cursors.push(c);
        (Some(id), Some(at))
    } else {
        log(
            tb,
            format!("{svc} 200 GET {path} rows={rows} next_cursor=none"),
        );
        (None, None)
    };
    Resp::json(
        200,
        &Page {
            data,
            next_cursor,
            cursor_expires_at,
        },
    )
    .h("Cache-Control", "private, no-store")
}

/// The answer to a cursor past its lifetime: an RFC 9457 problem naming the lifetime.
fn expired(path: &str, ttl_s: i64) -> Resp {
    let mins = ttl_s / 60;
    let life = if ttl_s % 60 != 0 {
        format!("{ttl_s} seconds")
    } else if mins == 1 {
        "1 minute".to_string()
    } else {
        format!("{mins} minutes")
    };
    Resp::problem_with(
        400,
        "cursor-expired",
        &format!("This cursor was issued more than {life} ago and has expired. Request the first page of the list again."),
        path,
        json!({"title": "Cursor expired", "cursor_ttl_seconds": ttl_s}),
    )
}
