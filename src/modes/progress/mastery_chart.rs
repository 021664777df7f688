use yew::prelude::*;

use crate::modes::progress::names::MasteryRow;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub rows: Vec<MasteryRow>,
}

const ROW: i32 = 44;
const LABEL_W: i32 = 120;
const BAR_W: i32 = 170;

fn level(pct: u32) -> &'static str {
    match pct {
        0..=39 => "low",
        40..=74 => "mid",
        _ => "high",
    }
}

/// Mastery per topic as inline SVG bars: per topic, the share of first-try answers to the layer
/// question and to the owner question. Each bar has its number and name beside it, so the chart
/// reads without colour.
#[function_component(MasteryChart)]
pub fn mastery_chart(props: &Props) -> Html {
    if props.rows.is_empty() {
        return html! { <p class="muted">{ "No topics yet: finish a puzzle to see your mastery." }</p> };
    }
    let height = ROW * props.rows.len() as i32 + 4;
    let width = LABEL_W + BAR_W + 124;
    let bar = |y: i32, pct: u32, what: &'static str, value: String| {
        let w = (BAR_W * pct.min(100) as i32) / 100;
        html! {
            <g class={classes!("mastery-bar-row", what, level(pct))}>
                <rect x={LABEL_W.to_string()} y={y.to_string()} width={BAR_W.to_string()} height="14" rx="3" class="mastery-track" />
                <rect x={LABEL_W.to_string()} y={y.to_string()} width={w.to_string()} height="14" rx="3" class="mastery-bar" />
                <text x={(LABEL_W + BAR_W + 8).to_string()} y={(y + 12).to_string()} class={classes!("mastery-value", what)}>{ value }</text>
            </g>
        }
    };
    let bars = props.rows.iter().enumerate().map(|(i, r)| {
        let y = i as i32 * ROW + 2;
        html! {
            <g class={classes!("mastery-row", level(r.layer))}>
                <title>{ format!(
                    "{}: {}% first-try layer answers and {}% first-try owner answers over {} attempt(s)",
                    r.label, r.layer, r.owner, r.attempts
                ) }</title>
                <text x={(LABEL_W - 8).to_string()} y={(y + 24).to_string()} text-anchor="end" class="mastery-label">{ r.label.clone() }</text>
                { bar(y + 4, r.layer, "layer", format!("layer {}% · {}×", r.layer, r.attempts)) }
                { bar(y + 22, r.owner, "owner", format!("owner {}%", r.owner)) }
            </g>
        }
    });
    html! {
        <svg class="mastery-chart" viewBox={format!("0 0 {width} {height}")} width={width.to_string()}
            role="img" aria-label="Mastery per topic: share of first-try answers to the layer and owner questions">
            { for bars }
        </svg>
    }
}
