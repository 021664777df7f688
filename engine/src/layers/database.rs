//! Database: availability, query latency and statement timeout, lock waits, and the service's
//! connection pool (node-postgres `pg.Pool`: `max` connections, `connectionTimeoutMillis`).

use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::{Lazy, Tb};
use crate::util::{self, Rng};

/// The service's pool of connections to the database (node-postgres `pg.Pool`).
#[derive(Clone, Debug)]
pub struct Pool {
    /// `max`: connections the pool may open.
    pub size: u32,
    /// `connectionTimeoutMillis`: how long a request waits for a free connection.
    pub wait_timeout_ms: i64,
    /// Connections checked out by other work (long-running statements) right now.
    pub busy: u32,
}

#[derive(Clone, Debug)]
pub struct Database {
    pub host: String,
    pub up: bool,
    pub query_ms: i64,
    pub statement_timeout_ms: i64,
    /// Server-side backend pid of the session that holds the lock a slow query waits for
    /// (`query_ms` past Postgres's 1 s `deadlock_timeout` is spent waiting for that lock).
    pub lock_holder_pid: i64,
    pub pool: Pool,
    /// Another session's transaction that takes the same rows in the opposite order
    /// (issue 15's `db-deadlock`).
    pub deadlock: Option<Deadlock>,
    /// Another session's open transaction holds the customer's row (`SELECT … FOR UPDATE`)
    /// until it commits: a new chat's foreign-key check waits for it (issue 15's
    /// `idempotency-duplicate-post`).
    pub row_lock: Option<RowLock>,
}

/// A job's transaction that locked the customer's row and commits at a set moment.
#[derive(Clone, Debug)]
pub struct RowLock {
    /// The job's backend pid and its transaction id.
    pub pid: i64,
    pub xid: i64,
    /// The customer's tuple, as Postgres names it in its CONTEXT line.
    pub tuple: String,
    /// Trace time (ms) at which the job commits and lets go.
    pub commit_at: i64,
    /// Backend pids of the service's connections that come to wait, in order.
    pub waiters: [i64; 2],
}

/// The foreign-key check Postgres runs for an INSERT into chats (its RI trigger's query).
pub const FK_CHECK: &str = "SELECT 1 FROM ONLY \"public\".\"customers\" x WHERE \"id\" OPERATOR(pg_catalog.=) $1 FOR KEY SHARE OF x";

/// A batch job's open transaction: it updated the customer's contact points first and now
/// waits (in `statement`) for the customer's row, which the service's transaction holds.
#[derive(Clone, Debug)]
pub struct Deadlock {
    /// The job's backend pid and its transaction id.
    pub pid: i64,
    pub xid: i64,
    pub statement: String,
    /// The table whose row the job already holds: the service's statement on it deadlocks.
    pub table: String,
}

pub enum DbErr {
    Refused,
    Timeout {
        ms: i64,
    },
    /// No connection became free within the pool's wait timeout.
    PoolTimeout {
        ms: i64,
        total: u32,
        waiting: u32,
    },
    /// Postgres broke a deadlock by aborting this transaction (SQLSTATE 40P01).
    Deadlock,
}

/// Postgres's `deadlock_timeout`: with `log_lock_waits = on`, a lock wait longer than this is
/// logged.
pub const DEADLOCK_TIMEOUT_MS: i64 = 1_000;

impl Database {
    /// Up, with quick queries well inside the statement timeout, and a pool with every
    /// connection free.
    pub fn healthy(rng: &mut Rng) -> Database {
        Database {
            host: "10.0.5.10".into(),
            up: true,
            query_ms: rng.range(1, 6),
            statement_timeout_ms: 5_000,
            lock_holder_pid: 0,
            pool: Pool {
                size: 20,
                wait_timeout_ms: 10_000,
                busy: 0,
            },
            deadlock: None,
            row_lock: None,
        }
    }

    /// Postgres's log line prefix (`%m [%p] %q%u@%d `).
    fn prefix(tb: &Tb, pid: i64) -> String {
        let t = util::iso_ms(tb.now_ms())
            .replace('T', " ")
            .replace('Z', " UTC");
        format!("{t} [{pid}] app@customers")
    }

