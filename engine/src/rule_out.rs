//! Why a wrong choice is wrong, pointed at evidence the learner can see.
//!
//! Each feedback text quotes (between “ and ”) a piece of the evidence exactly as the learner
//! sees it: a status line, a request line, an event on the timeline, the trace id, a log or
//! artefact line. What is quoted is what rules the choice out (the handshake that completed, the
//! component that answered, the part that worked), never the line that names the right cause.
//! For a wrong cause that looks the same from outside (same status from the same hop), the
//! engine runs the same request with that cause instead and points at where the two differ:
//! what that cause would have put there, and where to look in this evidence.

use crate::faults::FaultDef;
use crate::model::*;
use crate::puzzle::{known_symptom, symptom};
use crate::sim::reason;

/// Every piece of text the learner can see, one item per line (what a quote must come from).
pub fn visible_lines(ev: &Evidence) -> Vec<String> {
    let mut out = vec![
        ev.trace_id.clone(),
        ev.outcome.clone(),
        ev.story.context.clone(),
        ev.story.expected.clone(),
        ev.story.actual.clone(),
    ];
    for x in &ev.exchanges {
        out.push(request_line(x));
        out.extend(x.request.headers.iter().map(|(n, v)| format!("{n}: {v}")));
        out.extend(
            x.request
                .body
                .iter()
                .flat_map(|b| b.lines().map(String::from)),
        );
        if let Some(r) = &x.response {
            out.push(status_line(r));
            out.extend(r.headers.iter().map(|(n, v)| format!("{n}: {v}")));
            out.extend(r.body.iter().flat_map(|b| b.lines().map(String::from)));
        }
        out.extend(x.client_error.clone());
        out.extend(x.server_ip.clone());
    }
    out.extend(ev.events.iter().map(|e| e.summary.clone()));
    out.extend(ev.logs.iter().map(|l| l.text.clone()));
    for a in &ev.artifacts {
        out.push(a.title.clone());
        out.extend(a.body.lines().map(String::from));
    }
    out
}

pub(crate) fn request_line(x: &Exchange) -> String {
    format!("{} {}", x.request.method, x.request.url)
}

pub(crate) fn status_line(r: &HttpResponse) -> String {
    format!("{} {}", r.status, r.reason)
}

/// A quote; a long line is cut after its start (the part between the marks is still verbatim).
fn q(s: &str) -> String {
    if s.chars().count() > 90 {
        let head: String = s.chars().take(80).collect();
        format!("“{}…”", head.trim_end())
    } else {
        format!("“{s}”")
    }
}

/// The first failure as something to quote: its status line with the request, or for a failure
/// below HTTP the request line alone (the error text itself may name the cause); for a failing
/// event, the event as the timeline shows it.
pub(crate) fn first_failure_quote(ev: &Evidence, ans: &Answer) -> String {
    if let Some(x) = ans.failing_exchange.and_then(|i| ev.exchanges.get(i)) {
        return match &x.response {
            Some(r) => format!("{} to {}", q(&status_line(r)), q(&request_line(x))),
            None => format!("{}, which got no HTTP answer", q(&request_line(x))),
        };
    }
    if let Some(e) = ans.failing_event.and_then(|i| ev.events.get(i)) {
        // The failing event's own words may name the cause: point at the last answer before it.
        let before = ev
            .exchanges
            .iter()
            .filter(|x| x.t_ms <= e.t_ms)
            .filter_map(|x| x.response.as_ref().map(|r| (x, r)))
            .next_back();
        return match before {
            Some((x, r)) => format!(
                "the step at {} ms, after every request had its answer (the last: {} to {})",
                e.t_ms,
                q(&status_line(r)),
                q(&request_line(x))
            ),
            None => format!("the step at {} ms of trace id {}", e.t_ms, q(&ev.trace_id)),
        };
    }
    // A slow success: the exchange that took longest.
    match ev.exchanges.iter().max_by_key(|x| x.timings.total()) {
        Some(x) => format!(
            "{}, which took {} ms",
            q(&request_line(x)),
            x.timings.total()
        ),
        None => q(&ev.trace_id),
    }
}

