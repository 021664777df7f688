use faultline_engine::Layer;
use yew::prelude::*;

use crate::components::short_label;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The flow's layers left to right, with how many faults each can take.
    pub layers: Vec<(Layer, usize)>,
    pub selected: Option<Layer>,
    pub on_pick: Callback<Layer>,
}

/// The request path as a row of buttons: pick the layer to break.
#[function_component(LayerPicker)]
pub fn layer_picker(props: &Props) -> Html {
    let nodes = props.layers.iter().map(|(layer, count)| {
        let layer = *layer;
        let on_pick = props.on_pick.clone();
        let selected = props.selected == Some(layer);
        let disabled = *count == 0;
        html! {
            <li>
                <button type="button" class={classes!("break-node", selected.then_some("selected"))}
                    aria-pressed={selected.to_string()} {disabled}
                    title={layer.label()}
                    onclick={Callback::from(move |_| on_pick.emit(layer))}>
                    <span class="layer-name">{ short_label(layer) }</span>
                    <span class="layer-count">
                        { if disabled { "no faults".to_string() } else { format!("{count} fault{}", if *count == 1 { "" } else { "s" }) } }
                    </span>
                </button>
            </li>
        }
    });
    html! {
        <ol class="layer-picker" aria-label="Layer to break">{ for nodes }</ol>
    }
}
