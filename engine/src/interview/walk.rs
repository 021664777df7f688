//! "Walk me through it": put the troubleshooting method's steps for one case in order. Checked by
//! the longest run of steps already in the right relative order, so one early slip does not mark
//! every later step wrong; each step out of that run gets its own feedback.

use serde::Serialize;

#[derive(Debug)]
pub struct Step {
    pub id: &'static str,
    pub text: &'static str,
    /// Why the step sits where it does, shown when it is misplaced.
    pub why: &'static str,
    pub reference: &'static str,
}

#[derive(Debug)]
pub struct Walkthrough {
    pub id: &'static str,
    pub title: &'static str,
    pub situation: &'static str,
    /// In the right order.
    pub steps: &'static [Step],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepFeedback {
    pub id: String,
    pub text: String,
    /// 1-based position the learner gave it, and where it belongs.
    pub given: usize,
    pub belongs: usize,
    pub in_order: bool,
    /// For a misplaced step: which step it should follow (None = it comes first), and why.
    pub after: Option<String>,
    pub why: String,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WalkResult {
    pub walkthrough: String,
    pub in_order: usize,
    pub total: usize,
    pub steps: Vec<StepFeedback>,
}

pub fn walkthroughs() -> &'static [Walkthrough] {
    WALKTHROUGHS
}

pub fn find_walkthrough(id: &str) -> Option<&'static Walkthrough> {
    WALKTHROUGHS.iter().find(|w| w.id == id)
}

/// A deterministic starting order that is never already solved: each step moved by a fixed
/// stride (coprime with the count), the same every visit.
pub fn starting_order(w: &Walkthrough) -> Vec<&'static str> {
    let n = w.steps.len();
    let stride = (2..n).find(|s| gcd(*s, n) == 1).unwrap_or(1);
    let mut order: Vec<&'static str> = (0..n).map(|i| w.steps[(i * stride + 1) % n].id).collect();
    if order.iter().zip(w.steps).all(|(a, s)| *a == s.id) {
        order.reverse();
    }
    order
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Checks `order` (step ids). Every step must appear exactly once.
pub fn check(w: &Walkthrough, order: &[&str]) -> Result<WalkResult, String> {
    let mut ranks = vec![];
    for id in order {
        let rank = w
            .steps
            .iter()
            .position(|s| s.id == *id)
            .ok_or_else(|| format!("\"{id}\" is not a step of {}", w.id))?;
        if ranks.contains(&rank) {
            return Err(format!("step \"{id}\" is listed twice"));
        }
        ranks.push(rank);
    }
    if ranks.len() != w.steps.len() {
        return Err(format!(
            "{} steps given, {} expected",
            ranks.len(),
            w.steps.len()
        ));
    }
    let kept = longest_increasing(&ranks);
    let steps = ranks
        .iter()
        .enumerate()
        .map(|(pos, &rank)| {
            let s = &w.steps[rank];
            let in_order = kept.contains(&pos);
            StepFeedback {
                id: s.id.into(),
                text: s.text.into(),
                given: pos + 1,
                belongs: rank + 1,
                in_order,
                after: (!in_order && rank > 0).then(|| w.steps[rank - 1].text.to_string()),
                why: s.why.into(),
                reference: s.reference.into(),
            }
        })
        .collect();
    Ok(WalkResult {
        walkthrough: w.id.into(),
        in_order: kept.len(),
        total: w.steps.len(),
        steps,
    })
}

/// Positions of one longest strictly increasing subsequence of `ranks` (the earliest such run).
fn longest_increasing(ranks: &[usize]) -> Vec<usize> {
    let n = ranks.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if ranks[j] < ranks[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = Some(j);
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return vec![];
    };
    let mut out = vec![at];
    while let Some(p) = prev[at] {
        out.push(p);
        at = p;
    }
    out.reverse();
    out
}