/// How a symptom looks, in words: "a failed TLS handshake, before any HTTP answer".
fn looks(class: &str, detail: &str, hop: &str) -> String {
    let to = hop_to(hop);
    match class {
        "tls" => "a failed TLS handshake, before any HTTP answer".into(),
        "conn" if detail == "dns" => "a name lookup that fails, before any connection".into(),
        "conn" => "a connection that never opens, before any HTTP answer".into(),
        "timeout" => "a request that waits and times out without an answer".into(),
        "cors" => "a CORS error in the browser, the answer withheld from the page".into(),
        "empty-reply" => "a connection closed without any reply".into(),
        "4xx" | "5xx" | "3xx" => {
            let code: u16 = detail.parse().unwrap_or(0);
            let who = to
                .map(|l| format!(" from {}", l.label()))
                .unwrap_or_default();
            format!("an HTTP {code} {}{who}", reason(code))
        }
        "event" => "a request that succeeds, then a failure later in the flow".into(),
        "slow" => "a slow answer rather than an error".into(),
        _ => "a different failure".into(),
    }
}

fn hop_layer(name: &str) -> Option<Layer> {
    Layer::ALL
        .into_iter()
        .find(|l| format!("{l:?}") == name.trim())
}

fn hop_to(hop: &str) -> Option<Layer> {
    hop.split_once('>').and_then(|(_, b)| hop_layer(b))
}

fn hop_words(hop: &str) -> String {
    match hop
        .split_once('>')
        .map(|(a, b)| (hop_layer(a), hop_layer(b)))
    {
        Some((Some(a), Some(b))) => format!("between {} and {}", a.label(), b.label()),
        _ => "on another leg of the flow".into(),
    }
}

/// Why wrong cause `g` is not it, from this evidence.
/// `others` are the other wrong causes offered: their runs serve as a baseline when the healthy
/// run lacks an artefact (a certificate dump exists only when TLS fails).
pub(crate) fn cause(
    ev: &Evidence,
    ans: &Answer,
    spec: &RunSpec,
    g: &FaultDef,
    others: &[&FaultDef],
) -> String {
    let seen = symptom(ev, ans);
    let first = first_failure_quote(ev, ans);
    let Some((class, detail, hop)) = known_symptom(g.id, ev.flow.id()) else {
        return look_alike(ev, ans, spec, g, others, &first);
    };
    let would = looks(class, detail, hop);
    if class != seen.class {
        let here = match seen.class {
            "4xx" | "5xx" | "3xx" => {
                " The request got through to an HTTP answer, so the name lookup, the connection and \
                 the TLS handshake all worked."
            }
            "event" => " The requests themselves were answered; what failed came later.",
            "slow" => " Nothing failed outright; the answer was only late.",
            _ => "",
        };
        if let Some(there) = answered_on(ev, hop, class, detail) {
            return format!("{}: that would show as {would}. {there}{here}", g.title);
        }
        return format!(
            "{}: that would show as {would}. Here the first failure is {first}.{here}",
            g.title
        );
    }
    if detail != seen.detail {
        if let Some(there) = answered_on(ev, hop, class, detail) {
            return format!("{}: that would show as {would}. {there}", g.title);
        }
        return format!(
            "{}: that would show as {would}, and this is a different failure: {first}.",
            g.title
        );
    }
    if !hop.is_empty() && hop != seen.hop {
        return format!(
            "{}: that fails {}. Here the first failure is {}: {first}.",
            g.title,
            hop_words(hop),
            hop_words(&seen.hop)
        );
    }
    look_alike(ev, ans, spec, g, others, &first)
}

