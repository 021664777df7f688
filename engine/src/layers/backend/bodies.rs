//! A customer's GET representation, remembered: its JSON body and its ETag depend on the
//! customer's fields alone, and every background request reads one of the world's two
//! customers. Purely a memo (like the auth server's), keyed by the whole record.

use super::Customer;
use crate::util;
use std::cell::RefCell;

/// A customer as GET returns it, members in the order `json!` writes them (sorted by key):
/// the same text without building a map for every request.
#[derive(serde::Serialize)]
struct CustomerBody<'a> {
    email: &'a str,
    id: &'a str,
    name: &'a str,
    phone: &'a str,
    tier: &'a Option<String>,
}

/// Bodies and ETags worked out so far, by the record they show.
#[derive(Clone, Default)]
pub struct Bodies(RefCell<Vec<(Customer, String, String)>>);

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bodies({} remembered)", self.0.borrow().len())
    }
}

impl Bodies {
    /// `c`'s pretty-printed JSON body and its ETag (the first 8 bytes of the email's SHA-256,
    /// in hex, quoted).
    pub fn get(&self, c: &Customer) -> (String, String) {
        let mut memo = self.0.borrow_mut();
        if let Some((_, body, etag)) = memo.iter().find(|(k, _, _)| k == c) {
            return (body.clone(), etag.clone());
        }
        let body = serde_json::to_string_pretty(&CustomerBody {
            email: &c.email,
            id: &c.id,
            name: &c.name,
            phone: &c.phone,
            tier: &c.tier,
        })
        .unwrap_or_default();
        let mut etag = String::with_capacity(18);
        etag.push('"');
        etag.push_str(&util::hex(&util::sha256(c.email.as_bytes())[..8]));
        etag.push('"');
        // A world has two customers; the bound only keeps a long-lived one small.
        if memo.len() >= 16 {
            memo.clear();
        }
        memo.push((c.clone(), body.clone(), etag.clone()));
        (body, etag)
    }
}
