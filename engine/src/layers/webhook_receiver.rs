//! The webhook receiver's host: when its service started, when the signing secret in its secret
//! store last changed (the service reads it once, at start), and its clock. A receiver that kept
//! the old secret in memory after a rotation, or whose clock drifted past the Standard Webhooks
//! tolerance, fails here although the platform signs correctly.

use super::webhook::Receiver;
use crate::model::{Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util::{self, Rng};
use crate::world::{World, DAY_MS};
use serde_json::json;

/// The Standard Webhooks libraries' tolerance (`WEBHOOK_TOLERANCE_IN_SECONDS = 5 * 60`).
pub const TOLERANCE_S: i64 = 300;

/// The secret store entry the receiver's service fetches when it starts.
pub const SECRET_ID: &str = "hooks/faultline-signing-secret";

/// What a fault changes on the receiver's host; all zero / `None` on a healthy host.
#[derive(Clone, Debug, Default)]
pub struct Server {
    /// How far the host's clock runs ahead of true time (ms).
    pub clock_ahead_ms: i64,
    /// When the signing secret in the store last changed (epoch ms), when a fault set it.
    pub secret_changed_ms: Option<i64>,
    /// When the service last started (epoch ms), when a fault set it.
    pub started_ms: Option<i64>,
}

/// (service started, secret last changed) in epoch ms. A healthy host's secret was stored
/// months ago and its service restarted days ago, so it runs with what the store holds. Drawn
/// from the receiver's own secret, so the world's other draws stay as they were.
pub fn host_times(w: &World) -> (i64, i64) {
    let seed = w
        .receiver
        .secret
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    let mut rng = Rng::new(seed);
    let started = w.epoch_ms - rng.range(2 * DAY_MS, 6 * DAY_MS);
    let changed = started - rng.range(20 * DAY_MS, 200 * DAY_MS);
    (
        w.receiver.server.started_ms.unwrap_or(started),
        w.receiver.server.secret_changed_ms.unwrap_or(changed),
    )
}

/// The Standard Webhooks timestamp check, done before the signature (as the reference
/// libraries do), by the host's own clock. `Some(answer)` when the timestamp is refused.
pub fn refuse_timestamp(r: &Receiver, tb: &mut Tb, id: &str, ts: i64) -> Option<Resp> {
    let now_s = (tb.now_ms() + r.server.clock_ahead_ms) / 1000;
    let why = if now_s - ts > TOLERANCE_S {
        "Message timestamp too old"
    } else if ts > now_s + TOLERANCE_S {
        "Message timestamp too new"
    } else {
        return None;
    };
    tb.log(
        LogSource::WebhookReceiver,
        Level::Warn,
        format!(
            "signature: rejected {id}: WebhookVerificationError: {why} (webhook-timestamp {ts} = {}, server time {}, tolerance {TOLERANCE_S} s)",
            util::iso_s(ts * 1000),
            util::iso_s(now_s * 1000)
        ),
    );
    Some(Resp::json(
        401,
        &json!({"error": "invalid_timestamp", "message": why}),
    ))
}

/// What the receiver team pastes when asked about their service: `systemctl status` (its start
/// fetches the signing secret) and when the secret in their store last changed. Shown in every
/// delivery, so its presence gives nothing away.
pub fn host_artifact(w: &World, tb: &mut Tb) {
    let (started, changed) = host_times(w);
    let now = tb.now_ms() + w.receiver.server.clock_ahead_ms;
    let body = format!(
        "$ systemctl status faultline-hooks --no-pager --lines=0\n\
         ● faultline-hooks.service - Faultline webhook receiver\n     \
         Loaded: loaded (/etc/systemd/system/faultline-hooks.service; enabled; vendor preset: enabled)\n     \
         Active: active (running) since {}; {}\n    \
         Process: 1180 ExecStartPre=/opt/hooks/bin/fetch-secret {SECRET_ID} (code=exited, status=0/SUCCESS)\n   \
         Main PID: 1187 (node)\n\
         $ aws secretsmanager describe-secret --secret-id {SECRET_ID} --query LastChangedDate --output text\n\
         {}\n",
        systemd_time(started),
        systemd_ago(now - started),
        aws_time(changed)
    );
    tb.artifact("config", "Receiver service (from the receiver team)", body);
}

/// `Mon 2026-11-23 08:14:02 UTC`.
fn systemd_time(ms: i64) -> String {
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let wd = WD[ms.div_euclid(DAY_MS).rem_euclid(7) as usize];
    let iso = util::iso_s(ms);
    format!("{wd} {} {} UTC", &iso[..10], &iso[11..19])
}

/// systemd's relative time (`format_timestamp_relative`): `3 days ago`, `1 week 2 days ago`,
/// `1 day 4h ago`, `7h ago`.
pub fn systemd_ago(ms: i64) -> String {
    let h = ms / 3_600_000;
    let d = ms / DAY_MS;
    let plural = |n: i64, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if d >= 7 {
        format!("{} {} ago", plural(d / 7, "week"), plural(d % 7, "day"))
    } else if d >= 2 {
        format!("{d} days ago")
    } else if h >= 25 {
        format!("1 day {}h ago", h - 24)
    } else if h >= 6 {
        format!("{h}h ago")
    } else {
        format!("{h}h {}min ago", ms / 60_000 % 60)
    }
}

/// The AWS CLI's ISO 8601 timestamps: `2026-12-01T18:40:11.352000+00:00`.
fn aws_time(ms: i64) -> String {
    let iso = util::iso_ms(ms);
    format!("{}000+00:00", &iso[..23])
}

/// Parses `systemd_time` back (for the solver): epoch seconds as an ISO string `…T…Z`.
pub fn parse_systemd_since(line: &str) -> Option<String> {
    let rest = line.split("since ").nth(1)?;
    let mut p = rest.split(' ');
    let _wd = p.next()?;
    let date = p.next()?;
    let time = p.next()?;
    Some(format!("{date}T{time}Z"))
}
