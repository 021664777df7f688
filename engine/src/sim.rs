//! Trace builder: the simulated clock plus the evidence being recorded.

use crate::model::*;
use crate::util::{self, Rng};

mod resp;
pub use resp::{header, reason, Resp};

#[derive(Clone)]
pub struct Tb {
    pub rng: Rng,
    /// Current simulated ms since the flow started.
    pub t: i64,
    pub epoch_ms: i64,
    pub events: Vec<Event>,
    pub exchanges: Vec<Exchange>,
    pub logs: Vec<LogLine>,
    pub artifacts: Vec<Artifact>,
    pub trace_id: String,
    pub span_id: String,
    pub failing_event: Option<usize>,
    pub failing_exchange: Option<usize>,
    pub surfaced: Option<Layer>,
    /// Spans opened so far: the first outgoing request carries `span_id`, each later one
    /// (another hop, another attempt) a parent-id of its own.
    spans: u32,
    /// Upstream groups the gateway marked down, and when (nginx's `max_fails=1`).
    pub(crate) peers_down_at: Vec<(String, i64)>,
    /// Single servers the gateway's passive checks took out, and when (`gateway/passive.rs`).
    pub(crate) servers_down_at: Vec<(String, i64)>,
    /// Requests each upstream group has been given so far (nginx's round robin turns).
    pub(crate) rr_turns: Vec<(String, i64)>,
    /// The round robin turn the traced request takes: 0, except in a rerun of the call later
    /// on (`crate::run::Rerun`), where other callers' requests have taken the turns between.
    pub(crate) turn_base: i64,
    /// The `kid` of the issuer's current signing key (its JWKS), for the auth server's own lines.
    pub issuer_kid: String,
    /// The gateway's token bucket per client address (its rate limiter's state).
    pub buckets: Vec<(String, crate::layers::gateway::bucket::Bucket)>,
    /// Other requests from a client that reach the gateway's rate limiter meanwhile.
    pub arrivals: Vec<crate::layers::gateway::bucket::Arrival>,
    /// How long the caller in front of the gateway (the CDN's edge) waits for an answer before
    /// it closes the connection; `None` when the client talks to the gateway itself.
    pub downstream_timeout_ms: Option<i64>,
    /// nginx's connection number (`*N`) of the first request this trace sent the gateway: the
    /// client's other connections are numbered around it, in the order they were accepted.
    pub(crate) gateway_conn: Option<i64>,
    /// nginx's connection number of the last request the gateway took from this trace.
    pub(crate) last_gateway_conn: Option<i64>,
    /// Whether the request being handled came on a connection an earlier request opened
    /// ([`crate::layers::call_reusing`]): the server takes it on that connection.
    pub(crate) on_open_connection: bool,
    /// The webhook receiver's record of the deliveries it has processed: webhook-id, when the
    /// work finished (trace ms) and the CRM case it created.
    pub(crate) receiver_processed: Vec<(String, i64, String)>,
    /// The chats the service created in this trace: id and when its insert was issued (trace
    /// ms), which is its row's created_at (Postgres's now() is the transaction's start).
    pub(crate) chats_created: Vec<(String, i64)>,
    /// The export jobs the service queued in this trace (their status resources answer from it).
    pub(crate) exports: Vec<crate::layers::exports::Job>,
    /// The list cursors the service issued in this trace (`layers::pages`).
    pub(crate) cursors: Vec<crate::layers::pages::Cursor>,
    /// The span the gateway starts for the traced client's next request that arrives without a
    /// `traceparent` of its own (no learner's runtime sends one): drawn where the request is
    /// made, as the client's own header was, so the seeded draws keep their order.
    pub(crate) gateway_span: Option<String>,
    /// A timeline nobody reads (another client's request in the background, a scratch
    /// handshake): its events are not recorded, and [`Lazy`] summaries are never written.
    /// Its log lines are, as on any timeline.
    pub(crate) quiet: bool,
    /// The second last stamped and its `2026-05-20T15:30:00` (see [`Tb::stamp`]), and its
    /// nginx `$time_local`.
    stamped: std::cell::RefCell<(i64, String)>,
    nginx_stamped: std::cell::RefCell<(i64, String)>,
}

