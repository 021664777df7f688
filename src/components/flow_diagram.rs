use faultline_engine::{Event, EventKind, Evidence, Layer};
use yew::prelude::*;

use super::flow_geometry::{Geometry, Lane};
use super::stage_look::look;
use super::{short_label, status_class, status_icon, Shared};
use crate::logic::time::ms_label;

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
    /// The presenter's stage: layers packed close so the drawing, scaled to the panel's width,
    /// shows them at projector size.
    #[prop_or_default]
    pub packed: bool,
    /// Investigate mode: where each layer stands ("unexamined", "examined", "ruled out", "ruled
    /// in"), drawn on its node and said in its name.
    #[prop_or_default]
    pub marks: Vec<(Layer, &'static str)>,
}

/// One hop's latest answer: who answered whom, the status (none: no response), how many answers
/// that hop has had (retries), and how long the latest took since its request.
struct Badge {
    from: Layer,
    to: Layer,
    status: Option<u16>,
    count: usize,
    took_ms: Option<i64>,
}

impl Badge {
    fn text(&self) -> String {
        let mut text = match self.status {
            Some(code) => code.to_string(),
            None => "no response".to_string(),
        };
        if self.count > 1 {
            text.push_str(&format!(" ×{}", self.count));
        }
        if let Some(ms) = self.took_ms {
            text.push_str(&format!(" · {}", ms_label(ms)));
        }
        text
    }

    /// For screen readers: "Gateway answered Client: 401, after 35 ms".
    fn sentence(&self) -> String {
        let what = match self.status {
            Some(code) => format!(
                "{} answered {}: {code}",
                short_label(self.from),
                short_label(self.to)
            ),
            None => format!(
                "{} got no response from {}",
                short_label(self.to),
                short_label(self.from)
            ),
        };
        let times = if self.count > 1 {
            format!(" ({} times)", self.count)
        } else {
            String::new()
        };
        match self.took_ms {
            Some(ms) => format!("{what}{times}, after {}", ms_label(ms)),
            None => format!("{what}{times}"),
        }
    }
}

/// The latest answer per hop among the shown events, each timed from the request it answers.
fn badges(ev: &Evidence, shown: &[Event]) -> Vec<Badge> {
    let mut badges: Vec<Badge> = Vec::new();
    for (i, e) in shown.iter().enumerate() {
        let failed = e.kind == EventKind::Error
            && e.exchange
                .and_then(|x| ev.exchanges.get(x))
                .is_some_and(|x| x.response.is_none());
        if e.status.is_none() && !failed {
            continue;
        }
        let took_ms = shown[..i]
            .iter()
            .rev()
            .find(|r| r.kind == EventKind::Request && r.from == e.to && r.to == e.from)
            .map(|r| e.t_ms - r.t_ms);
        match badges.iter_mut().find(|b| b.from == e.from && b.to == e.to) {
            Some(badge) => {
                badge.status = e.status;
                badge.count += 1;
                badge.took_ms = took_ms;
            }
            None => badges.push(Badge {
                from: e.from,
                to: e.to,
                status: e.status,
                count: 1,
                took_ms,
            }),
        }
    }
    badges
}

