use faultline_engine::{EventKind, Evidence, Layer};
use yew::prelude::*;

use super::{short_label, status_class, status_icon, Shared};

const NODE_W: i32 = 104;
const NODE_H: i32 = 52;
const GAP: i32 = 40;
const MARGIN: i32 = 14;
const TOP: i32 = 44;
const HEIGHT: i32 = TOP + NODE_H + 58;
/// Baseline of the "root cause" label: under the response lane (packet centre TOP + NODE_H + 8,
/// radius 8) and under the failing hop's arc.
const ROOT_LABEL_Y: i32 = TOP + NODE_H + 44;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    /// Events shown so far.
    pub cursor: usize,
    /// Duration of one playback step (packet travel time), ms.
    pub step_ms: u32,
    /// After step 1: root-cause layer and failing event. `None` before the answer.
    #[prop_or_default]
    pub reveal: Option<(Layer, Option<usize>)>,
    /// Clicking a node the request has reached inspects that layer's latest event. Exploring
    /// never answers: the layer question is answered in the diagnosis panel only.
    #[prop_or_default]
    pub on_inspect: Option<Callback<Layer>>,
    /// The layers shown events have reached so far (only these can be inspected).
    #[prop_or_default]
    pub reached: Vec<Layer>,
    /// Layers already tried and wrong.
    #[prop_or_default]
    pub tried: Vec<Layer>,
}

fn center(index: usize) -> i32 {
    MARGIN + index as i32 * (NODE_W + GAP) + NODE_W / 2
}