/// An event summary written only when the timeline records events (see [`Tb::quiet`]):
/// `tb.ev(.., Lazy(|| format!(..)))`.
pub struct Lazy<F>(pub F);

impl<F: FnOnce() -> String> From<Lazy<F>> for String {
    fn from(l: Lazy<F>) -> String {
        (l.0)()
    }
}

/// nginx's default `fail_timeout`: how long a peer that failed stays marked down.
pub const FAIL_TIMEOUT_MS: i64 = 10_000;

impl Tb {
    pub fn new(seed: u64, epoch_ms: i64) -> Tb {
        Tb::with_ids(
            seed,
            epoch_ms,
            String::with_capacity(47),
            String::with_capacity(31),
        )
    }

    /// `*self = Tb::new(seed, epoch_ms)`, writing the new ids into the old ones' buffers (one
    /// background request's timeline after another).
    pub fn renew(&mut self, seed: u64, epoch_ms: i64) {
        let (trace_id, span_id) = (
            std::mem::take(&mut self.trace_id),
            std::mem::take(&mut self.span_id),
        );
        let stamped = std::mem::take(&mut self.stamped);
        let nginx_stamped = std::mem::take(&mut self.nginx_stamped);
        *self = Tb::with_ids(seed, epoch_ms, trace_id, span_id);
        (self.stamped, self.nginx_stamped) = (stamped, nginx_stamped);
    }

    /// A new timeline whose ids are drawn into `trace_id` and `span_id` (emptied first).
    fn with_ids(seed: u64, epoch_ms: i64, mut trace_id: String, mut span_id: String) -> Tb {
        let mut rng = Rng::new(seed);
        trace_id.clear();
        rng.push_hex(&mut trace_id, 32);
        span_id.clear();
        rng.push_hex(&mut span_id, 16);
        Tb {
            rng,
            t: 0,
            epoch_ms,
            events: vec![],
            exchanges: vec![],
            logs: vec![],
            artifacts: vec![],
            trace_id,
            span_id,
            failing_event: None,
            failing_exchange: None,
            surfaced: None,
            spans: 0,
            peers_down_at: vec![],
            servers_down_at: vec![],
            rr_turns: vec![],
            turn_base: 0,
            issuer_kid: String::new(),
            buckets: vec![],
            arrivals: vec![],
            downstream_timeout_ms: None,
            gateway_conn: None,
            last_gateway_conn: None,
            on_open_connection: false,
            receiver_processed: vec![],
            chats_created: vec![],
            exports: vec![],
            cursors: vec![],
            gateway_span: None,
            quiet: false,
            stamped: Default::default(),
            nginx_stamped: Default::default(),
        }
    }

    /// `util::iso_ms(ms)`, the date and time of day written once per second (see
    /// [`util::iso_ms_memo`]).
    pub fn stamp(&self, ms: i64) -> String {
        util::iso_ms_memo(&mut self.stamped.borrow_mut(), ms)
    }

    /// `util::push_nginx_time(out, self.now_ms())`, written once per second.
    pub fn push_nginx_time(&self, out: &mut String) {
        let (ms, mut memo) = (self.now_ms(), self.nginx_stamped.borrow_mut());
        if memo.0 != ms.div_euclid(1000) || memo.1.is_empty() {
            memo.1.clear();
            util::push_nginx_time(&mut memo.1, ms);
            memo.0 = ms.div_euclid(1000);
        }
        out.push_str(&memo.1);
    }

    pub fn now_ms(&self) -> i64 {
        self.epoch_ms + self.t
    }
    /// The trace's root span, for a component that starts the trace itself (the load balancer
    /// in front of a browser's WebSocket, which sends no `traceparent`).
    pub fn root_traceparent(&self) -> String {
        format!("00-{}-{}-01", self.trace_id, self.span_id)
    }