/// For a cause that fails with an HTTP status on one hop: what that hop answered here instead,
/// quoted ("Here CRM API answered “200 OK” to “GET …”.").
fn answered_on(ev: &Evidence, hop: &str, class: &str, detail: &str) -> Option<String> {
    if !matches!(class, "4xx" | "5xx" | "3xx") {
        return None;
    }
    let (from, to) = hop.split_once('>')?;
    let (from, to) = (hop_layer(from)?, hop_layer(to)?);
    let x = ev
        .exchanges
        .iter()
        .find(|x| x.from == from && x.to == to && x.response.is_some())?;
    let r = x.response.as_ref()?;
    if r.status.to_string() == detail {
        return None;
    }
    Some(format!(
        "Here {} answered {} to {}.",
        to.label(),
        q(&status_line(r)),
        q(&request_line(x))
    ))
}

/// Headers whose values change from run to run, or say nothing about a cause.
const VOLATILE: &str = "date content-length x-request-id request-id traceparent tracestate \
    x-trace-id x-correlation-id etag set-cookie server-timing age x-amzn-requestid cf-ray connection \
    keep-alive";

/// Words with a digit in them blanked: two lines that differ only in ids, times or sizes are
/// the same line.
fn shape(s: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().any(|c| c.is_ascii_digit()) {
            out.push('#');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A wrong cause that fails the same way from outside: run the same request with it instead and
/// find where its evidence would differ from this one.
fn look_alike(
    ev: &Evidence,
    ans: &Answer,
    spec: &RunSpec,
    g: &FaultDef,
    others: &[&FaultDef],
    first: &str,
) -> String {
    let alt = RunSpec {
        flow: Some(ev.flow.id().to_string()),
        faults: vec![FaultSpec::new(g.id)],
        seed: spec.seed,
        call: spec.call.clone(),
        client: spec.client.clone(),
    };
    let fallback = format!(
        "{}: that fails the same way from outside ({first}), but it leaves its own marks, and \
         none of them is in this evidence.",
        g.title
    );
    let Ok(t) = crate::simulate_with_noise(&alt, 0, false) else {
        return fallback;
    };
    let (gev, gans) = (&t.evidence, &t.answer);
    // 0. A line that cause would change, and that reads here as on a healthy day.
    let baselines = std::iter::once(vec![])
        .chain(
            others
                .iter()
                .filter(|o| o.id != g.id)
                .map(|o| vec![FaultSpec::new(o.id)]),
        )
        .filter_map(|faults| {
            let run = RunSpec {
                faults,
                ..alt.clone()
            };
            crate::simulate_with_noise(&run, 0, false).ok()
        });
    for b in baselines {
        if let Some(text) = healthy_line(ev, gev, &b.evidence) {
            return format!("{}: {text}", g.title);
        }
    }
    let here = ans.failing_exchange.and_then(|i| ev.exchanges.get(i));
    let there = gans.failing_exchange.and_then(|i| gev.exchanges.get(i));
    // 1. A component that would have logged the request but did not.
    let spoke = |e: &Evidence, src: LogSource| {
        e.logs
            .iter()
            .any(|l| l.source == src && l.trace_id.as_deref() == Some(e.trace_id.as_str()))
    };
    let mut sources: Vec<LogSource> = gev.logs.iter().map(|l| l.source).collect();
    sources.dedup();
    if let Some(src) = sources
        .into_iter()
        .find(|s| spoke(gev, *s) && !spoke(ev, *s) && *s != LogSource::Client)
    {
        return format!(
            "{}: that would leave a line in the {} log for this request; no {} line carries trace \
             id {}.",
            g.title,
            src.id(),
            src.id(),
            q(&ev.trace_id)
        );
    }
    if let (Some(h), Some(t)) = (here, there) {
        // 2. A header of the failing answer that would read differently.
        if let (Some(hr), Some(tr)) = (&h.response, &t.response) {
            for (name, value) in &tr.headers {
                let lower = name.to_ascii_lowercase();
                if VOLATILE.split_whitespace().any(|v| v == lower) {
                    continue;
                }
                let mine = hr
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v);
                if mine.map(|v| shape(v)) != Some(shape(value)) {
                    let what = if mine.is_some() {
                        format!("read the {name} header of {first}: it says something else")
                    } else {
                        format!("{first} has no {name} header")
                    };
                    return format!(
                        "{}: that would answer with {}; {what}.",
                        g.title,
                        q(&format!("{name}: {value}"))
                    );
                }
            }
            // 3. The error body.
            let (hb, tb) = (
                crate::solver::compact(hr.body.as_deref().unwrap_or("")),
                crate::solver::compact(tr.body.as_deref().unwrap_or("")),
            );
            if !tb.is_empty() && shape(&hb) != shape(&tb) {
                return format!(
                    "{}: its error body would say {}; read the body of {first}: it says \
                     something else.",
                    g.title,
                    q(&tb)
                );
            }
        }
    }
    // 4. A log line that cause would write for this request, unlike any written here.
    let traced = |e: &Evidence| -> Vec<(LogSource, String)> {
        e.logs
            .iter()
            .filter(|l| l.trace_id.as_deref() == Some(e.trace_id.as_str()))
            .map(|l| (l.source, l.text.replace(&e.trace_id, "")))
            .collect()
    };
    let mine = traced(ev);
    if let Some((src, line)) = traced(gev).into_iter().find(|(src, l)| {
        *src != LogSource::Client
            && mine.iter().any(|(s, _)| s == src)
            && !mine.iter().any(|(s, m)| s == src && shape(m) == shape(l))
    }) {
        return format!(
            "{}: the {} log would then say {} about this request; read its lines for trace id \
             {}: they say something else.",
            g.title,
            src.id(),
            q(line.trim()),
            q(&ev.trace_id)
        );
    }
    // 5. An artefact that would read differently.
    for a in &gev.artifacts {
        let Some(mine) = ev.artifacts.iter().find(|m| m.title == a.title) else {
            continue;
        };
        let lines: Vec<String> = mine.body.lines().map(shape).collect();
        if let Some(line) = a
            .body
            .lines()
            .map(str::trim)
            .find(|l| l.len() > 3 && !lines.iter().any(|m| *m == shape(l)))
        {
            return format!(
                "{}: {} would then show {}; this one does not.",
                g.title,
                q(&a.title),
                q(line)
            );
        }
    }
    fallback
}

/// The part before `:` or `=` of an artefact line ("notAfter", "Verify return code").
fn key_of(line: &str) -> Option<&str> {
    let i = line.find([':', '='])?;
    let k = line[..i].trim();
    (!k.is_empty() && k.len() < 40).then_some(k)
}

/// A line of an artefact that cause `g` changes (`gev` differs from the baseline run `hev`) and
/// that reads here as it does in the baseline: the evidence that `g` did not happen.
fn healthy_line(ev: &Evidence, gev: &Evidence, hev: &Evidence) -> Option<String> {
    let keyed = |body: &str, k: &str| {
        body.lines()
            .map(str::trim)
            .find(|l| key_of(l) == Some(k))
            .map(String::from)
    };
    for a in &gev.artifacts {
        let Some(mine) = ev.artifacts.iter().find(|m| m.title == a.title) else {
            continue;
        };
        let Some(h) = hev.artifacts.iter().find(|m| m.title == a.title) else {
            continue;
        };
        for line in a.body.lines().map(str::trim) {
            let Some(k) = key_of(line) else { continue };
            let (Some(hl), Some(ml)) = (keyed(&h.body, k), keyed(&mine.body, k)) else {
                continue;
            };
            // A difference in numbers alone is a fresh run's clock, except for validity dates.
            let dated = k.to_ascii_lowercase().contains("notafter");
            let changed = shape(&hl) != shape(line) || (dated && hl != line);
            if changed && ml == hl && !only_ids_differ(&hl, line) {
                return Some(format!(
                    "that would change the line {} in {}, and here that line reads as it does \
                     when this cause is absent.",
                    q(&ml),
                    q(&a.title)
                ));
            }
        }
    }
    None
}

/// Two lines that differ only in an id (`id: 26173`, a long hex token): a fresh run, not a cause.
fn only_ids_differ(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.len() != wb.len() {
        return false;
    }
    let mut prev = "";
    let mut any = false;
    for (x, y) in wa.iter().zip(&wb) {
        if x != y {
            let id_like =
                prev == "id:" || (x.len() >= 12 && x.chars().all(|c| c.is_ascii_hexdigit()));
            if !id_like {
                return false;
            }
            any = true;
        }
        prev = x;
    }
    any
}

/// The layers whose configuration an owner can change.
fn owned(o: Owner) -> &'static [Layer] {
    match o {
        Owner::ClientDeveloper | Owner::DesktopIt => &[Layer::Client],
        Owner::PlatformApi => &[
            Layer::Gateway,
            Layer::Backend,
            Layer::Database,
            Layer::Tls,
            Layer::Realtime,
        ],
        Owner::Identity => &[Layer::Auth],
        Owner::NetworkSecurity => &[Layer::Dns, Layer::Network],
        Owner::IntegrationAdmin => &[Layer::Integration],
        Owner::CrmAdmin | Owner::Vendor => &[Layer::Crm],
        Owner::Receiver => &[Layer::Webhook],
    }
}

