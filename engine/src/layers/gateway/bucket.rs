//! The gateway's rate limiter as a token bucket per client: raw nginx keys it on the client's
//! address (`limit_req_zone $binary_remote_addr zone=per_client`), an API gateway on the
//! consumer (tenant) the request's credential names (`key`). A bucket holds up to
//! `capacity` tokens and gets one back every `refill_ms`; each request takes one or is refused.
//! Whether a request gets a 429, the `RateLimit-Remaining` it is told and its `Retry-After` all
//! follow from the bucket at the moment the request arrives, so a client's own pace decides.
//!
//! nginx's `limit_req` keeps the same state the other way round (an `excess` that leaks at the
//! rate): `excess = burst - tokens`, and the refused request's logged excess is that plus the
//! request itself, `(burst + 1) - tokens` (ngx_http_limit_req_module: `excess: %ui.%03ui`).

use super::{RateLimit, RatePersona};
use crate::layers::auth::AuthServer;
use crate::model::HttpRequest;
use crate::sim::{header, Tb};
use std::borrow::Cow;

/// One client's bucket, kept as the moment it will be full again (trace ms): the ms of refill
/// it owes, `tat - now`, are the tokens it lacks, exactly, whatever the refill period.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub tat: i64,
}

/// What the bucket said to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Take {
    /// Let through: whole tokens left after this one, and ms until the bucket is full again.
    Admitted { remaining: u32, full_in_ms: i64 },
    /// Refused: tokens (thousandths) the bucket held, and ms until a whole token is back.
    Refused { milli: i64, wait_ms: i64 },
}

/// Another request from a client, arriving at the gateway at `t` while the traced one is on
/// its way (a retry loop's workers, a job's earlier calls); `took` is filled in when the
/// bucket sees it, in arrival order with every other request from that client.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub t: i64,
    pub key: String,
    pub took: Option<Take>,
}

impl RateLimit {
    /// The bucket a request draws from. nginx's zone counts per address, so clients behind one
    /// address share it; an API gateway counts a plan's quota per consumer, the tenant its
    /// credential names (the bearer token's `client_id`, the partner's `x-api-key`), so one
    /// tenant's storm leaves another's quota alone even from the same address. A request with
    /// no credential it can read is counted by its address.
    pub fn key<'a>(&self, req: &HttpRequest, peer: &'a str) -> Cow<'a, str> {
        self.key_for(
            header(&req.headers, "authorization"),
            header(&req.headers, "x-api-key"),
            peer,
        )
    }

    /// `key` from the credential headers a request carries.
    pub fn key_for<'a>(
        &self,
        authorization: Option<&str>,
        api_key: Option<&str>,
        peer: &'a str,
    ) -> Cow<'a, str> {
        if self.persona == RatePersona::Nginx {
            return peer.into();
        }
        let bearer = authorization
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|t| AuthServer::decode(t.trim()));
        if let Some(c) = bearer {
            return format!("consumer:{}", c.client_id).into();
        }
        match api_key.map(str::trim) {
            Some(k) if !k.is_empty() => format!("key:{k}").into(),
            _ => peer.into(),
        }
    }

    /// What limit_req logs for a refused request: the excess it would have made, the burst it
    /// found used plus itself, `(burst + 1) - tokens`, as `excess: %ui.%03ui`.
    pub fn excess(&self, refused_milli: i64) -> String {
        let e = (self.capacity as i64 + 1) * 1000 - refused_milli;
        format!("{}.{:03}", e / 1000, e % 1000)
    }

    /// Refills `b` up to `now` and takes a token if there is one.
    pub fn take(&self, b: &mut Bucket, now: i64) -> Take {
        let refill = self.refill_ms.max(1);
        let cap_ms = self.capacity as i64 * refill;
        let owed = (b.tat - now).max(0);
        if owed + refill <= cap_ms {
            b.tat = now + owed + refill;
            Take::Admitted {
                remaining: ((cap_ms - owed - refill) / refill) as u32,
                full_in_ms: owed + refill,
            }
        } else {
            Take::Refused {
                milli: (cap_ms - owed) * 1000 / refill,
                wait_ms: owed + refill - cap_ms,
            }
        }
    }

    /// The bucket `key` would have at `now` (full for a client not seen before).
    fn bucket<'a>(&self, tb: &'a mut Tb, key: &str, now: i64) -> &'a mut Bucket {
        if let Some(i) = tb.buckets.iter().position(|(k, _)| k == key) {
            return &mut tb.buckets[i].1;
        }
        tb.buckets.push((key.to_string(), Bucket { tat: now }));
        &mut tb.buckets.last_mut().expect("just pushed").1
    }

    /// The client's other requests that reached the gateway by `now` take their tokens first,
    /// in arrival order; then this request takes one (when `now` is a request's arrival).
    pub fn settle(&self, tb: &mut Tb, key: &str, now: i64) {
        let mut due: Vec<usize> = (0..tb.arrivals.len())
            .filter(|&i| {
                let a = &tb.arrivals[i];
                a.key == key && a.took.is_none() && a.t <= now
            })
            .collect();
        due.sort_by_key(|&i| tb.arrivals[i].t);
        for i in due {
            let t = tb.arrivals[i].t;
            let took = self.take(self.bucket(tb, key, t), t);
            tb.arrivals[i].took = Some(took);
        }
    }

    /// The request from `key` arriving now: the others before it settle, then it takes.
    pub fn admit(&self, tb: &mut Tb, key: &str) -> Take {
        let now = tb.t;
        self.settle(tb, key, now);
        self.take(self.bucket(tb, key, now), now)
    }

    /// Whole seconds for a header (`Retry-After`, `RateLimit-Reset`): rounded up, so a client
    /// that waits them finds the token there.
    pub fn secs(ms: i64) -> i64 {
        ceil_div(ms.max(0), 1000)
    }
}

fn ceil_div(a: i64, b: i64) -> i64 {
    (a + b - 1) / b
}
