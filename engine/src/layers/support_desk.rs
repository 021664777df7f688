//! The support desk's queue: the tickets the platform's other API customers open. Each customer's
//! integration calls the API all day with an access token it renews every `ttl_s`, at a moment of
//! its own; when its calls start failing, someone there opens a ticket some minutes later. The
//! queue is worked out from the world, never written by a fault: a customer's calls fail from its
//! first token the API's validator refuses.

use crate::util;
use crate::world::World;

/// The platform's other API customers (invented names). Only their names and the moments they
/// renew their tokens matter here.
const CUSTOMERS: &[&str] = &[
    "Bluefin Outfitters",
    "Kestrel Home Insurance",
    "Larkspur Travel",
    "Meridian Pet Supply",
    "Northgate Telecom",
    "Oakline Furniture",
    "Pinecrest Clinics",
    "Quayside Energy",
    "Redwater Books",
    "Silverline Couriers",
];

/// One ticket another customer opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub number: u32,
    pub opened_ms: i64,
    pub customer: &'static str,
    /// Their first refused call: what they write in the ticket.
    pub failing_since_ms: i64,
}

/// A stable number drawn from the world's start and `what`, without the world's generator (the
/// queue is read after the run, and the seeded draws must not move).
fn hashed(w: &World, what: &str) -> u64 {
    let h = util::sha256(format!("{} {what}", w.epoch_ms).as_bytes());
    u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]])
}

/// The tickets opened by `now_ms`, oldest first. A customer's calls fail from its first token
/// renewal after the issuer rotated its signing key, for as long as the validator's cached key
/// set lacks the new key id: that token carries the new `kid`. Its ticket follows 4 to 25
/// minutes later (someone notices, looks, writes).
pub fn queue(w: &World, now_ms: i64) -> Vec<Ticket> {
    let a = &w.auth;
    let Some(rotated_ms) = a.rotated_ms else {
        return vec![];
    };
    if a.validator.jwks_kids.contains(&a.kid) {
        return vec![];
    }
    let ttl_ms = a.ttl_s.max(1) * 1000;
    let mut out: Vec<Ticket> = CUSTOMERS
        .iter()
        .filter_map(|&customer| {
            let h = hashed(w, customer);
            let phase = (h % ttl_ms as u64) as i64;
            let first = rotated_ms + (phase - rotated_ms).rem_euclid(ttl_ms);
            let opened = first + (4 + (h >> 32) as i64 % 22) * 60_000 + (h >> 48) as i64 % 60_000;
            (opened <= now_ms).then_some(Ticket {
                number: 0,
                opened_ms: opened,
                customer,
                failing_since_ms: first,
            })
        })
        .collect();
    out.sort_by_key(|t| t.opened_ms);
    let base = 20_000 + (hashed(w, "desk") % 60_000) as u32;
    for (i, t) in out.iter_mut().enumerate() {
        t.number = base + 3 * i as u32 + 1;
    }
    out
}

/// The queue as the desk's view lists it (newest first), or `None` when no other customer has
/// written in.
pub fn render(w: &World, now_ms: i64) -> Option<String> {
    let q = queue(w, now_ms);
    let first = q.first()?;
    let hm = |ms: i64| util::iso_s(ms)[11..16].to_string();
    let mut s = format!(
        "Support queue: {} other open ticket{} since {} UTC (newest first)\n",
        q.len(),
        if q.len() == 1 { "" } else { "s" },
        hm(first.opened_ms)
    );
    for t in q.iter().rev() {
        s.push_str(&format!(
            "  #{} opened {} by {}: \"Every API call fails with 401 Unauthorized since {} UTC\"\n",
            t.number,
            util::iso_s(t.opened_ms),
            t.customer,
            hm(t.failing_since_ms)
        ));
    }
    Some(s)
}
