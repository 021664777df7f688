//! Database faults: queries outlive the statement timeout, or the database is gone.

use crate::faults::{int, Params};
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    match id {
        "database-timeout" => w.db.query_ms = int(p, "query_ms").max(w.db.statement_timeout_ms + 1),
        "database-down" => w.db.up = false,
        _ => {}
    }
}
