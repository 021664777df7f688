//! Realtime faults: the WebSocket server lags.

use crate::faults::{int, Params};
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    if id == "realtime-overloaded" {
        w.realtime.lag_ms = int(p, "lag_ms");
    }
}
