use faultline_engine::Timings;
use yew::prelude::*;

use crate::logic::time::{fixed, ms_label};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub timings: Timings,
}

/// Phases in devtools order: (label, css class, ms). `ssl` is part of `connect` in HAR, so the
/// bar shows TCP connect and TLS separately.
pub fn phases(t: &Timings) -> Vec<(&'static str, &'static str, i64)> {
    let tcp = if t.connect > 0 && t.ssl > 0 {
        t.connect - t.ssl
    } else {
        t.connect
    };
    vec![
        ("Queued", "blocked", t.blocked),
        ("DNS lookup", "dns", t.dns),
        ("Initial connection", "connect", tcp),
        ("TLS", "tls", t.ssl),
        ("Request sent", "send", t.send),
        ("Waiting (TTFB)", "wait", t.wait),
        ("Content download", "receive", t.receive),
    ]
}

/// Timing waterfall of one exchange, like the Timing tab of browser devtools.
#[function_component(Waterfall)]
pub fn waterfall(props: &Props) -> Html {
    let phases = phases(&props.timings);
    let total: i64 = phases.iter().map(|p| p.2.max(0)).sum::<i64>().max(1);
    let mut offset = 0i64;
    let rows = phases.iter().map(|(label, class, ms)| {
        let skipped = *ms < 0;
        let ms_pos = (*ms).max(0);
        let left = offset as f64 * 100.0 / total as f64;
        let width = (ms_pos as f64 * 100.0 / total as f64).max(if ms_pos > 0 { 0.6 } else { 0.0 });
        offset += ms_pos;
        html! {
            <tr class={classes!("phase", *class, skipped.then_some("skipped"))}>
                <th scope="row">{ *label }</th>
                <td class="bar-cell">
                    <span class="bar" style={format!("margin-left: {}%; width: {}%", fixed(left, 2), fixed(width, 2))}></span>
                </td>
                <td class="ms">{ if skipped { "—".to_string() } else { ms_label(*ms) } }</td>
            </tr>
        }
    });
    html! {
        <table class="waterfall">
            <caption>{ format!("Timing · total {}", ms_label(props.timings.total())) }</caption>
            <tbody>{ for rows }</tbody>
        </table>
    }
}