/// Why owner `o` is not the one to fix this: what their part did in this evidence.
pub(crate) fn owner(ev: &Evidence, ans: &Answer, o: Owner) -> String {
    let mine = owned(o);
    let head = format!("{} owns {}", o.label(), o.domain());
    if mine.contains(&ans.root_cause_layer) {
        return format!(
            "{head}. The failure does start in that part ({}), but what has to change there is \
             not a setting or code of theirs.",
            first_failure_quote(ev, ans)
        );
    }
    let answered = ev
        .exchanges
        .iter()
        .find(|x| mine.contains(&x.to) && x.response.as_ref().is_some_and(|r| r.status < 400));
    if let Some((x, r)) = answered.and_then(|x| x.response.as_ref().map(|r| (x, r))) {
        return format!(
            "{head}, and their part did its job here: it answered {} to {}. Nothing of theirs \
             has to change.",
            q(&status_line(r)),
            q(&request_line(x))
        );
    }
    let acted = ev
        .events
        .iter()
        .filter(|e| {
            mine.contains(&e.from) || (mine.contains(&e.to) && e.kind == EventKind::Internal)
        })
        .find(|e| e.kind != EventKind::Error && e.status.is_none_or(|s| s < 400));
    if let Some(e) = acted {
        return format!(
            "{head}, and their part did its job here: {} at {} ms. Nothing of theirs has to \
             change.",
            q(&e.summary),
            e.t_ms
        );
    }
    if let Some(e) = ev
        .events
        .iter()
        .find(|e| mine.contains(&e.from) || mine.contains(&e.to))
    {
        return format!(
            "{head}. Their part only reacts here ({} at {} ms) to a failure that started \
             elsewhere.",
            q(&e.summary),
            e.t_ms
        );
    }
    format!(
        "{head}, and this request never involved their part: nothing on the timeline of trace \
         id {} reaches it.",
        q(&ev.trace_id)
    )
}

/// Appends a pointer at the first failure to a text that quotes nothing from the evidence.
pub(crate) fn with_pointer(text: String, ev: &Evidence, ans: &Answer) -> String {
    let lines = visible_lines(ev);
    if quotes(&text)
        .iter()
        .any(|s| lines.iter().any(|l| l.contains(s.as_str())))
    {
        return text;
    }
    format!(
        "{} The first failure here: {}.",
        text,
        first_failure_quote(ev, ans)
    )
}

/// The pieces of a text between “ and ”.
pub fn quotes(text: &str) -> Vec<String> {
    text.split('“')
        .skip(1)
        .filter_map(|s| {
            s.split_once('”')
                .map(|(q, _)| q.trim_end_matches('…').to_string())
        })
        .collect()
}
