//! The terminal: the probe's command and its raw output, line by line. Each line is a button that
//! pins it to the notebook (pressed: pinned). The result is announced once for screen readers.

use faultline_engine::probe::ProbeResult;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The result shown and its place on the timeline.
    pub result: Option<(usize, ProbeResult)>,
    /// Pinned line numbers of the shown result.
    pub pinned: Vec<usize>,
    /// The learner asked for a probe already run.
    pub rerun: bool,
    pub on_pin: Callback<(usize, usize)>,
}

/// The most lines read out when a result comes in; the rest are on screen, one button each.
const SAID_LINES: usize = 12;

/// Output lines rendered per task: a long output (a log search, a certificate chain) comes in a
/// few tasks, each short at 4x CPU throttling, instead of one long one.
pub const LINES_PER_TASK: usize = 40;

/// How many of a result's `total` lines to render, given what was rendered of which result:
/// a new result starts with one task's worth.
pub fn lines_shown(rendered: (usize, usize), index: usize, total: usize) -> usize {
    let so_far = if rendered.0 == index {
        rendered.1
    } else {
        LINES_PER_TASK
    };
    so_far.min(total)
}

/// What a screen reader hears when a result comes in: the check, its cost, the command and the
/// first lines of the output.
pub fn announcement(r: &ProbeResult, rerun: bool) -> String {
    let lines: Vec<&str> = r.output.lines().filter(|l| !l.trim().is_empty()).collect();
    let head = lines
        .iter()
        .take(SAID_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join(" ¶ ");
    let more = match lines.len().saturating_sub(SAID_LINES) {
        0 => String::new(),
        n => format!(" … and {n} more lines."),
    };
    let what = if rerun {
        format!("{} was already run; its earlier result:", r.probe.label())
    } else {
        format!("{} ({} min):", r.probe.label(), r.minutes)
    };
    format!("{what} $ {} ¶ {head}{more}", r.command)
}

#[function_component(Terminal)]
pub fn terminal(props: &Props) -> Html {
    // (result index, lines rendered): the rest of a long output follows, one task per chunk.
    let rendered = use_state(|| (usize::MAX, 0));
    let (index, total) = props
        .result
        .as_ref()
        .map_or((usize::MAX, 0), |(i, r)| (*i, r.output.lines().count()));
    let limit = lines_shown(*rendered, index, total);
    {
        let rendered = rendered.clone();
        use_effect_with((index, limit, total), move |&(index, limit, total)| {
            let more = (limit < total)
                .then(|| Timeout::new(0, move || rendered.set((index, limit + LINES_PER_TASK))));
            move || drop(more)
        });
    }
    let said = props
        .result
        .as_ref()
        .map(|(_, r)| announcement(r, props.rerun))
        .unwrap_or_default();
    html! {
        <section class="panel terminal-panel" aria-labelledby="terminal-heading">
            <h2 id="terminal-heading">{ "Output" }</h2>
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="probe">{ said }</div>
            { match &props.result {
                None => html! {
                    <p class="terminal empty mono">{ "$ _   Pick a check from the toolbox: its command and output show here." }</p>
                },
                Some((index, r)) => {
                    let index = *index;
                    html! {
                        <div class="terminal">
                            if props.rerun {
                                <p class="terminal-note">{ "Already run: this is its earlier result (no extra minutes)." }</p>
                            }
                            <p class="term-command mono"><span aria-hidden="true">{ "$ " }</span>{ &r.command }</p>
                            <p class="visually-hidden">{ "Each line below is a button: press one to pin it to the notebook." }</p>
                            <ol class="term-lines mono" aria-label={format!("Output of {}", r.probe.label())}>
                                { for r.output.lines().take(limit).enumerate().map(|(n, line)| {
                                    if line.trim().is_empty() {
                                        return html! { <li class="term-blank" aria-hidden="true">{ "\u{a0}" }</li> };
                                    }
                                    let pinned = props.pinned.contains(&n);
                                    let on_pin = props.on_pin.clone();
                                    html! {
                                        <li>
                                            <button type="button" class={classes!("term-line", pinned.then_some("pinned"))}
                                                aria-pressed={pinned.to_string()}
                                                onclick={Callback::from(move |_| on_pin.emit((index, n)))}>
                                                { line }
                                            </button>
                                        </li>
                                    }
                                }) }
                            </ol>
                        </div>
                    }
                }
            } }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_result_starts_with_one_chunk_and_the_shown_one_keeps_what_it_has() {
        assert_eq!(lines_shown((usize::MAX, 0), 0, 100), LINES_PER_TASK);
        assert_eq!(
            lines_shown((usize::MAX, 0), 0, 7),
            7,
            "a short output at once"
        );
        assert_eq!(lines_shown((0, 80), 0, 100), 80);
        assert_eq!(lines_shown((0, 120), 0, 100), 100);
        assert_eq!(
            lines_shown((0, 100), 1, 100),
            LINES_PER_TASK,
            "another result"
        );
    }
}
