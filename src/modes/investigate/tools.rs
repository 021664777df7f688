//! The toolbox: the puzzle's probes grouped by the layer they examine, searchable, each a real
//! button; Enter in the search runs the only (or first) match.

use faultline_engine::probe::Probe;
use faultline_engine::Layer;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::case::LayerState;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub toolbox: Vec<Probe>,
    /// Path layers in order, with where each stands.
    pub layers: Vec<(Layer, LayerState)>,
    pub ran: Vec<Probe>,
    pub on_run: Callback<Probe>,
    /// Off once the diagnosis is done.
    #[prop_or(true)]
    pub open: bool,
}

/// Whether `p` matches every word of the search (label, id, command and layer).
pub fn matches(p: Probe, query: &str) -> bool {
    let hay = format!(
        "{} {} {} {}",
        p.label(),
        p.id(),
        p.template(),
        p.layer().label()
    )
    .to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|w| hay.contains(w))
}

/// The toolbox's groups: each layer on the path with its probes, the client's first; a probe
/// whose layer is not on the path (the status page) goes with the client's.
pub fn groups(toolbox: &[Probe], layers: &[Layer], query: &str) -> Vec<(Layer, Vec<Probe>)> {
    let mut out: Vec<(Layer, Vec<Probe>)> = vec![];
    let home = |p: Probe| {
        if layers.contains(&p.layer()) {
            p.layer()
        } else if p.layer() == Layer::Backend && layers.contains(&Layer::Realtime) {
            Layer::Realtime
        } else {
            Layer::Client
        }
    };
    let order = std::iter::once(Layer::Client)
        .chain(layers.iter().copied().filter(|l| *l != Layer::Client));
    for layer in order {
        let probes: Vec<Probe> = toolbox
            .iter()
            .copied()
            .filter(|p| home(*p) == layer && matches(*p, query))
            .collect();
        if !probes.is_empty() {
            out.push((layer, probes));
        }
    }
    out
}

#[function_component(Tools)]
pub fn tools(props: &Props) -> Html {
    let query = use_state(String::new);
    let path: Vec<Layer> = props.layers.iter().map(|(l, _)| *l).collect();
    let groups = groups(&props.toolbox, &path, &query);
    let first = groups.first().and_then(|(_, ps)| ps.first().copied());
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let onkeydown = {
        let on_run = props.on_run.clone();
        let open = props.open;
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && open {
                if let Some(p) = first {
                    e.prevent_default();
                    on_run.emit(p);
                }
            }
        })
    };
    let count: usize = groups.iter().map(|(_, ps)| ps.len()).sum();
    let state_of = |l: Layer| {
        props
            .layers
            .iter()
            .find(|(x, _)| *x == l)
            .map_or("", |(_, s)| s.word())
    };
    html! {
        <section class="panel tools-panel" aria-labelledby="tools-heading">
            <h2 id="tools-heading">{ "Toolbox" }</h2>
            <label class="tools-search">
                <span>{ "Find a check" }</span>
                <input type="search" value={(*query).clone()} {oninput} {onkeydown}
                    placeholder="dig, log, token, certificate…" autocomplete="off"
                    aria-describedby="tools-count" />
            </label>
            <p id="tools-count" class="muted small" aria-live="polite">
                { match count {
                    0 => "No check matches.".to_string(),
                    1 => "1 check. Enter runs it.".to_string(),
                    n => format!("{n} checks. Enter runs the first."),
                } }
            </p>
            { for groups.iter().map(|(layer, probes)| html! {
                <div class="tool-group" key={layer.id()}>
                    <h3>
                        { layer.label() }
                        if !state_of(*layer).is_empty() {
                            <span class={classes!("layer-state", format!("st-{}", state_of(*layer).replace(' ', "-")))}>{ state_of(*layer) }</span>
                        }
                    </h3>
                    <ul class="tool-list">
                        { for probes.iter().map(|p| {
                            let p = *p;
                            let ran = props.ran.contains(&p);
                            let on_run = props.on_run.clone();
                            html! {
                                <li key={p.id()}>
                                    <button type="button" class={classes!("tool", ran.then_some("ran"))}
                                        data-probe={p.id()} disabled={!props.open && !ran}
                                        onclick={Callback::from(move |_| on_run.emit(p))}>
                                        <span class="tool-label">{ p.label() }</span>
                                        <span class="tool-cost">
                                            if ran { { "✓ run · show again" } } else { { format!("{} min", p.minutes()) } }
                                        </span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_every_word_and_groups_keep_path_order() {
        assert!(matches(Probe::DigClient, "DIG reporter"));
        assert!(matches(Probe::OpensslShowcerts, "tls"));
        assert!(!matches(Probe::DigClient, "dig certificate"));
        let toolbox = [
            Probe::Reproduce,
            Probe::StatusPage,
            Probe::GatewayLog,
            Probe::DigClient,
        ];
        let layers = [Layer::Client, Layer::Dns, Layer::Gateway];
        let g = groups(&toolbox, &layers, "");
        let order: Vec<Layer> = g.iter().map(|(l, _)| *l).collect();
        assert_eq!(order, [Layer::Client, Layer::Dns, Layer::Gateway]);
        assert_eq!(
            g[0].1,
            [Probe::Reproduce, Probe::StatusPage],
            "off-path probes go with the client's"
        );
        assert_eq!(groups(&toolbox, &layers, "gateway").len(), 1);
        assert!(groups(&toolbox, &layers, "nothing like this").is_empty());
    }
}
