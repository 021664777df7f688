use faultline_engine::{Event, Evidence, LogLine};
use yew::prelude::*;

use crate::components::{short_label, status_class, status_icon, Shared};
use crate::logic::time::at_label;
use crate::modes::common::diff::{self, Op};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub healthy: Shared<Evidence>,
    pub broken: Shared<Evidence>,
}

fn event_cell(e: Option<&Event>) -> Html {
    let Some(e) = e else {
        return html! { <td class="cell empty"></td> };
    };
    html! {
        <td class="cell">
            <span class="mono muted">{ at_label(e.t_ms) }</span>
            { " " }
            <span class="hop">{ format!("{} → {}", short_label(e.from), short_label(e.to)) }</span>
            if let Some(status) = e.status {
                { " " }
                <span class={classes!("status-chip", status_class(Some(status)))}>
                    { format!("{} {status}", status_icon(Some(status))) }
                </span>
            }
            <div class="summary">{ &e.summary }</div>
        </td>
    }
}

fn log_cell(l: Option<&&LogLine>) -> Html {
    let Some(l) = l else {
        return html! { <td class="cell empty"></td> };
    };
    html! {
        <td class="cell mono">
            <span class="muted">{ format!("[{}] {:?} ", l.source.id(), l.level).to_lowercase() }</span>
            { &l.text }
        </td>
    }
}

fn mark(op: Op) -> Html {
    html! {
        <td class="mark" title={op.word()}>
            <span aria-hidden="true">{ op.symbol() }</span>
            <span class="visually-hidden">{ op.word() }</span>
        </td>
    }
}

fn rows<T>(ops: &[Op], a: &[T], b: &[T], cell: impl Fn(Option<&T>) -> Html) -> Html {
    ops.iter()
        .map(|op| {
            let (left, right) = match *op {
                Op::Same(i, j) | Op::Changed(i, j) => (a.get(i), b.get(j)),
                Op::Removed(i) => (a.get(i), None),
                Op::Added(j) => (None, b.get(j)),
            };
            html! {
                <tr class={classes!("diff-row", op.class())}>
                    { mark(*op) }{ cell(left) }{ cell(right) }
                </tr>
            }
        })
        .collect()
}

fn summary_line(ops: &[Op]) -> String {
    let c = diff::counts(ops);
    format!(
        "{} changed (~), {} only healthy (−), {} only broken (+), {} unchanged (=)",
        c.changed, c.removed, c.added, c.same
    )
}

/// Healthy and broken runs side by side, with every difference marked by symbol and colour:
/// outcome, status lines, events and the traced request's log lines.
#[function_component(TraceCompare)]
pub fn trace_compare(props: &Props) -> Html {
    let (h, b) = (&*props.healthy, &*props.broken);
    let event_ops = diff::events(h, b);
    let (la, lb, log_ops) = diff::logs(h, b);
    let status = |ev: &Evidence| {
        diff::status_lines(ev)
            .into_iter()
            .map(|s| html! { <li class="mono">{ s }</li> })
            .collect::<Html>()
    };
    html! {
        <section class="panel trace-compare" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{ "Healthy vs broken" }</h2>
            <p class="legend small">
                <span class="diff-key changed">{ "~ changed" }</span>
                <span class="diff-key removed">{ "− only in the healthy run" }</span>
                <span class="diff-key added">{ "+ only in the broken run" }</span>
                <span class="diff-key same">{ "= unchanged" }</span>
            </p>
            <div class="compare-columns">
                <div class="compare-side healthy">
                    <h3>{ "Healthy run" }</h3>
                    <p class="outcome">{ &h.outcome }</p>
                    <ul class="status-lines">{ status(h) }</ul>
                </div>
                <div class="compare-side broken">
                    <h3>{ "Broken run" }</h3>
                    <p class="outcome">{ &b.outcome }</p>
                    <ul class="status-lines">{ status(b) }</ul>
                </div>
            </div>
            <h3>{ "Events" }</h3>
            <p class="muted small diff-counts" data-testid="event-counts">{ summary_line(&event_ops) }</p>
            <div class="diff-scroll">
                <table class="diff-table events-diff">
                    <thead><tr><th scope="col"><span class="visually-hidden">{ "Difference" }</span></th>
                        <th scope="col">{ "Healthy" }</th><th scope="col">{ "Broken" }</th></tr></thead>
                    <tbody>{ rows(&event_ops, &h.events, &b.events, event_cell) }</tbody>
                </table>
            </div>
            <h3>{ "Log lines of the traced request" }</h3>
            <p class="muted small diff-counts">{ summary_line(&log_ops) }</p>
            <div class="diff-scroll">
                <table class="diff-table logs-diff">
                    <thead><tr><th scope="col"><span class="visually-hidden">{ "Difference" }</span></th>
                        <th scope="col">{ "Healthy" }</th><th scope="col">{ "Broken" }</th></tr></thead>
                    <tbody>{ rows(&log_ops, &la, &lb, log_cell) }</tbody>
                </table>
            </div>
        </section>
    }
}
