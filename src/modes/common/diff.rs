//! Trace compare: a healthy run against a broken one, event by event and log line by log line.

use faultline_engine::{Event, Evidence, LogLine};

/// One row of a compare: indexes into the healthy (`a`) and broken (`b`) sequences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Same(usize, usize),
    /// Only in the healthy run.
    Removed(usize),
    /// Only in the broken run.
    Added(usize),
    /// The same step in both runs, with different details (status, summary, text).
    Changed(usize, usize),
}

impl Op {
    /// Symbol shown beside the row, so the difference never depends on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Same(..) => "=",
            Op::Removed(_) => "−",
            Op::Added(_) => "+",
            Op::Changed(..) => "~",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Op::Same(..) => "same",
            Op::Removed(_) => "removed",
            Op::Added(_) => "added",
            Op::Changed(..) => "changed",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Op::Same(..) => "unchanged",
            Op::Removed(_) => "only in the healthy run",
            Op::Added(_) => "only in the broken run",
            Op::Changed(..) => "changed",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub same: usize,
    pub removed: usize,
    pub added: usize,
    pub changed: usize,
}

pub fn counts(ops: &[Op]) -> Counts {
    let mut c = Counts::default();
    for op in ops {
        match op {
            Op::Same(..) => c.same += 1,
            Op::Removed(_) => c.removed += 1,
            Op::Added(_) => c.added += 1,
            Op::Changed(..) => c.changed += 1,
        }
    }
    c
}

/// Longest-common-subsequence diff on `same`; in each gap between matches, a removed item and a
/// later added item that are `similar` become one `Changed` row (kept in order).
pub fn diff<T>(
    a: &[T],
    b: &[T],
    same: impl Fn(&T, &T) -> bool,
    similar: impl Fn(&T, &T) -> bool,
) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if same(&a[i], &b[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = vec![];
    let (mut removed, mut added) = (vec![], vec![]);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && same(&a[i], &b[j]) {
            flush(&mut out, &mut removed, &mut added, a, b, &similar);
            out.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(j);
            j += 1;
        } else {
            removed.push(i);
            i += 1;
        }
    }
    flush(&mut out, &mut removed, &mut added, a, b, &similar);
    out
}

fn flush<T>(
    out: &mut Vec<Op>,
    removed: &mut Vec<usize>,
    added: &mut Vec<usize>,
    a: &[T],
    b: &[T],
    similar: &impl Fn(&T, &T) -> bool,
) {
    let mut next = 0;
    for &r in removed.iter() {
        match (next..added.len()).find(|&k| similar(&a[r], &b[added[k]])) {
            Some(k) => {
                out.extend(added[next..k].iter().map(|&x| Op::Added(x)));
                out.push(Op::Changed(r, added[k]));
                next = k + 1;
            }
            None => out.push(Op::Removed(r)),
        }
    }
    out.extend(added[next..].iter().map(|&x| Op::Added(x)));
    removed.clear();
    added.clear();
}

fn same_event(x: &Event, y: &Event) -> bool {
    x.from == y.from
        && x.to == y.to
        && x.kind == y.kind
        && x.status == y.status
        && x.summary == y.summary
}

fn similar_event(x: &Event, y: &Event) -> bool {
    x.from == y.from && x.to == y.to && x.kind == y.kind
}

pub fn events(healthy: &Evidence, broken: &Evidence) -> Vec<Op> {
    diff(&healthy.events, &broken.events, same_event, similar_event)
}

/// Log lines of the traced request (`trace_id` = the evidence's), in time order.
pub fn correlated(ev: &Evidence) -> Vec<&LogLine> {
    ev.logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(ev.trace_id.as_str()))
        .collect()
}

/// Diff of the correlated log lines; each run's own trace id is ignored in the text.
pub fn logs<'a>(
    healthy: &'a Evidence,
    broken: &'a Evidence,
) -> (Vec<&'a LogLine>, Vec<&'a LogLine>, Vec<Op>) {
    let a = correlated(healthy);
    let b = correlated(broken);
    let norm = |l: &LogLine, trace: &str| -> String { l.text.replace(trace, "<trace>") };
    let ops = diff(
        &a,
        &b,
        |x, y| {
            x.source == y.source
                && x.level == y.level
                && norm(x, &healthy.trace_id) == norm(y, &broken.trace_id)
        },
        |x, y| x.source == y.source,
    );
    (a, b, ops)
}

/// Status line of every exchange, e.g. `GET /v2/x → 401 Unauthorized` or the client error.
pub fn status_lines(ev: &Evidence) -> Vec<String> {
    ev.exchanges
        .iter()
        .map(|x| {
            let path = crate::logic::statement::path_of(&x.request.url);
            let path = path.split('?').next().unwrap_or(path);
            let seen = match (&x.response, &x.client_error) {
                (Some(r), _) => format!("{} {}", r.status, r.reason),
                (None, Some(e)) => format!("no response: {e}"),
                (None, None) => "no response".to_string(),
            };
            format!("{} {} → {}", x.request.method, path, seen)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::{simulate, FaultSpec, RunSpec};

    fn run(faults: Vec<FaultSpec>) -> Evidence {
        simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults,
            seed: 5,
            call: None,
            client: None,
        })
        .unwrap()
        .evidence
    }

    fn eq(a: &i32, b: &i32) -> bool {
        a == b
    }

    #[test]
    fn diffs_sequences_with_changes_paired() {
        let a = [1, 2, 3, 4];
        let b = [1, 20, 3, 5, 6];
        let ops = diff(&a, &b, eq, |x, y| x * 10 == *y || (*x == 4 && *y == 5));
        assert_eq!(
            ops,
            vec![
                Op::Same(0, 0),
                Op::Changed(1, 1),
                Op::Same(2, 2),
                Op::Changed(3, 3),
                Op::Added(4)
            ]
        );
        let ops = diff(&a, &[], eq, eq);
        assert_eq!(counts(&ops).removed, 4);
        assert_eq!(diff(&[], &b, eq, eq).len(), 5);
        assert!(diff::<i32>(&[], &[], eq, eq).is_empty());
    }

    #[test]
    fn identical_runs_have_no_difference() {
        let h = run(vec![]);
        let c = counts(&events(&h, &h));
        assert_eq!((c.added, c.removed, c.changed), (0, 0, 0));
        let (_, _, ops) = logs(&h, &h);
        assert!(ops.iter().all(|o| matches!(o, Op::Same(..))));
    }

    #[test]
    fn an_expired_token_shows_up_as_a_changed_status() {
        let h = run(vec![]);
        let b = run(vec![FaultSpec::new("expired-token")]);
        let ops = events(&h, &b);
        let c = counts(&ops);
        assert!(c.removed + c.changed > 0, "{ops:?}");
        assert!(status_lines(&b).iter().any(|s| s.contains("401")));
        assert!(status_lines(&h).iter().all(|s| !s.contains("401")));
        let (la, lb, lops) = logs(&h, &b);
        assert!(!la.is_empty() && !lb.is_empty());
        assert!(lops.iter().any(|o| !matches!(o, Op::Same(..))));
        for op in lops {
            match op {
                Op::Same(i, j) | Op::Changed(i, j) => {
                    assert!(i < la.len() && j < lb.len())
                }
                Op::Removed(i) => assert!(i < la.len()),
                Op::Added(j) => assert!(j < lb.len()),
            }
        }
    }
}