/// The stage: the request path as SVG, each layer an icon and a name, a packet that travels each
/// hop (a CSS transform, so a step costs one attribute change; in reduced motion it jumps), a
/// status badge with the hop's time on each hop, the failing hop and the root cause once revealed.
/// Left to right on a wide panel, top to bottom on a narrow one; described in text for screen
/// readers.
#[function_component(FlowDiagram)]
pub fn flow_diagram(props: &Props) -> Html {
    let ev = &props.evidence;
    let layers = &ev.layers;
    let count = layers.len();
    // Vertical or horizontal follows the panel's width (measured on mount and on resize; the
    // first guess is the window's).
    let figure = use_node_ref();
    let packed = props.packed;
    let place = move |count: usize, width: i32| {
        let g = Geometry::for_width(count, width);
        if packed {
            g.packed()
        } else {
            g
        }
    };
    let geometry = use_state_eq(|| {
        #[cfg(target_arch = "wasm32")]
        let available = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .unwrap_or(1280.0) as i32
            - 48;
        // Pre-rendered at build time (no window): the start page's flow panel on a 1366 px
        // laptop, so the drawing a desktop first sees is the one the live page then measures
        // (the same from 1024 to 1366 px).
        #[cfg(not(target_arch = "wasm32"))]
        let available = 937;
        place(count, available)
    });
    {
        let (figure, geometry) = (figure.clone(), geometry.clone());
        use_effect_with(count, move |count| {
            let count = *count;
            let measure = move || {
                if let Some(el) = figure.cast::<web_sys::Element>() {
                    geometry.set(place(count, el.client_width()));
                }
            };
            measure();
            let listener = web_sys::window()
                .map(|w| gloo_events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    let g = *geometry;
    let (width, height) = g.size();
    let index_of = |layer: Layer| layers.iter().position(|l| *l == layer);
    let shown = &ev.events[..props.cursor.min(ev.events.len())];
    let current = shown.last();
    let hops = badges(ev, shown);

    let busy = |layer: Layer| current.is_some_and(|e| e.from == layer || e.to == layer);
    let revealed_root = props.reveal.map(|(layer, _)| layer);
    let nodes = layers.iter().enumerate().map(|(index, layer)| {
        let (x, y, w, h) = g.node(index);
        let ((ix, iy, size), (lx, ly, anchor)) = g.icon_and_label(index);
        let layer = *layer;
        let tried = props.tried.contains(&layer);
        let root = revealed_root == Some(layer);
        let mark = props
            .marks
            .iter()
            .find(|(l, _)| *l == layer)
            .map(|(_, m)| *m);
        let class = classes!(
            "layer-node",
            busy(layer).then_some("busy"),
            tried.then_some("tried"),
            root.then_some("root-cause"),
            mark.map(|m| format!("mark-{}", m.replace(' ', "-"))),
        );
        let look = look(layer);
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
        let shown = if root {
            format!("{} root cause", look.label)
        } else {
            look.label.to_string()
        };
        let aria = if tried {
            format!("{shown} (tried, not the root cause)")
        } else if interactive.is_some() {
            format!("{shown}: inspect its latest event")
        } else if let Some(m) = mark {
            format!("{shown} ({m})")
        } else {
            shown
        };
        let (onclick, onkeydown) = interactive.unzip();
        let (rx, ry, anchor_root) = g.root_label(index);
        html! {
            <g {class} data-layer={layer.id()} role={onclick.is_some().then_some("button")}
                tabindex={onclick.is_some().then_some("0")} aria-label={aria}
                {onclick} {onkeydown}>
                <rect x={x.to_string()} y={y.to_string()} width={w.to_string()}
                    height={h.to_string()} rx="10" />
                <svg class="layer-icon" x={ix.to_string()} y={iy.to_string()} width={size.to_string()}
                    height={size.to_string()} viewBox="0 0 24 24" aria-hidden="true">
                    <path d={look.icon} />
                </svg>
                <text x={lx.to_string()} y={ly.to_string()} text-anchor={anchor}>{ look.label }</text>
                if tried {
                    <text class="tried-mark" x={(x + w - 12).to_string()} y={(y + 16).to_string()}
                        text-anchor="middle" aria-hidden="true">{ "✗" }</text>
                }
                if root {
                    // Clear of both lanes the packet rides, so the dot never covers it. The
                    // leading space keeps the node's text "Auth root cause" for assistive tech
                    // (SVG drops it when drawing).
                    <text class="root-label" x={rx.to_string()} y={ry.to_string()}
                        text-anchor={anchor_root}>{ " root cause" }</text>
                }
            </g>
        }
    });

    let mut placed: Vec<(&Badge, i32, i32, i32)> = hops
        .iter()
        .filter_map(|b| {
            let (from, to) = (index_of(b.from)?, index_of(b.to)?);
            let w = 30 + 8 * b.text().chars().count() as i32;
            let (left, top) = g.badge(from, to, w);
            Some((b, left, top, w))
        })
        .collect();
    let mut spans: Vec<(i32, i32)> = placed.iter().map(|&(_, left, _, w)| (left, w)).collect();
    g.spread_badges(&mut spans);
    for (badge, (left, _)) in placed.iter_mut().zip(spans) {
        badge.1 = left;
    }
    let badge_views = placed.iter().map(|&(b, left, top, w)| {
        html! {
            <g key={format!("{}-{}", b.from, b.to)} class={classes!("hop-badge", format!("st-{}", status_class(b.status)))}
                transform={format!("translate({left} {top})")}>
                <rect width={w.to_string()} height="26" rx="13" />
                <text class="badge-icon" x="14" y="18" text-anchor="middle" aria-hidden="true">{ status_icon(b.status) }</text>
                <text x="26" y="18">{ b.text() }</text>
            </g>
        }
    });

    // The packet sits at the receiving end of the current event; its CSS transition makes it
    // travel from where it was. Requests ride one lane, answers the other.
    // Before the first event the packet waits, invisible, on the first node, so the first hop
    // travels too. The element is always there: each step only changes its style attribute.
    let lane_of = |kind: EventKind| match kind {
        EventKind::Request => Lane::Out,
        _ => Lane::Back,
    };
    let ((x, y), kind, status) = match current {
        Some(e) => (
            g.lane(index_of(e.to).unwrap_or(0), lane_of(e.kind)),
            match e.kind {
                EventKind::Request => "request",
                EventKind::Response => "response",
                EventKind::Error => "error",
                _ => "internal",
            },
            e.status,
        ),
        None => (g.lane(0, Lane::Out), "idle", None),
    };
    let packet = html! {
        <circle class={classes!("packet", format!("pk-{kind}"), format!("st-{}", status_class(status)))}
            r="9" cx="0" cy="0" aria-hidden="true"
            style={format!(
                "transform: translate({x}px, {y}px); transition-duration: {}ms",
                props.step_ms * 7 / 10
            )} />
    };

    // The hop the current event travels, with an arrowhead at its receiving end: the direction
    // reads without movement too (reduced motion).
    let active_hop = current.and_then(|e| {
        let (a, b) = (index_of(e.from)?, index_of(e.to)?);
        (a != b).then(|| {
            let lane = lane_of(e.kind);
            let ((x1, y1), (x2, y2)) = (g.lane(a, lane), g.lane(b, lane));
            let (dx, dy) = ((x2 - x1).signum(), (y2 - y1).signum());
            // The arrowhead's tip stops short of the packet on the node.
            let (tx, ty) = (x2 - dx * 12, y2 - dy * 12);
            let (bx, by) = (tx - dx * 9, ty - dy * 9);
            let head = format!("M {tx} {ty} L {} {} L {} {} Z", bx - dy * 6, by - dx * 6, bx + dy * 6, by + dx * 6);
            html! {
                <g class={classes!("active-hop", format!("hop-{kind}"))}>
                    <line x1={x1.to_string()} y1={y1.to_string()} x2={tx.to_string()} y2={ty.to_string()} />
                    <path d={head} />
                </g>
            }
        })
    });

    let failing = props
        .reveal
        .and_then(|(_, failing)| ev.events.get(failing?))
        .and_then(|e| Some((e, index_of(e.from)?, index_of(e.to)?)));
    let failing_hop =
        failing.map(|(_, a, b)| html! { <path class="failing-hop" d={g.failing_path(a, b)} /> });

    let ((wx1, wy1), (wx2, wy2)) = g.wire();
    let names: Vec<&str> = layers.iter().map(|l| short_label(*l)).collect();
    let now = current.map(|e| {
        let what = match e.kind {
            EventKind::Request => "request",
            EventKind::Response => "response",
            EventKind::Error => "error",
            _ => "step",
        };
        format!(
            "Now: {what} from {} to {}.",
            short_label(e.from),
            short_label(e.to)
        )
    });
    let style = if g.vertical {
        format!("max-width: {}px", width * 3 / 2)
    } else {
        format!("max-width: {}px", width * 5 / 4)
    };
    html! {
        <figure class={classes!("flow-diagram", "layer-diagram", if g.vertical { "vertical" } else { "horizontal" })}
            ref={figure}>
            <svg viewBox={format!("0 0 {width} {height}")} role="group"
                aria-label={format!("Request path: {}", names.join(", "))} {style}>
                <line class="wire" x1={wx1.to_string()} y1={wy1.to_string()} x2={wx2.to_string()} y2={wy2.to_string()} />
                <g class="hops">{ failing_hop.unwrap_or_default() }{ active_hop.unwrap_or_default() }</g>
                <g class="nodes">{ for nodes }</g>
                <g class="badges">{ for badge_views }</g>
                { packet }
            </svg>
            <figcaption class="visually-hidden">
                <ul aria-label="Hops so far">
                    if hops.is_empty() && props.marks.is_empty() {
                        <li>{ "The request has not been sent yet." }</li>
                    }
                    { for hops.iter().map(|b| html! { <li>{ b.sentence() }</li> }) }
                    if let Some(now) = now {
                        <li>{ now }</li>
                    }
                    if let Some((_, a, b)) = failing {
                        <li>{ format!("The failing hop: {} and {}.", names[a.min(b)], names[a.max(b)]) }</li>
                    }
                </ul>
            </figcaption>
        </figure>
    }
}
