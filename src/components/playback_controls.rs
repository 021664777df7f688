use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::logic::state::{Action, SPEEDS};

/// `SPEEDS` as the menu reads them, written out: formatting the numbers would put Rust's float
/// printing (~10 KB) into the start module.
const SPEED_LABELS: [&str; SPEEDS.len()] = ["0.5×", "1×", "1.5×", "2×", "4×"];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub playing: bool,
    pub cursor: usize,
    pub total: usize,
    pub speed: usize,
    /// Simulated time of the current event, for the readout.
    pub time_label: AttrValue,
    pub on: Callback<Action>,
}

/// Transport icons as inline SVG paths (font glyphs for these are missing on many systems).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

const RESTART: &str = "M3 2h2v12H3zM14 2v12L6 8z";
const BACK: &str = "M13 2v12L5 8zM3 2h2v12H3z";
const FORWARD: &str = "M3 2v12l8-6zM11 2h2v12h-2z";
const PLAY: &str = "M4 2v12l10-6z";
const PAUSE: &str = "M3 2h4v12H3zM9 2h4v12H9z";

/// Network-simulator style transport: restart, step back, play/pause, step forward, speed and a
/// scrubbable timeline (a native range input: keyboard, touch and screen readers for free).
#[function_component(PlaybackControls)]
pub fn playback_controls(props: &Props) -> Html {
    let send = |action: Action| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(action.clone()))
    };
    let on_seek = {
        let on = props.on.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(value) = input.value().parse::<usize>() {
                on.emit(Action::Seek(value));
            }
        })
    };
    let on_speed = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(value) = select.value().parse::<usize>() {
                on.emit(Action::SetSpeed(value));
            }
        })
    };
    let at_end = props.cursor >= props.total;
    let play_label = if props.playing {
        "Pause"
    } else if at_end && props.total > 0 {
        "Replay"
    } else {
        "Play"
    };
    html! {
        <div class="playback" role="group" aria-label="Playback">
            <div class="transport">
                <button type="button" class="icon-button" onclick={send(Action::Restart)}
                    aria-label="Restart" title="Restart">{ icon(RESTART) }</button>
                <button type="button" class="icon-button" onclick={send(Action::StepBack)}
                    disabled={props.cursor == 0} aria-label="Step back" title="Step back (←)">{ icon(BACK) }</button>
                <button type="button" class="play-button" onclick={send(Action::TogglePlay)}
                    aria-label={play_label} title={format!("{play_label} (Space)")}>
                    { icon(if props.playing { PAUSE } else { PLAY }) }
                    <span class="play-text">{ play_label }</span>
                </button>
                <button type="button" class="icon-button" onclick={send(Action::StepForward)}
                    disabled={at_end} aria-label="Step forward" title="Step forward (→)">{ icon(FORWARD) }</button>
                <label class="speed">
                    <span>{ "Speed" }</span>
                    <select onchange={on_speed} aria-label="Playback speed">
                        { for (0..SPEEDS.len()).map(|i| html! {
                            <option value={i.to_string()} selected={i == props.speed}>{ SPEED_LABELS[i] }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="timeline">
                <input type="range" min="0" max={props.total.to_string()} value={props.cursor.to_string()}
                    step="1" oninput={on_seek} aria-label="Timeline"
                    aria-valuetext={format!("Step {} of {}, {}", props.cursor, props.total, props.time_label)} />
                <span class="timeline-readout" aria-hidden="true">
                    { format!("{} / {} · {}", props.cursor, props.total, props.time_label) }
                </span>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn speed_labels_read_as_the_speeds() {
        for (speed, label) in super::SPEEDS.iter().zip(super::SPEED_LABELS) {
            assert_eq!(format!("{speed}×"), label);
        }
    }
}
