use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// (topic, mastery 0–100, attempts).
    pub rows: Vec<(String, u32, u32)>,
}

const ROW: i32 = 26;
const LABEL_W: i32 = 120;
const BAR_W: i32 = 170;

/// Mastery per topic as inline SVG bars: the share of first-try layer answers. Each bar has
/// its number beside it, so the chart reads without colour.
#[function_component(MasteryChart)]
pub fn mastery_chart(props: &Props) -> Html {
    if props.rows.is_empty() {
        return html! { <p class="muted">{ "No topics yet: finish a puzzle to see your mastery." }</p> };
    }
    let height = ROW * props.rows.len() as i32 + 4;
    let width = LABEL_W + BAR_W + 84;
    let bars = props.rows.iter().enumerate().map(|(i, (topic, pct, attempts))| {
        let y = i as i32 * ROW + 2;
        let w = (BAR_W * (*pct).min(100) as i32) / 100;
        let level = match pct {
            0..=39 => "low",
            40..=74 => "mid",
            _ => "high",
        };
        html! {
            <g class={classes!("mastery-row", level)}>
                <title>{ format!("{topic}: {pct}% first-try layer answers over {attempts} attempt(s)") }</title>
                <text x={(LABEL_W - 8).to_string()} y={(y + 17).to_string()} text-anchor="end" class="mastery-label">{ topic.clone() }</text>
                <rect x={LABEL_W.to_string()} y={(y + 4).to_string()} width={BAR_W.to_string()} height="16" rx="3" class="mastery-track" />
                <rect x={LABEL_W.to_string()} y={(y + 4).to_string()} width={w.to_string()} height="16" rx="3" class="mastery-bar" />
                <text x={(LABEL_W + BAR_W + 8).to_string()} y={(y + 17).to_string()} class="mastery-value">{ format!("{pct}% · {attempts}×") }</text>
            </g>
        }
    });
    html! {
        <svg class="mastery-chart" viewBox={format!("0 0 {width} {height}")} width={width.to_string()}
            role="img" aria-label="Mastery per topic: share of first-try layer answers">
            { for bars }
        </svg>
    }
}