pub static WALKTHROUGHS: &[Walkthrough] = &[
    Walkthrough {
        id: "webhook-no-tickets",
        title: "A webhook stopped creating tickets",
        situation: "Since this morning, finished chats no longer turn into tickets in the customer's helpdesk. Nothing else seems wrong.",
        steps: &[
            Step { id: "expected", text: "Pin down expected against actual: which chats should have made tickets, and what happens instead.", why: "Everything after depends on knowing exactly what \"broken\" means here.", reference: "step-expected-vs-actual" },
            Step { id: "scope", text: "Scope it: every chat or some, one customer or all, and since when (a settings change, a deploy).", why: "Scope and start time point at what changed before you read any log.", reference: "step-scope" },
            Step { id: "delivery-log", text: "Open the delivery log: was the event generated, and was a delivery attempted?", why: "If no event fired, the receiver is not involved at all; check this before blaming it.", reference: "log-webhook-delivery" },
            Step { id: "response", text: "Read what the receiver answered on each attempt: status code and body, or a timeout.", why: "The answer exists only once you know a delivery was attempted, and it decides the layer.", reference: "term-webhook-delivery" },
            Step { id: "isolate", text: "Isolate the layer from that answer: 401 signature or auth, 400 payload or mapping, timeout or TLS on the receiver's side.", why: "The status code of the attempt is the evidence the layer is chosen from.", reference: "step-isolate-layer" },
            Step { id: "their-logs", text: "Follow the delivery id into the receiver's logs to confirm the cause.", why: "Confirm on the other side only once you know which layer and which request to look for.", reference: "step-logs" },
            Step { id: "fix-replay", text: "Fix or escalate with the evidence, then replay the failed events once the cause is gone.", why: "Replaying before the fix only fails again, or creates duplicates.", reference: "step-escalate" },
        ],
    },
    Walkthrough {
        id: "crm-lookup-empty",
        title: "A CRM lookup returns nothing",
        situation: "Agents say the customer card stays empty when a chat starts, even for customers they know are in the CRM.",
        steps: &[
            Step { id: "expected", text: "Pin down expected against actual: which customer should have been found, and what the agent sees.", why: "You need one concrete customer who should match before anything can be tested.", reference: "step-expected-vs-actual" },
            Step { id: "reproduce", text: "Reproduce it with that one known customer and note the time.", why: "A reproduced case gives you a request to find in the logs.", reference: "step-reproduce" },
            Step { id: "identifier", text: "Check the identifier the lookup actually sent and its format (email, phone with country code, id).", why: "It is the input to the lookup: check what went in before reading what came out.", reference: "term-customer-lookup" },
            Step { id: "response", text: "Read the CRM's status code and body: empty 200, 404, 401/403 or 5xx.", why: "The response says whether the search ran and found nothing or never ran at all.", reference: "log-crm" },
            Step { id: "permissions", text: "Check the integration user's permissions and the field mapping for that record.", why: "An empty answer to a valid search usually means the user cannot see the record or the wrong field is searched.", reference: "term-integration-user" },
            Step { id: "known-good", text: "Confirm the fix with a known good record, then with the original customer.", why: "Only a working case proves the cause you found was the cause.", reference: "step-known-good-data" },
            Step { id: "report", text: "Write it up: the call, the response, the cause and the correlation id.", why: "The write-up comes last, once there is a cause and evidence for it.", reference: "step-diagnosis-statement" },
        ],
    },
    Walkthrough {
        id: "partners-504",
        title: "Partners get 504s",
        situation: "Several partners report 504 Gateway Timeout from your API since yesterday afternoon.",
        steps: &[
            Step { id: "scope", text: "Scope it: which partners, which endpoints, since when, and what changed then.", why: "Scope tells you whether to look at one endpoint's code or at shared infrastructure.", reference: "step-scope" },
            Step { id: "reproduce", text: "Reproduce one failing call and keep its request id.", why: "One concrete request id is what every later log search needs.", reference: "step-reproduce" },
            Step { id: "gateway-logs", text: "Find it in the gateway logs: which upstream, and how long the gateway waited.", why: "The 504 is the gateway's: start where it was produced.", reference: "log-gateway" },
            Step { id: "backend-logs", text: "Follow the request id into the backend's logs to see where the time went (database, CRM call).", why: "Only after the gateway names the upstream do you know whose logs to read.", reference: "step-logs" },
            Step { id: "timeouts", text: "Compare the timeouts of each layer with what the slow step takes.", why: "Knowing the slow step first tells you which timeouts matter.", reference: "term-timeouts" },
            Step { id: "fix-confirm", text: "Fix the slow dependency or escalate with the evidence, then confirm with the partners.", why: "Fixing before finding the slow step only moves the timeout around.", reference: "step-escalate" },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(w: &Walkthrough) -> Vec<&'static str> {
        w.steps.iter().map(|s| s.id).collect()
    }

    #[test]
    fn the_right_order_is_all_in_order() {
        for w in walkthroughs() {
            let r = check(w, &ids(w)).unwrap();
            assert_eq!(
                (r.in_order, r.total),
                (w.steps.len(), w.steps.len()),
                "{}",
                w.id
            );
            assert!(r.steps.iter().all(|s| s.in_order && s.after.is_none()));
        }
    }

    #[test]
    fn the_starting_order_is_never_solved_and_is_stable() {
        for w in walkthroughs() {
            let start = starting_order(w);
            assert_eq!(start, starting_order(w));
            let r = check(w, &start).unwrap();
            assert!(r.in_order < r.total, "{} starts solved", w.id);
        }
    }

    #[test]
    fn one_moved_step_is_the_only_one_marked_and_says_where_it_belongs() {
        let w = find_walkthrough("partners-504").unwrap();
        // Timeouts compared before anything was looked up: only that step is out of order.
        let order = [
            "timeouts",
            "scope",
            "reproduce",
            "gateway-logs",
            "backend-logs",
            "fix-confirm",
        ];
        let r = check(w, &order).unwrap();
        assert_eq!(r.in_order, 5);
        let wrong: Vec<_> = r.steps.iter().filter(|s| !s.in_order).collect();
        assert_eq!(wrong.len(), 1);
        assert_eq!(
            (wrong[0].id.as_str(), wrong[0].given, wrong[0].belongs),
            ("timeouts", 1, 5)
        );
        assert!(wrong[0]
            .after
            .as_deref()
            .unwrap()
            .starts_with("Follow the request id"));
    }

    #[test]
    fn bad_orders_are_refused_with_a_reason() {
        let w = find_walkthrough("crm-lookup-empty").unwrap();
        assert!(check(w, &["expected"]).unwrap_err().contains("7 expected"));
        let mut twice = ids(w);
        twice[1] = "expected";
        assert!(check(w, &twice).unwrap_err().contains("twice"));
        assert!(check(w, &["nope"]).unwrap_err().contains("not a step"));
    }
}
