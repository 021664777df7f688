use std::collections::BTreeMap;

use faultline_engine::FaultInfo;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fault: FaultInfo,
    pub values: BTreeMap<String, String>,
    /// (parameter name, new raw text).
    pub on_change: Callback<(String, String)>,
    /// Prefix for element ids, so two forms on a page never clash.
    #[prop_or(AttrValue::Static("param"))]
    pub id_prefix: AttrValue,
}

/// A parameter's name in words: `minutes_ago` → "Minutes ago".
pub fn words(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Typed inputs for a fault's parameters: numbers for `int`, a select for enumerated strings,
/// text otherwise; the default is shown as the placeholder.
#[function_component(FaultParams)]
pub fn fault_params(props: &Props) -> Html {
    if props.fault.params.is_empty() {
        return html! { <p class="muted small">{ "This fault has no parameters." }</p> };
    }
    let rows =
        props.fault.params.iter().map(|p| {
            let id = format!("{}-{}", props.id_prefix, p.name);
            let value = props.values.get(&p.name).cloned().unwrap_or_default();
            let name = p.name.clone();
            let on_change = props.on_change.clone();
            let default = crate::modes::sandbox::default_text(&p.default);
            let input =
                if !p.choices.is_empty() {
                    let onchange = Callback::from(move |e: Event| {
                        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                        on_change.emit((name.clone(), select.value()));
                    });
                    let options = p.choices.iter().map(|c| {
                let label = if *c == default { format!("{c} (default)") } else { c.clone() };
                html! { <option value={c.clone()} selected={*c == value}>{ label }</option> }
            });
                    html! { <select id={id.clone()} {onchange}>{ for options }</select> }
                } else {
                    let oninput = Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        on_change.emit((name.clone(), input.value()));
                    });
                    let kind = if p.kind == "int" { "number" } else { "text" };
                    html! {
                        <input id={id.clone()} type={kind} {value} placeholder={default} {oninput}
                            inputmode={(p.kind == "int").then_some("numeric")} />
                    }
                };
            html! {
                <div class="field">
                    <label for={id}>{ words(&p.name) }</label>
                    { input }
                    <span class="muted small">{ &p.help }</span>
                </div>
            }
        });
    html! { <div class="fault-params">{ for rows }</div> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameter_names_read_as_words() {
        assert_eq!(super::words("minutes_ago"), "Minutes ago");
        assert_eq!(super::words("typo"), "Typo");
        assert_eq!(super::words(""), "");
    }
}
