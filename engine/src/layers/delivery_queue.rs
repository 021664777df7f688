//! The platform's webhook delivery worker. Each message is a job in a queue with its attempt
//! schedule (`RETRY_SCHEDULE_MS`, backing off from seconds to hours); the worker takes the job
//! that is due first, sends its attempt, and on a failure puts it back, due its next delay after
//! the attempt failed. The endpoint's failure history is the circuit breaker: a success closes
//! the run of failures, and once every attempt has failed for `DISABLE_AFTER_FAILING_MS` (days,
//! as Standard Webhooks providers do) the worker disables the endpoint and drops what is still
//! queued for it. One message running out of retries only marks that message failed.

use super::integration::{DISABLE_AFTER_FAILING_MS, RETRY_SCHEDULE_MS};

/// One message waiting for its next attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub msg: String,
    pub body: String,
    /// The attempt it is waiting for (1 = the first).
    pub attempt: u32,
    /// When that attempt is due (trace ms).
    pub due: i64,
    /// Order it was queued in: of two jobs due at once, the older goes first.
    seq: usize,
}

/// Messages waiting for the worker, in no particular order (`take_due` picks).
#[derive(Clone, Debug, Default)]
pub struct Queue {
    jobs: Vec<Job>,
    queued: usize,
}

impl Queue {
    /// A new message, its first attempt due `at`.
    pub fn enqueue(&mut self, msg: &str, body: &str, at: i64) {
        self.jobs.push(Job {
            msg: msg.to_string(),
            body: body.to_string(),
            attempt: 1,
            due: at,
            seq: self.queued,
        });
        self.queued += 1;
    }

    /// The job due first (the oldest of those due together), taken off the queue.
    pub fn take_due(&mut self) -> Option<Job> {
        let i = (0..self.jobs.len()).min_by_key(|&i| (self.jobs[i].due, self.jobs[i].seq))?;
        Some(self.jobs.remove(i))
    }

    /// `job`'s attempt failed at `failed_at`: it goes back due its next delay from then, or,
    /// with its schedule spent, it is not queued again (`None`: the message failed).
    pub fn retry(&mut self, mut job: Job, failed_at: i64) -> Option<i64> {
        let delay = *RETRY_SCHEDULE_MS.get(job.attempt as usize)?;
        job.attempt += 1;
        job.due = failed_at + delay;
        let due = job.due;
        self.jobs.push(job);
        Some(due)
    }

    /// Everything still queued, dropped (the endpoint was disabled), oldest first.
    pub fn drop_all(&mut self) -> Vec<Job> {
        let mut gone = std::mem::take(&mut self.jobs);
        gone.sort_by_key(|j| j.seq);
        gone
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }
}

/// The endpoint's failure history as the worker keeps it (epoch ms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// Start of its current run of failed attempts; `None` while the last attempt succeeded.
    pub failing_since_ms: Option<i64>,
}

impl Health {
    /// An attempt's result at `at_ms`: a success ends the run of failures, a failure starts
    /// one if none is running.
    pub fn record(&mut self, ok: bool, at_ms: i64) {
        if ok {
            self.failing_since_ms = None;
        } else {
            self.failing_since_ms.get_or_insert(at_ms);
        }
    }

    /// The rule: disable once every attempt has failed for `DISABLE_AFTER_FAILING_MS`.
    pub fn should_disable(&self, now_ms: i64) -> bool {
        self.failing_since_ms
            .is_some_and(|since| now_ms - since >= DISABLE_AFTER_FAILING_MS)
    }
}