    /// Checks a connection out of the pool: at once when one is free, else the request waits
    /// for the pool's timeout (every connection is held by longer work) and gives up.
    fn checkout(&self, tb: &mut Tb) -> Result<(), DbErr> {
        if self.pool.busy < self.pool.size {
            return Ok(());
        }
        tb.ev(
            Layer::Backend,
            Layer::Backend,
            EventKind::Internal,
            format!(
                "waiting for a free database connection ({} of {} in use)",
                self.pool.busy, self.pool.size
            ),
        );
        tb.advance(self.pool.wait_timeout_ms);
        tb.ev(
            Layer::Backend,
            Layer::Backend,
            EventKind::Error,
            "Error: timeout exceeded when trying to connect",
        );
        Err(DbErr::PoolTimeout {
            ms: self.pool.wait_timeout_ms,
            total: self.pool.size,
            // The other requests queued behind the same busy pool, this one among them.
            waiting: tb.rng.range(8, 40) as u32,
        })
    }

    pub fn query(&self, tb: &mut Tb, sql: &str) -> Result<i64, DbErr> {
        self.query_rows(tb, sql, 1)
    }

    /// [`Database::query`] for a statement that returns `rows` rows (a page of a list; a
    /// lookup that finds nothing returns none).
    pub fn query_rows(&self, tb: &mut Tb, sql: &str, rows: usize) -> Result<i64, DbErr> {
        if self.up {
            self.checkout(tb)?;
        }
        tb.ev(Layer::Backend, Layer::Database, EventKind::Request, sql);
        if !self.up {
            tb.advance(1);
            tb.ev(
                Layer::Database,
                Layer::Backend,
                EventKind::Error,
                "connection refused",
            );
            return Err(DbErr::Refused);
        }
        if let Some(d) = self
            .deadlock
            .as_ref()
            .filter(|d| sql.starts_with(&format!("UPDATE {} ", d.table)))
        {
            return Err(Self::deadlocked(tb, d, sql));
        }
        let mut waited = 0;
        if let Some(l) = self
            .row_lock
            .as_ref()
            .filter(|l| sql.starts_with("INSERT INTO chats ") && tb.t < l.commit_at)
        {
            waited = Self::wait_for_row(tb, l, sql);
        }
        let ms = self.query_ms + tb.rng.range(0, 4);
        let pid = if ms > DEADLOCK_TIMEOUT_MS {
            // The time goes on waiting for a lock another session holds: Postgres logs the
            // wait once it passes deadlock_timeout (log_lock_waits). Wording as PostgreSQL's
            // ProcSleep (storage/lmgr/proc.c) logs it: "process N still waiting for <mode> on
            // <lock> after <ms>.<us> ms" with the lock described as "relation R of database D",
            // the DETAIL "Process holding the lock: …. Wait queue: …." (plural "Processes …" for
            // several holders), and a STATEMENT line, since elog ranks LOG above the default
            // log_min_error_statement (ERROR) for the server log.
            let pid = tb.rng.range(2000, 9000);
            tb.advance(DEADLOCK_TIMEOUT_MS);
            let p = Self::prefix(tb, pid);
            let frac = tb.rng.range(20, 999);
            tb.log(LogSource::Database, Level::Warn, format!("{p} LOG:  process {pid} still waiting for AccessShareLock on relation 16421 of database 16390 after {DEADLOCK_TIMEOUT_MS}.{frac:03} ms"));
            tb.log(
                LogSource::Database,
                Level::Warn,
                format!(
                    "{p} DETAIL:  Process holding the lock: {}. Wait queue: {pid}.",
                    self.lock_holder_pid
                ),
            );
            tb.log(
                LogSource::Database,
                Level::Warn,
                format!("{p} STATEMENT:  {sql}"),
            );
            Some(pid)
        } else {
            None
        };
        if ms > self.statement_timeout_ms {
            tb.advance(
                self.statement_timeout_ms
                    - if pid.is_some() {
                        DEADLOCK_TIMEOUT_MS
                    } else {
                        0
                    },
            );
            let pid = pid.unwrap_or_else(|| tb.rng.range(2000, 9000));
            let p = Self::prefix(tb, pid);
            tb.log(
                LogSource::Database,
                Level::Error,
                format!("{p} ERROR:  canceling statement due to statement timeout"),
            );
            tb.log(
                LogSource::Database,
                Level::Error,
                format!("{p} STATEMENT:  {sql}"),
            );
            tb.ev(
                Layer::Database,
                Layer::Backend,
                EventKind::Error,
                "ERROR: canceling statement due to statement timeout",
            );
            return Err(DbErr::Timeout {
                ms: self.statement_timeout_ms,
            });
        }
        tb.advance(
            ms - if pid.is_some() {
                DEADLOCK_TIMEOUT_MS
            } else {
                0
            },
        );
        tb.ev(
            Layer::Database,
            Layer::Backend,
            EventKind::Response,
            Lazy(|| {
                format!(
                    "{rows} row{} ({} ms)",
                    if rows == 1 { "" } else { "s" },
                    ms + waited
                )
            }),
        );
        Ok(ms)
    }

