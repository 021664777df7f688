use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// "id", "title" or "blurb": the pack's own fields.
    pub key_name: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// More than one: a text area.
    pub rows: u32,
    /// Problems to show beside the field (already filtered and in plain words).
    pub problems: Vec<String>,
    pub on_input: Callback<String>,
}

/// One of the pack's fields (id, title, blurb) with the problems shown for it.
#[function_component(PackField)]
pub fn pack_field(props: &Props) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|a| a.value())
                })
                .unwrap_or_default();
            on_input.emit(value);
        })
    };
    let list = &props.problems;
    let id = format!("pack-{}", props.key_name);
    let described = (!list.is_empty()).then(|| format!("{id}-problems"));
    let invalid = (!list.is_empty()).to_string();
    let value = props.value.to_string();
    html! {
        <div class={classes!("field", (!list.is_empty()).then_some("has-problem"))} data-path={format!("pack.{}", props.key_name)}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            if props.rows > 1 {
                <textarea id={id.clone()} rows={props.rows.to_string()} {value} {oninput}
                    aria-invalid={invalid} aria-describedby={described} />
            } else {
                <input id={id.clone()} type="text" {value} {oninput}
                    aria-invalid={invalid} aria-describedby={described} />
            }
            if !list.is_empty() {
                <ul class="field-problems" id={format!("{id}-problems")}>
                    { for list.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}