    /// The `traceparent` of a new outgoing request: same trace id, a parent-id of its own
    /// (the first request's is `span_id`, the trace's root).
    pub fn next_traceparent(&mut self) -> String {
        let mut out = String::with_capacity(55);
        self.push_next_traceparent(&mut out);
        out
    }

    /// A new request from a client that sends no `traceparent`: the span the gateway will start
    /// for it (see [`Tb::gateway_span`]).
    pub fn start_span_at_gateway(&mut self) -> &str {
        let span = self.next_traceparent();
        self.gateway_span.insert(span)
    }

    /// The same call sent again (another attempt, another hop): a span of its own, in the
    /// client's `traceparent` when it sends one, else for the gateway to start.
    pub fn respan(&mut self, headers: &mut [(String, String)]) {
        match headers
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case("traceparent"))
        {
            Some((_, v)) => *v = self.next_traceparent(),
            None => {
                self.start_span_at_gateway();
            }
        }
    }

    /// [`Tb::next_traceparent`] appended to `out`.
    pub fn push_next_traceparent(&mut self, out: &mut String) {
        self.spans += 1;
        out.push_str("00-");
        out.push_str(&self.trace_id);
        out.push('-');
        if self.spans == 1 {
            out.push_str(&self.span_id);
        } else {
            out.push_str(&self.rng.hex(16));
        }
        out.push_str("-01");
    }

    /// Whether the gateway holds `upstream`'s servers marked down right now.
    pub fn peers_down(&self, upstream: &str) -> bool {
        self.peers_down_at
            .iter()
            .any(|(u, at)| u == upstream && (*at..*at + FAIL_TIMEOUT_MS).contains(&self.t))
    }

    /// Every server of `upstream` just failed: marked down for `FAIL_TIMEOUT_MS`.
    pub fn mark_peers_down(&mut self, upstream: &str) {
        self.peers_down_at.push((upstream.to_string(), self.t));
    }

    /// The next round robin turn of `upstream`: 0 for the traced request (`turn_base` in a
    /// rerun), negative for other clients' requests that came before it.
    pub fn next_turn(&mut self, upstream: &str) -> i64 {
        match self.rr_turns.iter_mut().find(|(u, _)| u == upstream) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                self.rr_turns
                    .push((upstream.to_string(), self.turn_base + 1));
                self.turn_base
            }
        }
    }

    /// When `upstream` was marked down, if it was.
    pub fn peers_marked_down(&self, upstream: &str) -> Vec<i64> {
        self.peers_down_at
            .iter()
            .filter(|(u, _)| u == upstream)
            .map(|(_, at)| *at)
            .collect()
    }
    pub fn jitter(&mut self, lo: i64, hi: i64) {
        let d = self.rng.range(lo, hi);
        self.advance(d);
    }
    pub fn advance(&mut self, ms: i64) {
        self.t += ms.max(0);
    }

    pub fn ev(
        &mut self,
        from: Layer,
        to: Layer,
        kind: EventKind,
        summary: impl Into<String>,
    ) -> usize {
        if self.quiet {
            return self.events.len();
        }
        self.events.push(Event {
            t_ms: self.t,
            from,
            to,
            kind,
            summary: summary.into(),
            exchange: None,
            status: None,
        });
        self.events.len() - 1
    }

    pub fn ev_ex(
        &mut self,
        from: Layer,
        to: Layer,
        kind: EventKind,
        summary: impl Into<String>,
        ex: usize,
        status: Option<u16>,
    ) -> usize {
        let i = self.ev(from, to, kind, summary);
        if let Some(e) = self.events.get_mut(i) {
            e.exchange = Some(ex);
            e.status = status;
        }
        i
    }

    /// Records the first visible failure (later ones are consequences).
    pub fn fail(&mut self, event: usize, at: Layer) {
        if self.failing_event.is_none() {
            self.failing_event = Some(event);
            self.failing_exchange = self.events.get(event).and_then(|e| e.exchange);
            self.surfaced = Some(at);
        }
    }

    /// A log line stamped now, of another trace than the traced request's (`trace_id`).
    pub fn log_in(&mut self, trace_id: &str, source: LogSource, level: Level, text: String) {
        self.logs.push(LogLine {
            ts: self.stamp(self.epoch_ms + self.t),
            t_ms: self.t,
            source,
            level,
            trace_id: Some(trace_id.to_string()),
            text,
        });
    }

    /// A log line of the traced request, stamped now (+ dt ms).
    pub fn log(&mut self, source: LogSource, level: Level, text: impl Into<String>) {
        self.log_at(self.t, source, level, true, text);
    }

    pub fn log_at(
        &mut self,
        t: i64,
        source: LogSource,
        level: Level,
        traced: bool,
        text: impl Into<String>,
    ) {
        self.logs.push(LogLine {
            ts: self.stamp(self.epoch_ms + t),
            t_ms: t,
            source,
            level,
            trace_id: if traced {
                Some(self.trace_id.clone())
            } else {
                None
            },
            text: text.into(),
        });
    }

    /// Log line that belongs to some other request (noise): its own trace id.
    pub fn log_other(&mut self, t: i64, source: LogSource, level: Level, text: impl Into<String>) {
        let tid = self.rng.hex(32);
        self.logs.push(LogLine {
            ts: self.stamp(self.epoch_ms + t),
            t_ms: t,
            source,
            level,
            trace_id: Some(tid),
            text: text.into(),
        });
    }

    /// Puts the timeline in time order. A caller that gives up (client timeout, gateway read
    /// timeout) rewinds the clock to the moment it gave up, while the server it called keeps
    /// working and records what it did later; a stable sort by time interleaves both as they
    /// really happened (events at the same ms keep their causal, recorded order).
    pub fn order_timeline(&mut self) {
        self.sort_logs();
        // Most timelines are already in order (nobody gave up): nothing moves.
        if self.events.is_sorted_by_key(|e| e.t_ms) {
            return;
        }
        let mut idx: Vec<usize> = (0..self.events.len()).collect();
        idx.sort_by_key(|&i| self.events[i].t_ms);
        let mut new_pos = vec![0; idx.len()];
        for (new, &old) in idx.iter().enumerate() {
            new_pos[old] = new;
        }
        let old = std::mem::take(&mut self.events);
        let mut slots: Vec<Option<Event>> = old.into_iter().map(Some).collect();
        self.events = idx.iter().filter_map(|&i| slots[i].take()).collect();
        self.failing_event = self.failing_event.map(|i| new_pos[i]);
    }

    /// The log lines in time order, lines of the same ms in the order they were written (a
    /// stable sort). A trace's few dozen lines are sorted in place: the standard sort takes a
    /// scratch buffer of 48 lines (4 KB) for as few as 21.
    pub fn sort_logs(&mut self) {
        let logs = &mut self.logs;
        if logs.len() > 64 {
            return logs.sort_by_key(|l| l.t_ms);
        }
        for i in 1..logs.len() {
            let mut j = i;
            while j > 0 && logs[j - 1].t_ms > logs[j].t_ms {
                logs.swap(j - 1, j);
                j -= 1;
            }
        }
    }

    /// Latest moment anything on the timeline happened.
    pub fn last_t(&self) -> i64 {
        let ev = self.events.iter().map(|e| e.t_ms).max().unwrap_or(0);
        let lg = self.logs.iter().map(|l| l.t_ms).max().unwrap_or(0);
        self.t.max(ev).max(lg)
    }

    pub fn artifact(&mut self, kind: &str, title: impl Into<String>, body: impl Into<String>) {
        self.artifacts.push(Artifact {
            kind: kind.to_string(),
            title: title.into(),
            body: body.into(),
        });
    }

    pub fn iso(&self) -> String {
        self.stamp(self.now_ms())
    }
}
