//! Database: availability, query latency and statement timeout, connection pool.

use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::Tb;
use crate::util::{self, Rng};

#[derive(Clone, Debug)]
pub struct Database {
    pub host: String,
    pub up: bool,
    pub query_ms: i64,
    pub statement_timeout_ms: i64,
    pub pool_size: u32,
}

pub enum DbErr {
    Refused,
    Timeout { ms: i64 },
}

impl Database {
    /// Up, with quick queries well inside the statement timeout.
    pub fn healthy(rng: &mut Rng) -> Database {
        Database {
            host: "10.0.5.10".into(),
            up: true,
            query_ms: rng.range(1, 6),
            statement_timeout_ms: 5_000,
            pool_size: 20,
        }
    }
}

impl Database {
    pub fn query(&self, tb: &mut Tb, sql: &str) -> Result<i64, DbErr> {
        tb.ev(
            Layer::Backend,
            Layer::Database,
            EventKind::Request,
            sql.to_string(),
        );
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
        let ms = self.query_ms + tb.rng.range(0, 4);
        if ms > self.statement_timeout_ms {
            tb.advance(self.statement_timeout_ms);
            let pid = tb.rng.range(2000, 9000);
            let t = util::iso_ms(tb.now_ms())
                .replace('T', " ")
                .replace('Z', " UTC");
            tb.log(LogSource::Database, Level::Error, format!("{t} [{pid}] app@customers ERROR:  canceling statement due to statement timeout"));
            tb.log(
                LogSource::Database,
                Level::Error,
                format!("{t} [{pid}] app@customers STATEMENT:  {sql}"),
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
        tb.advance(ms);
        tb.ev(
            Layer::Database,
            Layer::Backend,
            EventKind::Response,
            format!("1 row ({ms} ms)"),
        );
        Ok(ms)
    }
}