    /// A new chat's foreign-key check waits for the job's transaction that locked the customer's
    /// row, until it commits. Wording as PostgreSQL's ProcSleep logs it with `log_lock_waits`:
    /// "process N still waiting for ShareLock on transaction M after 1000.123 ms" once the wait
    /// passes deadlock_timeout, with the holders and the wait queue, then "process N acquired
    /// ShareLock on transaction M after 6012.345 ms" when it gets the lock; the CONTEXT names the
    /// tuple and the RI trigger's query, the STATEMENT the INSERT.
    fn wait_for_row(tb: &mut Tb, l: &RowLock, sql: &str) -> i64 {
        let marker = format!("still waiting for ShareLock on transaction {} ", l.xid);
        let before = tb
            .logs
            .iter()
            .filter(|x| x.source == LogSource::Database && x.text.contains(&marker))
            .count()
            .min(1);
        let me = l.waiters[before];
        let start = tb.t;
        let wait = l.commit_at - start;
        let context = format!(
            "CONTEXT:  while locking tuple {} in relation \"customers\"\n\tSQL statement \"{FK_CHECK}\"",
            l.tuple
        );
        if wait > DEADLOCK_TIMEOUT_MS {
            tb.advance(DEADLOCK_TIMEOUT_MS);
            let frac = tb.rng.range(20, 999);
            let p = Self::prefix(tb, me);
            let queue = l.waiters[..=before]
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            for line in [
                format!("{p} LOG:  process {me} still waiting for ShareLock on transaction {} after {DEADLOCK_TIMEOUT_MS}.{frac:03} ms", l.xid),
                format!("{p} DETAIL:  Process holding the lock: {}. Wait queue: {queue}.", l.pid),
                format!("{p} {context}"),
                format!("{p} STATEMENT:  {sql}"),
            ] {
                tb.log(LogSource::Database, Level::Warn, line);
            }
        }
        tb.t = l.commit_at.max(tb.t);
        if wait > DEADLOCK_TIMEOUT_MS {
            let us = tb.rng.range(0, 999);
            let p = Self::prefix(tb, me);
            for line in [
                format!("{p} LOG:  process {me} acquired ShareLock on transaction {} after {wait}.{us:03} ms", l.xid),
                format!("{p} {context}"),
                format!("{p} STATEMENT:  {sql}"),
            ] {
                tb.log(LogSource::Database, Level::Warn, line);
            }
        }
        wait
    }

    /// The service's statement waits for a row the job holds while the job waits for one the
    /// service's transaction holds: after `deadlock_timeout` the waiting backend runs the
    /// deadlock check and aborts its own transaction. Wording as PostgreSQL's DeadLockReport
    /// (storage/lmgr/deadlock.c) writes it to the server log: the DETAIL's cycle, then each
    /// process's query, the HINT the client also gets, the tuple being updated, the statement.
    fn deadlocked(tb: &mut Tb, d: &Deadlock, sql: &str) -> DbErr {
        let me = tb.rng.range(2000, 9000);
        let mine = d.xid + tb.rng.range(1, 400);
        let tuple = format!("({},{})", tb.rng.range(0, 900), tb.rng.range(1, 60));
        let check = DEADLOCK_TIMEOUT_MS + tb.rng.range(0, 9);
        tb.advance(check);
        let p = Self::prefix(tb, me);
        let (job, xid) = (d.pid, d.xid);
        for line in [
            format!("{p} ERROR:  deadlock detected"),
            format!("{p} DETAIL:  Process {me} waits for ShareLock on transaction {xid}; blocked by process {job}.\n\tProcess {job} waits for ShareLock on transaction {mine}; blocked by process {me}.\n\tProcess {me}: {sql}\n\tProcess {job}: {}", d.statement),
            format!("{p} HINT:  See server log for query details."),
            format!("{p} CONTEXT:  while updating tuple {tuple} in relation \"{}\"", d.table),
            format!("{p} STATEMENT:  {sql}"),
        ] {
            tb.log(LogSource::Database, Level::Error, line);
        }
        tb.ev(
            Layer::Database,
            Layer::Backend,
            EventKind::Error,
            "ERROR: deadlock detected",
        );
        DbErr::Deadlock
    }
}
