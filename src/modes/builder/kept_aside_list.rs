use yew::prelude::*;

use crate::modes::builder::draft;
use crate::set_aside::{kind, AsideItem};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Kept-aside builder drafts and imported-pack lists, oldest first.
    pub items: Vec<AsideItem>,
    /// Each gets the item's key.
    pub on_export: Callback<String>,
    pub on_restore: Callback<String>,
    pub on_discard: Callback<String>,
}

/// When an item was set aside, in the learner's own time zone: "2026-12-01 03:05".
pub fn when(saved_ms: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(saved_ms as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// What an item holds, in a few words, and whether it can be restored into the builder.
fn describe(item: &AsideItem) -> (String, bool) {
    if item.kind == kind::IMPORTED_PACKS {
        return ("Imported packs that could not be read".into(), false);
    }
    match draft::load(Some(&item.value)) {
        Ok(d) => (format!("Draft: {}", d.describe()), true),
        Err(_) => ("Draft that could not be read as one".into(), false),
    }
}

/// Drafts (and imported-pack lists) kept aside so that nothing is lost: each with its date,
/// to export as a file, restore into the builder, or discard.
#[function_component(KeptAsideList)]
pub fn kept_aside_list(props: &Props) -> Html {
    if props.items.is_empty() {
        return html! { <p class="muted">{ "Nothing is kept aside." }</p> };
    }
    let rows = props.items.iter().map(|item| {
        let (what, restorable) = describe(item);
        let stamp = when(item.saved_ms);
        let key = item.key.clone();
        let emit = |callback: &Callback<String>| {
            let (callback, key) = (callback.clone(), key.clone());
            Callback::from(move |_: MouseEvent| callback.emit(key.clone()))
        };
        html! {
            <li class="kept-aside-item" key={item.key.clone()}>
                <p><strong>{ what.clone() }</strong><span class="muted small">{ format!(" · kept aside {stamp}") }</span></p>
                <p class="actions">
                    <button type="button" class="button small" aria-label={format!("Export the {} kept aside {stamp}", kind_word(item))}
                        onclick={emit(&props.on_export)}>{ "Export" }</button>
                    if restorable {
                        <button type="button" class="button small" aria-label={format!("Restore the draft kept aside {stamp}")}
                            onclick={emit(&props.on_restore)}>{ "Restore into the builder" }</button>
                    }
                    <button type="button" class="button small" aria-label={format!("Discard the {} kept aside {stamp}", kind_word(item))}
                        onclick={emit(&props.on_discard)}>{ "Discard" }</button>
                </p>
            </li>
        }
    });
    html! { <ul class="kept-aside-list">{ for rows }</ul> }
}

fn kind_word(item: &AsideItem) -> &'static str {
    if item.kind == kind::IMPORTED_PACKS {
        "imported packs"
    } else {
        "draft"
    }
}
