//! Database faults: queries wait on a lock past the statement timeout, long statements hold
//! every pooled connection, or the database is gone.

use crate::faults::{int, Params};
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    match id {
        "database-timeout" => {
            // The query waits for a lock a long transaction holds (its pid comes from the
            // world, not a fresh draw, so the seeded stream stays as it was).
            w.db.query_ms = int(p, "query_ms").max(w.db.statement_timeout_ms + 1);
            w.db.lock_holder_pid = 2000 + w.epoch_ms.rem_euclid(7000);
        }
        "db-pool-exhausted" => {
            // A reporting job's long statements hold every connection of the service's pool.
            w.db.pool.busy = w.db.pool.size;
            w.db.pool.wait_timeout_ms = int(p, "wait_ms");
        }
        "database-down" => w.db.up = false,
        // Issue 15: a batch job takes a customer's contact point, then the customer's row; the
        // service's phone update takes them the other way round, inside one transaction.
        "db-deadlock" => {
            let cid = w.customer_id.clone();
            if !(w.call_chosen && w.client.method == "PATCH") {
                crate::faults::set_story_call(w, "PATCH", &format!("/v2/customers/{cid}"));
            }
            w.db.deadlock = Some(crate::layers::database::Deadlock {
                pid: 2000 + (w.epoch_ms / 7).rem_euclid(7000),
                xid: 48_000_000 + w.epoch_ms.rem_euclid(900_000),
                statement: "UPDATE customers SET loyalty_tier = $1 WHERE id = $2".into(),
                table: "contact_points".into(),
            });
        }
        _ => {}
    }
}