/// The request path as SVG: nodes left to right, a packet that travels each hop (a CSS
/// transform, so a step costs one attribute change), and status badges on the hops.
#[function_component(FlowDiagram)]
pub fn flow_diagram(props: &Props) -> Html {
    let ev = &props.evidence;
    let layers = &ev.layers;
    let x_of = |layer: Layer| layers.iter().position(|l| *l == layer).map(center);
    let width = MARGIN * 2 + layers.len() as i32 * NODE_W + (layers.len() as i32 - 1).max(0) * GAP;
    let mid = TOP + NODE_H / 2;
    let shown = &ev.events[..props.cursor.min(ev.events.len())];
    let current = shown.last();

    // Badges sit on the answering end of each hop (the layer that sent the status or the error
    // back): the latest status per hop, with a count for repeats such as retries.
    let mut badges: Vec<(Layer, Layer, Option<u16>, usize)> = Vec::new();
    for e in shown {
        let failed = e.kind == EventKind::Error
            && e.exchange
                .and_then(|i| ev.exchanges.get(i))
                .is_some_and(|x| x.response.is_none());
        if e.status.is_none() && !failed {
            continue;
        }
        match badges
            .iter_mut()
            .find(|(f, t, _, _)| *f == e.from && *t == e.to)
        {
            Some(badge) => {
                badge.2 = e.status;
                badge.3 += 1;
            }
            None => badges.push((e.from, e.to, e.status, 1)),
        }
    }

    let busy = |layer: Layer| current.is_some_and(|e| e.from == layer || e.to == layer);
    let revealed_root = props.reveal.map(|(layer, _)| layer);
    let nodes = layers.iter().enumerate().map(|(index, layer)| {
        let x = center(index) - NODE_W / 2;
        let layer = *layer;
        let tried = props.tried.contains(&layer);
        let class = classes!(
            "layer-node",
            busy(layer).then_some("busy"),
            tried.then_some("tried"),
            (revealed_root == Some(layer)).then_some("root-cause"),
        );
        let label = short_label(layer);
        let inspect = props
            .on_inspect
            .clone()
            .filter(|_| props.reached.contains(&layer));
        let class = classes!(class, inspect.is_some().then_some("inspectable"));
        let interactive = inspect.map(|pick| {
            let on_click = {
                let pick = pick.clone();
                Callback::from(move |_: MouseEvent| pick.emit(layer))
            };
            let on_key = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    e.stop_propagation();
                    pick.emit(layer);
                }
            });
            (on_click, on_key)
        });
        // The name starts with the words on the node (axe label-content-name-mismatch).
        let shown = if revealed_root == Some(layer) {
            format!("{label} root cause")
        } else {
            label.to_string()
        };
        let aria = if tried {
            format!("{shown} (tried, not the root cause)")
        } else if interactive.is_some() {
            format!("{shown}: inspect its latest event")
        } else {
            shown
        };
        let (onclick, onkeydown) = interactive.unzip();
        html! {
            <g {class} data-layer={layer.id()} role={onclick.is_some().then_some("button")}
                tabindex={onclick.is_some().then_some("0")} aria-label={aria}
                {onclick} {onkeydown}>
                <rect x={x.to_string()} y={TOP.to_string()} width={NODE_W.to_string()}
                    height={NODE_H.to_string()} rx="9" />
                <text x={(x + NODE_W / 2).to_string()} y={(mid + 5).to_string()}
                    text-anchor="middle">{ label }</text>
                if tried {
                    <text class="tried-mark" x={(x + NODE_W - 12).to_string()} y={(TOP + 16).to_string()}
                        text-anchor="middle" aria-hidden="true">{ "✗" }</text>
                }
                if revealed_root == Some(layer) {
                    // Below the lane the packet rides back on, so the dot never covers it. The
                    // leading space keeps the node's text "Auth root cause" for assistive tech
                    // (SVG drops it when drawing).
                    <text class="root-label" x={(x + NODE_W / 2).to_string()} y={ROOT_LABEL_Y.to_string()}
                        text-anchor="middle">{ " root cause" }</text>
                }
            </g>
        }
    });

    let badge_views = badges.iter().filter_map(|(from, to, status, count)| {
        let (from_x, to_x) = (x_of(*from)?, x_of(*to)?);
        // Nudge toward the receiver so two directions at one node do not overlap.
        let x = from_x + (to_x - from_x).signum() * (NODE_W / 4);
        let text = match (status, count) {
            (Some(code), 1) => code.to_string(),
            (Some(code), n) => format!("{code} ×{n}"),
            (None, 1) => "no response".to_string(),
            (None, n) => format!("no response ×{n}"),
        };
        let w = 34 + 9 * text.chars().count() as i32;
        // Kept inside the drawing: a badge on the first or last node must not be cut off.
        let left = (x - w / 2).clamp(2, (width - w - 2).max(2));
        Some(html! {
            <g key={format!("{from}-{to}")} class={classes!("hop-badge", format!("st-{}", status_class(*status)))}
                transform={format!("translate({} {})", left, 6)}>
                <rect width={w.to_string()} height="26" rx="13" />
                <text class="badge-icon" x="14" y="18" text-anchor="middle" aria-hidden="true">{ status_icon(*status) }</text>
                <text x="26" y="18">{ text }</text>
            </g>
        })
    });

    // The packet sits at the receiving end of the current event; its CSS transition makes it
    // travel from where it was. Requests ride above the nodes, responses below.
    // Before the first event the packet waits, invisible, on the first node, so the first hop
    // travels too. The element is always there: each step only changes its style attribute.
    let (x, y, kind, status) = match current {
        Some(e) => (
            x_of(e.to).unwrap_or(center(0)),
            match e.kind {
                EventKind::Request => TOP - 8,
                EventKind::Response | EventKind::Error => TOP + NODE_H + 8,
                _ => mid,
            },
            match e.kind {
                EventKind::Request => "request",
                EventKind::Response => "response",
                EventKind::Error => "error",
                _ => "internal",
            },
            e.status,
        ),
        None => (center(0), TOP - 8, "idle", None),
    };
    let packet = html! {
        <circle class={classes!("packet", format!("pk-{kind}"), format!("st-{}", status_class(status)))}
            r="8" cx="0" cy="0" aria-hidden="true"
            style={format!(
                "transform: translate({x}px, {y}px); transition-duration: {}ms",
                props.step_ms * 7 / 10
            )} />
    };

    let active_hop = current.and_then(|e| {
        let (a, b) = (x_of(e.from)?, x_of(e.to)?);
        (a != b).then(|| {
            let y = if e.kind == EventKind::Request { TOP - 8 } else { TOP + NODE_H + 8 };
            html! { <line class="active-hop" x1={a.to_string()} y1={y.to_string()} x2={b.to_string()} y2={y.to_string()} /> }
        })
    });

    let failing_hop = props.reveal.and_then(|(_, failing)| {
        let e = ev.events.get(failing?)?;
        let (a, b) = (x_of(e.from)?, x_of(e.to)?);
        let (lo, hi) = (a.min(b), a.max(b).max(a.min(b) + 1));
        let lift = 34;
        Some(html! {
            <path class="failing-hop" d={format!("M {lo} {mid} C {lo} {} {hi} {} {hi} {mid}", mid + NODE_H / 2 + lift, mid + NODE_H / 2 + lift)} />
        })
    });

    // On narrow screens the diagram scrolls sideways: keep the current hop in view, and show
    // which edges hide more layers (a fade and a "scroll" hint).
    let figure = use_node_ref();
    let edges = use_state_eq(|| (false, false));
    let measure = {
        let (figure, edges) = (figure.clone(), edges.clone());
        Callback::from(move |_: ()| {
            if let Some(el) = figure.cast::<web_sys::Element>() {
                edges.set(hidden_edges(&el));
            }
        })
    };
    {
        let figure = figure.clone();
        let measure = measure.clone();
        let focus_x = current.and_then(|e| x_of(e.to));
        use_effect_with(focus_x, move |x| {
            if let (Some(x), Some(el)) = (x, figure.cast::<web_sys::Element>()) {
                let (client, scroll) = (el.client_width(), el.scroll_width());
                if scroll > client {
                    let target = (*x as f64 / width as f64 * scroll as f64) as i32 - client / 2;
                    el.set_scroll_left(target.clamp(0, scroll - client));
                }
            }
            measure.emit(());
        });
    }
    {
        let measure = measure.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| gloo_events::EventListener::new(&w, "resize", move |_| measure.emit(())));
            move || drop(listener)
        });
    }
    let on_scroll = Callback::from(move |_: Event| measure.emit(()));
    let (more_left, more_right) = *edges;
    let names: Vec<&str> = layers.iter().map(|l| short_label(*l)).collect();
    html! {
        <div class={classes!("flow-wrap", more_left.then_some("more-left"), more_right.then_some("more-right"))}>
        // Wider than the screen (a phone): the keyboard can scroll it too.
        <figure class="flow-diagram layer-diagram scroll-x" ref={figure} onscroll={on_scroll}
            tabindex={(more_left || more_right).then_some("0")}
            role={(more_left || more_right).then_some("region")}
            aria-label={(more_left || more_right).then_some("Request path (scrolls sideways)")}>
            <svg viewBox={format!("0 0 {width} {HEIGHT}")} role="group"
                aria-label={format!("Request path: {}", names.join(", "))}
                style={format!("min-width: {}px; max-width: {}px", (width * 8 / 10).max(320), width * 5 / 4)}>
                <line class="wire" x1={center(0).to_string()} y1={mid.to_string()}
                    x2={center(layers.len().saturating_sub(1)).to_string()} y2={mid.to_string()} />
                <g class="hops">{ active_hop.unwrap_or_default() }{ failing_hop.unwrap_or_default() }</g>
                <g class="nodes">{ for nodes }</g>
                <g class="badges">{ for badge_views }</g>
                { packet }
            </svg>
        </figure>
        if more_left || more_right {
            <p class="scroll-cue" aria-hidden="true">
                { format!("{} Scroll sideways for all {} layers {}", if more_left { "←" } else { "" },
                    layers.len(), if more_right { "→" } else { "" }).trim().to_string() }
            </p>
        }
        </div>
    }
}

/// Whether the scrolled-away part of the diagram hides layers on the left and on the right.
fn hidden_edges(el: &web_sys::Element) -> (bool, bool) {
    let (client, scroll, left) = (el.client_width(), el.scroll_width(), el.scroll_left());
    if scroll <= client + 1 {
        return (false, false);
    }
    (left > 4, left + client < scroll - 4)
}
